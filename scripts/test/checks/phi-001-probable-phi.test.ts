import { probablePhi } from '../../src/checks/phi-001-probable-phi';
import { md, phiField, runCheck } from '../helpers/project';

describe('PHI-001 probable PHI, unclassified', () => {
  it('fires on a clinical-looking field with no classification', () => {
    const { result, findings } = runCheck(probablePhi, {
      'objects/Lead/fields/Diagnosis_Code__c.field-meta.xml': md.field('Diagnosis_Code__c')
    });
    expect(result.status).toBe('fail');
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'PHI-001',
        severity: 'medium',
        hipaa: ['164.308(a)(1)(ii)(A)'],
        component: { type: 'CustomField', name: 'Lead.Diagnosis_Code__c' },
        location: {
          file: 'force-app/main/default/objects/Lead/fields/Diagnosis_Code__c.field-meta.xml',
          line: 2
        }
      })
    ]);
    expect(findings[0]!.message).toContain('"diagnosis"');
  });

  it('is quiet for classified PHI, dictionary exclusions and ordinary fields', () => {
    const { result } = runCheck(probablePhi, {
      'objects/Lead/fields/Diagnosis_Code__c.field-meta.xml': phiField('Diagnosis_Code__c'),
      'objects/Lead/fields/Terms_And_Conditions__c.field-meta.xml': md.field('Terms_And_Conditions__c'),
      'objects/Lead/fields/Allergy_Free_Flag__c.field-meta.xml': md.field('Allergy_Free_Flag__c'),
      '/config/phi-data-dictionary.json': JSON.stringify({
        fields: [{ field: 'Lead.Allergy_Free_Flag__c', phi: false, reason: 'a marketing flag' }]
      })
    });
    expect(result.status).toBe('pass');
  });

  it('reports a malformed field file as a problem, not as a classification', () => {
    const { result } = runCheck(probablePhi, {
      'objects/Lead/fields/Diagnosis_Code__c.field-meta.xml':
        '<CustomField><fullName>Diagnosis_Code__c</fullName>'
    });
    expect(result.status).toBe('not-verified');
  });
});
