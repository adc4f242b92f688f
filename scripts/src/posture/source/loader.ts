import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_CAP, readText, readTextIfPresent, RefusedFile, SOURCE_FILE_CAP } from '../../files/read';
import { DeployabilityRun } from '../../metadata/posture';
import { msg } from '../../messages';
import { sourceText } from '../../messages/source';
import { rel, relTo, walkFiles } from '../../project/files';
import type { SfdxProject } from '../../project/sfdx-project';
import { addGap, known, unknown, type PostureSnapshot } from '../model';
import { classify, clinicalObjectTerm, type DictionaryEntry } from '../phi';
import type { XmlNode } from '../xml';
import { addApexFilters } from '../snapshot';
import { CONFIG_FILE, loadConfig, loadDictionary, loadRegister } from './config-files';
import { emptySnapshot, type LoadContext, type SourceFile } from './context';
import { familyOf, isApexFamily, isTextFamily, mayBeFamilyFile, type Family } from './registry';
import { ApexFactPool, cpuSample } from './apex/pool';
import type { XmlRead } from './xml/codec';
import { XmlReadPool, type XmlPoolOptions } from './xml/pool';
import { finishApex } from './readers/apex';
import { finishSites } from './readers/site';

export interface LoadOptions {
  onProgress?: (done: number, total: number) => void;
  /** The XML pool's options (xml/pool.ts; by default it decides itself whether a worker pays). */
  xml?: Omit<XmlPoolOptions, 'since'>;
}

/**
 * Builds a PostureSnapshot from a project in source or Metadata API format. Each file is read once
 * and parsed once, by the reader its suffix names in the registry. A file that cannot be read or
 * parsed is reported (INP-001) and leaves a gap in every collection it feeds, so the checks that
 * need them are "not verified" rather than passing on missing evidence.
 */
export function loadProject(project: SfdxProject, opts: LoadOptions = {}): PostureSnapshot {
  // The machine's CPU counters as the load starts: the XML pool judges over the walk whether a core sits idle.
  const since = cpuSample();
  const root = project.root;
  const config = loadConfig(root);
  const dictionary = loadDictionary(root, config.dictionaryFile);
  const register = loadRegister(root, config.registerFile);
  const packageDirs = project.packageDirs.map((d) => rel(root, d) || '.');
  const snap = emptySnapshot(root, packageDirs, config, register, project.layout);
  snap.dictionary = { file: config.dictionaryFile, entries: dictionary };
  const ctx: LoadContext = {
    snap,
    config,
    apps: new Map(),
    retention: [],
    retentionSeen: false,
    problem: (p) => snap.problems.push(p),
    apexPool: new ApexFactPool()
  };

  // One walk of the tree: the loader's families, and the listing the deployability layer types
  // the metadata files from. That layer validates each XML tree the loader parses (never a second parse).
  const listing = new Map<string, Dirent[]>();
  const walk = walkFiles(project.packageDirs, mayBeFamilyFile, listing);
  for (const s of walk.skipped) skipped(ctx, rel(root, s.path), s.reason, s.detail);
  const toRel = relTo(root);
  const files: { file: string; relFile: string; hit: NonNullable<ReturnType<typeof familyOf>> }[] = [];
  // The XML files among them, in the same order: a worker thread may read and parse them (xml/pool.ts).
  const xmlFiles: { file: string; display: string }[] = [];
  for (const file of walk.files) {
    const relFile = toRel(file);
    const hit = familyOf(relFile);
    if (!hit) continue;
    files.push({ file, relFile, hit });
    if (isXmlFamily(hit.family)) xmlFiles.push({ file, display: relFile });
  }
  const xml = new XmlReadPool(xmlFiles, { ...opts.xml, since });
  let nextXml = 0;

  const digest = createHash('sha256');
  let sep = '';
  let done = 0;
  let deployability: DeployabilityRun;
  try {
    // The metadata types, while a worker (if any) starts on the XML: typing a large project takes about 0.1 s.
    deployability = new DeployabilityRun(project, listing);
    for (const { file, relFile, hit } of files) {
      const { family, format, name } = hit;
      const src: SourceFile = { name, file, relFile, format };
      let read: XmlRead | { kind: 'text'; content: string };
      if (isXmlFamily(family)) read = xml.take(nextXml++);
      else {
        try {
          // The file rules (scripts/src/files/read.ts): a regular file within the source cap. The walk follows no
          // link and package directories are inside the project (sfdx-project.ts), so the file is too.
          read = {
            kind: 'text',
            content: readText(file, { display: relFile, cap: SOURCE_FILE_CAP, walked: true })
          };
        } catch (e) {
          if (!(e instanceof RefusedFile)) throw e;
          read = { kind: 'refused', reason: e.reason };
        }
      }
      if (read.kind === 'refused') {
        unreadable(ctx, family, src, sourceText.refused(read.reason));
        continue;
      }
      const content = read.content;
      snap.inputs.push(relFile);
      // Piece by piece: the same digest as the joined string, without copying every file into one. Each file's
      // closing NUL goes out with the next piece (`sep`): two hash calls a file, the same bytes in the same order.
      digest.update(`${sep}${relFile}\0`).update(content);
      sep = '\0';
      snap.evidence[family.evidence].push(relFile);
      if (read.kind === 'text') readOne(ctx, family, src, content);
      else readXml(ctx, family, src, read, (node) => deployability.parsed(file, relFile, node));
      done++;
      if (opts.onProgress && done % 200 === 0) opts.onProgress(done, files.length);
    }
  } finally {
    xml.close();
  }
  finishApex(ctx);
  finishSites(ctx);
  opts.onProgress?.(files.length, files.length);

  // The project's own configuration is an input too: it changes what the checks judge.
  for (const [file, kind] of [
    [CONFIG_FILE, 'register'],
    [config.dictionaryFile, 'dictionary'],
    [config.registerFile, 'register'],
    [config.suppressionsFile, 'register']
  ] as const) {
    const text = readTextIfPresent(path.join(root, file), { display: file, cap: CONFIG_FILE_CAP, root });
    if (text === undefined) continue;
    snap.inputs.push(file);
    if (file !== CONFIG_FILE) snap.evidence[kind].push(file);
    digest.update(`${sep}${file}\0`).update(text);
    sep = '\0';
  }
  // The effective config (thresholds included, defaults when the file is absent) is part of the fingerprint.
  digest.update(`${sep}${CONFIG_FILE}\0${JSON.stringify(config)}\0`);
  snap.inputsSha256 = digest.digest('hex');
  snap.filesRead = done;
  snap.apps.push(...ctx.apps.values());
  if (snap.retention.known || snap.retention.kind !== 'unreadable') {
    // The retention type is declared when its object was read (either format, any folder).
    if (ctx.retentionSeen || snap.objects.has(config.retentionType.toLowerCase())) {
      snap.retention = known(ctx.retention);
    }
  }
  classifyAll(snap, dictionary);
  if (![...snap.phi.values()].some((v) => v.phi) && dictionary.size === 0) {
    addGap(snap, 'phi', unknown('missing', sourceText.noPhi(config.dictionaryFile), config.dictionaryFile));
  }
  addApexFilters(snap);
  deployability.finish(snap);
  return snap;
}

