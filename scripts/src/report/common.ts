import type { Finding, Severity } from '../checks/types';
import { severityRank } from '../checks/types';
import type { VerifyResult } from '../engine/verify';

export { escapeXml } from './escape/xml';
export { htmlText as escapeHtml } from './escape/html';

/** Where a finding is: `file:line` for source, `Api/id` for an org. Raw: each format escapes it. */
export const where = (f: Finding) =>
  'file' in f.location
    ? `${f.location.file}${f.location.line ? `:${f.location.line}` : ''}`
    : `${f.location.api}${f.location.id ? `/${f.location.id}` : ''}`;

export const STATUS_LABEL: Record<string, string> = {
  pass: 'Pass',
  fail: 'Fail',
  'not-verified': 'Not verified',
  'requires-org': 'Needs org',
  'not-applicable': 'Not applicable'
};

/**
 * Controls that FAIL although the run passed its threshold: their open findings are all below
 * `--fail-on`. Returns the controls and the open findings' counts by severity, highest first, so
 * every report can say why a failing control did not fail the run.
 */
export function failingBelowThreshold(r: VerifyResult): {
  controls: string[];
  counts: [Severity, number][];
  highest?: Severity;
} {
  if (!r.passed) return { controls: [], counts: [] };
  const controls = r.controls.filter((c) => c.status === 'fail').map((c) => c.citation);
  if (!controls.length) return { controls, counts: [] };
  const cited = new Set(controls);
  const open = r.findings.filter((f) => !f.suppressed && !f.notVerified && f.hipaa.some((h) => cited.has(h)));
  const by = new Map<Severity, number>();
  for (const f of open) by.set(f.severity, (by.get(f.severity) ?? 0) + 1);
  const counts = [...by].sort(([a], [b]) => severityRank(b) - severityRank(a));
  return { controls, counts, highest: counts[0]?.[0] };
}

/** The checks a control lists, the ones that need an org marked apart: "A, B; needs org: C". */
export const controlChecks = (c: VerifyResult['controls'][number]) => {
  const pending = new Set(c.needsOrg ?? []);
  const ran = c.checks.filter((id) => !pending.has(id));
  return pending.size
    ? `${ran.join(', ')}${ran.length ? '; ' : ''}needs org: ${[...pending].join(', ')}`
    : ran.join(', ');
};
