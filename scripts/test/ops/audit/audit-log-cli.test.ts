import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  csvLine,
  LOG_HEADER,
  rechain,
  rehash,
  syntheticChain,
  toCsv,
  writeChainFile,
  type ChainedRow
} from '../../../bench/audit-chain-data';
import { checkpointText, testKeys } from './checkpoint-helpers';
import { runCli } from '../../helpers/run-cli';
import { runInProcess } from '../../helpers/run-in-process';

/**
 * audit-log verify --file end to end: the real CLI entry in this process (so the command counts
 * towards coverage), and as a child process where the process's exit code and stderr bytes matter.
 */

const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

const chain = syntheticChain(200);
const verify = (...args: string[]) => runInProcess(['audit-log', 'verify', ...args]);

const json = (stdout: string) =>
  JSON.parse(stdout) as {
    status: number;
    result: {
      rows: number;
      breakCount: number;
      breaks: { kind: string; sequence?: number; recordId?: string; line?: number }[];
    };
  };

describe('audit-log verify --file (end to end)', () => {
  it('passes a clean export and prints the anchor hash', async () => {
    const r = await verify('--file', file('clean.csv', toCsv(chain)));
    expect(r.stderr.trim()).toBe(
      'Lost events not checked: no --dead-letter-file given (export PHI_Audit_Dead_Letter__c to include them).'
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Rows checked: 200 (sequence 1 to 200)');
    expect(r.stdout).toContain(chain[199]!.hash);
    expect(r.stdout).toContain('Chain intact');
  });

  it('reports a tampered row with its record id and line, exit 1', async () => {
    const rows: ChainedRow[] = chain.map((c) => ({ ...c }));
    rows[41]!.fieldNames = 'Conditions__c,Notes__c';
    const r = await verify('--file', file('tampered.csv', toCsv(rows)), '--json');
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.status).toBe(1);
    expect(out.result.breaks).toEqual([
      { kind: 'hash-mismatch', sequence: 42, recordId: rows[41]!.id, line: 43 }
    ]);
    const text = await verify('--file', path.join(dir, 'tampered.csv'));
    expect(text.stdout).toMatch(/First break: hash mismatch.*sequence 42, record a0L\w+, line 43/);
  });

  it('reports a deleted row as a gap naming the missing sequence', async () => {
    const r = await verify('--file', file('deleted.csv', toCsv(chain.filter((c) => c.sequence !== 100))));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('First break: sequence gap: 100 missing (sequence 101');
    expect(r.stdout).toContain('broken link');
  });

  it('reports a reordered pair', async () => {
    const rows = [...chain];
    [rows[10], rows[11]] = [rows[11]!, rows[10]!];
    const out = json((await verify('--file', file('reordered.csv', toCsv(rows)), '--json')).stdout);
    expect(out.result.breaks.map((b) => b.kind)).toEqual([
      'sequence-gap',
      'broken-link',
      'out-of-order',
      'broken-link',
      'broken-link'
    ]);
  });

  it('counts dead-lettered events as breaks', async () => {
    const dead = file('dead.csv', 'Id,Event_Uuid__c\na0M000000000001AAA,x1\na0M000000000002AAA,x2\n');
    const out = json(
      (await verify('--file', path.join(dir, 'clean.csv'), '--dead-letter-file', dead, '--json')).stdout
    );
    expect(out.status).toBe(1);
    expect(out.result.breaks.map((b) => [b.kind, b.recordId])).toEqual([
      ['lost-event', 'a0M000000000001AAA'],
      ['lost-event', 'a0M000000000002AAA']
    ]);
  });

  it('accepts Number fields exported as 12.0, CRLF line ends and a BOM', async () => {
    const lines = chain.slice(0, 5).map((c) => csvLine(c).replace(/^([^,]+),(\d+),/, '$1,$2.0,'));
    const r = await verify(
      '--file',
      file('crlf.csv', `\ufeff${[LOG_HEADER.join(','), ...lines].join('\r\n')}\r\n`)
    );
    expect(r.stdout).toContain('Chain intact');
    expect(r.code).toBe(0);
  });

  it('fails closed on an export with a header and no rows', async () => {
    const r = await verify('--file', file('empty.csv', `${LOG_HEADER.join(',')}\n`));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no rows');
  });

  it.each([
    [
      'a missing column',
      `${LOG_HEADER.filter((h) => h !== 'Hash__c').join(',')}\n`,
      /missing\.csv:1: missing column Hash__c/
    ],
    [
      'a bad sequence',
      `${LOG_HEADER.join(',')}\n${csvLine(chain[0]!).replace(',1,', ',one,')}\n`,
      /badseq\.csv:2: Sequence__c/
    ],
    [
      'a bad time',
      `${LOG_HEADER.join(',')}\n${csvLine(chain[0]!).replace('2026-01-01T', 'SECRETVALUE')}\n`,
      /badtime\.csv:2: Occurred_At__c/
    ],
    [
      'unbalanced quotes',
      `${LOG_HEADER.join(',')}\n"${csvLine(chain[0]!)}\n`,
      /quotes\.csv:2: CSV syntax error/
    ]
  ])('exits 2 with one line naming the file and line for %s', async (_what, text, pattern) => {
    const name =
      { 'a missing column': 'missing', 'a bad sequence': 'badseq', 'a bad time': 'badtime' }[_what] ??
      'quotes';
    const r = await verify('--file', file(`${name}.csv`, text));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toContain('SECRETVALUE');
    expect(r.stderr).not.toMatch(/\bat \S+\.ts:\d+/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 for a missing file, a missing --file, a bad --start-hash and an unknown subcommand', async () => {
    expect((await verify('--file', path.join(dir, 'nope.csv'))).stderr).toMatch(/nope\.csv: cannot read/);
    expect((await verify()).stderr).toContain('Give either --file or --target-org');
    expect((await verify('--file', path.join(dir, 'clean.csv'), '--start-hash', 'abc')).code).toBe(2);
    // As a child process: the real exit code and exactly one stderr line.
    const r = runCli(['audit-log', 'check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Error: Unknown audit-log subcommand: check; expected one of: verify, anchor.\n');
    expect(r.stdout).toBe('');
  });

  it('prints help for the command and the subcommand; no subcommand is exit 2', async () => {
    for (const args of [
      ['audit-log', '--help'],
      ['audit-log', '-h'],
      ['audit-log', 'verify', '--help'],
      ['audit-log', 'anchor', '--help']
    ]) {
      const r = await runInProcess(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(
        args[1] === 'anchor' ? 'phi-guard audit-log anchor' : 'phi-guard audit-log verify'
      );
    }
    const none = await runInProcess(['audit-log']);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe(
      'Error: phi-guard audit-log needs a subcommand: verify, anchor. Run phi-guard audit-log --help for usage.'
    );
  });

  it.each([
    [['--file', 'x.csv', '-o', 'prod'], 'Flags --target-org and --file cannot be used together.'],
    [
      ['--file', 'x.csv', '--dead-letter-object', 'X__c'],
      'Flags --dead-letter-object and --file cannot be used together.'
    ],
    [
      ['-o', 'prod', '--dead-letter-file', 'd.csv'],
      'Flags --dead-letter-file and --target-org cannot be used together.'
    ],
    [
      ['-o', 'prod', '--dead-letter-object', 'Dead Letters'],
      'Flag --dead-letter-object must be a custom object API name'
    ],
    [
      ['--file', 'x.csv', '--start-hash', 'A'.repeat(64)],
      'Flag --start-hash must be 64 lower-case hexadecimal characters.'
    ]
  ])('exits 2 with one usage line for %j, before reading anything', async (args, message) => {
    const r = await verify(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('--json puts a usage error in the error envelope on stdout', async () => {
    const r = await verify('--json');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { status: number; name: string; message: string };
    expect(out.status).toBe(2);
    expect(out.message).toContain('Give either --file or --target-org');
  });

  it('exits 2 for a folder, an empty file and a dead-letter file without an Id column', async () => {
    const folder = path.join(dir, 'a-folder.csv');
    mkdirSync(folder, { recursive: true });
    expect((await verify('--file', folder)).stderr.trim()).toBe(`Error: ${folder}: not a file`);
    const empty = file('zero.csv', '');
    expect((await verify('--file', empty)).stderr.trim()).toBe(
      `Error: ${empty}:1: empty file: no header row`
    );
    const dead = file('dead-noid.csv', 'Event_Uuid__c\nx1\n');
    const r = await verify('--file', path.join(dir, 'clean.csv'), '--dead-letter-file', dead);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`Error: ${dead}:1: missing column Id`);
  });

  it('verifies a window from a start hash: the first row must link to it', async () => {
    const tail = chain.slice(100);
    const f = file('window.csv', toCsv(tail));
    const ok = await verify('--file', f, '--start-hash', chain[99]!.hash, '--json');
    expect(ok.code).toBe(0);
    expect(json(ok.stdout).result.rows).toBe(100);
    const wrong = await verify('--file', f, '--json');
    expect(wrong.code).toBe(1);
    expect(json(wrong.stdout).result.breaks.map((b) => [b.kind, b.sequence])).toEqual([['broken-link', 101]]);
  });

  it('an export without the Id column is verified; a row the canonical form refuses is a malformed-row break', async () => {
    const noId = [
      LOG_HEADER.slice(1).join(','),
      ...chain.slice(0, 3).map((c) => csvLine(c).replace(/^[^,]+,/, ''))
    ];
    const r = await verify('--file', file('noid.csv', `${noId.join('\n')}\n`), '--json');
    expect(r.code).toBe(0);
    // A fractional second parses as a date, but the v2 canonical form takes whole-second UTC only.
    const rows = chain.slice(0, 3).map((c) => ({ ...c }));
    rows[1]!.occurredAt = '2026-01-01T00:00:02.500Z';
    const bad = await verify('--file', file('fraction.csv', toCsv(rows)), '--json');
    expect(bad.code).toBe(1);
    expect(json(bad.stdout).result.breaks.map((b) => [b.kind, b.sequence, b.line])).toEqual([
      ['malformed-row', 2, 3]
    ]);
  });

  it('reports only what the evidence lacks as NOT VERIFIED, and counts breaks beyond the listed 1,000', async () => {
    const lines = (await verify('--file', path.join(dir, 'empty.csv'))).stdout;
    expect(lines).toContain('Chain NOT VERIFIED: 1 gap(s) in the evidence (no alteration found).');
    // 1,100 rows each pointing at the wrong previous hash: a broken link and a hash mismatch each,
    // 2,200 breaks of which 1,000 are listed.
    const rows = syntheticChain(1100).map((c) => ({ ...c, previousHash: 'f'.repeat(64) }));
    const r = await verify('--file', file('many.csv', toCsv(rows)));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('... and 1200 more break(s) (not listed)');
    expect(r.stdout).toContain('Chain BROKEN: 2200 break(s).');
  });

  it('draws progress on a terminal every 100,000 rows and clears it; none with --no-progress or --json', async () => {
    const big = path.join(dir, 'big.csv');
    await writeChainFile(big, 100_000);
    const r = await runInProcess(['audit-log', 'verify', '--file', big], { tty: true });
    expect(r.code).toBe(0);
    expect(r.progress).toEqual(['100000 rows checked', '']);
    // Whether a run draws progress is decided once, before the file is read (no --json, no --no-progress, a
    // terminal): a run that draws it ends by clearing the line, even on a short file. So the flags are judged on
    // the 200-row export, against the same run without them, which draws that clearing line: the 100,000-row file
    // is verified once, not once per flag.
    const small = file('progress.csv', toCsv(chain));
    const drawn = await runInProcess(['audit-log', 'verify', '--file', small], { tty: true });
    expect(drawn.progress).toEqual(['']);
    for (const flag of ['--no-progress', '--json']) {
      const quiet = await runInProcess(['audit-log', 'verify', '--file', small, flag], { tty: true });
      expect(quiet.code).toBe(0);
      expect(quiet.progress).toEqual([]);
    }
  });
});

describe('audit-log verify --file: what a file cannot prove, and outside checkpoints', () => {
  const ORG = '00D000000000007AAA';
  const keys = testKeys(dir, 'pipeline');
  const cpAt = (seq: number, name = `cp-${seq}.json`, org = ORG) =>
    file(
      name,
      checkpointText(keys.privateKey, { orgId: org, sequence: seq, headHash: chain[seq - 1]!.hash })
    );
  const withCp = (csv: string, ...cps: string[]) =>
    verify(
      '--file',
      csv,
      ...cps.flatMap((c) => ['--checkpoint', c]),
      '--public-key',
      keys.publicPem,
      '--org-id',
      ORG,
      '--json'
    );

  it('a clean export passes, and says plainly what a file alone cannot prove', async () => {
    const r = await verify('--file', path.join(dir, 'clean.csv'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Not proven by this run:');
    expect(r.stdout).toContain(
      'A CSV export cannot prove its own completeness: rows cut from the end, a forged last row with its hash recomputed, and a middle row deleted with every later row renumbered and re-chained all verify.'
    );
    const j = JSON.parse((await verify('--file', path.join(dir, 'clean.csv'), '--json')).stdout) as {
      result: { limits: string[] };
    };
    expect(j.result.limits[0]).toMatch(/^A CSV export cannot prove its own completeness/);
  });

  it('a forged last row with its hash recomputed verifies alone, and is caught by a checkpoint at it', async () => {
    const forged = chain.map((c) => ({ ...c }));
    forged[199]!.recordId = 'a01000000000ZZZAAA';
    forged[199]!.hash = rehash(forged[199]!);
    const csv = file('forged-last.csv', toCsv(forged));
    expect((await verify('--file', csv)).code).toBe(0);
    const r = await withCp(csv, cpAt(200));
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.result.breaks.map((b) => [b.kind, b.sequence])).toEqual([['checkpoint-mismatch', 200]]);
    const text = await verify(
      '--file',
      csv,
      '--checkpoint',
      path.join(dir, 'cp-200.json'),
      '--public-key',
      keys.publicPem,
      '--org-id',
      ORG
    );
    expect(text.stdout).toContain(
      `rewritten: checkpoint ${path.join(dir, 'cp-200.json')} says sequence 200 had hash ${chain[199]!.hash}`
    );
    expect(text.stdout).toContain('BROKEN');
  });

  it('a middle row deleted, every later row renumbered and re-chained: passes alone, fails against the checkpoint', async () => {
    const csv = file(
      'renumbered.csv',
      toCsv(
        rechain(
          chain.filter((c) => c.sequence !== 57),
          56
        )
      )
    );
    const alone = await verify('--file', csv, '--json');
    expect(alone.code).toBe(0);
    const r = await withCp(csv, cpAt(150));
    expect(r.code).toBe(1);
    expect(json(r.stdout).result.breaks.map((b) => [b.kind, b.sequence])).toEqual([
      ['checkpoint-mismatch', 150]
    ]);
  });

  it('an untouched export holds to every checkpoint; rows after the latest are named as unproven', async () => {
    const r = await withCp(path.join(dir, 'clean.csv'), cpAt(100), cpAt(200));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { result: { checkpoints: { status: string }[]; limits: string[] } };
    expect(out.result.checkpoints.map((c) => c.status)).toEqual(['held', 'held']);
    const text = await verify(
      '--file',
      path.join(dir, 'clean.csv'),
      '--checkpoint',
      cpAt(100),
      '--public-key',
      keys.publicPem,
      '--org-id',
      ORG
    );
    expect(text.stdout).toContain(
      'Rows after sequence 100 (the latest checkpoint held, taken 2026-11-25T12:00:00Z)'
    );
    expect(text.stdout).toMatch(
      /cp-100\.json: sequence 100, taken 2026-11-25T12:00:00Z, org 00D000000000007AAA, key [0-9a-f]{16}…: held/
    );
  });

  it('a tail cut below a checkpoint fails as a truncation', async () => {
    const r = await withCp(file('cut.csv', toCsv(chain.slice(0, 120))), cpAt(150));
    expect(r.code).toBe(1);
    expect(json(r.stdout).result.breaks).toEqual([
      expect.objectContaining({ kind: 'checkpoint-truncated', sequence: 120, headSequence: 150 })
    ]);
  });

  it('refuses a forged signature, a key not given, and a checkpoint of another org', async () => {
    const good = JSON.parse(readFileSync(cpAt(100), 'utf8')) as { signature: string; headHash: string };
    const forged = file('forged-cp.json', JSON.stringify({ ...good, headHash: 'f'.repeat(64) }));
    const stranger = testKeys(dir, 'stranger');
    const foreign = file(
      'foreign-key.json',
      checkpointText(stranger.privateKey, { orgId: ORG, sequence: 100, headHash: chain[99]!.hash })
    );
    const other = cpAt(100, 'other-org.json', '00D000000000099AAA');
    const r = await withCp(path.join(dir, 'clean.csv'), forged, foreign, other);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      result: { breaks: { kind: string; reason?: string }[]; checkpoints: { status: string }[] };
    };
    expect(out.result.breaks.map((b) => [b.kind, b.reason])).toEqual([
      ['checkpoint-refused', 'bad-signature'],
      ['checkpoint-refused', 'unknown-key'],
      ['checkpoint-other-org', undefined]
    ]);
    expect(out.result.checkpoints.map((c) => c.status)).toEqual(['refused', 'refused', 'other-org']);
    const text = await verify(
      '--file',
      path.join(dir, 'clean.csv'),
      '--checkpoint',
      forged,
      '--public-key',
      keys.publicPem,
      '--org-id',
      ORG
    );
    expect(text.stdout).toContain(
      `checkpoint ${forged} refused: its signature does not verify (forged or altered)`
    );
    // A 15-character org id is the same org as its 18-character form (the suffix encodes the
    // upper-case letters: https://help.salesforce.com/s/articleView?id=000385008&type=1).
    const r15 = await verify(
      '--file',
      path.join(dir, 'clean.csv'),
      '--checkpoint',
      cpAt(100, 'cp-18.json', '00D000000000007EAA'),
      '--public-key',
      keys.publicPem,
      '--org-id',
      '00D000000000007'
    );
    expect(r15.code).toBe(0);
  });

  it('flags a backdated event (more than 5 minutes before its CreatedDate), configurable', async () => {
    const rows = chain.map((c) => ({ ...c }));
    rows[80]!.occurredAt = new Date(Date.parse(rows[80]!.occurredAt) - 3 * 3_600_000).toISOString();
    const csv = file('backdated.csv', toCsv(rechain(rows, 80)));
    const r = await verify('--file', csv);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('backdated: Occurred_At__c is 180 minute(s) before CreatedDate');
    expect(r.stdout).toContain('Chain intact, but 2 row(s) FLAGGED for review');
    expect((await verify('--file', csv, '--backdate-minutes', '200')).code).toBe(0);
  });

  it('says which checks an export without CreatedDate or Hash_Version__c could not support', async () => {
    const v2 = chain.slice(0, 3).map((c) => ({ ...c, version: undefined, eventUuid: null, dedupId: null }));
    const rows = rechain(v2, 0);
    const header = LOG_HEADER.slice(0, 12);
    const lines = rows.map((c) => csvLine(c).split(',').slice(0, 12).join(','));
    const r = await verify('--file', file('v2-export.csv', `${[header.join(','), ...lines].join('\n')}\n`));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Backdated events not checked: the export has no CreatedDate column.');
    expect(r.stderr).toContain('No Hash_Version__c column: every row is read as v2');
  });

  it.each([
    [['--file', 'x.csv', '--checkpoint', 'c.json'], 'Flag --checkpoint needs --public-key.'],
    [['--file', 'x.csv', '--public-key', 'k.pem'], 'Flag --public-key needs --checkpoint.'],
    [
      ['--file', 'x.csv', '--checkpoint', 'c.json', '--public-key', 'k.pem'],
      'Flag --org-id is required with --file and --checkpoint'
    ],
    [
      ['-o', 'prod', '--org-id', '00D000000000007AAA'],
      'Flags --org-id and --target-org cannot be used together.'
    ],
    [['--file', 'x.csv', '--org-id', '00D000000000007AAA'], 'Flag --org-id needs --checkpoint.'],
    [
      ['--file', 'x.csv', '--checkpoint', 'c.json', '--public-key', 'k.pem', '--org-id', '001000000000001'],
      'Flag --org-id must be a Salesforce org id'
    ],
    [['--file', 'x.csv', '--backdate-minutes', 'five'], 'Flag --backdate-minutes must be a whole number']
  ])('exits 2 with one usage line for %j', async (args, message) => {
    const r = await verify(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  it('exits 2 naming the file for a bad checkpoint or key, before reading the log; no key material is echoed', async () => {
    const clean = path.join(dir, 'clean.csv');
    const run = (cp: string, key: string) =>
      verify('--file', clean, '--checkpoint', cp, '--public-key', key, '--org-id', ORG);
    const text = readFileSync(cpAt(100), 'utf8');
    const badLine = file('bad-cp.json', text.replace('"sequence": 100', '"sequence": -1'));
    expect((await run(badLine, keys.publicPem)).stderr.trim()).toBe(
      `Error: ${badLine}:5: not a PHI Guard checkpoint: sequence is not valid`
    );
    const priv = await run(cpAt(100), keys.privatePem);
    expect(priv.code).toBe(2);
    expect(priv.stderr.trim()).toBe(
      `Error: ${keys.privatePem}: is a private key: give the public key (openssl pkey -pubout)`
    );
    const pemBody = readFileSync(keys.privatePem, 'utf8').split('\n')[1]!;
    expect(priv.stderr + priv.stdout).not.toContain(pemBody);
    const notKey = file('not-a-key.pem', 'hello');
    expect((await run(cpAt(100), notKey)).stderr.trim()).toBe(
      `Error: ${notKey}: not an Ed25519 public key in PEM`
    );
    expect((await run(path.join(dir, 'none.json'), keys.publicPem)).stderr.trim()).toBe(
      `Error: ${path.join(dir, 'none.json')}: cannot read the file`
    );
    expect((await run(dir, keys.publicPem)).stderr.trim()).toBe(`Error: ${dir}: not a file`);
    const big = file('big.json', ' '.repeat(70_000));
    expect((await run(big, keys.publicPem)).stderr.trim()).toBe(
      `Error: ${big}: too large for a checkpoint or key file`
    );
  });

  it('a v3 row in an export without the v3 columns is an input error naming the column and line', async () => {
    const header = LOG_HEADER.filter((h) => h !== 'Event_Uuid__c');
    const idx = LOG_HEADER.indexOf('Event_Uuid__c');
    const lines = chain.slice(0, 2).map((c) =>
      csvLine(c)
        .split(',')
        .filter((_, i) => i !== idx)
        .join(',')
    );
    const f = file('no-uuid.csv', `${[header.join(','), ...lines].join('\n')}\n`);
    const r = await verify('--file', f);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`Error: ${f}:2: missing column Event_Uuid__c (a v3 row needs it)`);
  });
});
