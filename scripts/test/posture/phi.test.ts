import { classify, phiHeuristic, tokenize } from '../../src/posture/phi';
import type { FieldFact } from '../../src/posture/model';

const field = (name: string, o: Partial<FieldFact> = {}): FieldFact => ({
  object: 'Obj__c',
  name,
  id: `Obj__c.${name}`,
  complianceGroups: [],
  standard: !name.endsWith('__c'),
  at: { file: 'f' },
  ...o
});

describe('PHI heuristics', () => {
  it('tokenizes API names and labels', () => {
    expect(tokenize('DateOfBirth__c')).toEqual(['date', 'of', 'birth']);
    expect(tokenize('Patient_MRN__c')).toEqual(['patient', 'mrn']);
    expect(tokenize('ICD10Code')).toEqual(['icd10', 'code']);
  });

  it.each([
    ['Date_of_Birth__c', 'date of birth'],
    ['Birthdate', 'birthdate'],
    ['SSN__c', 'ssn'],
    ['Medical_Record_No__c', 'medical record'],
    ['Member_Id__c', 'member id'],
    ['Insurance_Id__c', 'insurance id'],
    ['Current_Medications__c', 'medications'],
    ['Dosage__c', 'dosage']
  ])('%s is probable PHI (%s)', (name, term) => {
    expect(phiHeuristic(name)).toBe(term);
  });

  it.each([
    'Terms_and_Conditions__c',
    'Shipping_Condition__c',
    'Insurance_Carrier_Logo__c',
    'Email',
    'Status__c',
    'Patient__c'
  ])('%s is not', (name) => {
    expect(phiHeuristic(name)).toBeUndefined();
  });

  it('classifies by complianceGroup, then dictionary, then heuristics', () => {
    const dict = new Map([
      [
        'obj__c.dose__c',
        { field: 'Obj__c.Dose__c', phi: false, reason: 'product dose size, not a patient dose' }
      ]
    ]);
    expect(classify(field('X__c', { complianceGroups: ['PII', 'HIPAA'] }), dict)).toEqual({
      phi: true,
      basis: 'complianceGroup'
    });
    expect(classify(field('Dose__c'), dict)).toMatchObject({ phi: false, basis: 'dictionary' });
    expect(classify(field('Dosage__c'), dict)).toMatchObject({
      phi: true,
      basis: 'heuristic',
      unclassified: true
    });
    expect(classify(field('Notes__c', { type: 'LongTextArea' }), dict, 'diagnosis')).toMatchObject({
      phi: true,
      unclassified: true
    });
    expect(classify(field('Color__c'), dict)).toEqual({ phi: false });
  });
});
