import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { validateApex } from '../apex/validate';
import { formatIssue } from '../apex/types';
import { severityRank, type Location, type Severity } from '../checks/types';
import { verifySnapshot } from '../engine/verify';
import { validateProject } from '../metadata/project';
import { formatProblem } from '../metadata/validate';
import { formatRuleProblem, validateRules } from '../platform-rules/validate';
import { deployMsg as m } from '../messages/deploy';
import { loadSuppressions } from '../policy/suppressions';
import { loadProject } from '../posture/source/loader';
import { walkFiles } from '../project/files';
import type { SfdxProject } from '../project/sfdx-project';
import { version } from '../version';

/** The static gate's result: each layer, and whether the deploy may go on. */
export interface GateResult {
  /** SHA-256 of the gate's inputs (package directories, config/, tool version, --fail-on). */
  inputsSha256: string;
  verify: {
    failOn: Severity;
    passed: boolean;
    findings: Record<Severity, number>;
    notVerified: number;
    /** Rule id and file:line of each failing finding (never a value). */
    failing: string[];
  };
  metadata: { passed: boolean; filesChecked: number; problems: string[] };
  /** The platform rules, release rules included (sample certificates): scripts/src/platform-rules. */
  rules: { passed: boolean; rules: string[]; problems: string[] };
  apex: { passed: boolean; apexFiles: number; issues: string[]; notVerified: string[] };
  /** --force --reason: the verify part was overridden. */
  forced?: { reason: string };
  passed: boolean;
  /** Set when the result was read from --gate-cache. */
  cachedFrom?: string;
}

/** SHA-256 over every file of the package directories and config/, plus the tool version and threshold. */
export function gateInputsHash(project: SfdxProject, failOn: Severity, forced = false): string {
  const h = createHash('sha256');
  h.update(`phi-guard ${version()} fail-on ${failOn} force ${forced}\n`);
  const dirs = [...project.packageDirs, path.join(project.root, 'config')].filter((d) => existsSync(d));
  const { files } = walkFiles(dirs, () => true);
  for (const f of files.sort()) {
    h.update(`${path.relative(project.root, f)}\n`);
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}

/**
 * Runs the static gate: offline verify at `failOn`, the metadata schema validation, the Apex layers (parser, apex-ls,
 * PMD). `force` overrides only the verify part. With `cacheDir`, a result computed for the same inputs hash is
 * reused (the hash covers every input file, the tool version and the threshold), and a fresh one is stored.
 */
export async function runGate(
  project: SfdxProject,
  opts: { failOn: Severity; now: Date; force?: { reason: string }; cacheDir?: string }
): Promise<GateResult> {
  const sha = gateInputsHash(project, opts.failOn, opts.force !== undefined);
  const cacheFile = opts.cacheDir ? path.join(path.resolve(opts.cacheDir), `gate-${sha}.json`) : undefined;
  let base: Omit<GateResult, 'forced' | 'passed' | 'cachedFrom'> | undefined;
  let cachedFrom: string | undefined;
  if (cacheFile && existsSync(cacheFile)) {
    try {
      const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as GateResult;
      if (cached.inputsSha256 === sha && cached.rules) {
        base = {
          inputsSha256: sha,
          verify: cached.verify,
          metadata: cached.metadata,
          rules: cached.rules,
          apex: cached.apex
        };
        cachedFrom = cacheFile;
      }
    } catch {
      base = undefined; // an unreadable cache entry is recomputed, never trusted
    }
  }
  if (!base) {
    base = {
      inputsSha256: sha,
      ...(await computeGate(project, opts.failOn, opts.now, opts.force !== undefined))
    };
    if (cacheFile) {
      mkdirSync(path.dirname(cacheFile), { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(base, null, 2));
      renameSync(tmp, cacheFile);
    }
  }
  const verifyOk = base.verify.passed || opts.force !== undefined;
  return {
    ...base,
    ...(opts.force && !base.verify.passed ? { forced: opts.force } : {}),
    passed: verifyOk && base.metadata.passed && base.rules.passed && base.apex.passed,
    ...(cachedFrom ? { cachedFrom } : {})
  };
}

async function computeGate(
  project: SfdxProject,
  failOn: Severity,
  now: Date,
  force: boolean
): Promise<Omit<GateResult, 'inputsSha256' | 'forced' | 'passed' | 'cachedFrom'>> {
  const snapshot = loadProject(project, {});
  const suppressions = loadSuppressions(project.root, snapshot.config.suppressionsFile, now);
  const v = verifySnapshot(snapshot, { now, failOn, version: version(), suppressions });
  const failing = v.findings
    .filter((f) => !f.suppressed && (f.notVerified || severityRank(f.severity) >= severityRank(failOn)))
    .map((f) => `${f.checkId} ${f.component.type} ${f.component.name}${where(f.location)}`);
  const md = validateProject(project);
  const rules = validateRules(project, { release: true, now });
  // The Apex layers (two JVMs, the slow part) only run when the gate can still pass: verify passed or is
  // overridden with --force, and the metadata validation and platform rules passed. Otherwise they are
  // recorded as not run.
  const apexRuns = (v.passed || force) && md.problems.length === 0 && rules.passed;
  const apex = apexRuns ? await validateApex(project.root) : undefined;
  return {
    verify: {
      failOn,
      passed: v.passed,
      findings: v.summary.findings,
      notVerified: v.summary.checks['not-verified'] ?? 0,
      failing
    },
    metadata: {
      passed: md.problems.length === 0,
      filesChecked: md.filesChecked,
      problems: md.problems.map(formatProblem)
    },
    rules: { passed: rules.passed, rules: rules.rules, problems: rules.problems.map(formatRuleProblem) },
    apex: apex
      ? {
          passed: apex.passed,
          apexFiles: apex.apexFiles,
          issues: apex.layers.flatMap((l) => l.issues.map(formatIssue)),
          notVerified: apex.layers.filter((l) => l.notVerified).map((l) => `${l.layer}: ${l.notVerified}`)
        }
      : { passed: false, apexFiles: 0, issues: [], notVerified: [m.gate.apexNotRun] }
  };
}

const where = (l: Location) => ('file' in l ? ` (${l.file}${l.line ? `:${l.line}` : ''})` : '');
