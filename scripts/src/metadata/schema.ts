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
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

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

/** The schema of the installed @salesforce/types, parsed once and kept in memory. */
export function metadataSchema(): MetadataSchema {
  if (!cached) {
    const dts = require.resolve('@salesforce/types/metadata').replace(/\.js$/, '.d.ts');
    const pkgFile = path.join(path.dirname(dts), '..', 'package.json');
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
    cached = parseDeclarations(readFileSync(dts, 'utf8'), pkg.version);
  }
  return cached;
}

/** Parses a metadata.d.ts text into a schema (exported for tests on small inputs). */
export function parseDeclarations(text: string, version = 'test'): MetadataSchema {
  const sf = ts.createSourceFile('metadata.d.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const schema: MetadataSchema = { version, types: new Map(), enums: new Map(), subtypes: new Map() };
  /** `export type A = B;`: an enumeration's alias, or a complex type extending B with no own fields. */
  const aliases: [string, string][] = [];
  for (const st of sf.statements) {
    if (!ts.isTypeAliasDeclaration(st)) continue;
    const name = st.name.text;
    const t = st.type;
    if (ts.isUnionTypeNode(t) && t.types.every((u) => ts.isLiteralTypeNode(u))) {
      const values = new Set<string>();
      for (const u of t.types) {
        const lit = (u as ts.LiteralTypeNode).literal;
        if (ts.isStringLiteral(lit)) values.add(lit.text);
      }
      schema.enums.set(name, values);
    } else if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) {
      schema.enums.set(name, new Set([t.literal.text]));
    } else if (ts.isTypeLiteralNode(t)) {
      schema.types.set(name, { name, fields: fieldsOfLiteral(t) });
    } else if (ts.isTypeReferenceNode(t)) {
      aliases.push([name, t.typeName.getText(sf)]);
    } else if (ts.isIntersectionTypeNode(t)) {
      let base: string | undefined;
      let fields = new Map<string, FieldSpec>();
      for (const part of t.types) {
        if (ts.isTypeReferenceNode(part)) base = part.typeName.getText(sf);
        else if (ts.isTypeLiteralNode(part)) fields = fieldsOfLiteral(part);
      }
      schema.types.set(name, { name, base, fields });
      if (base) {
        const list = schema.subtypes.get(base) ?? [];
        list.push(name);
        schema.subtypes.set(base, list);
      }
    }
  }
  for (const [name, target] of aliases) {
    const values = schema.enums.get(target);
    if (values) {
      schema.enums.set(name, values);
      continue;
    }
    schema.types.set(name, { name, base: target, fields: new Map() });
    schema.subtypes.set(target, [...(schema.subtypes.get(target) ?? []), name]);
  }
  return schema;

  function fieldsOfLiteral(lit: ts.TypeLiteralNode): Map<string, FieldSpec> {
    const out = new Map<string, FieldSpec>();
    for (const m of lit.members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const fname = m.name.getText(sf).replace(/^['"]|['"]$/g, '');
      let ft = m.type;
      let array = false;
      if (ts.isArrayTypeNode(ft)) {
        array = true;
        ft = ft.elementType;
      }
      out.set(fname, { type: typeName(ft), array });
    }
    return out;
  }

  function typeName(node: ts.TypeNode): string {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return 'string';
      case ts.SyntaxKind.NumberKeyword:
        return 'number';
      case ts.SyntaxKind.BooleanKeyword:
        return 'boolean';
      default:
        return ts.isTypeReferenceNode(node) ? node.typeName.getText(sf) : 'any';
    }
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
