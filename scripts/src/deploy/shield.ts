import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LONG_TEXT_TYPES, STANDARD_OBJECT } from '../checks/util';
import { readText, SOURCE_FILE_CAP } from '../files/read';
import { walkFiles } from '../project/files';

/**
 * Shield-only elements of a source tree and the prerequisites they need (config/org-prerequisites.json ids):
 * - settings/PlatformEncryption.settings-meta.xml: tenant secrets and Manage Encryption Keys
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_platformencryptionsettings.htm);
 * - a CustomField's encryptionScheme other than None
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm);
 * - an object's historyRetentionPolicy, Field Audit Trail
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_historyretentionpolicy.htm);
 * - a transaction security policy, Event Monitoring
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_transactionsecurity.htm).
 */
export interface ShieldElement {
  /** Project-relative file. */
  file: string;
  /** What in the file: the whole file, or the element name. */
  element: 'file' | 'encryptionScheme' | 'historyRetentionPolicy';
  needs: string[];
  /** The controls it touches (the post-deploy verify fails them when the element is left out). */
  controls: string[];
}

const ENCRYPTION_KEYS = ['manage-encryption-keys'];

/**
 * The checks a field left unencrypted fails, the way verify judges it: Long Text and Rich Text on any object is
 * ENC-002, a field of a standard object ENC-004, any other ENC-001 (the three do not overlap); a deterministic
 * scheme left out also fails ENC-003, the filters that scheme exists for. The object is the folder the field's
 * file sits in (objects/<Object>/fields/<Field>.field-meta.xml, source format:
 * https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_source_file_format.htm).
 */
function encryptionChecks(rel: string, type: string | undefined, scheme: string): string[] {
  const object = /(?:^|\/)objects\/([^/]+)\/fields\//.exec(rel)?.[1] ?? '';
  const primary = LONG_TEXT_TYPES.has(type ?? '')
    ? 'ENC-002'
    : STANDARD_OBJECT(object)
      ? 'ENC-004'
      : 'ENC-001';
  return /Deterministic/.test(scheme) ? [primary, 'ENC-003'] : [primary];
}

/** A source file's text through the file rules (a regular file within the source cap). */
const source = (file: string, display: string) => readText(file, { display, cap: SOURCE_FILE_CAP });

export function findShieldElements(root: string, packageDirs: string[]): ShieldElement[] {
  const out: ShieldElement[] = [];
  const { files } = walkFiles(packageDirs, (n) => n.endsWith('-meta.xml'));
  for (const f of files) {
    const rel = path.relative(root, f).split(path.sep).join('/');
    const base = path.basename(f);
    if (base === 'PlatformEncryption.settings-meta.xml') {
      out.push({
        file: rel,
        element: 'file',
        needs: [
          'tenant-secret-probabilistic',
          'tenant-secret-deterministic',
          'tenant-secret-event-bus-and-field-history',
          ...ENCRYPTION_KEYS
        ],
        controls: ['ENC-005', 'ORG-101']
      });
      continue;
    }
    if (base.endsWith('.transactionSecurityPolicy-meta.xml')) {
      out.push({ file: rel, element: 'file', needs: ['event-monitoring'], controls: ['ACC-006', 'ORG-106'] });
      continue;
    }
    if (base.endsWith('.field-meta.xml')) {
      const xml = source(f, rel);
      const scheme = /<encryptionScheme>\s*(\w+)\s*<\/encryptionScheme>/.exec(xml)?.[1];
      if (scheme && scheme !== 'None')
        out.push({
          file: rel,
          element: 'encryptionScheme',
          needs: [
            /Deterministic/.test(scheme) ? 'tenant-secret-deterministic' : 'tenant-secret-probabilistic',
            ...ENCRYPTION_KEYS
          ],
          controls: encryptionChecks(rel, /<type>\s*(\w+)\s*<\/type>/.exec(xml)?.[1], scheme)
        });
      continue;
    }
    if (base.endsWith('.object-meta.xml') && /<historyRetentionPolicy>/.test(source(f, rel)))
      out.push({
        file: rel,
        element: 'historyRetentionPolicy',
        needs: ['field-audit-trail'],
        controls: ['AUD-002']
      });
  }
  return out;
}

/**
 * Copies the project to a temporary folder and removes the given Shield-only elements from the copy (the source
 * tree is never touched). The caller removes the copy with `cleanup`.
 */
export function stripShield(root: string, elements: ShieldElement[]): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-deploy-'));
  cpSync(root, dir, {
    recursive: true,
    filter: (src) =>
      !/[\\/](node_modules|\.git|\.sf|\.sfdx)([\\/]|$)/.test(
        path.relative(root, src) ? `/${path.relative(root, src)}` : ''
      )
  });
  for (const e of elements) {
    const f = path.join(dir, e.file);
    if (e.element === 'file') {
      rmSync(f, { force: true });
      continue;
    }
    const text = readFileSync(f, 'utf8');
    const tag = e.element;
    writeFileSync(f, text.replace(new RegExp(`\\s*<${tag}>[\\s\\S]*?</${tag}>`, 'g'), ''));
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
