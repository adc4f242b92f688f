import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/server';
import { fixture, REPO_ROOT } from '../helpers/paths';
import { BIN_DIR, freshHome, linkPlugin, runProcess, runSf, toolEnv } from '../helpers/processes';
import { allText, ORG_NOW } from '../org/run-cli-async';

/**
 * The `sf` plugin as users run it, every step a child process with one private HOME: link the
 * checkout, read the help, authorize the org emulator under an alias with `sf org login
 * access-token`, verify it by alias, by `sf config set target-org`, by SF_TARGET_ORG and by instance
 * URL; then the same org through the phi-guard bin and an npm script. The sf runs never update sf
 * (SF_AUTOUPDATE_DISABLE, SF_DISABLE_AUTOUPDATE). `sf plugins link` and `sf org login` write under
 * that HOME (the plugin registry, the alias's auth file), as they do for a user.
 */
jest.setTimeout(20 * 60_000);

type Envelope = {
  status: number;
  result: { source: { kind: string; alias?: string; apiCalls?: number }; checks: unknown[] };
  warnings: string[];
};

let home: string;
let project: string;
let emu: Emulator;
let env: NodeJS.ProcessEnv;

const sf = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  runSf(args, { cwd: project, env: { ...env, ...extra } });

/** Requests the emulator served since the last call: proof that a run went to the org. */
let seen = 0;
function newRequests(): { path: string }[] {
  const all = emu.requests();
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}

beforeAll(async () => {
  home = freshHome();
  // A copy of this project (its config/ holds the register verify needs), so the project-local
  // `sf config set` writes .sf/config.json there and never in the checkout.
  project = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-sf-project-'));
  for (const f of ['sfdx-project.json', '.forceignore', 'force-app', 'config']) {
    cpSync(path.join(REPO_ROOT, f), path.join(project, f), { recursive: true });
  }
  emu = await startEmulator({ profile: 'compliant', port: 0, now: new Date(ORG_NOW) });
  env = toolEnv(home, { PHI_GUARD_NOW: ORG_NOW });
});

afterAll(async () => {
  await emu?.stop();
  rmSync(home, { recursive: true, force: true });
  rmSync(project, { recursive: true, force: true });
});

type Probed = { code: number | null; stdout: string; stderr: string; ours: string[]; all: string[] };

/**
 * An sf run with loaded-modules.cjs preloaded, and the checkout's files it loaded, by require() or import(). The probe
 * only lists files (it prints nothing, and the CLI reads none of its variables), so a run that one test judges by its
 * output and another by what it loaded is made once, in the same state (HOME, project, org) for both: the first test
 * that needs it runs it, later ones read its result.
 */
const probedRuns = new Map<string, Promise<Omit<Probed, 'ours' | 'all'> & { files: string[] }>>();
async function loadedBy(args: string[]): Promise<Probed> {
  const key = args.join('\0');
  let run = probedRuns.get(key);
  if (!run) {
    const list = path.join(home, `loaded-${args.join('-')}.txt`);
    run = runSf(args, {
      cwd: project,
      env: { ...env, PHI_GUARD_TEST_LOADED: list, PHI_GUARD_TEST_ROOT: REPO_ROOT },
      nodeArgs: ['--require', path.join(__dirname, 'loaded-modules.cjs')]
    }).then((r) => ({ ...r, files: readFileSync(list, 'utf8').split('\n') }));
    probedRuns.set(key, run);
  }
  const { files, ...r } = await run;
  // The probe saw sf's own start-up (an empty list would prove nothing).
  expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/^node_modules\/@oclif\/core\//)]));
  return { ...r, ours: files.filter((f) => f.startsWith('plugin/')), all: files };
}

