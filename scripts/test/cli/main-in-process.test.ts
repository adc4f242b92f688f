import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMMANDS, main } from '../../src/cli/main';
import { CANARY, expectNoCanary } from '../helpers/canary';
import { captureIo as capture } from '../helpers/run-in-process';
import { fixture } from '../helpers/paths';

/**
 * The real CLI entry, in this process (so its code counts towards coverage), on real fixture
 * projects. Only the terminal is replaced: output is captured instead of written.
 */

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

  it('flag errors name the flag: missing value, stray argument, bad choice', async () => {
    const cases: [string[], string][] = [
      [['verify', '--fail-on'], 'Flag --fail-on needs a value'],
      [['verify', 'stray'], 'Unexpected argument: stray'],
      [['verify', '--format', 'pdf'], 'Flag --format does not accept "pdf"'],
      [['apex-validate', '--layers', 'parser,nope'], 'Flag --layers does not accept "nope"']
    ];
    for (const [args, message] of cases) {
      const c = capture();
      expect(await main(args, c.io)).toBe(2);
      expect(c.err.join('')).toContain(message);
      const j = capture();
      expect(await main([...args, '--json'], j.io)).toBe(2);
      expect(JSON.parse(j.out.join(''))).toMatchObject({ status: 2, name: 'UsageError' });
    }
  });

  it('apex-validate with the parser layer: issues with file:line, --json, and a clean project', async () => {
    const bad = capture();
    expect(
      await main(
        ['apex-validate', '-d', fixture('apex-broken', 'syntax-error'), '--layers', 'parser'],
        bad.io
      )
    ).toBe(1);
    expect(bad.out.join('\n')).toMatch(/BrokenSyntax\.cls:6:\d+ \[parser\]/);
    const clean = capture();
    expect(
      await main(['apex-validate', '-d', fixture('apex-broken', 'clean'), '--layers', 'parser'], clean.io)
    ).toBe(0);
    expect(clean.out.join('\n')).toContain('Apex validation passed.');
    const json = capture();
    expect(
      await main(
        ['apex-validate', '-d', fixture('apex-broken', 'clean'), '--layers', 'parser', '--json'],
        json.io
      )
    ).toBe(0);
    expect(JSON.parse(json.out.join(''))).toMatchObject({ status: 0, result: { passed: true } });
    const none = capture();
    expect(
      await main(
        ['apex-validate', '-d', fixture('fidelity', 'loader', 'no-phi'), '--layers', 'parser'],
        none.io
      )
    ).toBe(0);
    expect(none.out.join('\n')).toContain('No Apex classes or triggers found.');
    const help = capture();
    expect(await main(['apex-validate', '--help'], help.io)).toBe(0);
  });

  it('--changed-since on a git repository: only findings in changed files, in every report; bad refs and non-git dirs exit 2', async () => {
    const d = tmp('phi-guard-main-git-');
    cpSync(fixture('posture', 'compliant'), d, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', ...args], {
        cwd: d,
        stdio: 'pipe'
      });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'baseline');
    const field = path.join(d, FIELD);
    writeFileSync(
      field,
      readFileSync(field, 'utf8').replace(
        '<trackHistory>true</trackHistory>',
        '<trackHistory>false</trackHistory>'
      )
    );
    const outDir = tmp('phi-guard-main-git-out-');
    const c = capture();
    const code = await main(
      [
        'verify',
        '-d',
        d,
        '--changed-since',
        'HEAD',
        '--fail-on',
        'medium',
        '--format',
        'md,html,sarif,csv,junit',
        '--output-dir',
        outDir
      ],
      c.io
    );
    expect(code).toBe(1);
    expect(c.out.join('\n')).toContain('Only findings in the 1 file(s) changed since HEAD are reported.');
    expect(readFileSync(path.join(outDir, 'phi-guard.md'), 'utf8')).toContain(
      'components changed since HEAD'
    );
    const badRef = capture();
    expect(await main(['verify', '-d', d, '--changed-since', 'no-such-ref'], badRef.io)).toBe(2);
    expect(badRef.err.join('')).toContain('git does not know the ref "no-such-ref"');
    const notGit = capture();
    const plain = tmp('phi-guard-main-nogit-');
    cpSync(fixture('posture', 'compliant'), plain, { recursive: true });
    expect(await main(['verify', '-d', plain, '--changed-since', 'HEAD'], notGit.io)).toBe(2);
    expect(notGit.err.join('')).toContain('is not inside a git repository');
  });

  it('an internal error is one line naming it as a bug, a --json envelope with InternalError, and a stack only with PHI_GUARD_DEBUG', async () => {
    COMMANDS['crash-test'] = async () => {
      throw new TypeError('boom\nsecond line');
    };
    try {
      const c = capture();
      expect(await main(['crash-test'], c.io)).toBe(2);
      expect(c.err).toEqual([
        'Error: Internal error: boom (set PHI_GUARD_DEBUG=1 for the stack trace and please report it)'
      ]);
      const j = capture();
      expect(await main(['crash-test', '--json'], j.io)).toBe(2);
      expect(JSON.parse(j.out.join(''))).toMatchObject({ status: 2, name: 'InternalError', exitCode: 2 });
      process.env.PHI_GUARD_DEBUG = '1';
      const d = capture();
      expect(await main(['crash-test'], d.io)).toBe(2);
      expect(d.err[0]).toContain('TypeError: boom');
    } finally {
      delete process.env.PHI_GUARD_DEBUG;
      delete COMMANDS['crash-test'];
    }
  });
});
