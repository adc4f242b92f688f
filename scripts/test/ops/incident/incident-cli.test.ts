import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticChain, toCsv } from '../../../bench/audit-chain-data';
import { runCli } from '../../helpers/run-cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-incident-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { PHI_GUARD_NOW: '2026-11-26T09:00:00Z' };

describe('incident start (end to end)', () => {
  it('prints the timeline across a year end', () => {
    const r = runCli(['incident', 'start', '--discovered', '2026-11-20', '--affected', '120'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Affected individuals\s+yes\s+2027-01-19 \(60 days\)\s+\(164\.404\(b\)\)/);
    expect(r.stdout).toMatch(/HHS \(the Secretary\)\s+yes\s+2027-03-01 \(101 days\)\s+\(164\.408\(c\)\)/);
    expect(r.stdout).toMatch(/Prominent media\s+no/);
  });

  it('writes the Markdown checklist with the dates filled in, and --json carries it', () => {
    const out = path.join(dir, 'sub', 'checklist.md');
    const r = runCli(['incident', 'start', '--discovered', '2026-10-01', '--output', out, '--json'], { env });
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
  ])('exits 2 with one line for %j', (args, message) => {
    const r = runCli(['incident', 'start', ...args], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});

describe('incident scope --file (end to end)', () => {
  const chain = syntheticChain(300);
  const file = path.join(dir, 'log.csv');
  writeFileSync(file, toCsv(chain));
  const user = chain[0]!.actorId;

  it('lists counts, record ids and field names of one user in the window, never a value', () => {
    const from = '2026-01-01T00:00:00Z';
    const to = '2026-01-01T00:02:00Z';
    const r = runCli([
      'incident',
      'scope',
      '--file',
      file,
      '--user',
      user,
      '--from',
      from,
      '--to',
      to,
      '--json'
    ]);
    expect(r.code).toBe(0);
    const res = (
      JSON.parse(r.stdout) as {
        result: { events: number; records: number; objects: { object: string; records: string[] }[] };
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
    const text = runCli([
      'incident',
      'scope',
      '--file',
      file,
      '--user',
      user.slice(0, 15),
      '--from',
      from,
      '--to',
      to
    ]);
    expect(text.stdout).toContain(`${expected.length}`);
    expect(text.stdout).toContain(expected[0]!.recordId);
  });

  it('exits 2 on a bad user id, a reversed window and -o without the org client', () => {
    expect(
      runCli([
        'incident',
        'scope',
        '--file',
        file,
        '--user',
        'bob',
        '--from',
        '2026-01-01',
        '--to',
        '2026-01-02'
      ]).code
    ).toBe(2);
    const rev = runCli([
      'incident',
      'scope',
      '--file',
      file,
      '--user',
      user,
      '--from',
      '2026-01-02',
      '--to',
      '2026-01-01'
    ]);
    expect(rev.stderr).toContain('--to must be later than --from');
  });
});
