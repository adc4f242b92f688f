import { readFileSync } from 'node:fs';
import { fieldsOf, metadataSchema, withSubtypes } from '../../src/metadata/schema';
import { parseDeclarations } from '../../src/metadata/schema-derive';

describe('Metadata API schema derived from @salesforce/types', () => {
  const schema = metadataSchema();
  // A fresh derivation from the declaration file (the TypeScript compiler: slow), made once for the tests that need it.
  let derived: typeof schema | undefined;
  const freshDerivation = () => {
    const dts = require.resolve('@salesforce/types/metadata').replace(/\.js$/, '.d.ts');
    return (derived ??= parseDeclarations(readFileSync(dts, 'utf8'), schema.version));
  };

  it('reads every type, field and enumeration of the installed package', () => {
    expect(schema.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(schema.types.size).toBeGreaterThan(1500);
    expect(schema.enums.size).toBeGreaterThan(500);
    const session = fieldsOf(schema, schema.types.get('SessionSettings')!);
    expect(session.get('sessionTimeout')).toEqual({ type: 'SessionTimeout', array: false });
    expect(session.get('requireHttpOnly')).toEqual({ type: 'boolean', array: false });
    // Removed from SessionSettings after API 59/60: the published types no longer list them.
    expect(session.has('enableXssProtection')).toBe(false);
    expect(session.has('requireHttps')).toBe(false);
    expect(schema.enums.get('ExternalCredentialParamType')).toContain('NamedPrincipal');
    expect(schema.enums.get('ExternalCredentialParamType')).not.toContain('AuthProviderScope');
  });

  it('inherits fields from the base type (fullName from Metadata) and follows aliases', () => {
    const field = fieldsOf(schema, schema.types.get('CustomField')!);
    expect(field.get('fullName')).toEqual({ type: 'string', array: false });
    expect(fieldsOf(schema, schema.types.get('ReportFolder')!).has('accessType')).toBe(true);
    expect(fieldsOf(schema, schema.types.get('WorkflowFieldUpdate')!).has('fullName')).toBe(true);
  });

  it('is parsed once and cached, and the on-disk cache equals a fresh derivation', () => {
    expect(metadataSchema()).toBe(schema);
    const fresh = freshDerivation();
    expect(fresh.types.size).toBe(schema.types.size);
    expect(fresh.enums.size).toBe(schema.enums.size);
    for (const name of ['CustomObject', 'PermissionSet', 'SharingSet', 'Flow']) {
      expect([...fresh.types.get(name)!.fields]).toEqual([...schema.types.get(name)!.fields]);
    }
    expect([...fresh.enums.get('FieldType')!]).toEqual([...schema.enums.get('FieldType')!]);
    expect(fresh.subtypes.get('Folder')).toEqual(schema.subtypes.get('Folder'));
  });

  it('read back from its on-disk cache by a fresh module, equals a fresh derivation type by type', () => {
    // The first metadataSchema() above left the cache file (or found it), so this module instance reads it back.
    let cached: typeof schema | undefined;
    jest.isolateModules(() => {
      type SchemaModule = typeof import('../../src/metadata/schema');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../src/metadata/schema') as SchemaModule;
      cached = fresh.metadataSchema();
    });
    expect(cached).not.toBe(schema);
    const fresh = freshDerivation();
    expect([...cached!.types.keys()].sort()).toEqual([...fresh.types.keys()].sort());
    for (const [name, t] of fresh.types) {
      const c = cached!.types.get(name)!;
      expect([c.name, c.base ?? null, [...c.fields]]).toEqual([t.name, t.base ?? null, [...t.fields]]);
    }
    expect([...cached!.enums.keys()].sort()).toEqual([...fresh.enums.keys()].sort());
    expect([...cached!.subtypes]).toEqual([...fresh.subtypes]);
  });

  it('parses each declaration shape', () => {
    const s = parseDeclarations(
      [
        "export type Color = 'Red' | 'Blue';",
        "export type Only = 'One';",
        'export type Metadata = { fullName?: string; };',
        'export type Box = Metadata & { color: Color; sizes: number[]; open?: boolean; inner?: Inner; any?: any; };',
        'export type Inner = { label: string; };',
        'export type BigBox = Box & { extra?: string; };',
        'export type Alias = Box;',
        'export type ColorAlias = Color;'
      ].join('\n')
    );
    expect([...s.enums.get('Color')!]).toEqual(['Red', 'Blue']);
    expect([...s.enums.get('Only')!]).toEqual(['One']);
    expect([...s.enums.get('ColorAlias')!]).toEqual(['Red', 'Blue']);
    const box = fieldsOf(s, s.types.get('Box')!);
    expect(Object.fromEntries(box)).toEqual({
      fullName: { type: 'string', array: false },
      color: { type: 'Color', array: false },
      sizes: { type: 'number', array: true },
      open: { type: 'boolean', array: false },
      inner: { type: 'Inner', array: false },
      any: { type: 'any', array: false }
    });
    expect(withSubtypes(s, 'Box').sort()).toEqual(['Alias', 'BigBox', 'Box']);
  });
});
