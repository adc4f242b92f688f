import { isAuditorGrant, personaOf } from '../../src/posture/personas';

const g = (name: string, label?: string, license?: string) => ({ name, label, license });

describe('personas from names and labels', () => {
  it.each([
    ['Member_Services', 'non-clinical'],
    ['Customer_Care_Agent', 'non-clinical'],
    ['CustomerCareAgents', 'non-clinical'],
    ['Support_Agents', 'non-clinical'],
    ['Sales_Users', 'non-clinical'],
    ['Marketing', 'non-clinical'],
    ['PHI_Integration_User', 'non-clinical'],
    ['Call_Center', 'non-clinical'],
    ['Public_Health_Reporting', 'clinical'],
    ['Clinical_Staff', 'clinical'],
    ['Pharmacists', 'clinical'],
    ['Care_Team', 'clinical'],
    ['Nurse_Practitioners', 'clinical'],
    // the role word is the head of the name, its last persona word: support staff of the pharmacy
    ['Pharmacy_Support', 'non-clinical'],
    ['Pharmacy Support Desk', 'non-clinical'],
    ['Support - Medical Records', 'non-clinical'],
    ['Medical_Staff', 'clinical'],
    ['Clinical_Support', 'non-clinical'],
    ['Medical_Records_Support', 'non-clinical'],
    ['Support_Nurse', 'clinical'],
    ['Care_Team_Integration', 'non-clinical'],
    ['Pharmacy_Technicians', 'clinical'],
    ['PHI_Portal_Patient', 'portal'],
    ['Patient_Portal_Users', 'portal'],
    ['Site_Guest_User', 'guest'],
    ['Public_Site', 'guest'],
    ['Compliance_Auditor', 'other'],
    ['Shipping_Label_Printer', 'non-clinical'],
    ['Servicenow_Bridge', 'other']
  ])('%s is %s', (name, persona) => {
    expect(personaOf(g(name))).toBe(persona);
  });

  it('a non-clinical role in the label or the name wins over a clinical one in the other (reviewed, not waved through)', () => {
    expect(personaOf(g('Tier2', 'Customer Support Tier 2'))).toBe('non-clinical');
    expect(personaOf(g('Clinical_Bundle', 'Sales Operations'))).toBe('non-clinical');
    expect(personaOf(g('Support_Bundle', 'Nurses'))).toBe('non-clinical');
    expect(personaOf(g('Records_Access', 'Records Access'))).toBe('other');
    expect(personaOf(g('Nurses', 'Clinical Staff'))).toBe('clinical');
  });

  it('reads the label and the licence too', () => {
    expect(personaOf(g('PS_0042', 'Member Services Desk'))).toBe('non-clinical');
    expect(personaOf(g('Portal_Profile', undefined, 'Guest User License'))).toBe('guest');
    expect(personaOf(g('Patients', undefined, 'Customer Community'))).toBe('portal');
  });

  it('matches auditor words whole and plural, never inside another word', () => {
    expect(isAuditorGrant(g('Compliance_Auditors'), ['auditor'])).toBe(true);
    expect(isAuditorGrant(g('PS_1', 'HIPAA Compliance Officer'), ['compliance officer'])).toBe(true);
    expect(isAuditorGrant(g('Auditorium_Staff'), ['auditor'])).toBe(false);
    expect(isAuditorGrant(g('Sales'), ['a'])).toBe(false);
    expect(isAuditorGrant(g('Support'), [''])).toBe(false);
  });

  it('reads a repeated name the same way every time, also once its cache has been dropped', () => {
    expect(personaOf(g('Support_Nurse'))).toBe('clinical');
    const personas = new Set<string>();
    for (let i = 0; i <= 10_000; i++) personas.add(personaOf(g(`Sales_${i}`)));
    expect([...personas]).toEqual(['non-clinical']);
    expect(personaOf(g('Support_Nurse'))).toBe('clinical');
    expect(personaOf(g('Pharmacy Support Desk'))).toBe('non-clinical');
  });
});