const isXmlFamily = (family: Family) => !isApexFamily(family) && !isTextFamily(family);

/** Reads one Apex or text file. */
function readOne(ctx: LoadContext, family: Family, src: SourceFile, content: string) {
  if (isApexFamily(family)) family.read.apex(ctx, content, src);
  else if (isTextFamily(family)) family.read.text(ctx, content, src);
}

/** Reads one parsed XML file; a parse failure is a problem and a gap, never a silent drop. */
function readXml(
  ctx: LoadContext,
  family: Family,
  src: SourceFile,
  read: Exclude<XmlRead, { kind: 'refused' }>,
  onParsed: (node: XmlNode) => void
) {
  if (read.kind === 'malformed') {
    unreadable(ctx, family, src, msg.facts.malformedXml(read.message), read.line);
    return;
  }
  const { node, content } = read;
  const expected = family.type || (src.name ? `${src.name}Settings` : '');
  if (expected && node.name !== expected) {
    unreadable(ctx, family, src, sourceText.wrongRoot(expected), node.line);
    return;
  }
  (family.read as (c: LoadContext, n: XmlNode, s: SourceFile, t: string) => void)(ctx, node, src, content);
  onParsed(node);
}

function unreadable(ctx: LoadContext, family: Family, src: SourceFile, reason: string, line?: number) {
  ctx.problem({ file: src.relFile, line, message: reason });
  const gap = sourceText.gap(`${src.relFile}${line ? `:${line}` : ''}`, reason);
  const feeds = (src.format === 'mdapi' && family.mdapiFeeds) || family.feeds;
  for (const key of feeds) addGap(ctx.snap, key, unknown('unreadable', gap, src.relFile));
  family.unreadable?.(ctx, src, gap);
}

/** A symlink or a directory that could not be listed: reported, and a gap where its family is known. */
function skipped(ctx: LoadContext, relPath: string, reason: 'symlink' | 'unreadable', code?: string) {
  const why = reason === 'symlink' ? sourceText.symlinkSkipped : sourceText.dirUnreadable(code);
  const hit = familyOf(relPath);
  if (hit) {
    unreadable(ctx, hit.family, { name: hit.name, file: relPath, relFile: relPath, format: hit.format }, why);
  } else {
    ctx.problem({ file: relPath, message: why });
  }
}

function classifyAll(snap: PostureSnapshot, dictionary: Map<string, DictionaryEntry>) {
  // One verdict on each object's name and label, however many fields it has.
  const objectTerms = new Map<string, string | undefined>();
  const objectTerm = (object: string) => {
    if (!objectTerms.has(object)) {
      objectTerms.set(object, clinicalObjectTerm(object, snap.objects.get(object.toLowerCase())?.label));
    }
    return objectTerms.get(object);
  };
  for (const [key, f] of snap.fields) {
    const verdict = classify(f, dictionary, objectTerm(f.object));
    snap.phi.set(key, verdict);
    if (verdict.phi) snap.phiObjects.add(f.object.toLowerCase());
  }
  // Dictionary entries for fields not in source still mark their objects as PHI objects.
  for (const [key, e] of dictionary) {
    if (e.phi) snap.phiObjects.add(key.split('.')[0]!);
  }
  for (const f of snap.fields.values()) {
    if (!f.referenceTo) continue;
    const obj = snap.objects.get(f.object.toLowerCase());
    if (obj && f.type === 'MasterDetail') obj.masters.push(f.referenceTo);
  }
}
