import { fixture } from '../../helpers/paths';
import { runCli, SALESFORCE_SDK } from '../../helpers/run-cli';
import { runInProcess } from '../../helpers/run-in-process';
import { writeProject } from '../../helpers/project';

/**
 * baa check end to end on source projects: the real CLI entry in this process (so the command
 * counts towards coverage), and once as a child process (this repository, as a user runs it).
 */
const env = { PHI_GUARD_NOW: '2026-11-26T10:00:00Z' };
const baa = (args: string[]) => runInProcess(['baa', ...args], { env });

describe('baa check (end to end)', () => {
  it('passes this repository: every app that reaches PHI is covered', () => {
    const r = runCli(['baa', 'check'], { env, packages: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('E-commerce platform (checkout and order sync) apps: Ecommerce_Integration');
    // Offline, the Salesforce SDK never loads (the same check with -o loads it: cli/lazy-sdk.test.ts). The probe
    // listed what loaded (the bundle, as users run it): an empty list would prove nothing.
    expect(r.own).toContain('dist/main.js');
    expect(r.packages!.filter((p) => SALESFORCE_SDK.includes(p))).toEqual([]);
  });

  it('fails the noncompliant fixture with file and line for each issue; --json carries them', async () => {
    const r = await baa(['check', '-d', fixture('posture', 'noncompliant'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      status: number;
      result: { issues: { kind: string; location: { file: string } }[] };
    };
    expect(out.status).toBe(1);
    expect(out.result.issues.map((i) => i.kind).sort()).toEqual([
      'app-no-baa',
      'no-salesforce-baa',
      'package-no-baa',
      'unsigned'
    ]);
    expect(out.result.issues.find((i) => i.kind === 'package-no-baa')!.location.file).toBe(
      'force-app/main/default/installedPackages/acmehealth.installedPackage-meta.xml'
    );
  });

  it('--fail-on medium fails on a BAA expiring within 30 days; the default threshold does not', async () => {
    const root = writeProject({
      '/config/compliance-register.json': JSON.stringify({
        controls: {},
        baas: [{ vendor: 'Salesforce', signed: '2025-01-01', expires: '2026-12-10' }]
      })
    });
    expect((await baa(['check', '-d', root])).code).toBe(0);
    const r = await baa(['check', '-d', root, '--fail-on', 'medium']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BAA with Salesforce expires on 2026-12-10 (in 14 days)');
  });

  it('fails closed without a register, and exits 2 on a malformed one', async () => {
    const none = await baa(['check', '-d', writeProject({})]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('not verified');
    const bad = writeProject({
      '/config/compliance-register.json': '{"controls": {}, "baas": [{"vendor": "X", "apps": "A"}]}'
    });
    const r = await baa(['check', '-d', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^Error: config\/compliance-register\.json:\d+: baas\[0\]\.apps must be an array/
    );
  });
});

describe('baa check console report and flags (in process)', () => {
  const withRegister = (baas: unknown[]) =>
    writeProject({ '/config/compliance-register.json': JSON.stringify({ controls: {}, baas }, null, 2) });

  it('lists the register with dates and no-PHI vendors; stale entries are notes below the threshold', async () => {
    const root = withRegister([
      { vendor: 'Salesforce', signed: '2025-01-01' },
      {
        vendor: 'Old Sync Co',
        namespace: 'oldsync',
        apps: ['Old Sync'],
        signed: '2024-01-01',
        expires: '2027-06-30'
      },
      { vendor: 'Mail House', signed: '2025-02-01', handlesPhi: false }
    ]);
    const r = await baa(['check', '-d', root]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`BAA register check: ${root} (register config/compliance-register.json)`);
    expect(lines).toContain('  Salesforce  signed 2025-01-01, no expiry');
    expect(lines).toContain('  Old Sync Co [oldsync] apps: Old Sync  signed 2024-01-01, expires 2027-06-30');
    expect(lines).toContain('  Mail House  signed 2025-02-01, no expiry (declared: no PHI)');
    expect(r.stdout).toMatch(
      /LOW\s+register entry for package oldsync, which is not installed {2}config\/compliance-register\.json:\d+/
    );
    expect(r.stdout).toMatch(/LOW\s+register entry for app Old Sync, which is not present/);
    expect(lines[lines.length - 1]).toBe('No issue at or above the threshold; 2 note(s) above.');
    const strict = await baa(['check', '-d', root, '--fail-on', 'low']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('BAA check FAILED: 2 issue(s) at or above low.');
  });

  it('an expired BAA fails at the default threshold', async () => {
    const r = await baa([
      'check',
      '-d',
      withRegister([{ vendor: 'Salesforce', signed: '2020-01-01', expires: '2026-11-01' }])
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BAA with Salesforce expired on 2026-11-01');
    expect(r.stdout).toContain('BAA check FAILED: 1 issue(s) at or above high.');
  });

  it('passes a clean register with no note', async () => {
    const root = withRegister([{ vendor: 'Salesforce', signed: '2025-01-01' }]);
    const r = await baa(['check', '-d', root]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe(
      'Every package and app that can reach PHI is covered by a current BAA.'
    );
  });

  it('without a register: not verified, naming the file it expected', async () => {
    const r = await baa(['check', '-d', writeProject({})]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /HIGH\s+not verified: no BAA register \(config\/compliance-register\.json\) {2}config\/compliance-register\.json/
    );
  });

  it('prints help for the command and the subcommand', async () => {
    for (const args of [['--help'], ['-h'], ['check', '--help']]) {
      const r = await baa(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('phi-guard baa check');
    }
  });

  it.each([
    [['check', '--fail-on', 'severe'], '--fail-on'],
    [['check', '--nope'], 'Unknown flag: --nope'],
    [['audit'], 'Unknown baa subcommand: audit; expected one of: check.'],
    [[], 'phi-guard baa needs a subcommand: check.'],
    [['check', '-d', '/no/such/project'], '/no/such/project']
  ])('exits 2 with one line for %j', async (args, message) => {
    const r = await baa(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  it('exits 2 with one line when PHI_GUARD_NOW is not a date', async () => {
    const r = await runInProcess(['baa', 'check', '-d', withRegister([])], {
      env: { PHI_GUARD_NOW: 'soon' }
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('Error: PHI_GUARD_NOW is not a date: soon');
  });
});
