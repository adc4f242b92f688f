import { fixture } from '../../helpers/paths';
import { runCli } from '../../helpers/run-cli';
import { writeProject } from '../../helpers/project';

const env = { PHI_GUARD_NOW: '2026-11-26T10:00:00Z' };

describe('baa check (end to end)', () => {
  it('passes this repository: every app that reaches PHI is covered', () => {
    const r = runCli(['baa', 'check'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('E-commerce platform (checkout and order sync) apps: Ecommerce_Integration');
  });

  it('fails the noncompliant fixture with file and line for each issue; --json carries them', () => {
    const r = runCli(['baa', 'check', '-d', fixture('posture', 'noncompliant'), '--json'], { env });
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

  it('--fail-on medium fails on a BAA expiring within 30 days; the default threshold does not', () => {
    const root = writeProject({
      '/config/compliance-register.json': JSON.stringify({
        controls: {},
        baas: [{ vendor: 'Salesforce', signed: '2025-01-01', expires: '2026-12-10' }]
      })
    });
    expect(runCli(['baa', 'check', '-d', root], { env }).code).toBe(0);
    const r = runCli(['baa', 'check', '-d', root, '--fail-on', 'medium'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BAA with Salesforce expires on 2026-12-10 (in 14 days)');
  });

  it('fails closed without a register, and exits 2 on a malformed one', () => {
    const none = runCli(['baa', 'check', '-d', writeProject({})], { env });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('not verified');
    const bad = writeProject({
      '/config/compliance-register.json': '{"controls": {}, "baas": [{"vendor": "X", "apps": "A"}]}'
    });
    const r = runCli(['baa', 'check', '-d', bad], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^Error: config\/compliance-register\.json:\d+: baas\[0\]\.apps must be an array/
    );
  });
});
