import type { Finding } from '../../src/checks/types';
import { REPO_ROOT } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';

describe('npm run verify on this repository', () => {
  // The compliance register records real dates; evaluate it as of a fixed day so the test does not
  // start failing when a quarterly item ages (verify itself uses today's date).
  const run = runCli(['verify', '-d', REPO_ROOT, '--json'], {
    env: { PHI_GUARD_NOW: '2026-11-25T12:00:00Z' }
  });
  const out = JSON.parse(run.stdout) as {
    result: { findings: Finding[]; checks: { id: string; status: string }[]; summary: { phiFields: number } };
  };

  it('exits 0 with no critical or high finding', () => {
    expect(out.result.findings.filter((f) => f.severity === 'critical' || f.severity === 'high')).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('finds the PHI data model and verifies every offline control', () => {
    expect(out.result.summary.phiFields).toBe(11);
    expect(out.result.checks.filter((c) => c.status === 'not-verified')).toEqual([]);
    expect(out.result.findings).toEqual([]);
  });
});
