/**
 * A judge for org answers that the project did not write: the WSDL-derived types in `@salesforce/types`
 * (lib/metadata.d.ts, lib/tooling.d.ts), read through the TypeScript compiler's type checker. The checker resolves
 * every alias, intersection (`A & B & {...}`) and array itself, so this judge shares no derivation with the org
 * emulator's own reader of metadata.d.ts (scripts/emulator/wsdl-types.ts, a syntax walk) or with the project's
 * deployability layer.
 *
 * A value is checked against a named type: no property the type lacks, every required property present (an
 * array property may be absent: `T[]` is minOccurs 0 in the WSDL), enumeration values in range, scalars of the
 * right kind. Two encodings:
 * - 'json' (REST and Tooling): numbers and booleans are JSON's; null stands for a nil element
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm shows null values);
 * - 'xml' (SOAP, parsed by fast-xml-parser with every value kept as text): a number is a decimal numeral, a boolean
 *   is true/false/1/0 (XML Schema's lexical forms), one repeated element may arrive as a single value.
 * `partial` skips the required check: a SOQL record holds only the columns the query selected.
 */
import path from 'node:path';
import ts from 'typescript';

export type Encoding = 'json' | 'xml';

export interface CheckOptions {
  encoding: Encoding;
  /** Skip the required-property check at the top level (SOQL records). */
  partial?: boolean;
  /** Extra properties allowed at the top level (the REST `attributes` envelope of a record). */
  allow?: string[];
  /** Properties a reference page documents for a type (by name) that its published WSDL type lacks. */
  documented?: Record<string, string[]>;
  /** Enumeration values a reference page documents for a field (`Type.field`) that the published WSDL lacks. */
  documentedValues?: Record<string, string[]>;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^(-?INF|NaN)$/;
const BOOLEAN = /^(true|false|1|0)$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

export class WsdlContract {
  private readonly checker: ts.TypeChecker;
  private readonly exports = new Map<string, ts.Symbol>();
  readonly file: string;

  constructor(which: 'metadata' | 'tooling') {
    this.file = require.resolve(`@salesforce/types/${which}`).replace(/\.js$/, '.d.ts');
    const program = ts.createProgram([this.file], {
      noEmit: true,
      noLib: false,
      strict: true,
      skipLibCheck: true,
      types: []
    });
    this.checker = program.getTypeChecker();
    const source = program.getSourceFile(this.file) as ts.SourceFile;
    const module = this.checker.getSymbolAtLocation(source) as ts.Symbol;
    for (const s of this.checker.getExportsOfModule(module)) this.exports.set(s.name, s);
  }

  has(typeName: string): boolean {
    return this.exports.has(typeName);
  }

  /** The enumeration's values, for an alias of string literals. */
  enumValues(typeName: string): string[] | undefined {
    const t = this.typeOf(typeName);
    return t ? this.literals(t) : undefined;
  }

  private typeOf(name: string): ts.Type | undefined {
    const s = this.exports.get(name);
    return s ? this.checker.getDeclaredTypeOfSymbol(s) : undefined;
  }

  private literals(t: ts.Type): string[] | undefined {
    const parts = t.isUnion() ? t.types : [t];
    if (!parts.every((p) => p.isStringLiteral())) return undefined;
    return parts.map((p) => (p as ts.StringLiteralType).value);
  }

  /** Problems of `value` as a `typeName`; an empty list means it conforms. Paths name the property, never a value. */
  check(typeName: string, value: unknown, opts: CheckOptions): string[] {
    const t = this.typeOf(typeName);
    if (!t) return [`${typeName}: no such type in ${path.basename(this.file)}`];
    const out: string[] = [];
    this.value(t, value, typeName, opts, out, 0, true);
    return out;
  }

