import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/checks/types';
import { fixture } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';
import { runInProcess } from '../helpers/run-in-process';

const env = { PHI_GUARD_NOW: '2026-11-25T12:00:00Z' };
const FIELD = 'force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml';

/** A real git repository holding a copy of the compliant fixture, with one commit. */
function gitProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-git-'));
  cpSync(fixture('posture', 'compliant'), dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=PHI Guard Test', '-c', 'user.email=test@example.invalid', 'add', '-A');
  git(
    '-c',
    'user.name=PHI Guard Test',
    '-c',
    'user.email=test@example.invalid',
    'commit',
    '-q',
    '-m',
    'baseline'
  );
  return dir;
}

/**
 * `verify --json` through the real CLI entry in this process (its own HOME, as every run): git is the real thing
 * either way (the product runs it as a child process); one run below is a child process, where its environment is
 * the point.
 */
const verify = async (dir: string, ...extra: string[]) => {
  const r = await runInProcess(['verify', '-d', dir, '--json', ...extra], { env });
  return { code: r.code, out: r.stdout ? JSON.parse(r.stdout) : undefined, stderr: r.stderr };
};
const untrack = (dir: string) => {
  const file = path.join(dir, FIELD);
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      '<trackHistory>true</trackHistory>',
      '<trackHistory>false</trackHistory>'
    )
  );
};
const suppress = (dir: string, entries: unknown[]) =>
  writeFileSync(
    path.join(dir, 'config', 'phi-guard-suppressions.json'),
    JSON.stringify({ suppressions: entries }, null, 2)
  );

describe('policy on a real git repository', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const project = () => {
    const d = gitProject();
    dirs.push(d);
    return d;
  };

  it('a valid suppression keeps the finding in the report but out of the exit code', async () => {
    const dir = project();
    untrack(dir);
    expect((await verify(dir, '--fail-on', 'medium')).code).toBe(1);
    suppress(dir, [
      {
        checkId: 'AUD-001',
        component: 'Patient_Record__c.*',
        justification: 'History tracking limit reached; FAT request pending',
        approver: 'Privacy Officer',
        expires: '2026-12-31'
      }
    ]);
    const r = await verify(
      dir,
      '--fail-on',
      'medium',
      '--format',
      'sarif,md,csv',
      '--output-dir',
      path.join(dir, 'out')
    );
    expect(r.code).toBe(0);
    const f = r.out.result.findings.find((x: Finding) => x.checkId === 'AUD-001');
    expect(f.suppressed).toEqual({
      justification: 'History tracking limit reached; FAT request pending',
      approver: 'Privacy Officer',
      expires: '2026-12-31'
    });
    expect(r.out.result.summary.suppressed).toBe(1);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out', 'phi-guard.sarif'), 'utf8'));
    expect(
      sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'AUD-001').suppressions[0].status
    ).toBe('accepted');
    expect(readFileSync(path.join(dir, 'out', 'phi-guard.md'), 'utf8')).toContain(
      '| AUD-001 | CustomField Patient_Record__c.MRN__c | PHI field Patient_Record__c.MRN__c is not history-tracked | History tracking limit reached; FAT request pending | Privacy Officer | 2026-12-31 |'
    );
    expect(readFileSync(path.join(dir, 'out', 'phi-guard.csv'), 'utf8')).toContain(
      'suppressed,History tracking limit reached; FAT request pending,Privacy Officer,2026-12-31'
    );
  });

  it('an expired or incomplete suppression suppresses nothing and is itself a finding', async () => {
    const dir = project();
    untrack(dir);
    suppress(dir, [
      {
        checkId: 'AUD-001',
        component: '*',
        justification: 'old exception',
        approver: 'Privacy Officer',
        expires: '2026-11-24'
      },
      { checkId: 'AUD-002', component: 'Contact' }
    ]);
    const r = await verify(dir, '--fail-on', 'medium');
    expect(r.code).toBe(1);
    const pol = r.out.result.findings
      .filter((x: Finding) => x.checkId === 'POL-001')
      .map((x: Finding) => [x.message, x.location]);
    expect(pol).toEqual([
      [
        'suppression AUD-001 * expired on 2026-11-24',
        { file: 'config/phi-guard-suppressions.json', line: 3 }
      ],
      [
        'suppression AUD-002 Contact is missing justification, approver, expires',
        { file: 'config/phi-guard-suppressions.json', line: 10 }
      ]
    ]);
    expect(r.out.result.findings.find((x: Finding) => x.checkId === 'AUD-001').suppressed).toBeUndefined();
    // Valid through the end of its expiry day.
    suppress(dir, [
      { checkId: 'AUD-001', component: '*', justification: 'x', approver: 'y', expires: '2026-11-25' }
    ]);
    expect((await verify(dir, '--fail-on', 'medium')).code).toBe(0);
  });

  it('--fail-on sets the threshold', async () => {
    const dir = project();
    untrack(dir);
    expect((await verify(dir)).code).toBe(0);
    expect((await verify(dir, '--fail-on', 'low')).code).toBe(1);
    expect((await verify(dir, '--fail-on', 'critical')).code).toBe(0);
  });

  it('--changed-since reports only findings in changed files, still loading the whole project', async () => {
    const dir = project();
    // Pre-existing problem, committed in the baseline: out of scope for the PR.
    const settings = path.join(dir, 'force-app/main/default/settings/Security.settings-meta.xml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('FifteenMinutes', 'TwoHours'));
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qam', 'old debt'],
      { cwd: dir }
    );
    untrack(dir);
    const all = await verify(dir, '--fail-on', 'medium');
    expect(all.out.result.findings.map((f: Finding) => f.checkId).sort()).toEqual(['AUD-001', 'SES-001']);
    const pr = await verify(dir, '--fail-on', 'medium', '--changed-since', 'HEAD');
    expect(pr.out.result.findings.map((f: Finding) => f.checkId)).toEqual(['AUD-001']);
    expect(pr.out.result.changedSince).toEqual({ ref: 'HEAD', files: 1 });
    expect(pr.out.result.summary.filesRead).toBe(all.out.result.summary.filesRead);
    // A new untracked file counts as changed.
    writeFileSync(
      path.join(dir, 'force-app/main/default/remoteSiteSettings/New.remoteSite-meta.xml'),
      '<?xml version="1.0"?>\n<RemoteSiteSetting xmlns="http://soap.sforce.com/2006/04/metadata">\n    <url>http://new.example.com</url>\n</RemoteSiteSetting>\n'
    );
    expect(
      (await verify(dir, '--changed-since', 'HEAD~1')).out.result.findings
        .map((f: Finding) => f.checkId)
        .sort()
    ).toEqual(['AUD-001', 'SES-001', 'TLS-001']);
  });

  it('a bad ref, or a project outside git, exits 2 with one line', async () => {
    const dir = project();
    const bad = await verify(dir, '--changed-since', 'no-such-branch');
    expect(bad.code).toBe(2);
    expect(bad.out).toMatchObject({
      status: 2,
      message: '--changed-since: git does not know the ref "no-such-branch"'
    });
    const plain = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-nogit-'));
    dirs.push(plain);
    cpSync(fixture('posture', 'compliant'), plain, { recursive: true });
    const r = runCli(['verify', '-d', plain, '--changed-since', 'main'], {
      env: { ...env, GIT_CEILING_DIRECTORIES: os.tmpdir() }
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`Error: --changed-since: ${plain} is not inside a git repository`);
  });
});
