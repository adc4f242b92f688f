import { registerItems } from '../../src/checks/org-001-register';
import { InputError } from '../../src/errors';
import { NOW, runCheck } from '../helpers/project';

const all = {
  riskAnalysis: '2026-09-01',
  accessReview: '2026-10-01',
  securityTraining: '2026-03-01',
  keyRotationTest: '2026-06-01',
  vulnerabilityScan: '2026-11-01',
  incidentPlaybook: '2026-08-01',
  contingencyPlanTest: '2026-05-01'
};
const register = (controls: Record<string, string>) => ({
  '/config/compliance-register.json': JSON.stringify(
    { controls: Object.fromEntries(Object.entries(controls).map(([k, date]) => [k, { date }])), baas: [] },
    null,
    2
  )
});

describe('ORG-001 administrative safeguards in the register', () => {
  it('fires on missing, overdue and future-dated items, each with its own citation', () => {
    const { accessReview: _drop, ...rest } = all;
    const { findings } = runCheck(
      registerItems,
      register({ ...rest, vulnerabilityScan: '2026-05-01', securityTraining: '2027-01-01' })
    );
    expect(findings.map((f) => [f.severity, f.message, f.hipaa])).toEqual([
      ['high', 'compliance register has no accessReview', ['164.308(a)(4)(ii)(C)']],
      ['medium', 'securityTraining is dated in the future (2027-01-01)', ['164.308(a)(5)(i)']],
      ['medium', 'vulnerabilityScan last done 2026-05-01, over 92 days ago', ['164.308(a)(8)']]
    ]);
  });

  it('passes when every item is within its interval', () => {
    expect(runCheck(registerItems, register(all), NOW).result.status).toBe('pass');
  });

  it('is not verified without a register, and a bad date is an input error', () => {
    expect(runCheck(registerItems, {}).result.status).toBe('not-verified');
    expect(() => runCheck(registerItems, register({ ...all, riskAnalysis: 'last spring' }))).toThrow(
      InputError
    );
  });
});