describe('sf phi-guard (the plugin, linked from this checkout)', () => {
  it('sf plugins link . loads it, and sf phi-guard verify --help is sf help', async () => {
    const link = await linkPlugin(home);
    expect(link).toMatchObject({ code: 0 });
    // The run the start-up test below also judges (what it imported).
    const help = await loadedBy(['phi-guard', 'verify', '--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toContain('$ sf phi-guard verify');
    expect(help.stdout).toMatch(/-o, --target-org=<alias\|username\|url>/);
    for (const flag of ['--api-version', '--project-dir', '--offline', '--fail-on', '--json']) {
      expect(help.stdout).toContain(flag);
    }
    // sf's -d is a source directory: the plugin's project folder has no short form.
    expect(help.stdout).not.toMatch(/-d, --project-dir/);
  });

  it('verify -o <alias> reads the org authorized with sf org login access-token', async () => {
    const login = await sf(
      ['org', 'login', 'access-token', '--instance-url', emu.url, '--alias', 'emu', '--no-prompt'],
      { SF_ACCESS_TOKEN: emu.token }
    );
    expect(login.code).toBe(0);
    newRequests();
    const r = await sf(['phi-guard', 'verify', '-o', 'emu', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Envelope;
    expect(out.status).toBe(0);
    expect(out.result.source).toMatchObject({ kind: 'org', alias: 'emu' });
    expect(out.result.source.apiCalls).toBeGreaterThan(5);
    expect(out.warnings.join('\n')).toMatch(/org: \d+ API call\(s\) used/);
    expect(newRequests().length).toBeGreaterThan(5);
  });

  it('SF_TARGET_ORG names the org (no -o, no sf config), and --api-version reaches the calls', async () => {
    newRequests();
    const r = await sf(['phi-guard', 'baa', 'check', '--api-version', '62.0', '--json'], {
      SF_TARGET_ORG: 'emu'
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { status: number }).status).toBe(0);
    const versions = newRequests().map((q) => /^\/services\/data\/v(\d+\.\d)\//.exec(q.path)?.[1]);
    expect(versions).toContain('62.0');
    expect(versions).not.toContain('63.0');
  });

  it('sf config set target-org, then verify with no -o, reads that org; --offline reads the project', async () => {
    const set = await sf(['config', 'set', 'target-org', 'emu']);
    expect(set.code).toBe(0);
    newRequests();
    const r = await sf(['phi-guard', 'verify']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Threshold --fail-on high: PASSED.');
    expect(r.stderr).toMatch(/org: \d+ API call\(s\) used/);
    expect(newRequests().length).toBeGreaterThan(5);

    // The run the start-up test below also judges (what it loaded).
    const offline = await loadedBy(['phi-guard', 'verify', '--offline', '--json']);
    expect(offline.code).toBe(0);
    expect((JSON.parse(offline.stdout) as Envelope).result.source.kind).toBe('project');
    expect(newRequests()).toEqual([]);
  });

  it('an instance URL with SF_ACCESS_TOKEN: verified, and the token is in no output and no file under HOME', async () => {
    const authFiles = () =>
      readdirSync(path.join(home, '.sfdx'))
        .filter((f) => f.endsWith('.json'))
        .sort();
    const before = authFiles();
    const r = await sf(['phi-guard', 'verify', '-o', emu.url, '--json'], { SF_ACCESS_TOKEN: emu.token });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Envelope).result.source.kind).toBe('org');
    // No auth file for the URL's org: only the alias's, from sf org login, as before.
    expect(authFiles()).toEqual(before);
    const secret = emu.token.split('!')[1]!;
    for (const text of [r.stdout, r.stderr, allText(home), allText(project)]) {
      expect(text).not.toContain(emu.token);
      expect(text).not.toContain(secret);
    }
  });

  it('exit codes: 1 on findings; 2 on a usage error or an unknown org, in one line and without a stack', async () => {
    // Four runs that read the same state (HOME, project copy, org) and change none of it: at once.
    const [findings, usage, retired, json] = await Promise.all([
      sf(['phi-guard', 'verify', '--offline', '--project-dir', fixture('posture', 'noncompliant')]),
      sf(['phi-guard', 'verify', '--offline', '--changed-since', 'origin/main']),
      sf(['phi-guard', 'verify', '--api-version', '20.0']),
      sf(['phi-guard', 'verify', '-o', 'no-such-alias', '--json'])
    ]);
    expect(findings.code).toBe(1);
    expect(findings.stdout).toContain('FAILED');

    // Refused by the CLI (the project copy is no git repository)...
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Error \(\w+\): --changed-since: .* is not inside a git repository$/)
    ]);
    // ...and by sf's own flag parsing.
    expect(retired.code).toBe(2);
    expect(retired.stderr).toMatch(/^Error \(\w+\): /);
    expect(retired.stderr).not.toMatch(/\n\s+at /);

    expect(json.code).toBe(2);
    const err = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(err).toMatchObject({ status: 2, exitCode: 2 });
    expect(String(err.message)).toContain('no-such-alias');
    expect(err).not.toHaveProperty('stack');
  });
});

describe("sf's start-up with the plugin linked (oclif.manifest.json, written by npm run prepare)", () => {
  it('sf --version imports none of the plugin: oclif reads the commands from the manifest', async () => {
    const r = await loadedBy(['--version']);
    expect(r.code).toBe(0);
    // A manifest whose version is not package.json's is ignored, with a warning on every run.
    expect(r.stderr).not.toMatch(/Mismatched version/);
    expect(r.ours).toEqual([]);
  });

  it('sf phi-guard verify --help imports that one command, not the eleven others', async () => {
    const r = await loadedBy(['phi-guard', 'verify', '--help']);
    expect(r.code).toBe(0);
    expect(r.ours.filter((f) => f.startsWith('plugin/lib/commands/'))).toEqual([
      'plugin/lib/commands/phi-guard/verify.mjs'
    ]);
  });

  it('verify offline loads scripts/dist/plugin-api.js through the launcher, and none of scripts/src', async () => {
    const r = await loadedBy(['phi-guard', 'verify', '--offline', '--json']);
    expect([0, 1]).toContain(r.code);
    expect((JSON.parse(r.stdout) as Envelope).result.checks.length).toBeGreaterThan(20);
    const scripts = r.all.filter((f) => f.startsWith('scripts/') && !f.startsWith('scripts/test/'));
    // The launcher and the bundle's plugin entry, rebuilt only when scripts/src changed (scripts/build/run.cjs).
    expect(scripts).toEqual([
      'scripts/build/bundle.cjs',
      'scripts/build/run.cjs',
      'scripts/dist/plugin-api.js'
    ]);
    // No TypeScript of ours. (tsx and typescript are in sf's process: @oclif/core 4.14, config/ts-path.js, loads
    // typescript and registers tsx for every linked plugin whose package.json is not "type": "module", tsconfig.json
    // or not: readTSConfig returns an empty config when the file is missing. ~1.3-1.7 CPU-s per sf phi-guard run; a
    // "type": "module" package skips it but warns on every run. The plugin's loadCli registers nothing.)
    expect(r.all.filter((f) => f.startsWith('scripts/src/'))).toEqual([]);
  });
});

describe('the other doors into the same commands, against the same org', () => {
  it('the phi-guard bin: verify -o <url>', async () => {
    const r = await runProcess(
      path.join(BIN_DIR, 'node'),
      [path.join(REPO_ROOT, 'scripts', 'bin', 'phi-guard.js'), 'verify', '-o', emu.url, '--json'],
      { cwd: project, env: { ...env, SF_ACCESS_TOKEN: emu.token } }
    );
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Envelope).result.source.kind).toBe('org');
  });

  it('an operations npm script: npm run access-review -- -o <url>', async () => {
    const r = await runProcess('npm', ['run', '--silent', 'access-review', '--', '-o', emu.url, '--json'], {
      env: { ...env, SF_ACCESS_TOKEN: emu.token }
    });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { status: number; result: { grants: unknown[] } };
    expect(out.status).toBe(0);
    expect(out.result.grants.length).toBeGreaterThan(0);
  });
});
