import type { Finding } from '../checks/types';
import { citationTitle } from '../messages';
import type { CheckResult, CheckStatus } from './run-checks';

export interface ControlResult {
  citation: string;
  title: string;
  status: CheckStatus;
  checks: string[];
  /** Checks of this control that need a live org and did not run here (offline). */
  needsOrg?: string[];
}

/**
 * Status per HIPAA citation, most telling first:
 * - fail: an open (unsuppressed) finding cites it; a live org can only add to that;
 * - not verified: a check citing it lacks evidence (this fails the run, fail closed);
 * - needs org: a check citing it needs a live org and did not run, so the control is neither
 *   passed nor failed offline, whatever its other checks found (no partial pass is claimed);
 * - pass: every check citing it judged and found nothing;
 * - not applicable: none of its checks applies here (project-file checks on a live org).
 * "Needs org" does not fail an offline run: the org-only checks are listed, and they run with -o.
 */
export function controlsOf(checks: CheckResult[], findings: Finding[]): ControlResult[] {
  const by = new Map<string, CheckResult[]>();
  for (const c of checks) for (const h of c.hipaa) by.set(h, [...(by.get(h) ?? []), c]);
  const failing = new Set(findings.filter((f) => !f.suppressed && !f.notVerified).flatMap((f) => f.hipaa));
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([citation, cs]) => {
      const statuses = new Set(cs.map((c) => c.status));
      const needsOrg = cs.filter((c) => c.status === 'requires-org').map((c) => c.id);
      const judged = [...statuses].some((s) => s !== 'requires-org' && s !== 'not-applicable');
      const status: CheckStatus = failing.has(citation)
        ? 'fail'
        : statuses.has('not-verified')
          ? 'not-verified'
          : needsOrg.length
            ? 'requires-org'
            : judged
              ? 'pass'
              : 'not-applicable';
      return {
        citation,
        title: citationTitle(citation),
        status,
        checks: cs.map((c) => c.id),
        ...(needsOrg.length ? { needsOrg } : {})
      };
    });
}
