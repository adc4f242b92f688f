import { globMatch, loadSuppressions, matches } from '../../src/policy/suppressions';
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
    expect(globMatch('a.b*', 'A.Bcd')).toBe(true);
    expect(globMatch('a.b*', 'aXbcd')).toBe(false);
    expect(globMatch('a+(b)[c]^$|\\d', 'A+(B)[C]^$|\\D')).toBe(true);
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('', '')).toBe(true);
    expect(globMatch('', 'x')).toBe(false);
    expect(globMatch('?', '')).toBe(false);
    expect(globMatch('a*b*c', 'abc')).toBe(true);
    expect(globMatch('a*b*c', 'aXbYc')).toBe(true);
    expect(globMatch('a*b*c', 'acb')).toBe(false);
    expect(globMatch('ab*ba', 'aba')).toBe(false); // the first and last segments may not overlap
    expect(globMatch('*x?z*', 'wxyz')).toBe(true);
    expect(globMatch('*a?c*a?c', 'abcXabc')).toBe(true);
    expect(globMatch('*.MRN__c', 'Patient__c.mrn__C')).toBe(true);
    expect(globMatch('Patient__c.*', 'Other__c.MRN__c')).toBe(false);
    const s = { ...entry, line: 1 };
    expect(matches(s, 'AUD-001', 'Patient__c.MRN__c')).toBe(true);
    expect(matches(s, 'AUD-002', 'Patient__c.MRN__c')).toBe(false);
    expect(matches(s, 'AUD-001', 'Patient__c.MxxN')).toBe(false);
  });

  /**
   * Issue 19, item 9: `*` became `.*` in a regular expression, and a 17-star pattern against a 46-character field
   * name took 167 s of backtracking. The matcher counts its character comparisons; the bound is on work done,
   * never on time: at most (|name| + stars) x |longest segment| comparisons, and doubling the name at most doubles
   * the work.
   */
  it('matches in linear time: a pathological pattern costs comparisons in proportion to the name', () => {
    const pattern = `${'a*'.repeat(17)}b`;
    const name = 'a'.repeat(46);
    const steps = { count: 0 };
    expect(globMatch(pattern, name, steps)).toBe(false);
    expect(steps.count).toBeLessThanOrEqual((46 + 17) * 1);
    expect(steps.count).toBeGreaterThan(0);

    // Each middle segment is scanned across the name (the last one, "c", never matches), and "aab" costs up to
    // three comparisons at each position: the worst the matcher can be made to work.
    const cost = (n: number, glob: string) => {
      const c = { count: 0 };
      expect(globMatch(glob, `${'a'.repeat(n)}b${'ab'.repeat(n)}y`, c)).toBe(false);
      return c.count;
    };
    for (const glob of [
      '*aab*ab*ab*ab*ab*ab*ab*ab*c*y',
      `${'*?'.repeat(17)}*c*y`,
      '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c*y'
    ]) {
      const stars = glob.split('*').length - 1;
      const longest = Math.max(...glob.split('*').map((g) => g.length));
      for (const n of [23, 230, 2300]) {
        const name = 3 * n + 2;
        expect(cost(n, glob)).toBeGreaterThanOrEqual(n); // it did scan the name
        expect(cost(n, glob)).toBeLessThanOrEqual((name + stars) * longest);
        expect(cost(2 * n, glob)).toBeLessThanOrEqual(2 * cost(n, glob) + 2 * stars * longest);
      }
    }
    // the whole suppression register applies in the same bound: a real finding name against the issue's pattern
    const issue = { ...entry, component: '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', line: 1 };
    expect(matches(issue, 'AUD-001', `Patient__c.${'a'.repeat(35)}`)).toBe(false);
  });
});