  private value(
    t: ts.Type,
    v: unknown,
    at: string,
    opts: CheckOptions,
    out: string[],
    depth: number,
    top = false
  ): void {
    if (depth > 40) return;
    const flags = t.getFlags();
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (v === null) {
      if (opts.encoding === 'json') return; // a nil element
      out.push(`${at}: null`);
      return;
    }
    const xml = opts.encoding === 'xml';
    if (flags & ts.TypeFlags.String) {
      if (typeof v !== 'string') out.push(`${at}: expected a string, got ${typeof v}`);
      return;
    }
    if (flags & ts.TypeFlags.Number) {
      if (xml ? !(typeof v === 'string' && NUMBER.test(v)) : typeof v !== 'number')
        out.push(`${at}: expected a number`);
      return;
    }
    if (flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) {
      if (xml ? !(typeof v === 'string' && BOOLEAN.test(v)) : typeof v !== 'boolean')
        out.push(`${at}: expected a boolean`);
      return;
    }
    const values = this.literals(t);
    if (values) {
      const known =
        typeof v === 'string' && (values.includes(v) || !!opts.documentedValues?.[at]?.includes(v));
      if (!known) out.push(`${at}: not a value of the enumeration`);
      return;
    }
    if (t.isUnion()) {
      // e.g. `T | null`: accept when any member accepts
      const results = t.types.map((m) => {
        const o: string[] = [];
        this.value(m, v, at, opts, o, depth + 1, top);
        return o;
      });
      if (!results.some((r) => r.length === 0)) out.push(...(results[0] ?? []));
      return;
    }
    const name = t.getSymbol()?.getName() ?? t.aliasSymbol?.getName();
    if (name === 'Date') {
      if (typeof v !== 'string' || !(DATE_TIME.test(v) || /^\d{4}-\d{2}-\d{2}$/.test(v)))
        out.push(`${at}: expected an xsd:dateTime or xsd:date`);
      return;
    }
    if (this.checker.isArrayType(t)) {
      const element = this.checker.getTypeArguments(t as ts.TypeReference)[0] as ts.Type;
      const list = Array.isArray(v) ? v : xml ? [v] : undefined;
      if (!list) return void out.push(`${at}: expected an array`);
      list.forEach((x, i) => this.value(element, x, `${at}[${i}]`, opts, out, depth + 1));
      return;
    }
    if (flags & ts.TypeFlags.NonPrimitive) {
      // `object` (tooling.d.ts: type Metadata = object): any object
      if (typeof v !== 'object') out.push(`${at}: expected an object`);
      return;
    }
    if (!(flags & ts.TypeFlags.Object) && !t.isIntersection()) return;
    if (typeof v !== 'object' || Array.isArray(v)) {
      // an empty XML element (e.g. <details/>) parses as '' and stands for an object with nothing set
      if (xml && v === '') return this.object(t, {}, at, opts, out, depth, top);
      return void out.push(`${at}: expected an object`);
    }
    this.object(t, v as Record<string, unknown>, at, opts, out, depth, top);
  }

  private object(
    t: ts.Type,
    v: Record<string, unknown>,
    at: string,
    opts: CheckOptions,
    out: string[],
    depth: number,
    top: boolean
  ): void {
    const props = new Map(this.checker.getPropertiesOfType(t).map((p) => [p.getName(), p]));
    const typeName = t.aliasSymbol?.getName() ?? t.getSymbol()?.getName() ?? '';
    const allowed = new Set([...(top ? (opts.allow ?? []) : []), ...(opts.documented?.[typeName] ?? [])]);
    for (const [k, x] of Object.entries(v)) {
      if (allowed.has(k)) continue;
      const p = props.get(k);
      if (!p) {
        out.push(`${at}.${k}: not a property of the type`);
        continue;
      }
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      const pt = decl
        ? this.checker.getTypeOfSymbolAtLocation(p, decl)
        : this.checker.getDeclaredTypeOfSymbol(p);
      this.value(this.checker.getNonNullableType(pt), x, `${at}.${k}`, opts, out, depth + 1);
    }
    if (top && opts.partial) return;
    for (const [k, p] of props) {
      if (k in v || p.getFlags() & ts.SymbolFlags.Optional) continue;
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      const pt = decl ? this.checker.getTypeOfSymbolAtLocation(p, decl) : undefined;
      if (pt && this.checker.isArrayType(pt)) continue; // maxOccurs unbounded, minOccurs 0
      out.push(`${at}.${k}: required, missing`);
    }
  }
}
