import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CHECKS } from '../../src/checks/registry';
import { DEFAULT_CONFIG } from '../../src/posture/config';
import { CONFIG_FILE, REGISTER_ITEMS } from '../../src/posture/source/config-files';
import { REPO_ROOT } from '../helpers/paths';

/**
 * What README.md and docs/*.md cite must exist: every check id is in the check registry, every
 * config key is a key of a real config file (or of the verify config), and every repository path
 * exists. A failure names the document and the line. Fenced code blocks are left to the tests
 * that run the documented commands: their paths are often files a command writes.
 */

interface Line {
  doc: string;
  line: number;
  text: string;
  /** the paragraph (or table) the line belongs to: config keys are recognised by what it speaks of */
  paragraph: string;
}

const DOCS = [
  'README.md',
  ...readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`)
];

/** Prose lines of a markdown file, fenced blocks left out, with their 1-based line numbers. */
function proseLines(doc: string): Line[] {
  const out: Line[] = [];
  let fenced = false;
  let paragraph: Line[] = [];
  const close = () => {
    const text = paragraph.map((l) => l.text).join('\n');
    for (const l of paragraph) l.paragraph = text;
    paragraph = [];
  };
  readFileSync(path.join(REPO_ROOT, doc), 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (/^\s*```/.test(text)) {
        fenced = !fenced;
        close();
        return;
      }
      if (fenced) return;
      if (!text.trim()) {
        close();
        return;
      }
      const l: Line = { doc, line: i + 1, text, paragraph: '' };
      paragraph.push(l);
      out.push(l);
    });
  close();
  return out;
}

const LINES = DOCS.flatMap(proseLines);
const where = (l: Line) => `${l.doc}:${l.line}`;
const backticked = (text: string) => [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);

// Check ids --------------------------------------------------------------------------------------

/** Ids cited that the registry does not hold, each with the file that defines it and why. */
const OUTSIDE_REGISTRY: Record<string, string> = {
  'POL-001': 'scripts/src/engine/verify.ts' // the suppression policy, reported by the engine, not a check
};
const CHECK_IDS = new Set(CHECKS.map((c) => c.id));
const CHECK_PREFIXES = new Set([...CHECK_IDS, ...Object.keys(OUTSIDE_REGISTRY)].map((id) => id.slice(0, 3)));

/** Tokens shaped like a check id whose prefix is a check family (so SHA-256 is not one). */
function citedCheckIds(text: string): string[] {
  return [...text.matchAll(/\b([A-Z]{3})-(\d{3})\b/g)]
    .filter((m) => CHECK_PREFIXES.has(m[1]!))
    .map((m) => m[0]);
}

// Config keys ------------------------------------------------------------------------------------

const CONFIG_DIR = path.join(REPO_ROOT, 'config');
/** config/phi-guard.json is optional (verify's defaults apply without it): the docs may cite it. */
const OPTIONAL_CONFIG = CONFIG_FILE.split(path.sep).join('/');
const CONFIG_FILES = [
  ...new Set([...readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.json')), path.basename(OPTIONAL_CONFIG)])
];

/** Every key path of a JSON value: `a`, `a.b`, `a[].b`, and each plain key on its own. */
function keyPaths(value: unknown, prefix: string, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) keyPaths(v, `${prefix}[]`, out);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = prefix ? `${prefix}.${k}` : k;
      out.add(k);
      out.add(p);
      keyPaths(v, p, out);
    }
  }
}

/**
 * Keys the compliance register's loader reads that this repository's register happens not to use
 * (an optional field of an entry). The test below holds each to the loader's source.
 */
const REGISTER_SCHEMA: Record<string, string> = {
  'baas[].vendor': 'b.vendor',
  'baas[].namespace': 'b.namespace',
  'baas[].scope': 'b.scope',
  'baas[].contact': 'b.contact',
  'baas[].apps': 'b.apps',
  'baas[].signed': "'signed'",
  'baas[].expires': "'expires'",
  'baas[].handlesPhi': 'b.handlesPhi',
  'backups[].name': 'b.name',
  'backups[].includesPhi': 'b.includesPhi',
  'backups[].encryptionAttested': 'b.encryptionAttested'
};
const REGISTER_LOADER = 'scripts/src/posture/source/config-files.ts';

