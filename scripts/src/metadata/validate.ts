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
import { rulesFor, type SemanticRule } from './rules';
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
/** The xsd:boolean lexical forms (compared, not looked up: no hash of each value). */
const isBoolean = (v: string) => v === 'true' || v === 'false' || v === '1' || v === '0';

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
  complex(walk, root, compiledType(schema, root.name));
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

/**
 * How the content of an element of a declared type is checked, settled once per type name and schema (`contentOf`)
 * rather than per element: a large project's permission sets and profiles hold hundreds of thousands of elements.
 * - `skip`: `any`, or a type referenced but not declared (nothing to check against);
 * - `value`: a scalar or an enumeration: no child elements, and a present value must be a boolean, a number or one
 *   of the enumeration's values (`values`, the published set) as the type says;
 * - `complex`: child elements, each a field the type accepts (`type`, compiled when first met).
 * One class for the three, so the walk meets objects of one shape.
 */
class Content {
  type: CompiledType | undefined = undefined;
  constructor(
    readonly kind: 'skip' | 'value' | 'complex',
    readonly name: string,
    readonly boolean = false,
    readonly number = false,
    readonly values: ReadonlySet<string> | undefined = undefined
  ) {}
}

/** A complex type as the walk checks it: the fields it accepts ('opaque': any content) and its semantic rules. */
interface CompiledType {
  name: string;
  fields: Map<string, Content | 'opaque'>;
  rules: readonly SemanticRule[];
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

function complex(w: Walk, node: XmlNode, type: CompiledType): void {
  const fields = type.fields;
  // Siblings often share a name (a set's hundreds of <fieldPermissions>): the previous one's field is reused, without
  // a look-up (and so a hash) of each name.
  let lastName: string | undefined;
  let lastSpec: Content | 'opaque' | undefined;
  for (const c of node.children) {
    const name = c.name;
    const spec = name === lastName ? lastSpec : (lastSpec = fields.get((lastName = name)));
    if (spec === 'opaque') continue;
    if (!spec) {
      w.names.push(c.name);
      report(w, c, 'unknown-element', m.kind.unknownElement(type.name));
      w.names.pop();
    } else if (spec.kind !== 'skip') {
      w.names.push(c.name);
      value(w, c, spec);
      w.names.pop();
    }
  }
  if (type.rules.length === 0) return;
  for (const r of type.rules) {
    const el = node.children.find((c) => c.name === r.field);
    // As for types, an empty element is "not set".
    if (!r.ok(el?.text || undefined, node))
      report(w, el ?? node, 'rule', m.kind.rule(r.rule, r.url), r.url, el ? r.field : undefined);
  }
}

function value(w: Walk, node: XmlNode, spec: Content): void {
  const hasChildren = node.children.length > 0;
  if (spec.kind === 'value') {
    if (hasChildren) return report(w, node, 'nesting', m.kind.expectedValue);
    // An empty element is read as "not set" (retrieved source carries them, e.g. <gender></gender>
    // in translations, and deploys): only a present value is checked.
    const text = node.text;
    if (text === '') return;
    if (spec.boolean && !isBoolean(text)) return report(w, node, 'boolean', m.kind.notBoolean);
    if (spec.number && !NUMBER.test(text)) return report(w, node, 'number', m.kind.notNumber);
    const values = spec.values;
    if (values && !values.has(text) && !allowedEnumValue(spec.name, text))
      report(w, node, 'enum', m.kind.enumValue(spec.name, [...values]));
    return;
  }
  if (!hasChildren && node.text) return report(w, node, 'nesting', m.kind.expectedElements(spec.name));
  complex(w, node, (spec.type ??= compiledType(w.schema, spec.name)));
}

/** A file of SDR type Settings has a root named <Name>Settings; other types must match exactly. */
function rootMatches(schema: MetadataSchema, root: string, sdrType: string): boolean {
  if (sdrType === 'Settings') return root.endsWith('Settings');
  return withSubtypes(schema, sdrType).includes(root);
}

/** Per schema: the content check of each type name met, and each complex type compiled. */
const compiledCache = new WeakMap<
  MetadataSchema,
  { contents: Map<string, Content>; types: Map<string, CompiledType> }
>();
function cacheOf(schema: MetadataSchema) {
  let c = compiledCache.get(schema);
  if (!c) compiledCache.set(schema, (c = { contents: new Map(), types: new Map() }));
  return c;
}

/** How an element of type `typeName` is checked (one object per type name, shared by every field of that type). */
function contentOf(schema: MetadataSchema, typeName: string): Content {
  const cache = cacheOf(schema).contents;
  let c = cache.get(typeName);
  if (c) return c;
  if (typeName === 'any') c = new Content('skip', typeName);
  else if (isScalar(typeName) || schema.enums.has(typeName))
    c = new Content(
      'value',
      typeName,
      typeName === 'boolean',
      typeName === 'number',
      schema.enums.get(typeName)
    );
  else if (!schema.types.has(typeName))
    c = new Content('skip', typeName); // referenced but not declared
  else c = new Content('complex', typeName);
  cache.set(typeName, c);
  return c;
}

/** A declared complex type's fields (see acceptedFields) with their content checks, and its rules. Cached. */
function compiledType(schema: MetadataSchema, typeName: string): CompiledType {
  const cache = cacheOf(schema).types;
  let t = cache.get(typeName);
  if (t) return t;
  const fields = new Map<string, Content | 'opaque'>();
  for (const [k, v] of acceptedFields(schema, typeName))
    fields.set(k, v === 'opaque' ? v : contentOf(schema, v.type));
  t = { name: typeName, fields, rules: rulesFor(typeName) };
  cache.set(typeName, t);
  return t;
}

/**
 * Fields an element of a complex type accepts: its own and inherited ones, those of its subtypes
 * (an element may carry xsi:type), and allow-list entries for it or its bases (which take
 * precedence: they also correct fields the WSDL types too narrowly).
 */
function acceptedFields(schema: MetadataSchema, typeName: string): Map<string, FieldSpec | 'opaque'> {
  const u = new Map<string, FieldSpec | 'opaque'>();
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
