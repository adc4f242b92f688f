import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_CAP, readTextIfPresent, RefusedFile, SOURCE_FILE_CAP } from '../files/read';
import { rulesMsg } from '../messages/rules';
import { emptyBundle, readBundleHtml, readBundleJs, readBundleMeta } from '../posture/lwc';
import type { LwcBundleFact } from '../posture/model';
import { familyOf, mayBeFamilyFile } from '../posture/source/registry';
import { parseXml, XmlError, type XmlNode } from '../posture/xml';
import { isApexSource, rel, walkFiles } from '../project/files';
import type { SfdxProject } from '../project/sfdx-project';
import { ApexIndex } from './apex-index';
import { apexProgram } from './apex-program';
import { CONFIG_DIR } from './inputs';
import type { RuleProblem } from './types';

/** The metadata types the platform rules read (their XML root elements). */
const XML_TYPES = new Set([
  'PermissionSet',
  'Profile',
  'CustomObject',
  'SharingRules',
  'ExtlClntAppGlobalOauthSettings',
  'ConnectedApp',
  'LightningComponentBundle'
]);

export interface XmlDoc {
  /** Project-relative file. */
  file: string;
  /** Component name from the file name. */
  name: string;
  node: XmlNode;
  /** The file's text (some rules measure raw element content). */
  text: string;
}

/**
 * The files of a project the platform rules need, each read once: Apex, the XML of a few metadata types
 * (either project format, typed by the loader's family registry), LWC bundles and the JSON under config/.
 * A file that cannot be read or parsed becomes a problem: the rules it feeds cannot pass on it.
 */
export class RulesProject {
  readonly root: string;
  readonly apex: { file: string; text: string }[] = [];
  readonly xml = new Map<string, XmlDoc[]>();
  readonly problems: RuleProblem[] = [];
  private readonly lwcFiles: { file: string; text: string }[] = [];
  filesRead = 0;
  private index?: ApexIndex;
  private lwc?: LwcBundleFact[];

  constructor(project: SfdxProject) {
    this.root = project.root;
    const walk = walkFiles(project.packageDirs, (n) => isApexSource(n) || mayBeFamilyFile(n));
    for (const s of walk.skipped) this.unreadable(rel(this.root, s.path), s.detail ?? s.reason);
    for (const abs of walk.files) {
      const file = rel(this.root, abs);
      if (isApexSource(abs)) {
        const text = this.read(abs, file);
        if (text !== undefined) this.apex.push({ file, text });
        continue;
      }
      const hit = familyOf(file);
      if (!hit || !XML_TYPES.has(hit.family.type)) continue;
      if (!file.endsWith('-meta.xml') && hit.family.type === 'LightningComponentBundle') {
        const text = this.read(abs, file);
        if (text !== undefined) this.lwcFiles.push({ file, text });
        continue;
      }
      const text = this.read(abs, file);
      if (text === undefined) continue;
      try {
        const node = parseXml(text);
        if (node.name !== hit.family.type) continue;
        const list = this.xml.get(hit.family.type) ?? [];
        list.push({ file, name: hit.name, node, text });
        this.xml.set(hit.family.type, list);
      } catch (e) {
        if (!(e instanceof XmlError)) throw e;
        this.unreadable(file, e.message, e.line);
      }
    }
  }

  /**
   * A source file the walk found (it never follows a link), read under the file rules (scripts/src/files/read.ts):
   * one that cannot be read is a problem of the rules, which cannot pass on it.
   */
  private read(abs: string, file: string): string | undefined {
    try {
      const text = readTextIfPresent(abs, { display: file, cap: SOURCE_FILE_CAP });
      if (text === undefined) this.unreadable(file, 'ENOENT');
      else this.filesRead++;
      return text;
    } catch (e) {
      if (!(e instanceof RefusedFile)) throw e;
      this.unreadable(file, e.reason);
      return undefined;
    }
  }

  private unreadable(file: string, detail: string, line?: number): void {
    this.problems.push({ rule: 'unreadable', file, line, message: rulesMsg.unreadable(detail), url: '' });
  }

  /** XML documents of one metadata type. */
  docs(type: string): XmlDoc[] {
    return this.xml.get(type) ?? [];
  }

  /** The Apex program model, built on first use. */
  apexIndex(): ApexIndex {
    if (!this.index) {
      const program = apexProgram(this.apex);
      for (const u of program.unreadable)
        this.problems.push({
          rule: 'unreadable',
          file: u.file,
          line: u.line,
          message: rulesMsg.unreadable(u.message),
          url: ''
        });
      this.index = new ApexIndex(program);
    }
    return this.index;
  }

  /** LWC bundles, read with the same functions as verify's loader. */
  bundles(): LwcBundleFact[] {
    if (this.lwc) return this.lwc;
    const byName = new Map<string, LwcBundleFact>();
    const bundleOf = (file: string) => {
      const parts = file.split('/');
      const name = parts[parts.lastIndexOf('lwc') + 1]!;
      let b = byName.get(name);
      if (!b) byName.set(name, (b = emptyBundle(name, { file, line: 1 })));
      return b;
    };
    for (const d of this.docs('LightningComponentBundle'))
      readBundleMeta(bundleOf(d.file), d.node, { file: d.file, line: d.node.line });
    for (const f of this.lwcFiles) {
      if (f.file.endsWith('.html')) readBundleHtml(bundleOf(f.file), f.text, f.file);
      else readBundleJs(bundleOf(f.file), f.text, f.file);
    }
    this.lwc = [...byName.values()];
    return this.lwc;
  }

  /** Permission set API names that ship in the project (lower-cased -> as written). */
  shippedPermissionSets(): Map<string, string> {
    return new Map(this.docs('PermissionSet').map((d) => [d.name.toLowerCase(), d.name]));
  }

  /**
   * Files directly under config/ whose name matches (see inputs.ts), read under the file rules with the project as
   * root: a link out of the project, a FIFO or a folder under such a name is refused (exit 2, one line naming it).
   */
  configFiles(match: (name: string) => boolean): { file: string; text: string }[] {
    const dir = path.join(this.root, CONFIG_DIR);
    let names: string[];
    try {
      names = readdirSync(dir).filter(match).sort();
    } catch {
      return []; // no config/ folder: no scratch definition, nothing acknowledged
    }
    const out: { file: string; text: string }[] = [];
    for (const n of names) {
      const file = `${CONFIG_DIR}/${n}`;
      const text = readTextIfPresent(path.join(dir, n), {
        display: file,
        cap: CONFIG_FILE_CAP,
        root: this.root
      });
      if (text === undefined) continue;
      this.filesRead++;
      out.push({ file, text });
    }
    return out;
  }
}
