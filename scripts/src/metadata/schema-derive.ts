/**
 * Derives the Metadata API schema from the text of @salesforce/types' metadata.d.ts with the
 * TypeScript compiler API (see schema.ts for the shapes). Only loaded when the on-disk cache is
 * missing or stale.
 */
import ts from 'typescript';
import type { FieldSpec, MetadataSchema } from './schema';

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
