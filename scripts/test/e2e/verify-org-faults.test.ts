import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runInProcess } from '../helpers/run-in-process';
import { runCliAsync, verifyInProcess } from '../org/run-cli-async';

jest.setTimeout(300_000);

interface LogEntry {
  status: number;
  apiCall: boolean;
  path: string;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-org-fault-'));
  dirs.push(d);
  return d;
};
const reportArgs = (dir: string) => ['--format', 'sarif,junit,md', '--output-dir', path.join(dir, 'out')];
const noReport = (dir: string) =>
  !existsSync(path.join(dir, 'out')) || readdirSync(path.join(dir, 'out')).length === 0;

describe('verify --target-org under faults (the CLI in process against the emulator; one child process)', () => {
  it('a 401 mid-run exits 2 with "session expired", one line, and writes no report', async () => {
    const dir = tempDir();
    // From the 5th counted call: /limits, then the composite reads (a REST 401; a SOAP call would get a fault).
    const run = await verifyInProcess('compliant', reportArgs(dir), ['unauthorized:5']);
    expect(run.stderr.trim()).toBe('Error: session expired: run sf org login');
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
    expect(noReport(dir)).toBe(true);
    const log = JSON.parse(run.requestLog) as LogEntry[];
    expect(log.some((e) => e.status === 401)).toBe(true);
  });

  it('a 503 on every other call is retried to completion: the compliant org is still clean', async () => {
    const run = await verifyInProcess('compliant', ['--json'], ['flaky-503']);
    const out = JSON.parse(run.stdout) as { result: { findings: { suppressed?: unknown }[] } };
    expect(out.result.findings.filter((f) => !f.suppressed)).toEqual([]);
    expect(run.code).toBe(0);
    const log = JSON.parse(run.requestLog) as LogEntry[];
    expect(log.filter((e) => e.status === 503).length).toBeGreaterThan(5);
  });

  it('a daily budget that runs out mid-run stops cleanly: exit 2, no report, nothing claiming success', async () => {
    const dir = tempDir();
    // 12 daily requests: the run stops at its own budget (10% of them) before the org refuses it.
    const run = await verifyInProcess('compliant', [...reportArgs(dir), '--json'], ['budget:12']);
    expect(run.code).toBe(2);
    const out = JSON.parse(run.stdout) as { status: number; message: string; result?: unknown };
    expect(out.status).toBe(2);
    expect(out.result).toBeUndefined();
    expect(out.message).toMatch(/^stopped after \d+ API requests: this run's budget of \d+ .* is spent$/);
    expect(noReport(dir)).toBe(true);
  });

  it('refuses to start below the remaining-budget floor, after reading /limits only', async () => {
    const run = await verifyInProcess('compliant', [], ['low-budget']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(
      /^Error: the org has \d+ of \d+ daily API requests left \(below the 10% floor\); not starting/
    );
    const log = JSON.parse(run.requestLog) as LogEntry[];
    expect(log.filter((e) => e.path.includes('/v63.0/'))).toHaveLength(1);
    expect(log.find((e) => e.path.includes('/v63.0/'))!.path).toBe('/services/data/v63.0/limits');
  });

  it('a refused connection exits 2 in one line (the real process: its exit code and stderr bytes)', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const target = `http://127.0.0.1:${port}`;
    const run = await runCliAsync(['verify', '-o', target], {
      env: { SF_ACCESS_TOKEN: 'canary-token-value-1234567890' }
    });
    expect(run.stderr).toBe(`Error: cannot connect to ${target}: ECONNREFUSED\n`);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });

  it('bad -o flags are usage errors in one line, before any connection', async () => {
    for (const bad of ['2', '1.5', 'abc', ' ']) {
      const share = await runInProcess(['verify', '-o', 'http://127.0.0.1:9', '--min-api-share', bad], {
        env: { SF_ACCESS_TOKEN: 'x' }
      });
      expect([share.code, share.stderr]).toEqual([
        2,
        `Error: Flag --min-api-share needs a number between 0 and 1, got "${bad}"\n`
      ]);
    }
    const changed = await runInProcess(['verify', '-o', 'myorg', '--changed-since', 'HEAD']);
    expect([changed.code, changed.stderr]).toEqual([
      2,
      'Error: --changed-since filters findings by changed project files; it cannot be used with --target-org\n'
    ]);
  });

  it('a feature the org lacks (INVALID_TYPE) or a silent own-rows answer is not verified, with the reason', async () => {
    const run = await verifyInProcess(
      'compliant',
      ['--json'],
      ['invalid-type:events', 'user-perm-off:CustomizeApplication']
    );
    const out = JSON.parse(run.stdout) as {
      result: { checks: { id: string; status: string; reason?: string }[] };
    };
    const check = (id: string) => out.result.checks.find((c) => c.id === id);
    expect(check('ORG-106')).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(/EventLogFile.*INVALID_TYPE/)
    });
    expect(check('ORG-105')).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(/own rows/)
    });
    expect(run.code).toBe(1);
  });
});
