/**
 * The deployability layer: every metadata file checked against the Metadata API types published in
 * @salesforce/types, plus the semantic rule table. Used by `npm test` (metadata-validate), by
 * `verify` (a finding per rejected file, and the collections it feeds become incomplete) and by the
 * deploy gate. Linear in the size of the files; the schema is parsed once per process.
 *
 * Never copies a value from a file into a problem: values can be PHI or secrets.
 */
import { readText, RefusedFile, SOURCE_FILE_CAP } from '../files/read';
import { metadataMsg as m } from '../messages/metadata';
import { parseXml, XmlError, type XmlNode } from '../posture/xml';
import { ALLOW_LIST, allowedEnumValue, allowedType } from './allow-list';
import { validateBundleContent } from './bundle-content';
import { rulesFor } from './rules';
import type { Resolution } from './resolve';
import {
  fieldsOf,
  isScalar,
  metadataSchema,
  withSubtypes,
  type FieldSpec,
  type MetadataSchema
} from './schema';

export type ProblemKind =
  | 'unknown-element'
  | 'enum'
  | 'boolean'
  | 'number'
  | 'nesting'
  | 'root'
  | 'rule'
  | 'malformed'
  | 'unresolved';

export interface MetadataProblem {
  /** Project-relative file. */
  file: string;
  line?: number;
  /** Element path from the root, e.g. SecuritySettings/sessionSettings/sessionTimeout. */
  path: string;
  kind: ProblemKind;
  /** Metadata type of the file (SDR's name). */
  type: string;
  /** The message: kind of error and what is allowed, never the value found. */
  message: string;
  /** Reference page for semantic rules. */
  url?: string;
}

export interface MetadataValidation {
  schemaVersion: string;
  filesChecked: number;
  problems: MetadataProblem[];
}

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const BOOLEAN = new Set(['true', 'false', '1', '0']);

/** Validates one parsed metadata file whose SDR type is `sdrType`; problems are appended to `out`. */
export function validateNode(
  root: XmlNode,
  sdrType: string,
  file: string,
  out: MetadataProblem[],
  schema: MetadataSchema = metadataSchema()
): void {
  const walk: Walk = { schema, file, sdrType, out, names: [root.name] };
  const rootType = schema.types.get(root.name);
  const lagging = allowedType(root.name);
  if (lagging) return; // a type the published schema lacks: see ALLOW_TYPES (not checked)
  if (!rootType) {
    report(walk, root, 'root', m.kind.unknownRoot);
    return;
  }
  if (root.name !== sdrType && !rootMatches(schema, root.name, sdrType)) {
    report(walk, root, 'root', m.kind.wrongRoot(sdrType));
    return;
  }
  complex(walk, root, root.name);
}

/**
 * One file's walk. The element path is kept as a stack of names and joined only for a problem: most elements
 * have none, and a string per element is most of this walk's allocation. (Plain functions over this state rather
 * than closures per file: a large project validates tens of thousands of files.)
 */
interface Walk {
  schema: MetadataSchema;
  file: string;
  sdrType: string;
  out: MetadataProblem[];
  names: string[];
}

function report(
  w: Walk,
  node: XmlNode,
  kind: ProblemKind,
  message: string,
  url?: string,
  extra?: string
): void {
  const path = extra ? [...w.names, extra].join('/') : w.names.join('/');
  w.out.push({ file: w.file, line: node.line, path, kind, type: w.sdrType, message, url });
}

function complex(w: Walk, node: XmlNode, typeName: string): void {
  const fields = acceptedFields(w.schema, typeName);
  for (const c of node.children) {
    const spec = fields.get(c.name);
    if (spec === 'opaque') continue;
    w.names.push(c.name);
    if (!spec) report(w, c, 'unknown-element', m.kind.unknownElement(typeName));
    else value(w, c, spec.type);
    w.names.pop();
  }
  for (const r of rulesFor(typeName)) {
    const el = node.children.find((c) => c.name === r.field);
    // As for types, an empty element is "not set".
    if (!r.ok(el?.text || undefined, node))
      report(w, el ?? node, 'rule', m.kind.rule(r.rule, r.url), r.url, el ? r.field : undefined);
  }
}

function value(w: Walk, node: XmlNode, typeName: string): void {
  if (typeName === 'any') return;
  const schema = w.schema;
  const hasChildren = node.children.length > 0;
  if (isScalar(typeName) || schema.enums.has(typeName)) {
    if (hasChildren) return report(w, node, 'nesting', m.kind.expectedValue);
    // An empty element is read as "not set" (retrieved source carries them, e.g. <gender></gender>
    // in translations, and deploys): only a present value is checked.
    if (node.text === '') return;
    if (typeName === 'boolean' && !BOOLEAN.has(node.text))
      return report(w, node, 'boolean', m.kind.notBoolean);
    if (typeName === 'number' && !NUMBER.test(node.text)) return report(w, node, 'number', m.kind.notNumber);
    const values = schema.enums.get(typeName);
    if (values && !values.has(node.text) && !allowedEnumValue(typeName, node.text))
      report(w, node, 'enum', m.kind.enumValue(typeName, [...values]));
    return;
  }
  if (!schema.types.has(typeName)) return; // referenced but not declared: nothing to check against
  if (!hasChildren && node.text) return report(w, node, 'nesting', m.kind.expectedElements(typeName));
  complex(w, node, typeName);
}

