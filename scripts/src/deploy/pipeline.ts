import os from 'node:os';
import path from 'node:path';
import type { Connection } from '@salesforce/core';
import type { Severity } from '../checks/types';
import { deployMsg as m } from '../messages/deploy';
import { OrgClient } from '../org/client';
import type { SfdxProject } from '../project/sfdx-project';
import { version } from '../version';
import { computeDelta, type Delta } from './delta';
import { runGate, type GateResult } from './gate';
import { postDeployVerify, type PostDeployPosture } from './post-verify';
import { loadPrerequisites, runPreflight, type Prerequisite, type PrerequisiteStatus } from './preflight';
import { buildPackage, resumeDeploy, startDeploy, type DeployOutcome } from './sdr';
import { loadPending, pendingFile, removePending, savePending } from './pack';
import { gitState } from '../engine/git';
import { findShieldElements, stripShield, type ShieldElement } from './shield';
import type { MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';

export interface DeployOptions {
  target: string;
  failOn: Severity;
  force?: { reason: string };
  tests?: string[];
  dryRun: boolean;
  delta?: string;
  allowDeletes: boolean;
  withoutShield: boolean;
  waitMinutes: number;
  /** --gate-cache <dir>: the gate cache's location instead of .phi-guard/cache. */
  gateCache?: string;
  /** --no-cache: every gate layer runs; no entry is read or written. */
  noCache?: boolean;
  now: Date;
}

export type Stage = 'gate' | 'preflight' | 'deploy' | 'timeout' | 'post-deploy verify' | 'none';

export interface KnownGap {
  component: string;
  element: string;
  needs: string[];
  controls: string[];
}

/** Everything the run found: the evidence pack is written from it. */
export interface DeployRun {
  tool: { name: string; version: string };
  target: string;
  ranBy: { osUser: string; orgUser?: string; ci?: string };
  startedAt: string;
  finishedAt?: string;
  options: Omit<DeployOptions, 'now'>;
  stoppedAt: Stage;
  gate?: GateResult;
  preflight?: {
    prerequisites: PrerequisiteStatus[];
    /** Components that need a missing prerequisite, and which. */
    blocked: { component: string; needs: string[] }[];
  };
  knownGaps: KnownGap[];
  delta?: { ref: string; changed: string[]; deleted: string[]; deletesSent: boolean };
  manifest?: string;
  destructiveManifest?: string;
  bundleSha256?: string;
  deploy?: DeployOutcome;
  postDeploy?: PostDeployPosture;
  passed: boolean;
  /** HEAD of the project's repository when the deploy started, and whether it had uncommitted changes. */
  gitCommit?: string;
  gitDirty?: boolean;
  /** Set by `deploy resume`: where the facts of the deploy's start came from (its record), or rebuilt. */
  resumed?: { record?: string };
}

export interface Hooks {
  line: (text: string) => void;
  progress: (s: MetadataApiDeployStatus) => void;
  connect: () => Promise<Connection>;
}

const who = (conn?: Connection) => ({
  osUser: safeUser(),
  ...(conn?.getUsername() ? { orgUser: conn.getUsername() } : {}),
  ...(process.env.GITHUB_ACTOR ? { ci: `github:${process.env.GITHUB_ACTOR}` } : {})
});

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Gate, preflight, deploy, post-deploy verify: stops at the first stage that fails (nothing is sent after a gate failure). */
export async function runDeploy(project: SfdxProject, opts: DeployOptions, hooks: Hooks): Promise<DeployRun> {
  const { now, ...shown } = opts;
  const run: DeployRun = {
    tool: { name: 'phi-guard', version: version() },
    target: opts.target,
    ranBy: who(),
    startedAt: now.toISOString(),
    options: shown,
    stoppedAt: 'none',
    knownGaps: [],
    passed: false,
    ...git(project.root)
  };
  // 1. Static gate (offline: nothing is sent).
  hooks.line(m.gate.header);
  run.gate = await runGate(project, {
    failOn: opts.failOn,
    now,
    force: opts.force,
    cache: { disabled: opts.noCache, dir: opts.gateCache }
  });
  printGate(run.gate, project.root, hooks.line);
  if (!run.gate.passed) {
    hooks.line(m.gate.stopped);
    return finish(run, 'gate');
  }
  // 2. Preflight.
  const prerequisites = loadPrerequisites(project.root);
  const conn = await hooks.connect();
  run.ranBy = who(conn);
  const client = new OrgClient(conn, { target: opts.target });
  // The run's API budget first (/limits): the guard holds the preflight, the deploy and its polls to it.
  await client.checkBudget();
  hooks.line(m.preflight.header);
  const statuses = await runPreflight(client, prerequisites, now);
  for (const s of statuses)
    hooks.line(
      s.status === 'met'
        ? m.preflight.met(s.id)
        : s.status === 'manual'
          ? m.preflight.manual(s.id)
          : m.preflight.missing(s.id, s.reason ?? '')
    );
  const missing = new Set(statuses.filter((s) => s.status === 'missing' && s.blocking).map((s) => s.id));
  const shield = findShieldElements(project.root, project.packageDirs);
  const blocked = blockedComponents(prerequisites, shield, missing);
  run.preflight = { prerequisites: statuses, blocked };
  let strip: ShieldElement[] = [];
  if (blocked.length) {
    const strippable = shield.filter((e) => e.needs.some((n) => missing.has(n)));
    const remaining = blocked.filter((b) => !strippable.some((e) => e.file === b.component));
    if (!opts.withoutShield || remaining.length) {
      const shown = opts.withoutShield ? remaining : blocked;
      for (const b of shown) hooks.line(m.preflight.needs(b.component, b.needs));
      hooks.line(m.preflight.stopped(new Set(shown.flatMap((b) => b.needs)).size));
      return finish(run, 'preflight');
    }
    strip = strippable;
    run.knownGaps = strip.map((e) => ({
      component: e.file,
      element: e.element,
      needs: e.needs.filter((n) => missing.has(n)),
      controls: e.controls
    }));
    hooks.line(m.shield.stripped(strip.length));
    for (const g of run.knownGaps) hooks.line(m.shield.gap(g.component, g.element));
  }
  // 3. Deploy.
  const copy = strip.length ? stripShield(project.root, strip) : undefined;
  let delta: Delta | undefined;
  try {
    const deployRoot = copy?.dir ?? project.root;
    let paths = project.packageDirs.map((d) => path.join(deployRoot, path.relative(project.root, d)));
    if (opts.delta) {
      delta = computeDelta(project.root, project.packageDirs, opts.delta, deployRoot, opts.allowDeletes);
      hooks.line(m.delta.header(opts.delta, delta.changed.length, delta.deleted.length));
      if (delta.deleted.length && !opts.allowDeletes) {
        hooks.line(m.delta.deletionsSkipped(delta.deleted.length));
        for (const f of delta.deleted) hooks.line(m.delta.deletion(f));
      }
      run.delta = {
        ref: opts.delta,
        changed: delta.changed.map((f) => path.relative(deployRoot, f).split(path.sep).join('/')),
        deleted: delta.deleted,
        deletesSent: opts.allowDeletes && delta.deleted.length > 0
      };
      if (!delta.changed.length && !(opts.allowDeletes && delta.deleted.length)) {
        hooks.line(m.delta.nothing(opts.delta));
        run.passed = true;
        return finish(run, 'none');
      }
      paths = delta.changed;
    }
    const pkg = await buildPackage({ paths, deletePaths: delta?.deletedSource?.paths });
    run.manifest = pkg.manifest;
    run.destructiveManifest = pkg.destructive;
    run.bundleSha256 = pkg.sha256;
    const testLevel = opts.tests?.length ? 'RunSpecifiedTests' : 'RunLocalTests';
    hooks.line(m.deploy.starting(pkg.count, testLevel, opts.dryRun));
    run.deploy = await startDeploy(
      conn,
      pkg,
      { paths, testLevel, runTests: opts.tests, checkOnly: opts.dryRun, waitMinutes: opts.waitMinutes },
      hooks.progress
    );
  } finally {
    copy?.cleanup();
    delta?.deletedSource?.cleanup();
  }
  return afterDeploy(run, conn, project, opts, hooks);
}

/** `deploy resume <id>`: follows the deploy, then the post-deploy verify and the pack. */
export async function resumeRun(
  project: SfdxProject,
  id: string,
  opts: DeployOptions,
  hooks: Hooks
): Promise<DeployRun> {
  const { now, ...shown } = opts;
  const conn = await hooks.connect();
  const run: DeployRun = {
    tool: { name: 'phi-guard', version: version() },
    target: opts.target,
    ranBy: who(conn),
    startedAt: now.toISOString(),
    options: shown,
    stoppedAt: 'none',
    knownGaps: [],
    passed: false
  };
  // The run's API budget (/limits) before the status polls, which the guard counts against it.
  await new OrgClient(conn, { target: opts.target }).checkBudget();
  hooks.line(m.deploy.resumed(id));
  // The pack of a resumed deploy is complete: the facts of its start come from the record the timed-out run
  // left in .phi-guard/deploys/; without one (started elsewhere) the package is rebuilt from the project, and
  // the release record says so.
  const pending = loadPending(project.root, id);
  if (pending) {
    Object.assign(run, {
      startedAt: pending.startedAt,
      ranBy: pending.ranBy,
      options: { ...pending.options, waitMinutes: opts.waitMinutes },
      gitCommit: pending.gitCommit,
      gitDirty: pending.gitDirty,
      gate: pending.gate,
      preflight: pending.preflight,
      knownGaps: pending.knownGaps,
      delta: pending.delta,
      manifest: pending.manifest,
      destructiveManifest: pending.destructiveManifest,
      bundleSha256: pending.bundleSha256,
      resumed: { record: pendingFile(id) }
    });
  } else {
    Object.assign(run, git(project.root));
    const pkg = await buildPackage({ paths: project.packageDirs });
    Object.assign(run, { manifest: pkg.manifest, bundleSha256: pkg.sha256, resumed: {} });
  }
  run.deploy = await resumeDeploy(conn, id, opts.waitMinutes, hooks.progress);
  const done = await afterDeploy(run, conn, project, { ...opts, dryRun: run.deploy.checkOnly }, hooks);
  if (done.stoppedAt !== 'timeout') removePending(project.root, id);
  return done;
}

const git = (root: string) => {
  const g = gitState(root);
  return { gitCommit: g.commit, ...(g.dirty ? { gitDirty: true } : {}) };
};

async function afterDeploy(
  run: DeployRun,
  conn: Connection,
  project: SfdxProject,
  opts: DeployOptions,
  hooks: Hooks
): Promise<DeployRun> {
  const d = run.deploy as DeployOutcome;
  hooks.line(m.deploy.id(d.id));
  if (d.timedOut) {
    hooks.line(m.deploy.timedOut(d.id, opts.waitMinutes));
    try {
      hooks.line(m.deploy.recorded(savePending(project.root, run)));
    } catch (e) {
      hooks.line(m.deploy.notRecorded((e as NodeJS.ErrnoException).code ?? 'error'));
    }
    return finish(run, 'timeout');
  }
  for (const f of d.componentFailures)
    hooks.line(m.deploy.componentFailure(f.type, f.name, f.file, f.line ? `:${f.line}` : '', f.problem));
  for (const t of d.testFailures) hooks.line(m.deploy.testFailure(t.className, t.method, t.message));
  if (d.coverage.percent !== undefined)
    hooks.line(m.deploy.coverageLine(d.coverage.percent, d.coverage.classes.length));
  for (const w of d.coverage.warnings) hooks.line(m.deploy.coverageWarning(w));
  if (d.coverage.percent !== undefined && d.coverage.percent < 75)
    hooks.line(m.deploy.coverage(d.coverage.percent));
  if (!d.success) {
    hooks.line(m.deploy.failed);
    return finish(run, 'deploy');
  }
  const passedTests = d.testSuccesses.length;
  hooks.line(
    d.checkOnly
      ? m.deploy.validated(d.components.total, passedTests)
      : m.deploy.succeeded(d.components.deployed, passedTests)
  );
  if (opts.dryRun || d.checkOnly) {
    hooks.line(m.post.skipped);
    run.passed = true;
    return finish(run, 'none');
  }
  // 4. Post-deploy verify.
  hooks.line(m.post.header);
  run.postDeploy = await postDeployVerify(conn, {
    root: project.root,
    target: opts.target,
    now: opts.now,
    failOn: opts.failOn,
    gapChecks: [...new Set(run.knownGaps.flatMap((g) => g.controls))]
  });
  const p = run.postDeploy;
  hooks.line(
    m.post.result(
      p.passed,
      p.controls.filter((c) => c.status === 'fail').length,
      p.controls.filter((c) => c.status === 'not-verified').length
    )
  );
  for (const c of p.controls.filter((x) => x.status === 'fail' || x.status === 'not-verified'))
    hooks.line(m.post.control(c.citation, c.title, c.status, c.checks.join(', ')));
  for (const id of p.knownGapChecks) hooks.line(m.post.gap(id));
  if (!p.passed) return finish(run, 'post-deploy verify');
  run.passed = true;
  return finish(run, 'none');
}

function finish(run: DeployRun, stage: Stage): DeployRun {
  run.stoppedAt = stage;
  run.finishedAt = new Date().toISOString();
  return run;
}

function printGate(g: GateResult, root: string, line: (t: string) => void): void {
  const counts = Object.entries(g.verify.findings)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  line(m.gate.verify(g.verify.passed, g.verify.failOn, counts || 'no findings'));
  for (const f of g.verify.failing) line(`    ${f}`);
  if (g.forced) line(m.gate.forced(g.forced.reason));
  line(m.gate.metadata(g.metadata.problems.length, g.metadata.filesChecked));
  for (const p of g.metadata.problems) line(`    ${p}`);
  line(m.gate.rules(g.rules.problems.length, g.rules.rules.length));
  for (const p of g.rules.problems) line(`    ${p}`);
  line(m.gate.apex(g.apex.passed, g.apex.issues.length + g.apex.notVerified.length));
  for (const i of [...g.apex.issues, ...g.apex.notVerified]) line(`    ${i}`);
  const c = g.cache;
  if (c.state === 'on' && c.dir && c.key) {
    const rel = path.relative(root, c.dir);
    line(m.cache.on(rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : c.dir, c.key));
  } else line(m.cache.off(c.off ?? ''));
  for (const l of c.layers) line(m.cache.layer(m.cache.labels[l.layer] ?? l.layer, l.reused, l.why));
  if (c.legacyIgnored) line(m.cache.legacy(c.legacyIgnored));
}

/** For each missing prerequisite, the components of this project that need it (Shield elements found in source, others from the checked list). */
function blockedComponents(
  prerequisites: Prerequisite[],
  shield: ShieldElement[],
  missing: Set<string>
): { component: string; needs: string[] }[] {
  const out = new Map<string, Set<string>>();
  const add = (c: string, id: string) => out.set(c, (out.get(c) ?? new Set()).add(id));
  for (const e of shield) for (const n of e.needs) if (missing.has(n)) add(e.file, n);
  const shieldIds = new Set(shield.flatMap((e) => e.needs));
  for (const p of prerequisites)
    if (missing.has(p.id) && !shieldIds.has(p.id)) for (const c of p.components) add(c, p.id);
  return [...out].map(([component, ids]) => ({ component, needs: [...ids] }));
}
