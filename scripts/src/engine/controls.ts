import type { Finding } from '../checks/types';
import { citationTitle } from '../messages';
import type { CheckResult, CheckStatus } from './run-checks';

export interface ControlResult {
  citation: string;
  title: string;
  status: CheckStatus;
  checks: string[];
}

/**
 * Status per HIPAA citation: fail when an open (unsuppressed) finding cites it; otherwise not
 * verified when a check citing it lacks evidence; when no check citing it could judge anything here,
 * needs-org (only a live org can show it) or not applicable (only project files can); pass otherwise.
 */
export function controlsOf(checks: CheckResult[], findings: Finding[]): ControlResult[] {
  const by = new Map<string, CheckResult[]>();
  for (const c of checks) for (const h of c.hipaa) by.set(h, [...(by.get(h) ?? []), c]);
  const failing = new Set(findings.filter((f) => !f.suppressed && !f.notVerified).flatMap((f) => f.hipaa));
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([citation, cs]) => {
      const statuses = new Set(cs.map((c) => c.status));
      const judged = [...statuses].some((s) => s !== 'requires-org' && s !== 'not-applicable');
      const status: CheckStatus = failing.has(citation)
        ? 'fail'
        : statuses.has('not-verified')
          ? 'not-verified'
          : judged
            ? 'pass'
            : statuses.has('requires-org')
              ? 'requires-org'
              : 'not-applicable';
      return { citation, title: citationTitle(citation), status, checks: cs.map((c) => c.id) };
    });
}
