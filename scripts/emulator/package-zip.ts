/**
 * Reads a deploy zip as the Metadata API does: package.xml names the components, each type's files are found by
 * its layout (md-layout.ts), and each file is read by what it is: metadata XML checked against the WSDL types,
 * an Apex or static-resource body beside its -meta.xml, a Lightning web component or Aura bundle folder, an
 * Experience Builder site's JSON, an enhanced LWR site's content items.
 *
 * Zip rules (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/file_based_zip_file.htm):
 * every zip holds a package.xml manifest and one folder per type; at most 10,000 files and 600 MB uncompressed;
 * `<members>*</members>` names every component of a type. A zip without package.xml fails with the problem
 * "No package.xml found" on package.xml (the answer recorded in simple-salesforce's tests,
 * scripts/test/fixtures/recorded/mdapi-check-deploy-status-no-package.json).
 * A component that package.xml names but the zip lacks, and a type package.xml names that no WSDL type has, fail
 * the deploy. Files the manifest does not name are not deployed.
 *
 * Bundle rules, each from its reference page:
 * - LightningComponentBundle (https://developer.salesforce.com/docs/platform/lwc/guide/create-components-folder.html,
 *   .../create-components-meta-file.html, .../create-components-define.html, .../use-config-for-app-builder.html):
 *   the folder's name starts with a lowercase letter, holds only letters, digits and underscores, does not end with
 *   an underscore and has no two underscores in a row; the folder holds `<name>.js` and the configuration file
 *   `<name>.js-meta.xml` ("Every component must have a configuration file"); its files are HTML, JavaScript, CSS,
 *   SVG and that configuration file; an SVG icon must be `<name>.svg`, one per folder.
 * - AuraDefinitionBundle (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_auradefinitionbundle.htm):
 *   every file name starts with the bundle name; suffixes .app .cmp .design .evt .intf .js .svg .css .auradoc
 *   .tokens; at most one file each of .app, .cmp, .design, .evt, .intf, .tokens, and a bundle has a definition.
 * - StaticResource (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_staticresource.htm):
 *   the `.resource` body and its `.resource-meta.xml`, whose contentType is required.
 * - ExperienceBundle (https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html):
 *   `<site>.site-meta.xml` and the site's folder of .json resource files.
 * - DigitalExperienceBundle (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_digitalexperiencebundle.htm):
 *   `<workspaceType>/<workspace>/` holding `<workspace>.digitalExperience-meta.xml` and content items
 *   `sfdc_cms__<contentType>/<item>/` each with `_meta.json` and `content.json`; a workspace name is at most 80
 *   characters.
 */
import JSZip from 'jszip';
import { acceptMetadata } from './md-accept';
import { LAYOUT, parentOf, type TypeLayout } from './md-layout';
import { asArray, text, xmlToMd } from './mdxml';
import type { MdObject } from './state';
import { encodeTargetConfigs } from './site';
import { metadataTypes, extendsType } from './wsdl-types';
import { localName, readXml, XmlSyntaxError, type XNode } from './xml';

export interface ZipComponent {
  type: string;
  fullName: string;
  /** Path in the zip of the component's file (its folder for a bundle). */
  fileName: string;
  record: MdObject;
  /** Child components package.xml named inside this one (CustomField members of a CustomObject, ...). */
  children: { type: string; fullName: string }[];
}

export interface ZipProblem {
  type: string;
  fullName: string;
  fileName: string;
  problem: string;
  line?: number;
  column?: number;
}

export interface ReadPackage {
  components: ZipComponent[];
  problems: ZipProblem[];
}

export const MAX_FILES = 10_000;
export const MAX_UNZIPPED_BYTES = 600 * 1024 * 1024;

const LWC_NAME = /^[a-z][A-Za-z0-9_]*$/;
const LWC_EXTENSIONS = /\.(html|js|css|svg)$/;
const AURA_SUFFIXES = [
  '.app',
  '.cmp',
  '.design',
  '.evt',
  '.intf',
  '.js',
  '.svg',
  '.css',
  '.auradoc',
  '.tokens'
];
const AURA_ONE_EACH = ['.app', '.cmp', '.design', '.evt', '.intf', '.tokens'];
const AURA_DEFINITIONS = ['.app', '.cmp', '.evt', '.intf', '.tokens'];

