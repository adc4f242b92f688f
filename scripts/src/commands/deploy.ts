import { parseApiVersion, parseChoice, parseFlags } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { SEVERITIES } from '../checks/types';
import type { DeployOptions, DeployRun } from '../deploy/pipeline';
import { EXIT, UserError } from '../errors';
import { msg } from '../messages';
import { deployHelp, deployMsg as m } from '../messages/deploy';

const FLAGS = {
  'target-org': { type: 'string', short: 'o' },
  'api-version': { type: 'string' },
  'project-dir': { type: 'string', short: 'd' },
  'fail-on': { type: 'string' },
  force: { type: 'boolean' },
  reason: { type: 'string' },
  tests: { type: 'string' },
  'dry-run': { type: 'boolean' },
  delta: { type: 'string' },
  'allow-deletes': { type: 'boolean' },
  'without-shield': { type: 'boolean' },
  wait: { type: 'string' },
  'output-dir': { type: 'string' },
  'gate-cache': { type: 'string' },
  'no-cache': { type: 'boolean' },
  json: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const;

/** Flags that shape a deploy as it starts: `deploy resume` follows one already started, so it takes none of them. */
export const START_ONLY = [
  'force',
  'reason',
  'tests',
  'dry-run',
  'delta',
  'allow-deletes',
  'without-shield',
  'gate-cache',
  'no-cache'
] as const;

function now(): Date {
  const fixed = process.env.PHI_GUARD_NOW;
  if (!fixed) return new Date();
  const d = new Date(fixed);
  if (isNaN(d.getTime())) throw new UserError(msg.usage.badNow(fixed), 'UsageError');
  return d;
}

/**
 * --wait in minutes, more than 0; a decimal is allowed (0.5 is thirty seconds), which `sf project deploy
 * start` does not allow. Default 33, as there.
 */
function parseWait(v: string | undefined): number {
  if (v === undefined) return 33;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v.trim()) || !(n > 0)) throw new UserError(m.deploy.badWait(v), 'UsageError');
  return n;
}

/** `phi-guard deploy` and `phi-guard deploy resume <id>`: parse flags, run the pipeline, print, write the pack. */
export async function deployCommand(argv: string[], io: Io): Promise<number> {
  const resume = argv[0] === 'resume';
  const rest = resume ? argv.slice(1) : argv;
  const id = resume && rest[0] && !rest[0].startsWith('-') ? rest[0] : undefined;
  const { values } = parseFlags(id ? rest.slice(1) : rest, FLAGS);
  if (values.help) {
    io.out(deployHelp);
    return EXIT.clean;
  }
  if (resume && !id) throw new UserError(m.deploy.resumeNeedsId, 'UsageError');
  if (resume) {
    // A deploy being followed keeps the options it was started with: a flag that would change them means nothing.
    const ignored = START_ONLY.find((f) => values[f] !== undefined);
    if (ignored) throw new UserError(m.deploy.resumeFlag(ignored), 'UsageError');
  }
  if (id && !/^0Af[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(id))
    throw new UserError(m.deploy.badId(id), 'UsageError');
  const target = values['target-org'];
  if (!target) throw new UserError(m.deploy.noOrg, 'UsageError');
  if (values.force && !values.reason?.trim()) throw new UserError(m.deploy.forceNeedsReason, 'UsageError');
  const tests = values.tests
    ?.split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (values.tests !== undefined && !tests?.length) throw new UserError(m.deploy.badTests, 'UsageError');
  const apiVersion = parseApiVersion(values['api-version']);
  if (values['no-cache'] && values['gate-cache'] !== undefined)
    throw new UserError(m.cache.bothFlags, 'UsageError');
  const at = now();
  const opts: DeployOptions = {
    target: /^https?:\/\//i.test(target) ? new URL(target).origin : target,
    failOn: parseChoice('fail-on', values['fail-on'], SEVERITIES, 'high'),
    force: values.force ? { reason: (values.reason as string).trim() } : undefined,
    tests,
    dryRun: Boolean(values['dry-run']),
    delta: values.delta,
    allowDeletes: Boolean(values['allow-deletes']),
    withoutShield: Boolean(values['without-shield']),
    waitMinutes: parseWait(values.wait),
    gateCache: values['gate-cache'],
    noCache: Boolean(values['no-cache']),
    now: at
  };
  // The work (the gate, SDR, the Salesforce SDK, the Apex layers) loads once the flags are judged: --help and a
  // flag error load none of it (cli/lazy-help.test.ts).
  const { noSdkLogFileForUrl } = await import('../sdk-log');
  noSdkLogFileForUrl(target); // before the gate loads SDR: nothing under HOME for a URL run
  const [
    { checkPackTarget, defaultPackDir, writePack },
    { packFiles },
    { resumeRun, runDeploy },
    { connectOrg },
    { loadSfdxProject }
  ] = await Promise.all([
    import('../deploy/pack'),
    import('../deploy/evidence'),
    import('../deploy/pipeline'),
    import('../org/connect'),
    import('../project/sfdx-project')
  ]);
  const project = loadSfdxProject(values['project-dir'] ?? '.');
  const outDir = values['output-dir'] ?? defaultPackDir(at);
  checkPackTarget(outDir); // before anything is sent: a deploy is never followed by a refused pack
  const json = Boolean(values.json);
  const showProgress = !json && !values['no-progress'] && io.errIsTTY;
  const warnings: string[] = [];
  const hooks = {
    line: (t: string) => (json ? undefined : io.out(t)),
    progress: (s: {
      status: unknown;
      numberComponentsDeployed?: unknown;
      numberComponentsTotal?: unknown;
      numberTestsCompleted?: unknown;
      numberTestsTotal?: unknown;
      numberComponentErrors?: unknown;
      numberTestErrors?: unknown;
    }) => {
      if (!showProgress) return;
      const n = (v: unknown) => Number(v ?? 0) || 0;
      io.progress(
        m.deploy.progress(
          String(s.status),
          n(s.numberComponentsDeployed),
          n(s.numberComponentsTotal),
          n(s.numberTestsCompleted),
          n(s.numberTestsTotal),
          n(s.numberComponentErrors) + n(s.numberTestErrors)
        )
      );
    },
    connect: () => connectOrg(target, process.env, apiVersion, (w) => warnings.push(w))
  };
  let run: DeployRun;
  try {
    run = id ? await resumeRun(project, id, opts, hooks) : await runDeploy(project, opts, hooks);
  } finally {
    if (showProgress) io.progress('');
  }
  const written = writePack(outDir, packFiles(run));
  const code = run.passed ? EXIT.clean : EXIT.findings;
  warnings.push(...new Set(warnings.splice(0)));
  if (json) {
    io.out(jsonSuccess(code, { ...run, evidencePack: written }, warnings));
    return code;
  }
  for (const w of warnings) io.err(w);
  io.out(m.pack.wrote(outDir, written.length));
  io.out(run.passed ? m.summary.passed : m.summary.failed(run.stoppedAt));
  return code;
}
