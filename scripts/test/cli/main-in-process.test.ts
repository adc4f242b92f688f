import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/output';
import { CANARY, expectNoCanary } from '../helpers/canary';
import { fixture } from '../helpers/paths';

/**
 * The real CLI entry, in this process (so its code counts towards coverage), on real fixture
 * projects. Only the terminal is replaced: output is captured instead of written.
 */
function capture(opts: { tty?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    progress: (t) => progress.push(t),
    isTTY: !!opts.tty,
    errIsTTY: !!opts.tty
  };
  return { io, out, err, progress };
}

const dirs: string[] = [];
const tmp = (prefix: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
};
beforeAll(() => {
  process.env.PHI_GUARD_NOW = '2026-11-25T12:00:00Z';
});
afterAll(() => {
  delete process.env.PHI_GUARD_NOW;
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const FIELD = 'force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml';

describe('phi-guard main(), in process', () => {
  it('verify on the noncompliant project: console with colour and progress, exit 1, every report format', async () => {
    const c = capture({ tty: true });
    const outDir = tmp('phi-guard-main-');
    const code = await main(
      [
        'verify',
        '-d',
        fixture('posture', 'noncompliant'),
        '--format',
        'sarif,junit,md,html,csv',
        '--output-dir',
        outDir
      ],
      c.io
    );
    expect(code).toBe(1);
    const text = c.out.join('\n');
    expect(text).toContain('\u001b['); // colour on a TTY
    expect(text).toContain('ENC-001');
    expect(c.progress.at(-1)).toBe('');
    expect(c.err.join('\n')).toContain('Wrote ');
    const reports = readdirSync(outDir).map((f) => readFileSync(path.join(outDir, f), 'utf8'));
    expect(reports).toHaveLength(5);
    expectNoCanary(text, ...c.err, ...reports);
  });

  it('verify --json on the compliant project: exit 0 and the sf envelope', async () => {
    const c = capture();
    expect(await main(['verify', '-d', fixture('posture', 'compliant'), '--json'], c.io)).toBe(0);
    const out = JSON.parse(c.out.join(''));
    expect(out).toMatchObject({ status: 0, warnings: [] });
    expect(out.result.config.setByProject).toEqual([]);
  });

  it('suppressions: a valid one accepts a finding, expired and incomplete ones are POL-001 findings', async () => {
    const d = tmp('phi-guard-main-sup-');
    cpSync(fixture('posture', 'compliant'), d, { recursive: true });
    const field = path.join(d, FIELD);
    writeFileSync(
      field,
      readFileSync(field, 'utf8').replace(
        '<trackHistory>true</trackHistory>',
        '<trackHistory>false</trackHistory>'
      )
    );
    const entry = {
      checkId: 'AUD-001',
      component: 'Patient_Record__c.MRN*',
      justification: 'history tracked by the integration log until Q1',
      approver: 'Privacy Officer',
      expires: '2027-03-31'
    };
    writeFileSync(
      path.join(d, 'config', 'phi-guard-suppressions.json'),
      JSON.stringify(
        {
          suppressions: [
            entry,
            { ...entry, component: 'Other__c.*', expires: '2026-01-01' },
            { checkId: 'ENC-001', component: 'X' }
          ]
        },
        null,
        2
      )
    );
    const c = capture();
    const code = await main(['verify', '-d', d, '--json', '--fail-on', 'medium'], c.io);
    const out = JSON.parse(c.out.join(''));
    expect(code).toBe(1);
    const aud = out.result.findings.find((f: { checkId: string }) => f.checkId === 'AUD-001');
    expect(aud.suppressed).toMatchObject({ approver: 'Privacy Officer', expires: '2027-03-31' });
    expect(out.result.findings.filter((f: { checkId: string }) => f.checkId === 'POL-001')).toHaveLength(2);
    const text = capture();
    await main(['verify', '-d', d], text.io);
    expect(text.out.join('\n')).toContain('Accepted exceptions (1)');
  });

  it('bad input is one line and exit 2, never a stack, and never the file text', async () => {
    const d = tmp('phi-guard-main-bad-');
    cpSync(fixture('posture', 'compliant'), d, { recursive: true });
    writeFileSync(path.join(d, 'config', 'phi-guard-suppressions.json'), `{ "suppressions": [ ${CANARY} ] }`);
    for (const args of [
      ['verify', '-d', d],
      ['verify', '-d', d, '--json'],
      ['verify', '--bogus'],
      ['verify', '--fail-on', 'severe'],
      ['verify', '-o', 'myorg'],
      ['frobnicate'],
      []
    ]) {
      const c = capture();
      expect(await main(args, c.io)).toBe(2);
      const all = [...c.out, ...c.err].join('\n');
      expectNoCanary(all);
      expect(all).not.toMatch(/\n\s+at /);
    }
  });

  it('PHI_GUARD_NOW must be a date', async () => {
    process.env.PHI_GUARD_NOW = 'soon';
    const c = capture();
    try {
      expect(await main(['verify', '-d', fixture('posture', 'compliant')], c.io)).toBe(2);
    } finally {
      process.env.PHI_GUARD_NOW = '2026-11-25T12:00:00Z';
    }
    expect(c.err.join('')).toContain('PHI_GUARD_NOW is not a date');
  });

  it('help and version', async () => {
    for (const args of [['--help'], ['verify', '--help'], ['--version']]) {
      const c = capture();
      expect(await main(args, c.io)).toBe(0);
      expect(c.out.join('').length).toBeGreaterThan(10);
    }
  });

  it('--output-dir that cannot be created is exit 2 naming the flag', async () => {
    const file = path.join(tmp('phi-guard-main-out-'), 'a-file');
    writeFileSync(file, '');
    const c = capture();
    expect(
      await main(
        [
          'verify',
          '-d',
          fixture('posture', 'compliant'),
          '--format',
          'csv',
          '--output-dir',
          path.join(file, 'x')
        ],
        c.io
      )
    ).toBe(2);
    expect(c.err.join('')).toMatch(/^Error: --output-dir .* cannot write the reports there \(ENOTDIR\)/);
  });
});
