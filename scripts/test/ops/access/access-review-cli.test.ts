import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../helpers/run-cli';
import { md, phiField, writeProject } from '../../helpers/project';

const project = () =>
  writeProject({
    'objects/Patient__c/Patient__c.object-meta.xml': md.object(),
    'objects/Patient__c/fields/Diagnosis__c.field-meta.xml': phiField('Diagnosis__c'),
    'permissionsets/Clinician.permissionset-meta.xml': md.permset(
      [md.objectPerm('Patient__c', { allowRead: true }), md.fieldPerm('Patient__c.Diagnosis__c', true)].join(
        '\n'
      )
    )
  });

const support = (root: string) =>
  writeFileSync(
    path.join(root, 'force-app/main/default/permissionsets/Support.permissionset-meta.xml'),
    md.permset(md.fieldPerm('Patient__c.Diagnosis__c', true))
  );

describe('access-review (end to end)', () => {
  it('writes a baseline, passes unchanged, fails on an unapproved addition, passes once approved', () => {
    const root = project();
    const base = path.join(root, 'config', 'access-baseline.json');
    const first = runCli(['access-review', '-d', root, '--baseline', base]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Baseline written');
    expect((JSON.parse(readFileSync(base, 'utf8')) as { grants: string[] }).grants).toEqual([
      'PermissionSet:Clinician | Patient__c | Read',
      'PermissionSet:Clinician | Patient__c.Diagnosis__c | Read'
    ]);
    expect(runCli(['access-review', '-d', root, '--baseline', base]).code).toBe(0);

    support(root);
    const drift = runCli(['access-review', '-d', root, '--baseline', base, '--json']);
    expect(drift.code).toBe(1);
    const out = JSON.parse(drift.stdout) as {
      status: number;
      result: { baseline: { added: { grant: string }[]; unapproved: number } };
    };
    expect(out.result.baseline.added.map((a) => a.grant)).toEqual([
      'PermissionSet:Support | Patient__c.Diagnosis__c | Read'
    ]);
    expect(out.result.baseline.unapproved).toBe(1);

    const b = JSON.parse(readFileSync(base, 'utf8')) as Record<string, unknown>;
    b.approvals = [
      {
        grant: 'PermissionSet:Support | Patient__c.Diagnosis__c | Read',
        approver: 'Privacy Officer',
        date: '2026-11-26',
        reason: 'SEC-301'
      }
    ];
    writeFileSync(base, JSON.stringify(b, null, 2));
    const approved = runCli(['access-review', '-d', root, '--baseline', base]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('(approved by Privacy Officer on 2026-11-26)');

    expect(runCli(['access-review', '-d', root, '--baseline', base, '--update-baseline']).code).toBe(0);
    const rewritten = JSON.parse(readFileSync(base, 'utf8')) as { grants: string[]; approvals: unknown[] };
    expect(rewritten.grants).toHaveLength(3);
    expect(rewritten.approvals).toHaveLength(1);
  });

  it('writes CSV, XLSX, Markdown and HTML reports', () => {
    const root = project();
    const dir = path.join(root, 'out');
    const r = runCli(['access-review', '-d', root, '--format', 'csv,xlsx,md,html', '--output-dir', dir]);
    expect(r.code).toBe(0);
    for (const ext of ['csv', 'xlsx', 'md', 'html'])
      expect(existsSync(path.join(dir, `access-review.${ext}`))).toBe(true);
    expect(readFileSync(path.join(dir, 'access-review.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('exit 2 on a malformed baseline (file and line) and on a bad format; exit 1 with no PHI', () => {
    const root = project();
    const bad = path.join(root, 'bad.json');
    writeFileSync(bad, '{\n  "version": 1,\n  "grants": "x"\n}\n');
    const r = runCli(['access-review', '-d', root, '--baseline', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`Error: ${bad}:3: "grants" must be an array of grant keys`);
    expect(runCli(['access-review', '-d', root, '--format', 'pdf']).code).toBe(2);
    expect(runCli(['access-review', '-d', writeProject({})]).code).toBe(1);
  });
});