/** A file of SDR type Settings has a root named <Name>Settings; other types must match exactly. */
function rootMatches(schema: MetadataSchema, root: string, sdrType: string): boolean {
  if (sdrType === 'Settings') return root.endsWith('Settings');
  return withSubtypes(schema, sdrType).includes(root);
}

/**
 * Fields an element of a complex type accepts: its own and inherited ones, those of its subtypes
 * (an element may carry xsi:type), and allow-list entries for it or its bases (which take
 * precedence: they also correct fields the WSDL types too narrowly). Cached per type.
 */
const acceptedCache = new WeakMap<MetadataSchema, Map<string, Map<string, FieldSpec | 'opaque'>>>();
function acceptedFields(schema: MetadataSchema, typeName: string): Map<string, FieldSpec | 'opaque'> {
  let perSchema = acceptedCache.get(schema);
  if (!perSchema) acceptedCache.set(schema, (perSchema = new Map()));
  let u = perSchema.get(typeName);
  if (u) return u;
  u = new Map();
  const names = typeName === 'Metadata' ? [typeName] : withSubtypes(schema, typeName);
  for (const n of names) {
    const t = schema.types.get(n);
    if (t) for (const [k, v] of fieldsOf(schema, t)) if (!u.has(k)) u.set(k, v);
  }
  const chain: string[] = [];
  for (let n: string | undefined = typeName; n && chain.length < 20; n = schema.types.get(n)?.base)
    chain.push(n);
  for (const n of chain.reverse()) {
    for (const e of ALLOW_LIST)
      if (e.type === n) u.set(e.field, e.as === 'opaque' ? 'opaque' : { type: e.as, array: false });
  }
  perSchema.set(typeName, u);
  return u;
}

export interface ValidateOptions {
  /** Project-relative path of an absolute file. */
  relative: (file: string) => string;
  /** The project root, whose sfdx-project.json may customise SDR's registry. */
  projectDir?: string;
  /** The files come from a walk that follows no link (files/read.ts `walked`): no real-path lookup per file. */
  walked?: boolean;
}

/** Validates every metadata file of the package directories. */
export function validatePackageDirs(packageDirs: string[], opts: ValidateOptions): MetadataValidation {
  // Loaded here: SDR (and the Salesforce SDK it loads) only when a command types files itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { resolveMetadataFiles } = require('./resolve') as typeof import('./resolve');
  return validateResolved(resolveMetadataFiles(packageDirs, opts.projectDir), opts);
}

/**
 * Validates resolved files, except those in `done` (already validated from a tree the caller
 * parsed); `prior` problems (from those) are merged in. Problems are sorted by file and line.
 */
export function validateResolved(
  resolution: Resolution,
  opts: ValidateOptions,
  done: ReadonlySet<string> = new Set(),
  prior: MetadataProblem[] = []
): MetadataValidation {
  const schema = metadataSchema();
  const problems: MetadataProblem[] = [...prior];
  for (const u of resolution.unresolved) {
    problems.push({
      file: opts.relative(u.file),
      path: '',
      kind: 'unresolved',
      type: '',
      message: m.kind.unresolved(u.reason)
    });
  }
  for (const f of resolution.files) {
    if (done.has(f.file)) continue;
    const relFile = opts.relative(f.file);
    let content: string;
    try {
      content = readText(f.file, { display: relFile, cap: SOURCE_FILE_CAP, walked: opts.walked });
    } catch (e) {
      if (!(e instanceof RefusedFile)) throw e;
      problems.push({
        file: relFile,
        path: '',
        kind: 'malformed',
        type: f.type,
        message: m.kind.unreadable(e.reason)
      });
      continue;
    }
    let root: XmlNode;
    try {
      root = parseXml(content);
    } catch (e) {
      if (!(e instanceof XmlError)) throw e;
      problems.push({
        file: relFile,
        line: e.line,
        path: '',
        kind: 'malformed',
        type: f.type,
        message: m.kind.malformed(e.message)
      });
      continue;
    }
    validateNode(root, f.type, relFile, problems, schema);
  }
  // Site bundles' JSON content, which the WSDL types do not describe (./bundle-content.ts).
  const bundles = validateBundleContent(resolution.files, opts.relative);
  problems.push(...bundles.problems);
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return {
    schemaVersion: schema.version,
    filesChecked: resolution.files.length + resolution.unresolved.length + bundles.filesChecked,
    problems
  };
}

/** One line for a problem: file:line: <path> message. */
export const formatProblem = (p: MetadataProblem) => m.problem(p.file, p.line, p.path, p.message);
