import { citationTitle } from '../messages';
import type { CheckResult, CheckStatus } from './run-checks';

export interface ControlResult {
  citation: string;
  title: string;
  status: CheckStatus;
  checks: string[];
}

/** Status per HIPAA citation, from the checks that cite it: any fail, then not verified, then org-only. */
export function controlsOf(checks: CheckResult[]): ControlResult[] {
  const by = new Map<string, CheckResult[]>();
  for (const c of checks) for (const h of c.hipaa) by.set(h, [...(by.get(h) ?? []), c]);
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([citation, cs]) => {
      const statuses = new Set(cs.map((c) => c.status));
      const status: CheckStatus = statuses.has('fail')
        ? 'fail'
        : statuses.has('not-verified')
          ? 'not-verified'
          : [...statuses].every((s) => s === 'requires-org')
            ? 'requires-org'
            : 'pass';
      return { citation, title: citationTitle(citation), status, checks: cs.map((c) => c.id) };
    });
}
