import { CHECKS } from '../checks/registry';
import { factOf, severityRank, type Check, type Finding, type Severity } from '../checks/types';
import { msg } from '../messages';
import type { PostureSnapshot } from '../posture/model';

export type CheckStatus = 'pass' | 'fail' | 'not-verified' | 'requires-org';

export interface CheckResult {
  id: string;
  title: string;
  severity: Severity;
  hipaa: string[];
  status: CheckStatus;
  reason?: string;
  findings: number;
}

/**
 * Runs every check over one snapshot. A check whose needed fact is unknown does not run: it is
 * "not verified" (and fails), or "requires org" when only a live org could show the fact.
 */
export function runChecks(
  snapshot: PostureSnapshot,
  now: Date,
  checks: readonly Check[] = CHECKS
): { checks: CheckResult[]; findings: Finding[] } {
  const results: CheckResult[] = [];
  const findings: Finding[] = [];
  const defaultFile = snapshot.source.kind === 'project' ? 'sfdx-project.json' : '';
  for (const check of checks) {
    const base = { id: check.id, title: check.title, severity: check.severity, hipaa: check.hipaa };
    /** The check could not establish its evidence: it fails, with one finding saying why. */
    const notVerified = (reason: string, file: string) => {
      results.push({ ...base, status: 'not-verified', reason, findings: 1 });
      findings.push({
        checkId: check.id,
        severity: check.severity,
        message: msg.engine.notVerified(reason),
        hipaa: check.hipaa,
        remediation: msg.engine.notVerifiedRemediation,
        component: { type: 'Control', name: check.title },
        location: { file },
        notVerified: true
      });
    };
    const missing = check.needs.map((k) => factOf(snapshot, k)).filter((f) => !f.known);
    const hard = missing.find((f) => !f.known && f.kind !== 'org-only');
    if (hard && !hard.known) {
      notVerified(hard.reason, hard.expected ?? defaultFile);
      continue;
    }
    const orgOnly = missing[0];
    if (orgOnly && !orgOnly.known) {
      results.push({ ...base, status: 'requires-org', reason: orgOnly.reason, findings: 0 });
      continue;
    }
    let out: Finding[];
    try {
      out = check.run(snapshot, now);
    } catch (e) {
      notVerified(msg.engine.checkCrashed((e as Error).message.split('\n')[0] ?? ''), defaultFile);
      continue;
    }
    const status: CheckStatus = out.some((f) => f.notVerified)
      ? 'not-verified'
      : out.length
        ? 'fail'
        : 'pass';
    results.push({ ...base, status, findings: out.length });
    findings.push(...out);
  }
  findings.sort(compareFindings);
  return { checks: results, findings };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.checkId.localeCompare(b.checkId) ||
    locKey(a).localeCompare(locKey(b)) ||
    lineOf(a) - lineOf(b) ||
    a.message.localeCompare(b.message)
  );
}

const locKey = (f: Finding) => ('file' in f.location ? f.location.file : f.location.api);
const lineOf = (f: Finding) => ('file' in f.location ? (f.location.line ?? 0) : 0);
