import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvLine, LOG_HEADER, syntheticChain, toCsv, type ChainedRow } from '../../../bench/audit-chain-data';
import { runCli } from '../../helpers/run-cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

const chain = syntheticChain(200);
const verify = (...args: string[]) => runCli(['audit-log', 'verify', ...args]);
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
  it('passes a clean export and prints the anchor hash', () => {
    const r = verify('--file', file('clean.csv', toCsv(chain)));
    expect(r.stderr.trim()).toBe(
      'Lost events not checked: no --dead-letter-file given (export PHI_Audit_Dead_Letter__c to include them).'
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Rows checked: 200 (sequence 1 to 200)');
    expect(r.stdout).toContain(chain[199]!.hash);
    expect(r.stdout).toContain('Chain intact');
  });

  it('reports a tampered row with its record id and line, exit 1', () => {
    const rows: ChainedRow[] = chain.map((c) => ({ ...c }));
    rows[41]!.fieldNames = 'Conditions__c,Notes__c';
    const r = verify('--file', file('tampered.csv', toCsv(rows)), '--json');
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.status).toBe(1);
    expect(out.result.breaks).toEqual([
      { kind: 'hash-mismatch', sequence: 42, recordId: rows[41]!.id, line: 43 }
    ]);
    const text = verify('--file', path.join(dir, 'tampered.csv'));
    expect(text.stdout).toMatch(/First break: hash mismatch.*sequence 42, record a0L\w+, line 43/);
  });

  it('reports a deleted row as a gap naming the missing sequence', () => {
    const r = verify('--file', file('deleted.csv', toCsv(chain.filter((c) => c.sequence !== 100))));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('First break: sequence gap: 100 missing (sequence 101');
    expect(r.stdout).toContain('broken link');
  });

  it('reports a reordered pair', () => {
    const rows = [...chain];
    [rows[10], rows[11]] = [rows[11]!, rows[10]!];
    const out = json(verify('--file', file('reordered.csv', toCsv(rows)), '--json').stdout);
    expect(out.result.breaks.map((b) => b.kind)).toEqual([
      'sequence-gap',
      'broken-link',
      'out-of-order',
      'broken-link',
      'broken-link'
    ]);
  });

  it('counts dead-lettered events as breaks', () => {
    const dead = file('dead.csv', 'Id,Event_Uuid__c\na0M000000000001AAA,x1\na0M000000000002AAA,x2\n');
    const out = json(
      verify('--file', path.join(dir, 'clean.csv'), '--dead-letter-file', dead, '--json').stdout
    );
    expect(out.status).toBe(1);
    expect(out.result.breaks.map((b) => [b.kind, b.recordId])).toEqual([
      ['lost-event', 'a0M000000000001AAA'],
      ['lost-event', 'a0M000000000002AAA']
    ]);
  });

  it('accepts Number fields exported as 12.0, CRLF line ends and a BOM', () => {
    const lines = chain.slice(0, 5).map((c) => csvLine(c).replace(/^([^,]+),(\d+),/, '$1,$2.0,'));
    const r = verify(
      '--file',
      file('crlf.csv', `\ufeff${[LOG_HEADER.join(','), ...lines].join('\r\n')}\r\n`)
    );
    expect(r.stdout).toContain('Chain intact');
    expect(r.code).toBe(0);
  });

  it('fails closed on an export with a header and no rows', () => {
    const r = verify('--file', file('empty.csv', `${LOG_HEADER.join(',')}\n`));
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
  ])('exits 2 with one line naming the file and line for %s', (_what, text, pattern) => {
    const name =
      { 'a missing column': 'missing', 'a bad sequence': 'badseq', 'a bad time': 'badtime' }[_what] ??
      'quotes';
    const r = verify('--file', file(`${name}.csv`, text));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toContain('SECRETVALUE');
    expect(r.stderr).not.toMatch(/\bat \S+\.ts:\d+/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 for a missing file, a missing --file, a bad --start-hash and an unknown subcommand', () => {
    expect(verify('--file', path.join(dir, 'nope.csv')).stderr).toMatch(/nope\.csv: cannot read/);
    expect(verify().stderr).toContain('Give either --file or --target-org');
    expect(verify('--file', path.join(dir, 'clean.csv'), '--start-hash', 'abc').code).toBe(2);
    const r = runCli(['audit-log', 'check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown audit-log subcommand: check');
  });
});
