/**
 * Types a project's metadata files by folder and suffix, from SDR's own registry data
 * (`metadataRegistry.json` of @salesforce/source-deploy-retrieve: suffixes, type folders, strict
 * folders, child types) and SDR's own `.forceignore` matcher (the `ignore` package SDR resolves),
 * without loading SDR's code, which brings the Salesforce SDK with it (most of a second of module
 * loading, then a second walk of the tree).
 *
 * The answer must be exactly the one `resolveMetadataFiles` (SDR's MetadataResolver) gives, so
 * this typer only answers for the shapes whose SDR outcome follows from the path alone:
 * - a `<name>.<suffix>-meta.xml` of a type kept in one file (or beside one content file, as Apex);
 * - a Metadata API file `<folder>/<name>.<suffix>` directly in its type's folder;
 * - objects and object translations (a folder per component, child files typed by their suffix);
 * - LWC and Aura bundles, static resources, documents and their folders, reports, email templates;
 * - sites (sites/<name>.site-meta.xml) and Aura sites' Experience bundles (experiences/<name>.site-meta.xml
 *   beside experiences/<name>/).
 * Anything else (another strict-folder type, a symlink, a folder the loader does not list, an
 * unknown suffix, a registry customised in sfdx-project.json, a shape where SDR's answer depends on
 * the order a directory lists in) makes the whole project ambiguous: the caller then asks SDR.
 * `scripts/test/metadata/path-types.test.ts` and `npm run bench` hold the answers to SDR's.
 */
import { existsSync, readFileSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CONFIG_FILE_CAP, readText } from '../files/read';
import type { MetadataFile, Resolution } from './resolve';

/** A directory listing from the loader's walk: absolute directory path to its entries. */
export type Listing = ReadonlyMap<string, readonly Dirent[]>;

interface RegType {
  id: string;
  name: string;
  suffix?: string;
  legacySuffix?: string;
  directoryName: string;
  inFolder?: boolean;
  folderType?: string;
  folderContentType?: string;
  strictDirectoryName?: boolean;
  aliasFor?: string;
  unaddressableWithoutParent?: boolean;
  isAddressable?: boolean;
  strategies?: { adapter?: string; decomposition?: string };
  children?: { suffixes: Record<string, string>; types: Record<string, RegType> };
}

interface Registry {
  types: Record<string, RegType>;
  childTypes: Record<string, string>;
  suffixes: Record<string, string>;
  strictDirectoryNames: Record<string, string>;
}

interface IgnoreMatcher {
  add(patterns: string): IgnoreMatcher;
  ignores(p: string): boolean;
}

/** Why the path alone does not settle a file's type (a path and a reason, never file content). */
export class Ambiguous extends Error {}

