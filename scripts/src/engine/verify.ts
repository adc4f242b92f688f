import { severityRank, SEVERITIES, type Finding, type Severity } from '../checks/types';
import { msg } from '../messages';
import { matches, type SuppressionRegister } from '../policy/suppressions';
import type { EvidenceKind, PostureSnapshot, VerifyConfig } from '../posture/model';
import { DEFAULT_CONFIG } from '../posture/config';
import { controlsOf, type ControlResult } from './controls';
import { buildFinding } from './findings';
import { CHECK_EVIDENCE } from './evidence';
import { compareFindings, runChecks, type CheckResult } from './run-checks';

export interface VerifyResult {
  tool: { name: string; version: string };
  source: PostureSnapshot['source'];
  generatedAt: string;
  failOn: Severity;
  passed: boolean;
  changedSince?: { ref: string; files: number };
  /** gitCommit: HEAD of the repository holding the project (online: the one that supplied config/); gitDirty: it had uncommitted changes. */
  inputs: { files: number; sha256: string; gitCommit?: string; gitDirty?: boolean };
  summary: {
    findings: Record<Severity, number>;
    suppressed: number;
    checks: Record<CheckResult['status'], number>;
    controls: Record<CheckResult['status'], number>;
    filesRead: number;
    phiFields: number;
    phiObjects: number;
  };
  /** The verify configuration in force, and the keys the project set (the rest are defaults). */
  config: { values: VerifyConfig; setByProject: (keyof VerifyConfig)[] };
  controls: ControlResult[];
  checks: (CheckResult & { evidence: string[] })[];
  findings: Finding[];
}

export interface VerifyOptions {
  now: Date;
  failOn: Severity;
  version: string;
  suppressions?: SuppressionRegister;
  /** Report only findings located in these project-relative files (PR mode). */
  changedFiles?: { ref: string; files: Set<string> };
  gitCommit?: string;
  gitDirty?: boolean;
}

/** The policy: an unsuppressed finding at or above --fail-on, or any control not verified, fails the run. */
export function failsPolicy(findings: Finding[], checks: CheckResult[], failOn: Severity): boolean {
  return (
    findings.some(
      (f) => !f.notVerified && !f.suppressed && severityRank(f.severity) >= severityRank(failOn)
    ) || checks.some((c) => c.status === 'not-verified')
  );
}

const POLICY_CHECK = {
  id: 'POL-001',
  title: msg.policy.suppressionTitle,
  severity: 'high' as Severity,
  hipaa: ['164.308(a)(1)(ii)(B)', '164.316(a)']
};

/** Applies the suppression register: marks accepted findings, and reports bad entries as POL-001. */
function applySuppressions(
  findings: Finding[],
  register: SuppressionRegister | undefined
): { findings: Finding[]; check?: CheckResult } {
  if (!register) return { findings };
  const marked = findings.map((f) => {
    if (f.notVerified) return f;
    const s = register.valid.find((x) => matches(x, f.checkId, f.component.name));
    return s
      ? { ...f, suppressed: { justification: s.justification, approver: s.approver, expires: s.expires } }
      : f;
  });
  const problems: Finding[] = register.problems.map((p) =>
    buildFinding(POLICY_CHECK, {
      message: p.message,
      remediation: msg.policy.suppressionFix,
      component: { type: 'Suppression', name: p.component },
      location: { file: register.file, line: p.line }
    })
  );
  return {
    findings: [...marked, ...problems],
    check: { ...POLICY_CHECK, status: problems.length ? 'fail' : 'pass', findings: problems.length }
  };
}

export function verifySnapshot(snapshot: PostureSnapshot, opts: VerifyOptions): VerifyResult {
  const run = runChecks(snapshot, opts.now);
  const policy = applySuppressions(run.findings, opts.suppressions);
  const checks = policy.check ? [...run.checks, policy.check] : run.checks;
  let findings = policy.findings.sort(compareFindings);
  if (opts.changedFiles) {
    const changed = opts.changedFiles.files;
    findings = findings.filter(
      (f) => f.notVerified || ('file' in f.location && changed.has(f.location.file))
    );
  }
  const controls = controlsOf(checks, findings);
  const count = <K extends string>(keys: readonly K[], values: K[]) =>
    Object.fromEntries(keys.map((k) => [k, values.filter((v) => v === k).length])) as Record<K, number>;
  const statuses = ['pass', 'fail', 'not-verified', 'requires-org', 'not-applicable'] as const;
  const active = findings.filter((f) => !f.suppressed);
  // Several checks read the same kinds of source (four read fields and the dictionary): each list is sorted once.
  const evidenceByKinds = new Map<string, string[]>();
  const evidenceOf = (id: string) => {
    const kinds: EvidenceKind[] = CHECK_EVIDENCE[id] ?? [];
    const key = kinds.join(',');
    let list = evidenceByKinds.get(key);
    if (!list) {
      // Sorted, then each file once: a repeat sorts next to its first (no set of 20,000 paths to build).
      const all = kinds.flatMap((k) => snapshot.evidence[k]).sort();
      evidenceByKinds.set(key, (list = all.filter((f, i) => i === 0 || f !== all[i - 1])));
    }
    return list.slice();
  };
  return {
    tool: { name: 'phi-guard', version: opts.version },
    source: snapshot.source,
    generatedAt: opts.now.toISOString(),
    failOn: opts.failOn,
    passed: !failsPolicy(findings, checks, opts.failOn),
    changedSince: opts.changedFiles
      ? { ref: opts.changedFiles.ref, files: opts.changedFiles.files.size }
      : undefined,
    inputs: {
      files: snapshot.inputs.length,
      sha256: snapshot.inputsSha256,
      gitCommit: opts.gitCommit,
      ...(opts.gitCommit && opts.gitDirty ? { gitDirty: true } : {})
    },
    summary: {
      findings: count(
        SEVERITIES,
        active.map((f) => f.severity)
      ),
      suppressed: findings.length - active.length,
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
    config: {
      values: snapshot.config,
      setByProject: (Object.keys(DEFAULT_CONFIG) as (keyof VerifyConfig)[]).filter(
        (k) => JSON.stringify(snapshot.config[k]) !== JSON.stringify(DEFAULT_CONFIG[k])
      )
    },
    controls,
    checks: checks.map((c) => ({ ...c, evidence: evidenceOf(c.id) })),
    findings
  };
}
