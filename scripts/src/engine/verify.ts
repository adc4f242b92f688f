import { severityRank, SEVERITIES, type Finding, type Severity } from '../checks/types';
import type { PostureSnapshot } from '../posture/model';
import { controlsOf, type ControlResult } from './controls';
import { runChecks, type CheckResult } from './run-checks';

export interface VerifyResult {
  tool: { name: string; version: string };
  source: PostureSnapshot['source'];
  generatedAt: string;
  failOn: Severity;
  passed: boolean;
  summary: {
    findings: Record<Severity, number>;
    checks: Record<CheckResult['status'], number>;
    controls: Record<CheckResult['status'], number>;
    filesRead: number;
    phiFields: number;
    phiObjects: number;
  };
  controls: ControlResult[];
  checks: CheckResult[];
  findings: Finding[];
}

/** The policy: a finding at or above --fail-on, or any control not verified, fails the run. */
export function failsPolicy(findings: Finding[], checks: CheckResult[], failOn: Severity): boolean {
  return (
    findings.some((f) => !f.notVerified && severityRank(f.severity) >= severityRank(failOn)) ||
    checks.some((c) => c.status === 'not-verified')
  );
}

export function verifySnapshot(
  snapshot: PostureSnapshot,
  opts: { now: Date; failOn: Severity; version: string }
): VerifyResult {
  const { checks, findings } = runChecks(snapshot, opts.now);
  const controls = controlsOf(checks);
  const count = <K extends string>(keys: readonly K[], values: K[]) =>
    Object.fromEntries(keys.map((k) => [k, values.filter((v) => v === k).length])) as Record<K, number>;
  const statuses = ['pass', 'fail', 'not-verified', 'requires-org'] as const;
  return {
    tool: { name: 'phi-guard', version: opts.version },
    source: snapshot.source,
    generatedAt: opts.now.toISOString(),
    failOn: opts.failOn,
    passed: !failsPolicy(findings, checks, opts.failOn),
    summary: {
      findings: count(
        SEVERITIES,
        findings.map((f) => f.severity)
      ),
      checks: count(
        statuses,
        checks.map((c) => c.status)
      ),
      controls: count(
        statuses,
        controls.map((c) => c.status)
      ),
      filesRead: snapshot.filesRead,
      phiFields: [...snapshot.phi.values()].filter((v) => v.phi).length,
      phiObjects: snapshot.phiObjects.size
    },
    controls,
    checks,
    findings
  };
}
