import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, SALESFORCE_SDK } from '../helpers/run-cli';
import { runInProcess } from '../helpers/run-in-process';
import { fixture } from '../helpers/paths';

/**
 * The CLI's conventions. What only a process shows runs as a child process, as a user runs it: the Node it runs
 * on, nothing written under HOME, and the exit codes 0, 1 and 2 with their stdout and stderr bytes (one line, no
 * stack). The other conventions (which text, which envelope) are the same through the real entry in this process
 * (runInProcess: the same stdout and stderr bytes, the same exit code), which costs no CLI start.
 */
describe('phi-guard CLI conventions', () => {
  it('runs on Node 22', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^phi-guard \d+\.\d+\.\d+ node-v22\./);
  });

  it('prints usage for --help at the root and for verify', async () => {
    const root = await runInProcess(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain('USAGE');
    const verify = await runInProcess(['verify', '--help']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('--target-org');
    expect(verify.stdout).toContain('--project-dir');
  });

  it('an offline verify writes nothing under HOME (the Salesforce SDK that SDR loads keeps no log file)', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-home-'));
    try {
      const env = { HOME: home, SF_DISABLE_LOG_FILE: undefined, SFDX_DISABLE_LOG_FILE: undefined };
      const r = runCli(['verify', '-d', fixture('posture', 'compliant'), '--json'], { env, packages: true });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).result.checks.length).toBeGreaterThan(20);
      expect(readdirSync(home, { recursive: true })).toEqual([]);
      // Nor does it load the Salesforce SDK (@salesforce/core, jsforce) at all: see lazy-sdk.test.ts.
      // The probe listed what loaded (the bundle, as users run it): an empty list would prove nothing.
      expect(r.own).toContain('dist/main.js');
      expect(r.packages!.filter((p) => SALESFORCE_SDK.includes(p))).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('an unknown flag exits 2 with one line and no stack trace', () => {
    const r = runCli(['verify', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(['Error: Unknown flag: --bogus. Run with --help for usage.']);
  });

  it('an unknown command exits 2 with one line', async () => {
    const r = await runInProcess(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('Unknown command: frobnicate');
  });

  it('a missing project directory exits 2 with one line naming it', async () => {
    const r = await runInProcess(['apex-validate', '-d', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('Error: Project directory not found: no/such/dir');
  });

  it('--json wraps errors in the sf CLI envelope', async () => {
    const r = await runInProcess(['apex-validate', '-d', 'no/such/dir', '--json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 2, exitCode: 2, name: 'InputError', warnings: [] });
    expect(out.message).toContain('no/such/dir');
  });

  it('apex-validate exits 1 on issues and prints file:line:col', () => {
    const r = runCli(['apex-validate', '-d', fixture('apex-broken', 'syntax-error'), '--layers', 'parser']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/force-app\/main\/default\/classes\/BrokenSyntax\.cls:6:\d+ \[parser\]/);
  });

  it('apex-validate --json prints {status, result, warnings}', async () => {
    const r = await runInProcess([
      'apex-validate',
      '-d',
      fixture('apex-broken', 'clean'),
      '--layers',
      'parser',
      '--json'
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe(0);
    expect(out.warnings).toEqual([]);
    expect(out.result.passed).toBe(true);
  });

  it('rejects a bad --layers value naming the flag', async () => {
    const r = await runInProcess(['apex-validate', '--layers', 'parser,nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'Error: Flag --layers does not accept "nope"; expected one of: parser, apex-ls, pmd.'
    );
  });
});
