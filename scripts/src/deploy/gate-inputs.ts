/**
 * The gate's inputs, and the cache key of each deterministic layer: every byte the layer reads, the code that judges
 * it, and the tools it runs. One changed byte in a class changes the keys of the three Apex layers; it leaves the
 * metadata schema layer's key alone (that layer types .cls files by name and never reads their body).
 *
 * What each layer reads:
 * - metadata (schema validation): every file under the package directories (SDR types files by path and reads the
 *   XML), .forceignore, sfdx-project.json; @salesforce/types (the schema) and SDR (the registry).
 * - rules (platform rules, scripts/src/platform-rules): every file under the package directories (the Apex, the XML
 *   of a few types and the LWC bundles are read; hashing them all is the safe superset), and the config/ files of
 *   platform-rules/inputs.ts (scratch definitions, certificate acknowledgements), listed by name; the Apex lexer
 *   (@apexdevtools/apex-parser) and Node's X.509 parser (the Node and OpenSSL versions). No rule reads the date or
 *   the environment.
 * - apex-parser: every .cls and .trigger the source walk finds; @apexdevtools/apex-parser and antlr4.
 * - apex-ls: the files its document index loads (apex/apexls.ts `apexLsReads`: classes, triggers, objects, fields,
 *   field sets, sharing reasons, flows, labels, pages, components; not a permission set, profile or layout),
 *   sfdx-project.json, .forceignore and config/apex-ls-known-gaps.json; the apex-ls jars (in the Code Analyzer PMD
 *   engine) and the JVM.
 * - pmd: the bytes of every file PMD reads and may report in (apex/pmd.ts `pmdReads`: Apex, Visualforce, LWC and
 *   Aura sources, and XML, except an XML file holding nothing any selected XML rule looks for), the names of all
 *   the others (they count in the files checked), code-analyzer.yml (and sfdx-project.json, to be safe); Code
 *   Analyzer, its PMD engine and the JVM.
 * Every key also holds the tool's own code (all of scripts/src, hashed, or from the bundle the digest of the sources
 * it was built from: toolFingerprint), so a changed rule or parser in a checkout never reuses an entry made by the
 * code before it.
 */
import { createHash, type Hash } from 'node:crypto';
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { apexLsReads, javaCommand, jvmOptions, KNOWN_GAPS_FILE } from '../apex/apexls';
import { CODE_ANALYZER_CONFIG_FILES, pmdReads } from '../apex/pmd';
import type { Severity } from '../checks/types';
import {
  CONFIG_FILE_CAP,
  DEPLOY_CAP,
  hashFileInto,
  readBytesIfPresent,
  readTextIfPresent,
  RefusedFile,
  sha256OfFile
} from '../files/read';
import { deployMsg as m } from '../messages/deploy';
import { CONFIG_DIR, isRulesConfigFile } from '../platform-rules/inputs';
import { isApexSource, rel, SKIP_DIRS } from '../project/files';
import { BUNDLE } from '../threads';
import type { SfdxProject } from '../project/sfdx-project';
import { version } from '../version';

export const CACHE_FORMAT = 'phi-guard-gate-cache/1';

/** The gate's deterministic layers, the only ones ever cached (verify depends on the date: it always reruns). */
export const CACHED_LAYERS = ['metadata', 'rules', 'apex-parser', 'apex-ls', 'pmd'] as const;
export type CachedLayer = (typeof CACHED_LAYERS)[number];

/** A layer's cache key (SHA-256 hex), or why the layer cannot be cached in this project. */
export type LayerKey = { key: string } | { uncacheable: string };

export interface GateInputs {
  /** SHA-256 over every input of the gate, the threshold and --force (recorded in the pack). */
  sha256: string;
  keys: Record<CachedLayer, LayerKey>;
}

interface TreeFile {
  rel: string;
  sha: string;
  /** A .cls or .trigger outside the folders the source walk skips: what the Apex parser layer reads. */
  parsed: boolean;
  /** A file apex-ls may load (apexLsReads). */
  apexLs: boolean;
  /** What PMD's result depends on: the file's bytes, or only its name (pmdReads). */
  pmd: 'bytes' | 'name';
}

const PMD_ENGINE = '@salesforce/code-analyzer-pmd-engine';

/**
 * Every file under `dirs` with its SHA-256, in a stable order. A link, a FIFO or an unreadable folder is a problem:
 * a layer's own walker may follow or trip on it, so nothing keyed on this tree is cached.
 */
