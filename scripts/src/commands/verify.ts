import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseApiVersion, parseChoice, parseFlags, parseList } from '../cli/args';
import { jsonSuccess, SharedLists, type Io } from '../cli/output';
import { SEVERITIES } from '../checks/types';
import type { VerifyResult } from '../engine/verify';
import { EXIT, UserError } from '../errors';
import { help, msg } from '../messages';
import { orgMsg } from '../messages/org';
import type { PostureSnapshot } from '../posture/model';
import { loadSfdxProject } from '../project/sfdx-project';
import { withoutSdkLogFile } from '../sdk-log';
import { version } from '../version';

/** Test seam: PHI_GUARD_NOW fixes "today" for date-based checks (register intervals, BAA expiry). */
function now(): Date {
  const fixed = process.env.PHI_GUARD_NOW;
  if (fixed) {
    const d = new Date(fixed);
    if (isNaN(d.getTime())) throw new UserError(msg.usage.badNow(fixed), 'UsageError');
    return d;
  }
  return new Date();
}

/** --min-api-share: the share of DailyApiRequests that must remain before an org is read (default 0.1). */
function parseShare(value: string | undefined): number {
  if (value === undefined) return 0.1;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UserError(orgMsg.budget.badShare(value), 'UsageError');
  }
  return n;
}

/** For -o, the project directory only supplies config/ (dictionary, register, suppressions). */
function projectDir(dir: string): string {
  const root = path.resolve(dir);
  if (!existsSync(root)) throw new UserError(msg.project.missingDir(dir), 'InputError');
  if (!statSync(root).isDirectory()) throw new UserError(msg.project.notADir(dir), 'InputError');
  return root;
}

/**
 * Reads the org's posture through the OrgClient. Connection, budget and session failures are
 * UserErrors (exit 2) raised before any report is written, so no partial report claims success.
 */
async function verifyOrg(
  target: string,
  root: string,
  at: Date,
  minRemainingShare: number,
  progress: Io | undefined,
  apiVersion: string | undefined
): Promise<{ snapshot: PostureSnapshot; warnings: string[]; used: string }> {
  const libraryWarnings: string[] = [];
  // Loaded here: an offline run never loads the Salesforce SDK behind it, nor the org client.
  const { connectOrg } = await import('../org/connect');
  const { OrgClient } = await import('../org/client');
  const { loadOrg } = await import('../posture/org/loader');
  const conn = await connectOrg(target, process.env, apiVersion, (w) => libraryWarnings.push(w));
  // After connectOrg, which refuses a malformed URL in one line (new URL would throw here first).
  const display = /^https?:\/\//i.test(target) ? new URL(target).origin : target;
  const client = new OrgClient(conn, { target: display, minRemainingShare });
  try {
    const snapshot = await loadOrg(client, {
      projectRoot: root,
      alias: display,
      now: at,
      onPhase: progress
        ? (n, total, what) => progress.progress(orgMsg.progress.phase(n, total, what))
        : undefined
    });
    // The daily requests left as of the end of the run (the org's latest count), not as read at start.
    const now = client.budgetNow;
    const used = orgMsg.budget.used(client.callsUsed, now.remaining, now.max);
    return { snapshot, warnings: [...new Set(libraryWarnings)], used };
  } finally {
    if (progress) progress.progress('');
  }
}

/** `phi-guard verify`: parse flags, build the snapshot, run the checks and policy, print and write reports. */
export async function verifyCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    'project-dir': { type: 'string', short: 'd' },
    'target-org': { type: 'string', short: 'o' },
    'api-version': { type: 'string' },
    'fail-on': { type: 'string' },
    format: { type: 'string' },
    'output-dir': { type: 'string' },
    'changed-since': { type: 'string' },
    json: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    'min-api-share': { type: 'string' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(help.verify);
    return EXIT.clean;
  }
  // The work's modules load after --help, which so prints its usage without loading the checks, the source
  // loader and the Apex parser behind it (most of a `verify --help` start).
  const [{ gitState }, { verifySnapshot }, { changedFilesSince }, { loadSuppressions }, { loadProject }] =
    await Promise.all([
      import('../engine/git'),
      import('../engine/verify'),
      import('../policy/changed'),
      import('../policy/suppressions'),
      import('../posture/source/loader')
    ]);
  const failOn = parseChoice('fail-on', values['fail-on'], SEVERITIES, 'high');
  // The report renderers load only when a report is asked for (most runs print to the console or --json).
  const reports = values.format === undefined ? undefined : await import('../report');
  const formats = parseList('format', values.format, reports?.FORMAT_NAMES ?? []);
  const apiVersion = parseApiVersion(values['api-version']);
  const at = now();
  const showProgress = !values.json && !values['no-progress'] && io.errIsTTY;
  const target = values['target-org'];
  let snapshot: PostureSnapshot;
  let root: string;
  const warnings: string[] = [];
  let changed: { ref: string; files: Set<string> } | undefined;
  if (target) {
    if (values['changed-since']) throw new UserError(orgMsg.changedSinceWithOrg, 'UsageError');
    const minShare = parseShare(values['min-api-share']);
    root = projectDir(values['project-dir'] ?? '.');
    const online = await verifyOrg(target, root, at, minShare, showProgress ? io : undefined, apiVersion);
    snapshot = online.snapshot;
    warnings.push(...online.warnings, online.used);
    if (!values.json) for (const w of [...online.warnings, online.used]) io.err(w);
  } else {
    const project = loadSfdxProject(values['project-dir'] ?? '.');
    root = project.root;
    changed = values['changed-since']
      ? { ref: values['changed-since'], files: changedFilesSince(project.root, values['changed-since']) }
      : undefined;
    snapshot = withoutSdkLogFile(() =>
      loadProject(project, {
        onProgress: showProgress ? (done, total) => io.progress(msg.report.progress(done, total)) : undefined
      })
    );
    if (showProgress) io.progress('');
  }
  const suppressions = loadSuppressions(root, snapshot.config.suppressionsFile, at);
  // Online too: the project supplies config/ (dictionary, register, suppressions), so its commit is evidence.
  const git = gitState(root);
  const result = verifySnapshot(snapshot, {
    now: at,
    failOn,
    version: version(),
    suppressions,
    changedFiles: changed,
    gitCommit: git.commit,
    gitDirty: git.dirty
  });
  const code = result.passed ? EXIT.clean : EXIT.findings;
  if (formats.length) {
    const { writeReports } = await import('../report/write');
    const dir = path.resolve(values['output-dir'] ?? 'phi-guard-report');
    const written = writeReports(
      dir,
      formats.map((f) => ({ name: reports!.FORMATS[f].file, text: reports!.FORMATS[f].render(result) }))
    );
    warnings.push(msg.report.wrote(written));
    if (!values.json) io.err(msg.report.wrote(written));
  }
  if (values.json) io.out(jsonOf(code, result, warnings));
  else io.out((await import('../report/console')).renderConsole(result, { color: io.isTTY }));
  return code;
}

/**
 * `jsonSuccess` of a verify result, with each check's evidence list serialised once per distinct
 * list (several checks read the same kinds of source; on a large project the --json output is
 * mostly these lists). The same bytes as `jsonSuccess(code, result, warnings)`.
 */
function jsonOf(code: number, result: VerifyResult, warnings: string[]): string {
  const shared = new SharedLists();
  const checks = result.checks.map((c) => ({ ...c, evidence: shared.ref(c.evidence) }));
  return shared.expand(jsonSuccess(code, { ...result, checks }, warnings));
}
