/**
 * The Metadata API schema, derived at run time from `@salesforce/types` (`lib/metadata.d.ts`, which
 * the package generates from the Metadata API WSDL). Nothing here is a hand-written type table: the
 * declaration file is parsed with the TypeScript compiler API once per process and cached.
 *
 * Shapes in the declaration file:
 *   export type X = 'a' | 'b';                  an enumeration (xsd:string restriction)
 *   export type X = { f?: T; g: U[] };          a complex type
 *   export type X = Base & { ... };             a complex type extending Base (xsd:extension)
 * Field types are string | number | boolean | any | an enumeration | a complex type, or an array.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Scalar = 'string' | 'number' | 'boolean' | 'any';

export interface FieldSpec {
  /** A scalar, or the name of an enumeration or complex type. */
  type: string;
  array: boolean;
}

export interface ComplexType {
  name: string;
  base?: string;
  /** Own fields only; see `fieldsOf` for inherited ones. */
  fields: Map<string, FieldSpec>;
}

export interface MetadataSchema {
  /** Version of @salesforce/types the schema came from. */
  version: string;
  types: Map<string, ComplexType>;
  enums: Map<string, ReadonlySet<string>>;
  /** Direct subtypes (for xsi:type polymorphism). */
  subtypes: Map<string, string[]>;
}

const SCALARS = new Set(['string', 'number', 'boolean', 'any']);
export const isScalar = (t: string): t is Scalar => SCALARS.has(t);

let cached: MetadataSchema | undefined;
/** Bump when the derivation (schema-derive.ts) changes, so no stale cache is read. */
const CACHE_FORMAT = 1;

/**
 * The schema of the installed @salesforce/types, kept in memory. Deriving it needs the TypeScript
 * compiler (slow to load), so the derived schema is also cached on disk beside node_modules, keyed
 * by the package version and the declaration file's size; a stale or unreadable cache is rebuilt.
 */
export function metadataSchema(): MetadataSchema {
  if (cached) return cached;
  const dts = require.resolve('@salesforce/types/metadata').replace(/\.js$/, '.d.ts');
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(dts), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const key = `${pkg.version}-${statSync(dts).size}-f${CACHE_FORMAT}`;
  const cacheFile = path.join(
    path.dirname(dts),
    '..',
    '..',
    '..',
    '.cache',
    'phi-guard',
    `metadata-schema-${key}.json`
  );
  cached = readCache(cacheFile);
  if (!cached) {
    // Loaded only when the cache is missing: the compiler is large.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseDeclarations } = require('./schema-derive') as typeof import('./schema-derive');
    cached = parseDeclarations(readFileSync(dts, 'utf8'), pkg.version);
    writeCache(cacheFile, cached);
  }
  return cached;
}

interface SchemaJson {
  version: string;
  types: [string, string | undefined, [string, string, boolean][]][];
  enums: [string, string[]][];
  subtypes: [string, string[]][];
}

/**
 * A complex type read from the cache, whose field map is built when first asked for: a run reads the fields of the
 * few dozen types its files use, out of the schema's 1,800 (14,600 fields).
 */
class CachedType implements ComplexType {
  private built: Map<string, FieldSpec> | undefined;
  constructor(
    readonly name: string,
    readonly base: string | undefined,
    private readonly raw: [string, string, boolean][]
  ) {}
  get fields(): Map<string, FieldSpec> {
    return (this.built ??= new Map(this.raw.map(([f, type, array]) => [f, { type, array }])));
  }
}

function readCache(file: string): MetadataSchema | undefined {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as SchemaJson;
    return {
      version: j.version,
      types: new Map(
        j.types.map(([name, base, fields]) => [name, new CachedType(name, base ?? undefined, fields)])
      ),
      enums: new Map(j.enums.map(([k, v]) => [k, new Set(v)])),
      subtypes: new Map(j.subtypes)
    };
  } catch {
    return undefined;
  }
}

function writeCache(file: string, s: MetadataSchema): void {
  const j: SchemaJson = {
    version: s.version,
    types: [...s.types.values()].map((t) => [
      t.name,
      t.base,
      [...t.fields].map(([f, spec]) => [f, spec.type, spec.array] as [string, string, boolean])
    ]),
    enums: [...s.enums].map(([k, v]) => [k, [...v]]),
    subtypes: [...s.subtypes]
  };
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(j));
    renameSync(tmp, file);
  } catch {
    // A read-only install: derive again next time.
  }
}

/** Every field of a complex type, its own and its bases' (cached per type). */
const fieldCache = new WeakMap<ComplexType, Map<string, FieldSpec>>();
export function fieldsOf(schema: MetadataSchema, type: ComplexType): Map<string, FieldSpec> {
  let all = fieldCache.get(type);
  if (all) return all;
  all = new Map();
  const chain: ComplexType[] = [];
  for (
    let t: ComplexType | undefined = type;
    t && chain.length < 20;
    t = t.base ? schema.types.get(t.base) : undefined
  )
    chain.unshift(t);
  for (const t of chain) for (const [k, v] of t.fields) all.set(k, v);
  fieldCache.set(type, all);
  return all;
}

/** A type and all its (transitive) subtypes: an element of type T may carry xsi:type of any of them. */
export function withSubtypes(schema: MetadataSchema, name: string): string[] {
  const out = [name];
  for (let i = 0; i < out.length && out.length < 500; i++) out.push(...(schema.subtypes.get(out[i]!) ?? []));
  return out;
}