function digestTree(root: string, dirs: string[]): { files: TreeFile[]; problem?: string } {
  const files: TreeFile[] = [];
  let problem: string | undefined;
  const walk = (dir: string, skipped: boolean) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problem ??= m.cache.unreadableInput(rel(root, dir), (e as NodeJS.ErrnoException).code);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.name === '.git') continue;
      if (e.isSymbolicLink()) problem ??= m.cache.linkInInputs(rel(root, full));
      else if (e.isDirectory()) walk(full, skipped || SKIP_DIRS.has(e.name));
      else {
        try {
          const rule = { display: rel(root, full), cap: DEPLOY_CAP };
          // An XML file is read whole once: PMD's key looks into it (pmdReads); other files are hashed as streams.
          let bytes: Buffer | undefined;
          const read = () => (bytes ??= readBytesIfPresent(full, rule) ?? Buffer.alloc(0));
          const sha = e.name.toLowerCase().endsWith('.xml')
            ? createHash('sha256').update(read()).digest('hex')
            : sha256OfFile(full, rule)!;
          files.push({
            rel: rel(root, full),
            sha,
            parsed: !skipped && isApexSource(e.name),
            apexLs: apexLsReads(e.name),
            pmd: pmdReads(e.name, read, packageVersion(PMD_ENGINE))
          });
        } catch (err) {
          if (!(err instanceof RefusedFile)) throw err;
          problem ??= m.cache.unreadableInput(rel(root, full), err.reason);
        }
      }
    }
  };
  for (const d of dirs) walk(d, false);
  return { files, problem };
}

/** A project file's SHA-256 under the read rule, 'absent', or the reason it cannot be read. */
function fileDigest(root: string, name: string): string {
  try {
    return sha256OfFile(path.join(root, name), { display: name, cap: CONFIG_FILE_CAP, root }) ?? 'absent';
  } catch (e) {
    if (!(e instanceof RefusedFile)) throw e;
    return `refused: ${e.reason}`;
  }
}

/**
 * The digest of the sources under `src` (scripts/src): every file by its path under `src` (with `/`) and its bytes, in
 * name order. scripts/build/bundle.cjs `srcDigest` computes the same when it builds the bundle, and records it in it.
 */
export function srcDigest(src: string): string {
  const h = createHash('sha256');
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full, `${rel}${e.name}/`);
      else if (e.isFile()) {
        h.update(`${rel}${e.name}\0`);
        hashFileInto(h, full, { display: full, cap: DEPLOY_CAP });
      }
    }
  };
  walk(src, '');
  return h.digest('hex');
}

let toolDigest: string | undefined;
/**
 * The tool's own code, as it runs, and the version: from the bundle (scripts/dist/), the digest of the sources it
 * was built from (recorded in it by scripts/build/bundle.cjs: the bundle is those sources, and the launcher rebuilds
 * it whenever one changes); under tsx or jest, the digest of scripts/src (the folder above this module) as it is.
 * Both name the same code alike, so an entry made by one door is reused by the other, and never by other code.
 */
export function toolFingerprint(bundle = BUNDLE): string {
  if (toolDigest && bundle === BUNDLE) return toolDigest;
  const code = bundle ? bundle.srcDigest : srcDigest(path.resolve(__dirname, '..'));
  const digest = createHash('sha256').update(`phi-guard ${version()}\nsrc ${code}\n`).digest('hex');
  if (bundle === BUNDLE) toolDigest = digest;
  return digest;
}

const versions = new Map<string, string | undefined>();
/** The installed version of a package (from its package.json, found above the module it resolves to). */
export function packageVersion(specifier: string): string | undefined {
  if (versions.has(specifier)) return versions.get(specifier);
  const name = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0]!;
  let found: string | undefined;
  try {
    let dir = path.dirname(require.resolve(specifier));
    for (;;) {
      const pkg = readPackageJson(path.join(dir, 'package.json'));
      if (pkg?.name === name) {
        found = typeof pkg.version === 'string' ? pkg.version : undefined;
        break;
      }
      if (dir === path.dirname(dir)) break;
      dir = path.dirname(dir);
    }
  } catch {
    found = undefined; // not installed: the layer that needs it cannot be cached
  }
  versions.set(specifier, found);
  return found;
}

/** A dependency's package.json (not a project file: read under the rule without a project root). */
function readPackageJson(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    const text = readTextIfPresent(file, { display: file, cap: CONFIG_FILE_CAP });
    return text === undefined ? undefined : (JSON.parse(text) as { name?: unknown; version?: unknown });
  } catch {
    return undefined;
  }
}

/** The JVM apex-ls and PMD run on: the real path of the java executable, its size and time, and the options in effect. */
export function javaIdentity(env: NodeJS.ProcessEnv = process.env): string {
  const cmd = javaCommand(env);
  const candidates = cmd.includes(path.sep)
    ? [cmd]
    : (env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, cmd));
  for (const c of candidates) {
    try {
      const real = realpathSync(c);
      const st = statSync(real);
      if (!st.isFile()) continue;
      return `java ${real} ${st.size} ${st.mtimeMs} ${jvmOptions(env)}`;
    } catch {
      // not on this PATH entry
    }
  }
  return 'java: not found';
}

/** The dependencies each layer runs (module specifiers resolvable from here). */
const LAYER_PACKAGES: Record<CachedLayer, string[]> = {
  metadata: ['@salesforce/types/metadata', '@salesforce/source-deploy-retrieve'],
  rules: ['@apexdevtools/apex-parser'],
  'apex-parser': ['@apexdevtools/apex-parser', 'antlr4'],
  'apex-ls': [PMD_ENGINE],
  pmd: ['@salesforce/code-analyzer-core', PMD_ENGINE]
};

