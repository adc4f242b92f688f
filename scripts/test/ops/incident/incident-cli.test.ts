import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticChain, toCsv } from '../../../bench/audit-chain-data';
import { runCli } from '../../helpers/run-cli';
import { runInProcess } from '../../helpers/run-in-process';

/**
 * incident start and incident scope --file end to end: the real CLI entry in this process (so the
 * commands count towards coverage), and once as a child process where the process's exit code and
 * stderr bytes are the point.
 */

const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-incident-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { PHI_GUARD_NOW: '2026-11-26T09:00:00Z' };
const cli = (args: string[]) => runInProcess(args, { env });
const start = (...args: string[]) => cli(['incident', 'start', ...args]);

describe('incident start (end to end)', () => {
  it('prints the timeline across a year end', async () => {
    const r = await cli(['incident', 'start', '--discovered', '2026-11-20', '--affected', '120']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Affected individuals\s+yes\s+2027-01-19 \(60 days\)\s+\(164\.404\(b\)\)/);
    expect(r.stdout).toMatch(/HHS \(the Secretary\)\s+yes\s+2027-03-01 \(101 days\)\s+\(164\.408\(c\)\)/);
    expect(r.stdout).toMatch(/Prominent media\s+no/);
  });

  it('writes the Markdown checklist with the dates filled in, and --json carries it', async () => {
    const out = path.join(dir, 'sub', 'checklist.md');
    const r = await cli(['incident', 'start', '--discovered', '2026-10-01', '--output', out, '--json']);
    expect(r.code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('# Breach response checklist (discovered 2026-10-01)');
    expect(md).toContain('| Affected individuals | yes | 2026-11-30 (60 days) | 45 CFR 164.404(b) |');
    expect(md).toContain(
      '| 2026-11-30 if 500 or more are affected; 2027-03-01 if fewer | 45 CFR 164.408(b), (c) |'
    );
    expect(md).toMatch(/^- \[ \] Notify|^- \[ \] Individuals/m);
    const json = JSON.parse(r.stdout) as { result: { checklist: string; deadlines: unknown[] } };
    expect(json.result.checklist).toBe(md);
    expect(json.result.deadlines).toHaveLength(3);
  });

  it.each([
    [['--discovered', '2026-02-30'], '--discovered must be a calendar date'],
    [['--discovered', '2026-12-01'], '--discovered is in the future'],
    [[], '--discovered is required'],
    [['--discovered', '2026-01-01', '--affected', '3.5'], '--affected must be a whole number'],
    [['--discovered', '2026-01-01', '--bogus'], 'Unknown flag: --bogus']
  ])('exits 2 with one line for %j', async (args, message) => {
    const r = await cli(['incident', 'start', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});

describe('incident start: more cases (in process)', () => {
  it('a business associate has one duty: notify the covered entity within 60 days', async () => {
    const r = await start('--discovered', '2026-11-01', '--business-associate', '--markdown');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| The covered entity | yes | 2026-12-31 (60 days) | 45 CFR 164.410(b) |');
    expect(r.stdout).toContain('## As a business associate');
    expect(r.stdout).not.toContain('HHS (the Secretary)');
  });

  it('500 or more affected and more than 500 residents of a State: HHS and media within 60 days', async () => {
    const r = await start('--discovered', '2026-11-01', '--affected', '800', '--state-residents', '600');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/HHS \(the Secretary\)\s+yes\s+2026-12-31 \(60 days\)\s+\(164\.408\(b\)\)/);
    expect(r.stdout).toMatch(/Prominent media\s+yes\s+2026-12-31 \(60 days\)/);
    const unknown = await start('--discovered', '2026-11-01');
    expect(unknown.stdout).toMatch(/Prominent media\s+depends on the count/);
    expect(unknown.stdout).toContain('2026-12-31 if 500 or more are affected; 2027-03-01 if fewer');
  });

  it('prints help for the command and its subcommands; no subcommand is exit 2', async () => {
    for (const args of [
      ['incident', '--help'],
      ['incident', 'start', '-h'],
      ['incident', 'scope', '--help']
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('phi-guard incident');
    }
    const none = await cli(['incident']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('phi-guard incident needs a subcommand: start, scope.');
  });

  it('exits 2 naming --output when the checklist cannot be written', async () => {
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, 'x');
    const r = await start('--discovered', '2026-10-01', '--output', path.join(blocker, 'c.md'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^Error: --output: /);
    expect(r.stdout).toBe('');
  });

  it('writes the checklist with --output and says so on stderr', async () => {
    const out = path.join(dir, 'plain.md');
    const r = await start('--discovered', '2026-10-01', '--output', out);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe(`Wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toContain('## Sign-off');
  });

  it('as a child process: exit 2 and one stderr line for a bad count', () => {
    const r = runCli(['incident', 'start', '--discovered', '2026-01-01', '--state-residents', '4.5'], {
      env
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Error: Flag --state-residents must be a whole number (0 or more).\n');
    expect(r.stdout).toBe('');
  });
});

describe('incident scope --file (end to end)', () => {
  const chain = syntheticChain(300);
  const file = path.join(dir, 'log.csv');
  writeFileSync(file, toCsv(chain));
  const user = chain[0]!.actorId;
  const scope = (...args: string[]) => cli(['incident', 'scope', '--file', file, ...args]);

  it('lists counts, record ids and field names of one user in the window, never a value', async () => {
    const from = '2026-01-01T00:00:00Z';
    const to = '2026-01-01T00:02:00Z';
    const r = await scope('--user', user, '--from', from, '--to', to, '--json');
    expect(r.code).toBe(0);
    const res = (
      JSON.parse(r.stdout) as {
        result: {
          events: number;
          records: number;
          objects: { object: string; records: string[]; fields: string[] }[];
        };
      }
    ).result;
    const expected = chain.filter(
      (c) =>
        c.actorId === user &&
        c.occurredAt >= '2026-01-01T00:00:00.000Z' &&
        c.occurredAt < '2026-01-01T00:02:00.000Z'
    );
    expect(res.events).toBe(expected.length);
    expect(res.events).toBeGreaterThan(0);
    expect(res.objects.flatMap((o) => o.records).sort()).toEqual(
      [...new Set(expected.map((c) => c.recordId))].sort()
    );
    const fields = new Set(expected.flatMap((c) => c.fieldNames.split(',').filter(Boolean)));
    expect([...new Set(res.objects.flatMap((o) => o.fields))].sort()).toEqual([...fields].sort());
    const text = await scope('--user', user.slice(0, 15), '--from', from, '--to', to);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `this user's access events in the window: ${expected.length}; distinct records: ${res.records}`
    );
    expect(text.stdout).toContain(`    ${expected[0]!.recordId}`);
    expect(text.stdout).toMatch(/actions: \w+ \d+/);
  });

  it('says so when the user did nothing in the window (dates as whole days)', async () => {
    const r = await scope('--user', user, '--from', '2025-01-01', '--to', '2025-01-02');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No access by this user in the window (of the rows read).');
    expect(r.stdout).toContain('Log rows read: 300; ');
  });

  it.each([
    [
      ['--user', 'bob', '--from', '2026-01-01', '--to', '2026-01-02'],
      'Flag --user must be a Salesforce user id'
    ],
    [
      ['--user', '005000000000001', '--from', '2026-01-02', '--to', '2026-01-01'],
      'Flag --to must be later than --from.'
    ],
    [
      ['--user', '005000000000001', '--from', 'yesterday', '--to', '2026-01-01'],
      'Flag --from must be a date'
    ],
    [
      ['--user', '005000000000001', '--from', '2026-01-01T99:00', '--to', '2026-01-02'],
      'Flag --from must be a date'
    ],
    [['--user', '005000000000001', '--from', '2026-01-01'], 'Flag --to is required.'],
    [['--from', '2026-01-01', '--to', '2026-01-02'], 'Flag --user is required.'],
    [
      ['--user', '005000000000001', '--from', '2026-01-01', '--to', '2026-01-02', '-o', 'prod'],
      'Flags --target-org and --file cannot be used together.'
    ]
  ])('exits 2 with one line for %j', async (args, message) => {
    const r = await scope(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  it('exits 2 without --file or -o, and naming the file and line of a malformed export', async () => {
    const day = (...args: string[]) =>
      cli(['incident', 'scope', '--user', user, '--from', '2026-01-01', '--to', '2026-01-02', ...args]);
    expect((await day()).stderr).toContain('Give either --file or --target-org');
    const bad = path.join(dir, 'bad-scope.csv');
    writeFileSync(bad, `${toCsv(chain.slice(0, 3))}"unclosed,SECRETVALUE\n`);
    const r = await day('--file', bad);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`Error: ${bad}:5: CSV syntax error: a quoted field is not closed`);
    const noCols = path.join(dir, 'nocols.csv');
    writeFileSync(noCols, 'Id,Name\n1,x\n');
    expect((await day('--file', noCols)).stderr.trim()).toBe(
      `Error: ${noCols}:1: missing column Sequence__c`
    );
  });
});
