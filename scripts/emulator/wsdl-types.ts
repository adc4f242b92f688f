/**
 * The Metadata API types as the emulator knows them: read from `@salesforce/types/lib/metadata.d.ts`, which that
 * package generates from the Metadata API WSDL. The emulator derives them itself (it imports nothing from the
 * project's deployability layer), with the TypeScript compiler's parser.
 *
 * The declaration file uses four shapes, which map back to XML Schema as follows:
 *   type E = 'a' | 'b';            an xsd:string restriction (enumeration)
 *   type T = { f?: X; g: Y[] };    a complexType; `?` is minOccurs="0", `[]` is maxOccurs="unbounded"
 *   type T = B & { ... };          a complexType extending B (xsd:extension); `A & B & {...}` extends both
 *   type T = B;                    an alias: the same enumeration, or an extension with no own fields
 * Field types are string, number (xsd:int and xsd:double), boolean, any (xsd:anyType), or a named type.
 *
 * Deriving needs the TypeScript compiler (a slow load), so the result is kept on disk under node_modules/.cache,
 * keyed by the SHA-256 of the declaration file; a missing, stale or unreadable cache is derived again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface WsdlField {
  /** 'string' | 'number' | 'boolean' | 'any' or a type name. */
  type: string;
  many: boolean;
  optional: boolean;
}

export interface WsdlComplex {
  bases: string[];
  fields: Record<string, WsdlField>;
}

export interface WsdlTypes {
  /** SHA-256 of the declaration file the types came from. */
  digest: string;
  complex: Map<string, WsdlComplex>;
  enums: Map<string, ReadonlySet<string>>;
}

/** Bump when the derivation changes, so no cache of an older derivation is read. */
const DERIVATION = 2;
const loaded = new Map<string, WsdlTypes>();

/** The Metadata API types (metadata.d.ts). */
export function metadataTypes(): WsdlTypes {
  return typesOf(require.resolve('@salesforce/types/metadata').replace(/\.js$/, '.d.ts'));
}

/** The Tooling API types (tooling.d.ts): its sObjects and their fields. */
export function toolingTypes(): WsdlTypes {
  return typesOf(require.resolve('@salesforce/types/tooling').replace(/\.js$/, '.d.ts'));
}

function typesOf(dtsFile: string): WsdlTypes {
  const hit = loaded.get(dtsFile);
  if (hit) return hit;
  const text = readFileSync(dtsFile, 'utf8');
  const digest = createHash('sha256').update(text).digest('hex');
  const cacheFile = path.join(
    path.dirname(require.resolve('typescript/package.json')),
    '..',
    '.cache',
    'phi-guard-emulator',
    `${path.basename(dtsFile, '.d.ts')}-${digest.slice(0, 16)}-d${DERIVATION}.json`
  );
  let types = readCache(cacheFile, digest);
  if (!types) {
    types = deriveTypes(text, digest);
    writeCache(cacheFile, types);
  }
  loaded.set(dtsFile, types);
  return types;
}

/** Derives the types from the text of a declaration file (exported for tests on small inputs). */
export function deriveTypes(text: string, digest = 'test'): WsdlTypes {
  // The compiler is loaded only here: it is large, and a warm cache never needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const source = ts.createSourceFile('types.d.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: WsdlTypes = { digest, complex: new Map(), enums: new Map() };
  const aliases = new Map<string, string>();

  const nameOf = (node: import('typescript').TypeNode): string => {
    if (node.kind === ts.SyntaxKind.StringKeyword) return 'string';
    if (node.kind === ts.SyntaxKind.NumberKeyword) return 'number';
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) return node.typeName.text;
    return 'any';
  };
  const literalFields = (lit: import('typescript').TypeLiteralNode): Record<string, WsdlField> => {
    const fields: Record<string, WsdlField> = {};
    for (const member of lit.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const key = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : '';
      if (!key) continue;
      const many = ts.isArrayTypeNode(member.type);
      const element = ts.isArrayTypeNode(member.type) ? member.type.elementType : member.type;
      fields[key] = { type: nameOf(element), many, optional: !!member.questionToken };
    }
    return fields;
  };

  for (const statement of source.statements) {
    if (!ts.isTypeAliasDeclaration(statement)) continue;
    const name = statement.name.text;
    const body = statement.type;
    const literals = ts.isUnionTypeNode(body) ? body.types : ts.isLiteralTypeNode(body) ? [body] : undefined;
    if (literals?.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) {
      out.enums.set(
        name,
        new Set(
          literals.map((t) => ((t as import('typescript').LiteralTypeNode).literal as { text: string }).text)
        )
      );
    } else if (ts.isTypeLiteralNode(body)) {
      out.complex.set(name, { bases: [], fields: literalFields(body) });
    } else if (ts.isIntersectionTypeNode(body)) {
      const complex: WsdlComplex = { bases: [], fields: {} };
      for (const part of body.types) {
        if (ts.isTypeLiteralNode(part)) Object.assign(complex.fields, literalFields(part));
        else complex.bases.push(nameOf(part));
      }
      out.complex.set(name, complex);
    } else if (ts.isTypeReferenceNode(body)) {
      aliases.set(name, nameOf(body));
    } else if (body.kind === ts.SyntaxKind.ObjectKeyword) {
      // `type Metadata = object` (tooling.d.ts): a base with no fields of its own.
      out.complex.set(name, { bases: [], fields: {} });
    }
  }
  for (const [name, target] of aliases) {
    const values = out.enums.get(target);
    if (values) out.enums.set(name, values);
    else out.complex.set(name, { bases: [target], fields: {} });
  }
  return out;
}

interface CacheJson {
  digest: string;
  complex: [string, WsdlComplex][];
  enums: [string, string[]][];
}

function readCache(file: string, digest: string): WsdlTypes | undefined {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as CacheJson;
    if (j.digest !== digest) return undefined;
    return {
      digest,
      complex: new Map(j.complex),
      enums: new Map(j.enums.map(([k, v]) => [k, new Set(v)]))
    };
  } catch {
    return undefined;
  }
}

function writeCache(file: string, t: WsdlTypes): void {
  const j: CacheJson = {
    digest: t.digest,
    complex: [...t.complex],
    enums: [...t.enums].map(([k, v]) => [k, [...v]])
  };
  // Written beside and then renamed over the cache, so a reader never sees half a file; a read-only install derives
  // the types again next time.
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(partial, JSON.stringify(j));
    renameSync(partial, file);
  } catch {
    rmSync(partial, { force: true });
  }
}

/** Every field of a complex type, its bases' first (a base's field is overridden by the type's own). */
export function allFields(types: WsdlTypes, name: string): Record<string, WsdlField> {
  const seen = new Set<string>();
  const collect = (n: string, into: Record<string, WsdlField>): void => {
    if (seen.has(n)) return;
    seen.add(n);
    const t = types.complex.get(n);
    if (!t) return;
    for (const b of t.bases) collect(b, into);
    Object.assign(into, t.fields);
  };
  const out: Record<string, WsdlField> = {};
  collect(name, out);
  return out;
}

/** True when `name` is `ancestor` or extends it (directly or not). */
export function extendsType(types: WsdlTypes, name: string, ancestor: string): boolean {
  const stack = [name];
  const seen = new Set<string>();
  while (stack.length) {
    const n = stack.pop() as string;
    if (n === ancestor) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(types.complex.get(n)?.bases ?? []));
  }
  return false;
}
