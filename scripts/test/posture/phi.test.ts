import { classify, clinicalObjectTerm, phiHeuristic, stem, tokenize } from '../../src/posture/phi';
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
    ['Current_Medications__c', 'medication'],
    ['Dosage__c', 'dosage'],
    ['Lab_Results__c', 'lab result'],
    ['LabResults__c', 'lab result'],
    ['Procedures__c', 'procedure'],
    ['Policy_Number__c', 'policy number'],
    ['Known_Allergies__c', 'allergy'],
    ['Prior_Diagnoses__c', 'diagnosis'],
    ['HIV_Status__c', 'hiv'],
    ['Mental_Health_Notes__c', 'mental health'],
    ['Substance_Use_History__c', 'substance use'],
    ['Patient_Notes__c', 'patient note']
  ])('%s is probable PHI (%s)', (name, term) => {
    expect(phiHeuristic(name)).toBe(term);
  });

  it.each([
    'Terms_and_Conditions__c',
    'Shipping_Condition__c',
    'Insurance_Carrier_Logo__c',
    'Email',
    'Status__c',
    'Patient__c',
    'Approval_Procedures__c',
    'Return_Conditions__c',
    'Address_Count__c'
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

describe('stemming and clinical objects', () => {
  it.each([
    ['results', 'result'],
    ['allergies', 'allergy'],
    ['diagnoses', 'diagnosis'],
    ['procedures', 'procedure'],
    ['addresses', 'address'],
    ['status', 'status'],
    ['diagnosis', 'diagnosis'],
    ['aids', 'aids']
  ])('stems %s to %s', (word, singular) => {
    expect(stem(word)).toBe(singular);
  });

  it.each([
    ['Prescription__c', 'prescription'],
    ['Health_Intake__c', 'intake'],
    ['Patient_Visits__c', 'patient'],
    ['Lab_Orders__c', 'lab']
  ])('%s is a clinical object (%s)', (name, term) => {
    expect(clinicalObjectTerm(name)).toBe(term);
  });

  it.each(['Product__c', 'Order', 'Shipping_Label__c', 'Sales_Claim_Approval__c'])(
    '%s is not a clinical object',
    (name) => {
      expect(clinicalObjectTerm(name)).toBeUndefined();
    }
  );

  it('identifiers on a clinical object are PHI; the same fields elsewhere are not', () => {
    const dict = new Map();
    const onRx = (name: string, type: string) =>
      classify(
        field(name, { object: 'Prescription__c', id: `Prescription__c.${name}`, type }),
        dict,
        'prescription'
      );
    expect(onRx('Filled_On__c', 'Date')).toMatchObject({
      phi: true,
      unclassified: true,
      detail: 'date on a prescription object'
    });
    expect(onRx('Contact_Phone__c', 'Phone')).toMatchObject({
      phi: true,
      detail: 'phone on a prescription object'
    });
    expect(onRx('Delivery_Street__c', 'Text')).toMatchObject({
      phi: true,
      detail: 'street on a prescription object'
    });
    expect(onRx('Refills_Remaining__c', 'Number')).toEqual({ phi: false });
    expect(classify(field('Filled_On__c', { type: 'Date' }), dict)).toEqual({ phi: false });
    expect(classify(field('Filled_On__c', { type: 'Date' }), dict, undefined)).toEqual({ phi: false });
  });

  it('reads a repeated name the same way every time, also once its cache has been dropped', () => {
    const first = phiHeuristic('Patient_MRN__c', 'Patient MRN');
    expect(first).toBe('mrn');
    // More distinct names than the tokens cache keeps: it is dropped and refilled, the answers stay the same.
    const terms = new Set<string | undefined>();
    for (let i = 0; i <= 100_000; i++) terms.add(phiHeuristic(`Amount_${i}__c`));
    expect([...terms]).toEqual([undefined]);
    expect(phiHeuristic('Patient_MRN__c', 'Patient MRN')).toBe(first);
    expect(phiHeuristic('Amount_7__c', 'Date of Birth')).toBe('date of birth');
  });
});
