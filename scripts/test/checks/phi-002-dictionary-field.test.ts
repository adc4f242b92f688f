import { dictionaryFieldMissing } from '../../src/checks/phi-002-dictionary-field';
import { phiField, runCheck } from '../helpers/project';

const dictionary = (fields: { field: string; phi: boolean; reason: string }[]) =>
  JSON.stringify({ version: 1, fields }, null, 2);

describe('PHI-002 data-dictionary field with no metadata', () => {
  it('reports a PHI entry whose field is not in the project, at its line in the dictionary', () => {
    const { findings } = runCheck(dictionaryFieldMissing, {
      'objects/Pt__c/fields/Mrn__c.field-meta.xml': phiField('Mrn__c'),
      '/config/phi-data-dictionary.json': dictionary([
        { field: 'Pt__c.Mrn__c', phi: true, reason: 'medical record number' },
        { field: 'Pt__c.Lab_Results__c', phi: true, reason: 'lab results' },
        { field: 'Pt__c.Color__c', phi: false, reason: 'not PHI' }
      ])
    });
    expect(findings.map((f) => [f.component.name, f.location])).toEqual([
      ['Pt__c.Lab_Results__c', { file: 'config/phi-data-dictionary.json', line: 10 }]
    ]);
    expect(findings[0]!.message).toContain('cannot be verified');
  });

  it('is quiet when every PHI entry has its field', () => {
    const { result } = runCheck(dictionaryFieldMissing, {
      'objects/Pt__c/fields/Mrn__c.field-meta.xml': phiField('Mrn__c'),
      '/config/phi-data-dictionary.json': dictionary([{ field: 'Pt__c.Mrn__c', phi: true, reason: 'mrn' }])
    });
    expect(result.status).toBe('pass');
  });
});
