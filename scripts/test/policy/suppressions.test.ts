import { globToRegExp, loadSuppressions, matches } from '../../src/policy/suppressions';
import { writeProject } from '../helpers/project';

const NOW = new Date('2026-11-25T12:00:00Z');
const FILE = 'config/phi-guard-suppressions.json';
const load = (json: unknown) =>
  loadSuppressions(writeProject({ [`/${FILE}`]: JSON.stringify(json, null, 2) }), FILE, NOW);
const entry = {
  checkId: 'AUD-001',
  component: 'Patient__c.M?N*',
  justification: 'tracked elsewhere',
  approver: 'Privacy Officer',
  expires: '2026-11-25'
};

describe('the suppression register', () => {
  it('absent: no register', () => {
    expect(loadSuppressions(writeProject({}), FILE, NOW)).toBeUndefined();
  });

  it('valid entries through the end of their expiry day; every problem with its line', () => {
    const reg = load({
      suppressions: [
        entry,
        { ...entry, expires: '2026-11-24' },
        { ...entry, expires: '25/11/2026' },
        { checkId: 'ENC-001' },
        null
      ]
    })!;
    expect(reg.valid).toEqual([{ ...entry, line: 3 }]);
    expect(reg.problems).toEqual([
      {
        line: 10,
        component: 'AUD-001 Patient__c.M?N*',
        message: 'suppression AUD-001 Patient__c.M?N* expired on 2026-11-24'
      },
      {
        line: 17,
        component: 'AUD-001 Patient__c.M?N*',
        message: 'suppression AUD-001 Patient__c.M?N* has an invalid expiry "25/11/2026" (YYYY-MM-DD)'
      },
      {
        line: 24,
        component: 'ENC-001',
        message: 'suppression ENC-001 is missing component, justification, approver, expires'
      },
      {
        line: undefined,
        component: 'suppressions[4]',
        message: 'suppression suppressions[4] is missing checkId, component, justification, approver, expires'
      }
    ]);
  });

  it('"suppressions" must be an array', () => {
    expect(() => load({ suppressions: {} })).toThrow(
      'config/phi-guard-suppressions.json:1: "suppressions" must be an array'
    );
  });

  it('globs: * any run, ? one character, case-insensitive, everything else literal', () => {
    expect(globToRegExp('a.b*').test('A.Bcd')).toBe(true);
    expect(globToRegExp('a.b*').test('aXbcd')).toBe(false);
    const s = { ...entry, line: 1 };
    expect(matches(s, 'AUD-001', 'Patient__c.MRN__c')).toBe(true);
    expect(matches(s, 'AUD-002', 'Patient__c.MRN__c')).toBe(false);
    expect(matches(s, 'AUD-001', 'Patient__c.MxxN')).toBe(false);
  });
});