class Files {
  constructor(private readonly map: Map<string, Buffer>) {}
  has(p: string): boolean {
    return this.map.has(p);
  }
  get(p: string): Buffer | undefined {
    return this.map.get(p);
  }
  text(p: string): string | undefined {
    return this.map.get(p)?.toString('utf8');
  }
  under(dir: string): string[] {
    const prefix = `${dir}/`;
    return [...this.map.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

/** Unzips, enforcing the file-count and size limits. */
async function unzip(buf: Buffer): Promise<Map<string, Buffer> | string> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch {
    return 'The deploy archive is not a valid zip file';
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  if (entries.length > MAX_FILES)
    return `The deploy archive holds ${entries.length} files; the limit is ${MAX_FILES}`;
  const out = new Map<string, Buffer>();
  let total = 0;
  for (const f of entries) {
    const data = await f.async('nodebuffer');
    total += data.length;
    if (total > MAX_UNZIPPED_BYTES) return 'The deploy archive is larger than 600 MB unzipped';
    out.set(f.name, data);
  }
  return out;
}

/** Reads a deploy zip into components (to apply) and problems (component failures). */
export async function readPackageZip(buf: Buffer): Promise<ReadPackage> {
  const unzipped = await unzip(buf);
  const problems: ZipProblem[] = [];
  if (typeof unzipped === 'string')
    return {
      components: [],
      problems: [{ type: '', fullName: 'package.zip', fileName: 'package.zip', problem: unzipped }]
    };
  // package.xml at the root, or in one top folder (the zip of a single package directory).
  const names = [...unzipped.keys()];
  const manifestPath = names.includes('package.xml')
    ? 'package.xml'
    : names.filter((n) => /^[^/]+\/package\.xml$/.test(n)).sort()[0];
  if (!manifestPath)
    return {
      components: [],
      problems: [
        { type: '', fullName: 'package.xml', fileName: 'package.xml', problem: 'No package.xml found' }
      ]
    };
  const root = manifestPath.slice(0, -'package.xml'.length);
  const files = new Files(
    new Map(
      [...unzipped]
        .filter(([k]) => k.startsWith(root))
        .map(([k, v]) => [k.slice(root.length), v] as [string, Buffer])
    )
  );
  const manifest = parseFile(files, 'package.xml', 'Package', '', 'package.xml', problems);
  if (!manifest) return { components: [], problems };
  const wanted = new Map<string, Set<string>>();
  for (const t of manifest.children.filter((c) => localName(c.name) === 'types')) {
    const name = t.children.find((c) => localName(c.name) === 'name')?.text ?? '';
    const set = wanted.get(name) ?? new Set<string>();
    for (const m of t.children.filter((c) => localName(c.name) === 'members')) set.add(m.text);
    wanted.set(name, set);
  }
  const components = new Map<string, ZipComponent>();
  const key = (type: string, fullName: string) => `${type}:${fullName}`;
  const reader = new ComponentReader(files, problems);
  const add = (c: ZipComponent | undefined) => {
    if (c && !components.has(key(c.type, c.fullName))) components.set(key(c.type, c.fullName), c);
  };
  const types = metadataTypes();
  for (const [type, members] of wanted) {
    const layout = LAYOUT[type];
    const parent = parentOf(type);
    if (!layout && !parent && type !== 'DigitalExperience') {
      const problem = extendsType(types, type, 'Metadata')
        ? `The org emulator does not model the metadata type ${type} (scripts/emulator/md-layout.ts)`
        : `Unknown type name '${type}' specified in package.xml`;
      problems.push({ type, fullName: 'package.xml', fileName: 'package.xml', problem });
      continue;
    }
    if (parent || type === 'DigitalExperience') continue; // after the parents, below
    const list = members.has('*') ? reader.all(type, layout as TypeLayout) : [...members];
    for (const m of list) add(reader.read(type, layout as TypeLayout, m));
  }
  for (const [type, members] of wanted) {
    const parent =
      type === 'DigitalExperience' ? { parent: 'DigitalExperienceBundle', field: '' } : parentOf(type);
    if (!parent) continue;
    for (const member of members) {
      if (member === '*') continue;
      const [parentName, childName] = splitChild(type, member);
      const existing = components.get(key(parent.parent, parentName));
      const host =
        existing ?? reader.read(parent.parent, LAYOUT[parent.parent] as TypeLayout, parentName, true);
      if (!host) {
        problems.push(notFound(type, member));
        continue;
      }
      add(host);
      const found =
        type === 'DigitalExperience'
          ? files.has(`${host.fileName}/${childName}/_meta.json`)
          : asArray(host.record[parent.field]).some(
              (c) => typeof c === 'object' && !Array.isArray(c) && text(c.fullName) === childName
            );
      if (!found) problems.push(notFound(type, member, host.fileName));
      else host.children.push({ type, fullName: member });
    }
  }
  return { components: [...components.values()], problems };
}

function splitChild(type: string, member: string): [string, string] {
  // Every custom label lives in the one CustomLabels component (labels/CustomLabels.labels):
  // https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_customlabels.htm
  if (type === 'CustomLabel') return ['CustomLabels', member];
  // DigitalExperience members are `site/Name.sfdc_cms__view/home`; other children `Parent.Child`.
  const at = type === 'DigitalExperience' ? member.indexOf('.sfdc_cms__') : member.indexOf('.');
  return at < 0 ? [member, ''] : [member.slice(0, at), member.slice(at + 1)];
}

const notFound = (type: string, fullName: string, fileName = 'package.xml'): ZipProblem => ({
  type,
  fullName,
  fileName,
  problem: `An object '${fullName}' of type ${type} was named in package.xml, but was not found in zipped directory`
});

/** Parses and checks one metadata XML file; problems are recorded, undefined is returned on any. */
function parseFile(
  files: Files,
  path: string,
  type: string,
  fullName: string,
  fileName: string,
  problems: ZipProblem[]
): XNode | undefined {
  const src = files.text(path);
  if (src === undefined) {
    problems.push({ type, fullName, fileName, problem: `${path} is missing from the zip` });
    return undefined;
  }
  let root: XNode;
  try {
    root = readXml(src);
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    problems.push({
      type,
      fullName,
      fileName: path,
      problem: `Error parsing file: ${e.reason}`,
      line: e.line,
      column: e.column
    });
    return undefined;
  }
  const found = acceptMetadata(root, type);
  for (const p of found) problems.push({ type, fullName, fileName: path, ...p });
  return found.length ? undefined : root;
}

class ComponentReader {
  constructor(
    private readonly files: Files,
    private readonly problems: ZipProblem[]
  ) {}

  private fail(type: string, fullName: string, fileName: string, problem: string): undefined {
    this.problems.push({ type, fullName, fileName, problem });
    return undefined;
  }

  /** Every component of a type the zip holds (for `*`). */
  all(type: string, l: TypeLayout): string[] {
    const out = new Set<string>();
    for (const f of this.files.under(l.dir)) {
      const rest = f.slice(l.dir.length + 1);
      if (l.kind === 'lwc' || l.kind === 'aura') out.add(rest.split('/')[0] as string);
      else if (l.kind === 'digitalExperience') out.add(rest.split('/').slice(0, 2).join('/'));
      else if (l.kind === 'experience') {
        const m = /^([^/]+)\.site(-meta\.xml)?$/.exec(rest);
        if (m) out.add(m[1] as string);
      } else if (rest.endsWith(`.${l.suffix}`) && !rest.includes('/'))
        out.add(decodeURIComponent(rest.slice(0, -(l.suffix as string).length - 1)));
    }
    return [...out];
  }

  /** Reads one component; `quiet` reads a parent only named through its children (no "not found" problem). */
  read(type: string, l: TypeLayout, fullName: string, quiet = false): ZipComponent | undefined {
    switch (l.kind) {
      case 'lwc':
        return this.lwc(fullName);
      case 'aura':
        return this.aura(fullName);
      case 'experience':
        return this.experience(fullName);
      case 'digitalExperience':
        return this.digitalExperience(fullName);
      default:
        return this.single(type, l, fullName, quiet);
    }
  }

  private pathOf(l: TypeLayout, fullName: string): string | undefined {
    for (const name of [fullName, encodeURIComponent(fullName)]) {
      const p = `${l.dir}/${name}.${l.suffix}`;
      if (this.files.has(p) || this.files.has(`${p}-meta.xml`)) return p;
    }
    return undefined;
  }

  private single(type: string, l: TypeLayout, fullName: string, quiet: boolean): ZipComponent | undefined {
    const path = this.pathOf(l, fullName);
    if (!path) {
      if (!quiet) this.problems.push(notFound(type, fullName));
      return undefined;
    }
    if (l.kind === 'settings') {
      const src = this.files.text(path) ?? '';
      let rootName = '';
      try {
        rootName = localName(readXml(src).name);
      } catch {
        // parseFile below names the syntax error
      }
      if (rootName && rootName !== `${fullName}Settings`)
        return this.fail(
          type,
          fullName,
          path,
          `Error parsing file: the root element must be ${fullName}Settings`
        );
    }
    const metaPath = l.kind === 'content' ? `${path}-meta.xml` : path;
    if (l.kind === 'content' && !this.files.has(path))
      return this.fail(
        type,
        fullName,
        path,
        `${type} ${fullName} has no ${l.suffix} file beside its -meta.xml`
      );
    const root = parseFile(this.files, metaPath, type, fullName, path, this.problems);
    if (!root) return undefined;
    // A settings component is stored and reported under its root type (SecuritySettings), as readMetadata names it.
    const own = l.kind === 'settings' ? localName(root.name) : type;
    const record = recordOf(root);
    if (l.kind === 'content') {
      const body = this.files.get(path) as Buffer;
      if (type === 'StaticResource') {
        if (!text(record.contentType))
          return this.fail(type, fullName, metaPath, 'Required field is missing: contentType');
        record.content = body.toString('base64');
      } else record.__body = body.toString('utf8');
    }
    return { type: own, fullName, fileName: path, record, children: [] };
  }

  private lwc(name: string): ZipComponent | undefined {
    const type = 'LightningComponentBundle';
    const dir = `lwc/${name}`;
    const files = this.files.under(dir);
    if (!files.length) return this.fail(type, name, 'package.xml', notFound(type, name).problem);
    if (!LWC_NAME.test(name) || name.endsWith('_') || name.includes('__'))
      return this.fail(
        type,
        name,
        dir,
        'A Lightning web component folder name must start with a lowercase letter, hold only letters, digits and underscores, not end with an underscore and not contain two underscores in a row'
      );
    const config = `${dir}/${name}.js-meta.xml`;
    if (!this.files.has(config))
      return this.fail(type, name, dir, `Cannot find Lightning Component Bundle ${name}`);
    if (!this.files.has(`${dir}/${name}.js`))
      return this.fail(type, name, dir, `The bundle ${name} has no JavaScript file ${name}.js`);
    for (const f of files) {
      if (f === config) continue;
      if (!LWC_EXTENSIONS.test(f))
        return this.fail(
          type,
          name,
          f,
          'A Lightning web component bundle holds only HTML, JavaScript, CSS and SVG files and its .js-meta.xml'
        );
      if (f.endsWith('.svg') && f !== `${dir}/${name}.svg`)
        return this.fail(type, name, f, `A Lightning web component's SVG icon must be named ${name}.svg`);
    }
    const root = parseFile(this.files, config, type, name, config, this.problems);
    if (!root) return undefined;
    const record = recordOf(root);
    encodeTargetConfigs(record, this.files.text(config) ?? '');
    record.lwcResources = {
      lwcResource: files.map((f) => ({
        filePath: f,
        source: (this.files.get(f) as Buffer).toString('base64')
      }))
    };
    return { type, fullName: name, fileName: dir, record, children: [] };
  }

  private aura(name: string): ZipComponent | undefined {
    const type = 'AuraDefinitionBundle';
    const dir = `aura/${name}`;
    const files = this.files.under(dir);
    if (!files.length) return this.fail(type, name, 'package.xml', notFound(type, name).problem);
    const count = new Map<string, number>();
    let meta: string | undefined;
    for (const f of files) {
      const base = f.slice(dir.length + 1);
      if (base.endsWith('-meta.xml')) {
        meta = f;
        continue;
      }
      const suffix = AURA_SUFFIXES.find((s) => base.endsWith(s));
      if (base.includes('/') || !base.startsWith(name) || !suffix)
        return this.fail(
          type,
          name,
          f,
          `Every file of an Aura bundle is named for the bundle (${name}) with a definition suffix`
        );
      count.set(suffix, (count.get(suffix) ?? 0) + 1);
    }
    for (const s of AURA_ONE_EACH)
      if ((count.get(s) ?? 0) > 1)
        return this.fail(type, name, dir, `An Aura bundle holds at most one ${s} file`);
    if (!AURA_DEFINITIONS.some((s) => count.has(s)))
      return this.fail(
        type,
        name,
        dir,
        'An Aura bundle holds a definition (.app, .cmp, .evt, .intf or .tokens)'
      );
    let record: MdObject = {};
    if (meta) {
      const root = parseFile(this.files, meta, type, name, meta, this.problems);
      if (!root) return undefined;
      record = recordOf(root);
    }
    record.auraDefinitions = {
      auraDefinition: files
        .filter((f) => f !== meta)
        .map((f) => ({
          defType: f.slice(f.lastIndexOf('.') + 1),
          source: (this.files.get(f) as Buffer).toString('base64')
        }))
    };
    return { type, fullName: name, fileName: dir, record, children: [] };
  }

  private json(type: string, name: string, f: string): boolean {
    try {
      JSON.parse(this.files.text(f) ?? '');
      return true;
    } catch {
      this.fail(type, name, f, 'Error parsing file: the file is not valid JSON');
      return false;
    }
  }

  private experience(name: string): ZipComponent | undefined {
    const type = 'ExperienceBundle';
    // Source format names the file <site>.site-meta.xml; accept the bare .site name too.
    const meta = [`experiences/${name}.site-meta.xml`, `experiences/${name}.site`].find((f) =>
      this.files.has(f)
    );
    if (!meta) return this.fail(type, name, 'package.xml', notFound(type, name).problem);
    const resources = this.files.under(`experiences/${name}`);
    for (const f of resources) {
      if (!f.endsWith('.json'))
        return this.fail(type, name, f, 'ExperienceBundle resources are .json files in the site folder');
      if (!this.json(type, name, f)) return undefined;
    }
    const root = parseFile(this.files, meta, type, name, meta, this.problems);
    if (!root) return undefined;
    const record = recordOf(root);
    record.experienceResources = {
      experienceResource: resources.map((f) => ({
        fileName: f.slice(`experiences/${name}/`.length),
        format: 'json',
        source: (this.files.get(f) as Buffer).toString('base64'),
        type: f.split('/')[2] ?? ''
      }))
    };
    return { type, fullName: name, fileName: `experiences/${name}`, record, children: [] };
  }

  private digitalExperience(member: string): ZipComponent | undefined {
    const type = 'DigitalExperienceBundle';
    const [workspaceType, workspace] = member.split('/') as [string, string | undefined];
    const dir = `digitalExperiences/${member}`;
    const files = this.files.under(dir);
    if (!workspace || !files.length)
      return this.fail(type, member, 'package.xml', notFound(type, member).problem);
    if (workspace.length > 80)
      return this.fail(type, member, dir, 'A workspace name is at most 80 characters');
    void workspaceType;
    const meta =
      [`${dir}/${workspace}.digitalExperience-meta.xml`, `${dir}/${workspace}.digitalExperience`].find((f) =>
        this.files.has(f)
      ) ?? `${dir}/${workspace}.digitalExperience-meta.xml`;
    const items = new Map<string, string[]>();
    for (const f of files) {
      if (f === meta) continue;
      const parts = f.slice(dir.length + 1).split('/');
      if (parts.length < 3 || !(parts[0] as string).startsWith('sfdc_cms__') || !f.endsWith('.json'))
        return this.fail(
          type,
          member,
          f,
          'Content items are sfdc_cms__<contentType>/<item>/*.json in the workspace folder'
        );
      if (!this.json(type, member, f)) return undefined;
      const item = `${parts[0]}/${parts[1]}`;
      items.set(item, [...(items.get(item) ?? []), parts.slice(2).join('/')]);
    }
    for (const [item, list] of items)
      for (const required of ['_meta.json', 'content.json'])
        if (!list.includes(required))
          return this.fail(type, member, `${dir}/${item}`, `The content item ${item} has no ${required}`);
    const root = parseFile(this.files, meta, type, member, meta, this.problems);
    if (!root) return undefined;
    const record = recordOf(root);
    record.spaceResources = [...items.keys()].map((item) => ({
      fileName: `${item}/content.json`,
      filePath: item,
      format: 'sfdc_cms__json',
      content: (this.files.get(`${dir}/${item}/content.json`) as Buffer).toString('base64')
    }));
    return { type, fullName: member, fileName: dir, record, children: [] };
  }
}

function recordOf(root: XNode): MdObject {
  const md = xmlToMd(root);
  const record: MdObject = typeof md === 'object' && !Array.isArray(md) ? md : {};
  delete record.fullName;
  return record;
}