/** The config vocabulary: keys of the config files, ids of their entries, and the loaders' schema. */
function configVocabulary(): Set<string> {
  const out = new Set<string>([
    ...Object.keys(DEFAULT_CONFIG),
    ...Object.keys(REGISTER_ITEMS),
    ...Object.keys(REGISTER_SCHEMA),
    ...Object.keys(REGISTER_SCHEMA).map((k) => k.split('.').pop()!)
  ]);
  for (const f of CONFIG_FILES) {
    if (!existsSync(path.join(CONFIG_DIR, f))) continue;
    const json: unknown = JSON.parse(readFileSync(path.join(CONFIG_DIR, f), 'utf8'));
    keyPaths(json, '', out);
    const entries = (json as { prerequisites?: { id: string }[] }).prerequisites ?? [];
    for (const e of entries) out.add(e.id);
  }
  return out;
}
const CONFIG_KEYS = configVocabulary();

/** A sentence speaks of configuration when it names a config file, the register or the prerequisites. */
const CONFIG_CONTEXT = new RegExp(
  [...CONFIG_FILES.map((f) => f.replace('.', '\\.')), '\\bregister', 'prerequisite'].join('|'),
  'i'
);

/**
 * Property names of the Metadata API types (@salesforce/types, generated from the WSDL): a token that
 * is one (`enableEventLogGeneration`, `complianceGroup`) names metadata, not our configuration.
 */
const METADATA_NAMES = new Set(
  [
    ...readFileSync(
      path.join(REPO_ROOT, 'node_modules', '@salesforce', 'types', 'lib', 'metadata.d.ts'),
      'utf8'
    ).matchAll(/^\s+([A-Za-z][A-Za-z0-9]*)\??:/gm)
  ].map((m) => m[1]!)
);

/** The sentences of a paragraph (a table row is one), each with the line it starts on. */
function sentences(paragraph: string): string[] {
  return paragraph
    .split('\n')
    .flatMap((row) => (row.trimStart().startsWith('|') ? [`\n${row}\n`] : [row]))
    .join(' ')
    .split(/(?<=[.!?;])\s+(?=[A-Za-z`*([])|\n/)
    .filter((x) => x.trim());
}

/**
 * Backticked tokens shaped like a config key, in a sentence that speaks of configuration: camelCase or
 * a dotted or [] path (`keyRotationDays`, `baas[].namespace`), or a kebab-case entry id
 * (`event-monitoring`). A file name or a Metadata API name is not one. One plain lower-case word
 * (`baas`, but also `verify`) is not told apart from prose, so it is not checked.
 */
function citedConfigKeys(text: string, paragraph = text): string[] {
  const mine = new Set(backticked(text));
  return sentences(paragraph)
    .filter((sentence) => CONFIG_CONTEXT.test(sentence))
    .flatMap(backticked)
    .filter((t) => mine.has(t))
    .filter(
      (t) =>
        !METADATA_NAMES.has(t) &&
        !/\.(json|xml|md|ts|js|cls|csv|sha256|yml|txt|html|pdf)$/.test(t) &&
        (/^[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*(\[\])?(\.[a-z][A-Za-z0-9]*(\[\])?)*$/.test(t) ||
          /^[a-z][A-Za-z0-9]*(\[\])?(\.[a-z][A-Za-z0-9]*(\[\])?)+$/.test(t) ||
          /^[a-z][a-z0-9]*(-[a-z0-9]+){2,}$/.test(t))
    )
    .filter((t, i, all) => all.indexOf(t) === i);
}

// Repository paths -------------------------------------------------------------------------------

const TOP_DIRS = readdirSync(REPO_ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !['node_modules', '.git'].includes(d.name))
  .map((d) => d.name);

/**
 * Paths a line cites: backticked tokens that start with a top-level directory of the repository, and
 * relative markdown link targets. Globs, placeholders and git-ignored output (.phi-guard/) are not
 * files to look for.
 */
function citedPaths(l: Line): { cited: string; resolved: string }[] {
  const out: { cited: string; resolved: string }[] = [];
  for (const t of backticked(l.text)) {
    const p = t.split(/[\s:#]/)[0]!.replace(/[,.;)]+$/, '');
    if (!p.includes('/') || /[*<>{}…]/.test(p) || p.startsWith('.phi-guard/')) continue;
    if (!TOP_DIRS.includes(p.split('/')[0]!)) continue;
    out.push({ cited: p, resolved: path.join(REPO_ROOT, p) });
  }
  for (const m of l.text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1]!.split('#')[0]!;
    if (!target || /^[a-z]+:/.test(target) || /[*<>{}]/.test(target)) continue;
    out.push({ cited: target, resolved: path.resolve(REPO_ROOT, path.dirname(l.doc), target) });
  }
  return out;
}

// The tests --------------------------------------------------------------------------------------

describe('what README.md and docs/*.md cite exists', () => {
  it('reads the documents', () => {
    expect(DOCS).toContain('README.md');
    expect(DOCS.length).toBeGreaterThanOrEqual(6);
    expect(LINES.length).toBeGreaterThan(500);
  });

  it('every check id is in scripts/src/checks/registry.ts', () => {
    const cited = LINES.flatMap((l) => citedCheckIds(l.text).map((id) => ({ l, id })));
    expect(cited.length).toBeGreaterThan(30);
    const unknown = cited
      .filter(({ id }) => !CHECK_IDS.has(id) && !(id in OUTSIDE_REGISTRY))
      .map(
        ({ l, id }) => `${where(l)} cites check ${id}, which scripts/src/checks/registry.ts does not hold`
      );
    expect(unknown).toEqual([]);
  });

  it('the register keys taken from the loader are read by it', () => {
    const loader = readFileSync(path.join(REPO_ROOT, REGISTER_LOADER), 'utf8');
    for (const [key, code] of Object.entries(REGISTER_SCHEMA))
      expect([key, loader.includes(code)]).toEqual([key, true]);
  });

  it('an id cited outside the registry is defined where the exception says', () => {
    for (const [id, file] of Object.entries(OUTSIDE_REGISTRY))
      expect([id, readFileSync(path.join(REPO_ROOT, file), 'utf8').includes(`'${id}'`)]).toEqual([id, true]);
  });

  it('every config key is a key of a config file or of the verify config', () => {
    const cited = LINES.flatMap((l) => citedConfigKeys(l.text, l.paragraph).map((key) => ({ l, key })));
    expect(cited.length).toBeGreaterThan(5);
    const unknown = cited
      .filter(({ key }) => !CONFIG_KEYS.has(key))
      .map(({ l, key }) => `${where(l)} cites config key \`${key}\`, which no file in config/ holds`);
    expect(unknown).toEqual([]);
  });

  it('every repository path exists', () => {
    const cited = LINES.flatMap((l) => citedPaths(l).map((p) => ({ l, ...p })));
    expect(cited.length).toBeGreaterThan(30);
    const missing = cited
      .filter(({ cited: p, resolved }) => p !== OPTIONAL_CONFIG && !existsSync(resolved))
      .map(({ l, cited: p }) => `${where(l)} cites ${p}, which does not exist`);
    expect(missing).toEqual([]);
  });
});

