import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { jwtLoginArgs } from '../../src/deploy/jwt-login';
import { REPO_ROOT } from '../helpers/paths';
import { runInProcess } from '../helpers/run-in-process';
import { spawnSync } from 'node:child_process';

jest.setTimeout(120_000);

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
}

const DIR = path.join(REPO_ROOT, '.github/workflows');
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const workflows = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => ({ file: f, wf: parse(readFileSync(path.join(DIR, f), 'utf8')) as Workflow }));
const steps = workflows.flatMap(({ file, wf }) =>
  Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => ({ file, ...s })))
);
/** `npm run X -- args` → {script: X, args}; `npm test` → test; `npm ci` → install. */
const npmCalls = steps
  .filter((s) => s.run)
  .map((s) => {
    const m = /^npm (?:run (\S+)|(test|ci))(?: -- (.*))?$/.exec((s.run as string).trim());
    return { file: s.file, run: s.run as string, script: m?.[1] ?? m?.[2], args: m?.[3]?.split(/\s+/) ?? [] };
  });

/**
 * Where each npm script the workflows call is exercised locally. `test` runs `lint` (and `npm test` is the
 * suite itself); the others run the same entry points as the tests do.
 */
const EXERCISED: Record<string, { file: string; contains: string }> = {
  lint: { file: 'package.json', contains: 'npm run lint' },
  test: { file: 'package.json', contains: '"test:jest": "jest' },
  verify: { file: 'scripts/test/e2e/verify-org.test.ts', contains: "'sarif,junit,html,md,csv'" },
  deploy: { file: 'scripts/test/e2e/deploy.test.ts', contains: "'deploy'," },
  'org:login': { file: 'scripts/test/deploy/workflows.test.ts', contains: "'org:login'" }
};

describe('release workflows (.github/workflows)', () => {
  it('there are the two workflows: pull request and main', () => {
    expect(workflows.map((w) => w.file).sort()).toEqual(['main.yml', 'pr.yml']);
    const pr = workflows.find((w) => w.file === 'pr.yml')!.wf;
    const main = workflows.find((w) => w.file === 'main.yml')!.wf;
    expect(Object.keys(pr.on)).toEqual(['pull_request']);
    expect(main.on).toEqual({ push: { branches: ['main'] } });
    for (const { wf } of workflows)
      for (const job of Object.values(wf.jobs)) {
        expect(job['runs-on']).toBeTruthy();
        for (const s of job.steps) expect(Boolean(s.run) !== Boolean(s.uses)).toBe(true);
      }
  });

  it('every run step is an npm script that exists in package.json and is exercised by a test', () => {
    expect(npmCalls.length).toBeGreaterThan(5);
    for (const c of npmCalls) {
      expect({ run: c.run, script: c.script }).toEqual({ run: c.run, script: expect.any(String) });
      if (c.script === 'ci') continue;
      expect(pkg.scripts[c.script as string]).toBeDefined();
      const where = EXERCISED[c.script as string];
      expect({ script: c.script, exercised: Boolean(where) }).toEqual({ script: c.script, exercised: true });
      expect(readFileSync(path.join(REPO_ROOT, where!.file), 'utf8')).toContain(where!.contains);
    }
    // npm test runs the static layers (lint among them, side by side: scripts/dev/parallel.js), then jest
    expect(pkg.scripts.test).toBe('npm run test:static && npm run test:jest');
    expect(pkg.scripts['test:static']).toContain('"npm run lint"');
    // the deploy and verify scripts run the same door the e2e tests run as a child process, as one process: the
    // launcher, which runs the CLI's bundle (rebuilt first when scripts/src changed: scripts/build/run.cjs)
    expect(pkg.scripts.deploy).toBe('node scripts/build/run.cjs deploy');
    expect(pkg.scripts.verify).toBe('node scripts/build/run.cjs verify');
  });

  it('PR: lint, test, offline verify with a SARIF upload, deploy --dry-run; main: deploy with the pack as an artifact', () => {
    const scripts = (f: string) => npmCalls.filter((c) => c.file === f).map((c) => c.script);
    expect(scripts('pr.yml')).toEqual(['ci', 'lint', 'test', 'verify', 'org:login', 'deploy']);
    expect(scripts('main.yml')).toEqual(['ci', 'org:login', 'deploy']);
    const pr = steps.filter((s) => s.file === 'pr.yml');
    const verify = npmCalls.find((c) => c.file === 'pr.yml' && c.script === 'verify')!;
    const upload = pr.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    const outDir = verify.args[verify.args.indexOf('--output-dir') + 1];
    expect(verify.args).toEqual(expect.arrayContaining(['--format', 'sarif']));
    expect(upload.with?.sarif_file).toBe(`${outDir}/phi-guard.sarif`);
    expect(npmCalls.find((c) => c.file === 'pr.yml' && c.script === 'deploy')!.args).toContain('--dry-run');
    const mainDeploy = npmCalls.find((c) => c.file === 'main.yml' && c.script === 'deploy')!;
    expect(mainDeploy.args).not.toContain('--dry-run');
    const artifact = steps.find(
      (s) => s.file === 'main.yml' && s.uses?.startsWith('actions/upload-artifact')
    )!;
    expect(artifact.with?.path).toBe(mainDeploy.args[mainDeploy.args.indexOf('--output-dir') + 1]);
  });

  it('JWT secrets reach only the login step, from repository secrets', () => {
    const withSecrets = steps.filter((s) =>
      Object.values(s.env ?? {}).some((v) => String(v).includes('secrets.'))
    );
    expect(withSecrets.map((s) => s.run)).toEqual(['npm run org:login', 'npm run org:login']);
    for (const s of withSecrets)
      for (const k of ['SF_CLIENT_ID', 'SF_JWT_KEY', 'SF_USERNAME'])
        expect(s.env?.[k]).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
  });

  it('the flags each workflow passes parse (the CLI accepts them: --help after them exits 0)', async () => {
    // The real CLI entry in this process: parsing the flags is the point, not the process (e2e/deploy.test.ts and
    // e2e/verify-org.test.ts run these commands as child processes).
    for (const c of npmCalls.filter((x) => x.script === 'deploy' || x.script === 'verify')) {
      const r = await runInProcess([c.script as string, ...c.args, '--help']);
      expect({ run: c.run, code: r.code, stderr: r.stderr }).toEqual({ run: c.run, code: 0, stderr: '' });
    }
  });

  it("npm run 'org:login' builds sf org login jwt from the environment and refuses to run without the secrets", () => {
    expect(
      jwtLoginArgs(
        { SF_CLIENT_ID: 'cid', SF_JWT_KEY: 'k', SF_USERNAME: 'u@example.com', SF_ORG_ALIAS: 'release' },
        '/tmp/k'
      )
    ).toEqual([
      'org',
      'login',
      'jwt',
      '--client-id',
      'cid',
      '--jwt-key-file',
      '/tmp/k',
      '--username',
      'u@example.com',
      '--instance-url',
      'https://login.salesforce.com',
      '--alias',
      'release',
      '--set-default'
    ]);
    const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
    const r = spawnSync('npm', ['run', '--silent', 'org:login'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
        SF_CLIENT_ID: '',
        SF_JWT_KEY: '',
        SF_USERNAME: ''
      }
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'org:login: missing environment variable(s) SF_CLIENT_ID, SF_JWT_KEY, SF_USERNAME'
    );
  });
});
