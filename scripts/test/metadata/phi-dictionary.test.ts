import { readFileSync } from 'node:fs';
import path from 'node:path';
import { customFields, FORCE_APP, isHipaa } from '../helpers/metadata';
import { REPO_ROOT } from '../helpers/paths';

/** The PHI field list lives in four places; this keeps them in step. */
describe('one PHI field list', () => {
  const fromMetadata = customFields()
    .filter(isHipaa)
    .map((f) => `${f.object}.${f.name}`)
    .sort();

  it('the data dictionary marks exactly the HIPAA fields as PHI', () => {
    const dict = JSON.parse(
      readFileSync(path.join(REPO_ROOT, 'config', 'phi-data-dictionary.json'), 'utf8')
    ) as {
      fields: { field: string; phi: boolean; reason: string }[];
    };
    expect(
      dict.fields
        .filter((f) => f.phi)
        .map((f) => f.field)
        .sort()
    ).toEqual(fromMetadata);
    for (const f of dict.fields) expect([f.field, f.reason.length > 5]).toEqual([f.field, true]);
  });

  it('the Apex PhiObjects registry lists exactly the HIPAA fields', () => {
    const src = readFileSync(path.join(FORCE_APP, 'classes', 'PhiObjects.cls'), 'utf8');
    const fromApex: string[] = [];
    for (const m of src.matchAll(/'(\w+)'\s*=>\s*new Set<String>\{([^}]*)\}/g)) {
      for (const f of m[2]!.matchAll(/'(\w+)'/g)) fromApex.push(`${m[1]}.${f[1]}`);
    }
    expect(fromApex.sort()).toEqual(fromMetadata);
  });

  it('docs/phi-fields.md has a row for each HIPAA field with its metadata scheme', () => {
    const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'phi-fields.md'), 'utf8');
    const section = doc.split('## PHI fields')[1]!.split('\n## ')[0]!;
    const rows = [
      ...section.matchAll(/^\|\s*`(\w+)`\s*\|\s*`(\w+)`\s*\|[^|]*\|[^|]*\|\s*`(\w+)`\s*\|/gm)
    ].map((m) => ({
      field: `${m[1]}.${m[2]}`,
      scheme: m[3]
    }));
    expect(rows.map((r) => r.field).sort()).toEqual(fromMetadata);
    const schemes = Object.fromEntries(
      customFields().map((f) => [`${f.object}.${f.name}`, f.xml.encryptionScheme])
    );
    for (const r of rows) expect([r.field, r.scheme]).toEqual([r.field, schemes[r.field]]);
  });
});