describe('the citation finders (they must fire, or the checks above prove nothing)', () => {
  const at = (text: string): Line => ({ doc: 'docs/x.md', line: 1, text, paragraph: text });

  it('finds check ids of known families only', () => {
    expect(citedCheckIds('ORG-102 and ORG-106, SHA-256, ISO-8601, ORG-999')).toEqual([
      'ORG-102',
      'ORG-106',
      'ORG-999'
    ]);
    expect(CHECK_IDS.has('ORG-999')).toBe(false);
  });

  it('finds config keys only where a line speaks of configuration', () => {
    expect(
      citedConfigKeys('the compliance register (`knownGaps`, `reads-outside-apex`, `baas[].namespace`)')
    ).toEqual(['knownGaps', 'reads-outside-apex', 'baas[].namespace']);
    expect(citedConfigKeys('`revealField` costs 3 queries')).toEqual([]);
    expect(CONFIG_KEYS.has('knownGaps')).toBe(false);
    expect(CONFIG_KEYS.has('baas[].namespace')).toBe(true);
    expect(CONFIG_KEYS.has('event-monitoring')).toBe(true);
  });

  it('finds repository paths and relative links, and skips globs and generated output', () => {
    expect(
      citedPaths(
        at(
          'see `config/nope.json`, `force-app/main/default/objects/*/fields/`, `.phi-guard/artifacts/x.png`, [a](other.md#x), [b](https://example.com)'
        )
      ).map((p) => p.cited)
    ).toEqual(['config/nope.json', 'other.md']);
    expect(citedPaths(at('[a](other.md)'))[0]!.resolved).toBe(path.join(REPO_ROOT, 'docs', 'other.md'));
  });
});
