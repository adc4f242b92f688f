import { apexLsLayer } from '../apex/apexls';
import { parserLayer } from '../apex/parse';
import { pmdLayer } from '../apex/pmd';
import { formatIssue, type LayerResult } from '../apex/types';
import { severityRank, type Location, type Severity } from '../checks/types';
import { verifySnapshot } from '../engine/verify';
import { validateProject } from '../metadata/project';
import { formatProblem } from '../metadata/validate';
import { deployMsg as m } from '../messages/deploy';
import { formatRuleProblem, validateRules } from '../platform-rules/validate';
import { loadSuppressions } from '../policy/suppressions';
import { loadProject } from '../posture/source/loader';
import { isApexSource, listFiles } from '../project/files';
import type { SfdxProject } from '../project/sfdx-project';
import { version } from '../version';
import { GateCache, type CacheReport, type CacheSettings } from './gate-cache';
import { CACHED_LAYERS, gateInputs } from './gate-inputs';

/** The static gate's result: each layer, and whether the deploy may go on. */
export interface GateResult {
  /** SHA-256 of the gate's inputs (package directories, config/, tool, --fail-on, --force). */
  inputsSha256: string;
  verify: {
    failOn: Severity;
    passed: boolean;
    findings: Record<Severity, number>;
    notVerified: number;
    /** Rule id and file:line of each failing finding (never a value). */
    failing: string[];
  };
  metadata: MetadataLayer;
  /** The platform rules, release rules included (the sample JWT certificate): scripts/src/platform-rules. */
  rules: RulesLayer;
  apex: { passed: boolean; apexFiles: number; issues: string[]; notVerified: string[] };
  /** --force --reason: the verify part was overridden. */
  forced?: { reason: string };
  passed: boolean;
  /** What the gate cache did: where, with which key, and for each layer whether it was reused and why. */
  cache: CacheReport;
}

type MetadataLayer = { passed: boolean; filesChecked: number; problems: string[] };
type RulesLayer = { passed: boolean; rules: string[]; problems: string[] };

/** SHA-256 over every input of the gate (package directories, config/, the tool), the threshold and --force. */
export function gateInputsHash(project: SfdxProject, failOn: Severity, forced = false): string {
  return gateInputs(project, failOn, forced).sha256;
}

/** A layer result that may be stored: the layer ran (a result it could not produce is not verified, never kept). */
const ran = (r: LayerResult) => !r.notVerified;

/**
 * Runs the static gate: offline verify at `failOn` (always: its verdict depends on the date), the metadata schema
 * validation, the platform rules (release rules included), then the Apex layers (parser, apex-ls, PMD) when the gate
 * can still pass. `force` overrides only the verify part. The deterministic layers are reused from the gate cache when a signed entry for their exact inputs
 * is there (gate-cache.ts), and stored when they ran.
 */
export async function runGate(
  project: SfdxProject,
  opts: { failOn: Severity; now: Date; force?: { reason: string }; cache?: CacheSettings }
): Promise<GateResult> {
  const cache = GateCache.open(project.root, opts.cache ?? {});
  const inputs = gateInputs(project, opts.failOn, opts.force !== undefined);

  const snapshot = loadProject(project, {});
  const suppressions = loadSuppressions(project.root, snapshot.config.suppressionsFile, opts.now);
  const v = verifySnapshot(snapshot, {
    now: opts.now,
    failOn: opts.failOn,
    version: version(),
    suppressions
  });
  const failing = v.findings
    .filter((f) => !f.suppressed && (f.notVerified || severityRank(f.severity) >= severityRank(opts.failOn)))
    .map((f) => `${f.checkId} ${f.component.type} ${f.component.name}${where(f.location)}`);

  const metadata = await cache.layer<MetadataLayer>(
    'metadata',
    inputs.keys.metadata,
    () => {
      const md = validateProject(project);
      return {
        passed: md.problems.length === 0,
        filesChecked: md.filesChecked,
        problems: md.problems.map(formatProblem)
      };
    },
    () => true
  );

  // The platform rules (release rules included) run whatever the layers before them said: each problem they report
  // is one more the release must fix. Deterministic given their inputs (no date, no environment), so cached.
  const rules = await cache.layer<RulesLayer>(
    'rules',
    inputs.keys.rules,
    () => {
      const r = validateRules(project, { release: true });
      return { passed: r.passed, rules: r.rules, problems: r.problems.map(formatRuleProblem) };
    },
    () => true
  );

  // The Apex layers (two JVMs, the slow part) only run when the gate can still pass: verify passed or is
  // overridden with --force, and the metadata validation and the platform rules passed. Otherwise they are recorded
  // as not run.
  const apexRuns = (v.passed || opts.force !== undefined) && metadata.passed && rules.passed;
  let apex: GateResult['apex'] = {
    passed: false,
    apexFiles: 0,
    issues: [],
    notVerified: [m.gate.apexNotRun]
  };
  if (apexRuns) {
    const root = project.root;
    const files = listFiles(project.packageDirs, isApexSource);
    const layers = [
      await cache.layer('apex-parser', inputs.keys['apex-parser'], () => parserLayer(root, files), ran),
      // apex-ls and PMD are separate JVMs; run them side by side.
      ...(await Promise.all([
        cache.layer('apex-ls', inputs.keys['apex-ls'], () => apexLsLayer(root, files.length), ran),
        cache.layer('pmd', inputs.keys.pmd, () => pmdLayer(root, project.packageDirs), ran)
      ]))
    ];
    apex = {
      passed: layers.every((l) => l.issues.length === 0 && !l.notVerified),
      apexFiles: files.length,
      issues: layers.flatMap((l) => l.issues.map(formatIssue)),
      notVerified: layers.filter((l) => l.notVerified).map((l) => `${l.layer}: ${l.notVerified}`)
    };
  }

  // apex-ls and PMD finish in either order: report the layers in the gate's order.
  const order = (l: string) => CACHED_LAYERS.indexOf(l as (typeof CACHED_LAYERS)[number]);
  cache.report.layers.sort((a, b) => order(a.layer) - order(b.layer));
  cache.report.reused.sort((a, b) => order(a) - order(b));

  const verifyOk = v.passed || opts.force !== undefined;
  return {
    inputsSha256: inputs.sha256,
    verify: {
      failOn: opts.failOn,
      passed: v.passed,
      findings: v.summary.findings,
      notVerified: v.summary.checks['not-verified'] ?? 0,
      failing
    },
    metadata,
    rules,
    apex,
    ...(opts.force && !v.passed ? { forced: opts.force } : {}),
    passed: verifyOk && metadata.passed && rules.passed && apex.passed,
    cache: cache.report
  };
}

const where = (l: Location) => ('file' in l ? ` (${l.file}${l.line ? `:${l.line}` : ''})` : '');
