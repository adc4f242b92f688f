import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { XMLValidator } from 'fast-xml-parser';
import { listFiles } from '../../src/project/files';
import { FORCE_APP } from '../helpers/metadata';
import { REPO_ROOT } from '../helpers/paths';

describe('force-app converts cleanly with SDR', () => {
  it('converts every component to Metadata API format without error', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-mdapi-'));
    try {
      const cs = ComponentSet.fromSource(path.join(REPO_ROOT, 'force-app'));
      const components = cs.getSourceComponents().toArray();
      const types = new Set(components.map((c) => c.type.name));
      const result = await new MetadataConverter().convert(cs, 'metadata', {
        type: 'directory',
        outputDirectory: out,
        genUniqueDir: false
      });
      expect(components.length).toBeGreaterThan(30);
      expect(result.converted?.length).toBe(components.length);
      for (const t of [
        'CustomObject',
        'PermissionSet',
        'Settings',
        'SharingRules',
        'ExternalClientApplication',
        'NamedCredential',
        'ExternalCredential',
        'TransactionSecurityPolicy',
        'CustomMetadata',
        'ApexClass'
      ]) {
        expect(types).toContain(t);
      }
      const manifest = readFileSync(path.join(out, 'package.xml'), 'utf8');
      expect(manifest).toContain('<name>PermissionSet</name>');
      // Decomposed fields are recomposed into the object file with their encryption scheme intact.
      const rx = readFileSync(path.join(out, 'objects', 'Prescription__c.object'), 'utf8');
      expect(rx).toContain('<fullName>Dosage__c</fullName>');
      expect(rx).toContain('<encryptionScheme>ProbabilisticEncryption</encryptionScheme>');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('every XML file in force-app is well-formed', () => {
    const files = listFiles([FORCE_APP], (n) => n.endsWith('.xml'));
    expect(files.length).toBeGreaterThan(60);
    const broken = files
      .map((f) => ({ f, r: XMLValidator.validate(readFileSync(f, 'utf8')) }))
      .filter(({ r }) => r !== true)
      .map(({ f }) => path.relative(REPO_ROOT, f));
    expect(broken).toEqual([]);
  });

  it('.forceignore keeps LWC tests out of deployments', () => {
    expect(readFileSync(path.join(REPO_ROOT, '.forceignore'), 'utf8')).toMatch(/^\*\*\/__tests__\/\*\*$/m);
  });
});
