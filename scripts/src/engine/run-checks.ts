import { CHECKS } from '../checks/registry';
import { factOf, isCollection, severityRank, type Check, type Finding, type Severity } from '../checks/types';
import { buildFinding } from './findings';
import { msg } from '../messages';
import type { CollectionKey, Fact, PostureSnapshot } from '../posture/model';
import { sharingEffectiveGrants } from '../posture/effective-access';

export type CheckStatus = 'pass' | 'fail' | 'not-verified' | 'requires-org' | 'not-applicable';

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
 * "not verified" (and fails), or "requires org" when only a live org could show the fact. A check
 * that judges project files only is "not applicable" on a live org.
 */
export function runChecks(
  snapshot: PostureSnapshot,
  now: Date,
  checks: readonly Check[] = CHECKS
): { checks: CheckResult[]; findings: Finding[] } {
  // Checks are pure over one snapshot, so what several of them derive from it is derived once.
  return sharingEffectiveGrants(() => runAll(snapshot, now, checks));
}

function runAll(
  snapshot: PostureSnapshot,
  now: Date,
  checks: readonly Check[]
): { checks: CheckResult[]; findings: Finding[] } {
  const results: CheckResult[] = [];
  const findings: Finding[] = [];
  const defaultFile = snapshot.source.kind === 'project' ? 'sfdx-project.json' : '';
  for (const check of checks) {
    const base = { id: check.id, title: check.title, severity: check.severity, hipaa: check.hipaa };
    /** A finding saying the check lacks evidence: it always fails the run. */
    const notVerifiedFinding = (reason: string, file: string): Finding =>
      buildFinding(check, {
        message: msg.engine.notVerified(reason),
        remediation: msg.engine.notVerifiedRemediation(snapshot.source.kind === 'org'),
        component: { type: 'Control', name: check.title },
        location: { file },
        notVerified: true
      });
    const notVerified = (reason: string, file: string) => {
      results.push({ ...base, status: 'not-verified', reason, findings: 1 });
      findings.push(notVerifiedFinding(reason, file));
    };
    if (check.scope === 'project' && snapshot.source.kind === 'org') {
      results.push({
        ...base,
        status: 'not-applicable',
        reason: check.scopeReason ?? msg.engine.projectOnly,
        findings: 0
      });
      continue;
    }
    // Partial facts that are merely unknown do not stop the check (an org-only one still does, offline).
    const singleKeys = check.needs.filter((k) => !isCollection(k));
    const softKeys = singleKeys.filter((k) => {
      const f = factOf(snapshot, k);
      return check.partial?.includes(k) && !f.known && f.kind !== 'org-only';
    });
    const unknownPartial = softKeys.map(
      (k) => factOf(snapshot, k) as Extract<Fact<unknown>, { known: false }>
    );
    const single = singleKeys.filter((k) => !softKeys.includes(k)).map((k) => factOf(snapshot, k));
    const missing = single.filter((f) => !f.known);
    // A check that needs a fact only a live org can show cannot run offline whatever else is missing:
    // it "requires an org" (neither passed nor failed), and its other gaps are reported when it runs online.
    const orgOnly = missing.find((f) => !f.known && f.kind === 'org-only');
    const hard = missing.find((f) => !f.known && f.kind !== 'org-only');
    if (hard && !hard.known && !orgOnly) {
      notVerified(hard.reason, hard.expected ?? defaultFile);
      continue;
    }
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
    // An incomplete collection (a file that could not be read, a refused org query) does not stop the
    // check: what was read is still judged, and each gap adds a finding that it is not verified.
    // A partial fact that is unknown: the rest was judged, and this part is not verified.
    const partialGaps = unknownPartial.map((f) => ({ reason: f.reason, expected: f.expected }));
    const gaps = [...partialGaps, ...collectionsOf(check).flatMap((k) => snapshot.gaps[k] ?? [])];
    const seen = new Set<string>();
    for (const g of gaps) {
      const key = `${g.expected ?? ''}\0${g.reason}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(notVerifiedFinding(g.reason, g.expected ?? defaultFile));
    }
    const status: CheckStatus = out.some((f) => f.notVerified)
      ? 'not-verified'
      : out.length
        ? 'fail'
        : 'pass';
    const reason = gaps[0]?.reason;
    results.push({
      ...base,
      status,
      findings: out.length,
      ...(status === 'not-verified' && reason ? { reason } : {})
    });
    findings.push(...out);
  }
  findings.sort(compareFindings);
  return { checks: results, findings };
}

/**
 * The collections a check depends on. A check that reads fields judges them by the PHI inventory
 * (classification, dictionary, heuristics), so it depends on that inventory too: with no PHI found
 * and no data dictionary, it cannot pass vacuously.
 */
function collectionsOf(check: Check): CollectionKey[] {
  const keys = check.needs.filter(isCollection);
  return keys.includes('fields') && !keys.includes('phi') ? [...keys, 'phi'] : keys;
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