/** The project files each layer reads besides the package directories (project-relative). */
const LAYER_FILES: Record<CachedLayer, string[]> = {
  metadata: ['sfdx-project.json', '.forceignore'],
  rules: [],
  'apex-parser': [],
  'apex-ls': ['sfdx-project.json', '.forceignore', KNOWN_GAPS_FILE],
  pmd: ['sfdx-project.json', ...CODE_ANALYZER_CONFIG_FILES]
};

/**
 * sfdx-project.json "plugins" can point apex-ls at dependency folders outside the package directories, which this
 * key does not hash: apex-ls then always reruns.
 */
function declaresPlugins(root: string): boolean {
  try {
    const file = path.join(root, 'sfdx-project.json');
    const text = readTextIfPresent(file, { display: 'sfdx-project.json', cap: CONFIG_FILE_CAP, root });
    return text !== undefined && (JSON.parse(text) as { plugins?: unknown }).plugins !== undefined;
  } catch {
    return true; // unreadable here: apex-ls is not cached (loadSfdxProject has already refused a bad file)
  }
}

/**
 * The config/ files the platform rules read (platform-rules/inputs.ts), by name with their digests, and the runtime
 * that parses certificates (node:crypto's X509Certificate: Node and its OpenSSL).
 */
function rulesConfigDigest(root: string): string {
  const runtime = `runtime node ${process.versions.node} openssl ${process.versions.openssl}\n`;
  let names: string[];
  try {
    names = readdirSync(path.join(root, CONFIG_DIR)).filter(isRulesConfigFile).sort();
  } catch (e) {
    return `${runtime}config ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}\n`;
  }
  return (
    runtime + names.map((n) => `file ${CONFIG_DIR}/${n} ${fileDigest(root, `${CONFIG_DIR}/${n}`)}\n`).join('')
  );
}

/** The gate's inputs: the hash shown in the pack, and each cached layer's key. */
export function gateInputs(
  project: SfdxProject,
  failOn: Severity,
  forced: boolean,
  env: NodeJS.ProcessEnv = process.env
): GateInputs {
  const root = project.root;
  const tree = digestTree(root, project.packageDirs);
  const tool = toolFingerprint();
  const java = javaIdentity(env);
  const keys = {} as Record<CachedLayer, LayerKey>;
  for (const layer of CACHED_LAYERS) {
    if (tree.problem) {
      keys[layer] = { uncacheable: tree.problem };
      continue;
    }
    const missing = LAYER_PACKAGES[layer].find((p) => !packageVersion(p));
    if (missing) {
      keys[layer] = { uncacheable: m.cache.unknownVersion(missing) };
      continue;
    }
    if (layer === 'apex-ls' && declaresPlugins(root)) {
      keys[layer] = { uncacheable: m.cache.plugins };
      continue;
    }
    const h = createHash('sha256').update(`${CACHE_FORMAT} ${layer}\ntool ${tool}\n`);
    for (const p of LAYER_PACKAGES[layer]) h.update(`package ${p} ${packageVersion(p)}\n`);
    if (layer === 'apex-ls' || layer === 'pmd') h.update(`${java}\n`);
    for (const f of LAYER_FILES[layer]) h.update(`file ${f} ${fileDigest(root, f)}\n`);
    if (layer === 'rules') h.update(rulesConfigDigest(root));
    h.update(`package directories ${project.packageDirs.map((d) => rel(root, d) || '.').join(',')}\n`);
    for (const f of tree.files) {
      if (layer === 'apex-parser' && !f.parsed) continue;
      // apex-ls never sees a file its document index does not load: neither its name nor its bytes are an input.
      if (layer === 'apex-ls' && !f.apexLs) continue;
      let body = f.sha;
      // The schema layer types a class by its file name and reads only XML: a class body is not its input.
      if (layer === 'metadata' && isApexSource(f.rel)) body = 'not read';
      // PMD counts every file, and reports only in those pmdReads keeps by their bytes.
      if (layer === 'pmd' && f.pmd === 'name') body = 'no rule reports in it';
      h.update(`${f.rel}\0${body}\n`);
    }
    keys[layer] = { key: h.digest('hex') };
  }
  return { sha256: inputsHash(root, tree.files, tool, failOn, forced), keys };
}

/** SHA-256 over the package directories, config/, sfdx-project.json, code-analyzer.yml, the tool and the options. */
function inputsHash(root: string, tree: TreeFile[], tool: string, failOn: Severity, forced: boolean): string {
  const h: Hash = createHash('sha256').update(
    `phi-guard ${version()} ${tool} fail-on ${failOn} force ${forced}\n`
  );
  for (const f of tree) h.update(`${f.rel}\0${f.sha}\n`);
  for (const f of digestTree(root, [path.join(root, 'config')]).files) h.update(`${f.rel}\0${f.sha}\n`);
  for (const f of ['sfdx-project.json', ...CODE_ANALYZER_CONFIG_FILES])
    h.update(`${f}\0${fileDigest(root, f)}\n`);
  return h.digest('hex');
}