const own = <T>(o: Record<string, T>, k: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;

/**
 * `path.join(dir, name)` for a folder of the walk's listing and a name it lists: the folder is already normalised (the
 * walk starts from resolved package directories and joins names to them) and a listed name holds no separator and is
 * never `.` or `..`, so joining is concatenation, without path.join's normalising pass over the whole path (once per
 * file of the project).
 */
const inDir = (dir: string, name: string) =>
  dir.endsWith(path.sep) ? `${dir}${name}` : `${dir}${path.sep}${name}`;

/** SDR's patterns for a metadata XML name and a folder's XML name (same semantics, unanchored). */
const META = /(.+)\.(.+)-meta\.xml/;
const FOLDER_META = /(.+)-meta\.xml/;
const FOLDER_META_END = /(.+)-meta\.xml$/;
const NAME_AND_SUFFIX = /(.+)\.(.+)/;
/** Types SDR recognises by a folder in the path before anything else (its "parseAsMetadata"). */
const BY_FOLDER_NAMES = [
  'DigitalExperience',
  'ExperiencePropertyTypeBundle',
  'LightningTypeBundle',
  'ContentTypeBundle',
  'UiWidgetBundle'
];
/** What SDR's ForceIgnore adds before a project's own .forceignore patterns (only when one exists). */
const FORCEIGNORE_DEFAULTS = [
  '**/*.dup',
  '**/.*',
  '!.sf',
  '**/.sf/**',
  '!**/.sf/orgs',
  '!**/.sf/orgs/**',
  '**/.sf/orgs/*/**',
  '!**/.sf/orgs/*/remoteMetadata',
  '!**/.sf/orgs/*/remoteMetadata/**',
  '**/package2-descriptor.json',
  '**/package2-manifest.json'
];
/** sfdx-project.json keys that change SDR's registry (presets and customisations). */
const REGISTRY_KEYS = ['registryCustomizations', 'registryPresets', 'sourceBehaviorOptions'];

const SDR_ENTRY = (): string => require.resolve('@salesforce/source-deploy-retrieve');
let registryCache: Registry | undefined;
function registryData(): Registry {
  registryCache ??= JSON.parse(
    readFileSync(
      require.resolve('@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json'),
      'utf8'
    )
  ) as Registry;
  return registryCache;
}

const baseName = (name: string) => name.split('.')[0]!;
function extName(p: string): string {
  const split = path.extname(p).split('.');
  return (split.length > 1 ? split[1] : split[0])!;
}

/** SDR's `.forceignore` decision for one package directory (found by searching up from it). */
class ForceIgnoreRules {
  private readonly matcher?: IgnoreMatcher;
  private readonly dir?: string;

  constructor(packageDir: string) {
    const file = searchUp(packageDir, '.forceignore');
    if (!file) return;
    let contents: string;
    try {
      // Through the file rules (files/read.ts); SDR searches upwards, so no project root here.
      contents = readText(file, { display: file, cap: CONFIG_FILE_CAP });
    } catch {
      // SDR reads it with readFileSync (and accepts everything when that fails): a file the
      // rules refuse is SDR's to judge.
      throw new Ambiguous(`${file}: a .forceignore the file rules do not read`);
    }
    // The same matcher SDR uses, resolved the way SDR resolves it.
    const ignore = createRequire(SDR_ENTRY())('ignore') as () => IgnoreMatcher;
    this.matcher = ignore().add(`${FORCEIGNORE_DEFAULTS.join('\n')}\n${contents}`);
    this.dir = path.dirname(file);
  }

  denies(abs: string, isDir: boolean): boolean {
    if (!this.matcher || !this.dir) return false;
    try {
      const relative = path.relative(this.dir, abs);
      return this.matcher.ignores(relative) || (isDir && this.matcher.ignores(`${relative}/`));
    } catch {
      return false; // a path outside the .forceignore folder: SDR treats it as accepted
    }
  }
}

function searchUp(start: string, name: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Types every metadata file of the package directories from the listing, or throws Ambiguous.
 * `projectRoot` is where SDR looks for registry presets (sfdx-project.json, searched upwards).
 */
export function typeByPath(packageDirs: string[], listing: Listing, projectRoot: string): Resolution {
  return new PathTyper(registryData(), listing).run(packageDirs, projectRoot);
}

class PathTyper {
  private readonly strictByDir = new Map<string, RegType>();
  private readonly byFolderDirs = new Set<string>();
  private readonly folderContentDirs: string[];
  private readonly byFile = new Map<string, string>();
  private ignore!: ForceIgnoreRules;

  constructor(
    private readonly reg: Registry,
    private readonly listing: Listing
  ) {
    for (const id of Object.values(reg.strictDirectoryNames)) {
      const t = reg.types[id];
      if (t) this.strictByDir.set(t.directoryName, t);
    }
    for (const n of BY_FOLDER_NAMES) {
      const t = this.typeByName(n.toLowerCase());
      if (t) this.byFolderDirs.add(t.directoryName);
    }
    this.folderContentDirs = Object.values(reg.types)
      .filter((t) => t.folderContentType && !t.aliasFor)
      .map((t) => t.directoryName);
  }

  run(packageDirs: string[], projectRoot: string): Resolution {
    this.checkProjectRegistry(projectRoot);
    for (const dir of packageDirs) {
      if (!existsSync(dir)) continue;
      const parts = path.resolve(dir).split(path.sep);
      if (parts.some((p) => this.strictByDir.has(p) || this.byFolderDirs.has(p))) {
        throw new Ambiguous(`${dir}: a type folder in the package directory's own path`);
      }
      if (this.resolveType(path.resolve(dir)))
        throw new Ambiguous(`${dir}: a package directory named like a component`);
      this.ignore = new ForceIgnoreRules(dir);
      this.generic(path.resolve(dir));
    }
    const files: MetadataFile[] = [...this.byFile]
      .map(([file, type]) => ({ file, type }))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { files, unresolved: [] };
  }

  /** SDR merges presets and customisations from the project's sfdx-project.json into its registry. */
  private checkProjectRegistry(root: string) {
    const file = searchUp(root, 'sfdx-project.json');
    if (!file) return;
    let json: unknown;
    try {
      json = JSON.parse(readText(file, { display: file, cap: CONFIG_FILE_CAP }));
    } catch {
      throw new Ambiguous(`${file}: not readable as JSON`);
    }
    if (json && typeof json === 'object' && REGISTRY_KEYS.some((k) => k in json)) {
      throw new Ambiguous(`${file}: registry presets or customisations`);
    }
  }

  private typeByName(id: string): RegType | undefined {
    const parent = own(this.reg.childTypes, id);
    if (parent) return this.reg.types[parent]?.children?.types[id];
    const t = own(this.reg.types, id);
    return t?.aliasFor ? this.reg.types[t.aliasFor] : t;
  }

  private bySuffix(suffix: string): RegType | undefined {
    const id = own(this.reg.suffixes, suffix);
    return id ? this.typeByName(id) : undefined;
  }

  private list(dir: string): readonly Dirent[] {
    const entries = this.listing.get(dir);
    if (!entries) throw new Ambiguous(`${dir}: a folder the loader does not list`);
    return entries;
  }

  private readonly byName = new Map<string, Map<string, Dirent>>();
  /** One entry of a listed folder, by name. */
  private entry(dir: string, name: string): Dirent | undefined {
    let names = this.byName.get(dir);
    if (!names) this.byName.set(dir, (names = new Map(this.list(dir).map((e) => [e.name, e]))));
    return names.get(name);
  }

  private add(file: string, type: string) {
    if (!this.byFile.has(file)) this.byFile.set(file, type);
  }

  /** A folder with no type folder in its path: walk it as SDR's resolver does. */
  private generic(dir: string): void {
    for (const e of this.list(dir)) {
      const full = inDir(dir, e.name);
      if (!e.isFile() && !e.isDirectory()) throw new Ambiguous(`${full}: not a regular file or folder`);
      if (e.isDirectory()) {
        const strict = this.strictByDir.get(e.name);
        if (strict) this.strictFolder(full, strict);
        else if (this.byFolderDirs.has(e.name) || this.resolveType(full)) {
          throw new Ambiguous(`${full}: a folder SDR may read as a component`);
        } else this.generic(full);
      } else this.genericFile(full, e.name);
    }
  }

  private genericFile(full: string, name: string): void {
    const meta = META.exec(name);
    if (meta) {
      if (!name.endsWith('-meta.xml')) throw new Ambiguous(`${full}: an unusual metadata name`);
      const t = this.bySuffix(meta[2]!);
      if (!t) throw new Ambiguous(`${full}: a suffix SDR does not know`);
      if (this.ignore.denies(full, false)) return;
      this.component(full, t, true);
      return;
    }
    if (!this.isMetadata(full, name)) return;
    if (this.folderMetadataXml(full, name)) throw new Ambiguous(`${full}: a folder metadata file`);
    const t = this.bySuffix(extName(full));
    if (!t) throw new Ambiguous(`${full}: typed by a folder`);
    if (this.ignore.denies(full, false)) return;
    const adapter = t.strategies?.adapter ?? 'default';
    // A content file (Apex, a page) is resolved through its -meta.xml, not on its own.
    if (adapter === 'matchingContentFile') return;
    if (adapter !== 'default') throw new Ambiguous(`${full}: a Metadata API file of a composite type`);
    if (this.contentIsRoot(t, full, name)) this.component(full, t, false);
  }

  /** A file SDR types as `t`, outside any strict type folder. */
  private component(full: string, t: RegType, isMetaXml: boolean): void {
    const adapter = t.strategies?.adapter ?? 'default';
    if (t.strictDirectoryName) throw new Ambiguous(`${full}: a ${t.name} outside its folder`);
    // Names of folder types, and of Territory2 types, come from the path (SDR fails elsewhere).
    if (t.folderType && !t.inFolder) throw new Ambiguous(`${full}: a nested type`);
    if ((t.inFolder || t.folderContentType) && !full.split(path.sep).includes(t.directoryName)) {
      throw new Ambiguous(`${full}: a folder type outside its folder`);
    }
    if (adapter === 'matchingContentFile' && isMetaXml) {
      const content = full.slice(0, -'-meta.xml'.length);
      const entry = this.entry(path.dirname(full), path.basename(content));
      if (!entry?.isFile() || this.ignore.denies(content, false)) {
        throw new Ambiguous(`${full}: its content file is missing or ignored`);
      }
    } else if (adapter !== 'default') throw new Ambiguous(`${full}: a ${t.name}`);
    this.add(full, t.name);
  }

  /** SDR's test for a Metadata API file being its own component (directly in its type folder). */
  private contentIsRoot(t: RegType, full: string, name: string): boolean {
    if (t.inFolder) return !!t.suffix;
    const parentParts = path.dirname(full).split(path.sep);
    const allowed = t.folderType === t.id ? parentParts.length - 2 : parentParts.length - 1;
    if (parentParts.lastIndexOf(t.directoryName) !== allowed) return false;
    const m = NAME_AND_SUFFIX.exec(name);
    return !!m && t.suffix === m[2];
  }

  private strictFolder(dir: string, t: RegType): void {
    const adapter = t.strategies?.adapter;
    if (adapter === 'decomposed' && t.children) this.decomposedFolder(dir, t);
    else if (adapter === 'bundle' && !t.suffix && !t.legacySuffix) this.bundleFolder(dir, t);
    else if (t.id === 'staticresource') this.staticResources(dir, t);
    else if (t.id === 'document') this.documents(dir, t);
    else if (t.id === 'customsite') this.flatFolder(dir, t);
    else if (t.id === 'experiencebundle') this.experienceBundles(dir, t);
    else throw new Ambiguous(`${dir}: ${t.name} folders are typed by SDR`);
  }

  /** sites/: only `<name>.site-meta.xml` files, each a component (any other entry: SDR decides). */
  private flatFolder(typeDir: string, t: RegType): void {
    for (const e of this.list(typeDir)) {
      const full = path.join(typeDir, e.name);
      const meta = META.exec(e.name);
      if (!e.isFile() || !meta || !e.name.endsWith('-meta.xml') || meta[2] !== t.suffix) {
        throw new Ambiguous(`${full}: not a ${t.name} file`);
      }
      if (!this.ignore.denies(full, false)) this.add(full, t.name);
    }
  }

  /**
   * experiences/: each site is `<name>.site-meta.xml` beside its folder `<name>/` of resources (SDR's
   * mixed content). A file without its folder or a folder without its file, anything ignored, and any
   * metadata file or type folder inside a site's folder: SDR decides.
   */
  private experienceBundles(typeDir: string, t: RegType): void {
    const entries = this.list(typeDir);
    const metaFile = (e: Dirent) => e.isFile() && e.name.endsWith('.site-meta.xml');
    const metas = new Set(entries.filter(metaFile).map((e) => e.name.slice(0, -'.site-meta.xml'.length)));
    const dirs = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
    for (const e of entries) {
      const full = path.join(typeDir, e.name);
      if (metaFile(e)) {
        const name = e.name.slice(0, -'.site-meta.xml'.length);
        if (!dirs.has(name) || name.includes('.') || this.ignore.denies(full, false))
          throw new Ambiguous(`${full}: an Experience bundle file without its folder, or ignored`);
        this.resources(path.join(typeDir, name));
        this.add(full, t.name);
      } else if (!e.isDirectory() || !metas.has(e.name)) {
        throw new Ambiguous(`${full}: not an Experience bundle`);
      }
    }
  }

  /** A site's resource folder: regular files and folders only, none of them metadata, nothing ignored. */
  private resources(dir: string): void {
    if (this.ignore.denies(dir, true)) throw new Ambiguous(`${dir}: an ignored bundle folder`);
    for (const e of this.list(dir)) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && !this.strictByDir.has(e.name) && !META.test(e.name)) this.resources(full);
      else if (!e.isFile() || FOLDER_META_END.test(e.name) || this.ignore.denies(full, false)) {
        throw new Ambiguous(`${full}: not a plain resource of an Experience bundle`);
      }
    }
  }

  /** objects/, objectTranslations/: a folder per component, child files typed by suffix. */
  private decomposedFolder(typeDir: string, t: RegType): void {
    for (const e of this.list(typeDir)) {
      const full = inDir(typeDir, e.name);
      if (e.isDirectory() && !this.strictByDir.has(e.name)) this.decomposedComponent(full, t);
      else if (!e.isFile() || this.isMetadata(full, e.name, t)) {
        throw new Ambiguous(`${full}: not a component folder`);
      }
    }
  }

  private decomposedComponent(dir: string, t: RegType): void {
    const children = t.children!;
    const rootSuffixes = [t.suffix, t.legacySuffix].filter((s): s is string => !!s);
    const roots: string[] = [];
    const kids: { file: string; type: RegType }[] = [];
    const visit = (d: string) => {
      for (const e of this.list(d)) {
        const full = inDir(d, e.name);
        const meta = META.exec(e.name);
        if (e.isDirectory() && !this.strictByDir.has(e.name) && !meta) {
          visit(full);
          continue;
        }
        if (!e.isFile()) throw new Ambiguous(`${full}: not a regular file or folder`);
        if (!meta) {
          if (this.isMetadata(full, e.name, t)) throw new Ambiguous(`${full}: not a child file`);
          continue;
        }
        if (!e.name.endsWith('-meta.xml')) throw new Ambiguous(`${full}: an unusual metadata name`);
        const id = own(children.suffixes, meta[2]!);
        const child = id ? children.types[id] : undefined;
        if (d === dir && rootSuffixes.includes(meta[2]!)) roots.push(full);
        else if (child) kids.push({ file: full, type: child });
        else throw new Ambiguous(`${full}: not a child of ${t.name}`);
      }
    };
    visit(dir);
    const name = path.basename(dir);
    if (roots.length > 1) throw new Ambiguous(`${dir}: more than one ${t.name} file`);
    if (roots.length === 1) {
      if (
        path.basename(roots[0]!) !== `${name}.${t.suffix}-meta.xml` ||
        this.ignore.denies(roots[0]!, false)
      ) {
        throw new Ambiguous(`${roots[0]}: a misnamed or ignored ${t.name} file`);
      }
      this.add(roots[0]!, t.name);
      for (const k of kids) if (!this.ignore.denies(k.file, false)) this.add(k.file, k.type.name);
      return;
    }
    // No parent file: SDR types each child on its own, and fails on one it cannot address alone.
    const decomposition = t.strategies?.decomposition;
    if (decomposition !== 'folderPerType' && decomposition !== 'topLevel') {
      throw new Ambiguous(`${dir}: children without their ${t.name} file`);
    }
    if (this.list(dir).some((e) => baseName(e.name) === name && META.test(e.name))) {
      throw new Ambiguous(`${dir}: a child file named after the component`);
    }
    for (const k of kids) {
      if (this.ignore.denies(k.file, false)) continue;
      if (k.type.unaddressableWithoutParent || k.type.isAddressable === false) {
        throw new Ambiguous(`${k.file}: a child without its ${t.name} file`);
      }
      this.add(k.file, k.type.name);
    }
  }

  /** lwc/, aura/: each non-empty folder is a bundle whose -meta.xml carries the folder's name. */
  private bundleFolder(typeDir: string, t: RegType): void {
    for (const e of this.list(typeDir)) {
      const full = path.join(typeDir, e.name);
      if (e.isFile()) {
        if (META.test(e.name)) throw new Ambiguous(`${full}: a metadata file outside a bundle`);
        continue; // a content file: SDR does not resolve it on its own
      }
      if (
        !e.isDirectory() ||
        this.strictByDir.has(e.name) ||
        META.test(e.name) ||
        FOLDER_META_END.test(e.name)
      ) {
        throw new Ambiguous(`${full}: not a bundle folder`);
      }
      const entries = this.list(full);
      if (entries.some((x) => x.name === t.directoryName))
        throw new Ambiguous(`${full}: a nested type folder`);
      if (entries.length === 0 || this.ignore.denies(full, true)) continue;
      const xml = this.oneMetaNamed(full, e.name, entries);
      if (xml) this.add(xml, t.name);
    }
  }

  /** The folder's metadata file SDR finds by name (undefined when none), or Ambiguous. */
  private oneMetaNamed(dir: string, base: string, entries: readonly Dirent[]): string | undefined {
    const found = entries.filter((x) => baseName(x.name) === base && META.test(x.name));
    if (found.length === 0) return undefined;
    const xml = path.join(dir, found[0]!.name);
    if (found.length > 1 || !found[0]!.isFile() || !found[0]!.name.endsWith('-meta.xml')) {
      throw new Ambiguous(`${xml}: not one metadata file for the component`);
    }
    if (this.ignore.denies(xml, false)) throw new Ambiguous(`${xml}: an ignored metadata file`);
    return xml;
  }

  /** staticresources/: `<name>.resource-meta.xml` beside its content (a file or a folder). */
  private staticResources(typeDir: string, t: RegType): void {
    const entries = this.list(typeDir);
    const claimed = new Set<string>();
    for (const e of entries) {
      if (e.isFile()) continue;
      const full = path.join(typeDir, e.name);
      if (
        !e.isDirectory() ||
        this.strictByDir.has(e.name) ||
        META.test(e.name) ||
        FOLDER_META_END.test(e.name)
      ) {
        throw new Ambiguous(`${full}: not a static resource folder`);
      }
      const inner = this.list(full);
      if (inner.some((x) => x.name === t.directoryName)) throw new Ambiguous(`${full}: a nested type folder`);
      if (inner.length === 0 || this.ignore.denies(full, true)) continue;
      const xml = this.oneMetaNamed(typeDir, baseName(e.name), entries);
      if (!xml) continue;
      if (META.exec(path.basename(xml))![2] !== t.suffix) throw new Ambiguous(`${xml}: an unusual suffix`);
      claimed.add(xml);
      this.add(xml, t.name);
    }
    for (const e of entries) {
      const meta = META.exec(e.name);
      if (!e.isFile() || !meta) continue; // content files are not resolved on their own
      const full = path.join(typeDir, e.name);
      if (claimed.has(full) || this.ignore.denies(full, false)) continue;
      if (!e.name.endsWith('-meta.xml') || meta[2] !== t.suffix)
        throw new Ambiguous(`${full}: not a static resource`);
      this.needContent(full, entries);
      this.add(full, t.name);
    }
  }

  /** SDR's mixed-content types fail without a content entry of the same base name. */
  private needContent(xml: string, siblings: readonly Dirent[]) {
    const base = baseName(path.basename(xml));
    if (!siblings.some((x) => baseName(x.name) === base && !META.test(x.name))) {
      throw new Ambiguous(`${xml}: its content is missing`);
    }
  }

  /** documents/: `<Folder>.documentFolder-meta.xml`, and `<Folder>/<name>.document-meta.xml` beside its file. */
  private documents(typeDir: string, t: RegType): void {
    for (const e of this.list(typeDir)) {
      const full = path.join(typeDir, e.name);
      if (e.isFile()) {
        const meta = META.exec(e.name);
        if (meta) {
          const ft = this.bySuffix(meta[2]!);
          if (!e.name.endsWith('-meta.xml') || !ft || ft.strictDirectoryName) {
            throw new Ambiguous(`${full}: not a document folder file`);
          }
          if (!this.ignore.denies(full, false)) this.component(full, ft, true);
        } else if (this.isMetadata(full, e.name)) throw new Ambiguous(`${full}: not a document`);
        continue;
      }
      if (!e.isDirectory() || this.strictByDir.has(e.name) || META.test(e.name) || this.resolveType(full)) {
        throw new Ambiguous(`${full}: not a document folder`);
      }
      const inner = this.list(full);
      for (const x of inner) {
        const file = path.join(full, x.name);
        const meta = META.exec(x.name);
        if (!x.isFile()) throw new Ambiguous(`${file}: a nested folder of documents`);
        if (!meta || this.ignore.denies(file, false)) continue;
        if (!x.name.endsWith('-meta.xml') || meta[2] !== t.suffix)
          throw new Ambiguous(`${file}: not a document`);
        this.needContent(file, inner);
        this.add(file, t.name);
      }
    }
  }

  // --- SDR's path tests, over the registry data ------------------------------------------------

  /** SDR's "is this file metadata" test for a file that is not `<name>.<suffix>-meta.xml`. */
  private isMetadata(full: string, name: string, strict?: RegType): boolean {
    if (META.test(name)) return true;
    if (this.folderMetadataXml(full, name)) return true;
    const parts = full.split(path.sep);
    if (parts.some((p) => this.byFolderDirs.has(p))) return true;
    const t = this.bySuffix(extName(full));
    if (!t) return false;
    if (parts.includes(t.directoryName)) return true;
    return !!strict && this.strictMatch(strict, full);
  }

  /** A folder's own metadata file (reports/Folder-meta.xml), as SDR's resolver reads it. */
  private folderMetadataXml(full: string, name: string): boolean {
    const m = FOLDER_META.exec(name);
    if (!m || m[1]!.includes('.')) return false;
    const dirs = full.split(path.sep).slice(0, -1);
    return this.folderContentDirs.some((d) => dirs.includes(d));
  }

  /** SDR's strict-folder match of one type for a path that holds its folder. */
  private strictMatch(t: RegType, full: string): boolean {
    if (t.inFolder && path.basename(path.dirname(full)) === t.directoryName) return false;
    const ends = (s?: string) => !!s && (full.endsWith(s) || full.endsWith(`${s}-meta.xml`));
    const adapter = t.strategies?.adapter ?? '';
    return (
      ['mixedContent', 'bundle', 'uiBundles'].includes(adapter) ||
      ends(t.suffix) ||
      ends(t.legacySuffix) ||
      Object.values(t.children?.types ?? {}).some((c) => ends(c.suffix) || ends(c.legacySuffix))
    );
  }

  /** SDR's type for a path outside strict folders, enough to tell "no type" from "some type". */
  private resolveType(full: string): RegType | undefined {
    const name = path.basename(full);
    const meta = META.exec(name);
    let t = meta ? this.bySuffix(meta[2]!) : undefined;
    if (!t && FOLDER_META.exec(name) && !FOLDER_META.exec(name)![1]!.includes('.')) {
      const dirs = full.split(path.sep).slice(0, -1);
      const folder = this.folderContentDirs.filter((d) => dirs.includes(d)).pop();
      if (folder) return Object.values(this.reg.types).find((x) => x.directoryName === folder && !x.inFolder);
    }
    if (!t) {
      t = this.bySuffix(extName(full));
      if (t?.strictDirectoryName && !full.split(path.sep).includes(t.directoryName)) t = undefined;
    }
    // SDR's last attempt, a type folder in the path (files only), never applies here: those
    // folders make the project ambiguous before their files are looked at.
    return t;
  }
}
