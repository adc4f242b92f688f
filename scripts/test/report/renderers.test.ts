import { verifySnapshot } from '../../src/engine/verify';
import type { PostureSnapshot } from '../../src/posture/model';
import { loadProject } from '../../src/posture/source/loader';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { FORMATS } from '../../src/report';
import { renderConsole } from '../../src/report/console';
import { fixture } from '../helpers/paths';
import { NOW } from '../helpers/project';

/**
 * The reporters are pure: the same result renders the same in every format. These run them in
 * process on a real result, and on the shape an org run will have (an org source, API locations).
 */
const project = (name: string) => loadProject(loadSfdxProject(fixture('posture', name)));

function asOrg(snap: PostureSnapshot): PostureSnapshot {
  return { ...snap, source: { kind: 'org', alias: 'prod' } };
}

describe('reporters on a real result and on an org-shaped one', () => {
  const result = verifySnapshot(project('noncompliant'), { now: NOW, failOn: 'high', version: '0.0.0-test' });

  it('render every format with every finding of the project', () => {
    const texts = Object.fromEntries(Object.entries(FORMATS).map(([name, f]) => [name, f.render(result)]));
    for (const text of Object.values(texts)) expect(text.length).toBeGreaterThan(200);
    for (const name of ['sarif', 'md', 'html', 'csv']) expect(texts[name]).toContain('Portal Site Guest');
    const plain = renderConsole(result, { color: false });
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('Threshold --fail-on high: FAILED.');
  });

  it('org source, API locations and accepted exceptions render in every format', () => {
    const org = verifySnapshot(asOrg(project('compliant')), {
      now: NOW,
      failOn: 'info',
      version: '0.0.0-test'
    });
    const withApi = {
      ...org,
      findings: [
        {
          checkId: 'ACC-003',
          severity: 'critical' as const,
          message: 'PermissionSet Ops grants View All Data, which exposes every PHI record',
          hipaa: ['164.312(a)(1)'],
          remediation: 'Remove View All Data.',
          component: { type: 'PermissionSet', name: 'Ops' },
          location: { api: 'PermissionSet', id: '0PS000000000001' }
        },
        {
          checkId: 'AUD-001',
          severity: 'medium' as const,
          message: 'PHI field Patient__c.MRN__c is not history-tracked',
          hipaa: ['164.312(b)'],
          remediation: 'Track it.',
          component: { type: 'CustomField', name: 'Patient__c.MRN__c' },
          location: { api: 'CustomField' },
          suppressed: {
            justification: 'tracked by the integration log',
            approver: 'Privacy Officer',
            expires: '2027-03-31'
          }
        }
      ],
      summary: { ...org.summary, suppressed: 1 }
    };
    const texts = Object.fromEntries(Object.entries(FORMATS).map(([name, f]) => [name, f.render(withApi)]));
    for (const name of ['sarif', 'md', 'html', 'csv']) expect(texts[name]).toContain('0PS000000000001');
    expect(JSON.parse(texts.sarif!).runs[0].results[1].suppressions[0].kind).toBe('external');
    expect(texts.csv).toContain('suppressed');
    expect(texts.md).toContain('| Subject | org prod |');
    expect(texts.junit).toContain('<testsuites');
    const coloured = renderConsole(withApi, { color: true });
    expect(coloured).toContain('\u001b[');
    expect(coloured).toContain('PermissionSet/0PS000000000001');
    expect(coloured).toContain('Accepted exceptions (1)');
  });

  it('a project-only check is not applicable on an org, and every format says so', () => {
    const org = verifySnapshot(asOrg(project('compliant')), {
      now: NOW,
      failOn: 'info',
      version: '0.0.0-test'
    });
    expect(org.checks.find((c) => c.id === 'DEP-001')).toMatchObject({
      status: 'not-applicable',
      findings: 0
    });
    // DEP-001 judges project files; LWC-001 judges component grants, which are not read from an org yet.
    expect(org.checks.filter((c) => c.status === 'not-applicable').map((c) => c.id)).toEqual([
      'DEP-001',
      'LWC-001'
    ]);
    expect(org.summary.checks['not-applicable']).toBe(2);
    const plain = renderConsole(org, { color: false });
    const header = plain
      .split('\n')
      .indexOf('Not applicable to an org (they judge project files; run verify -d on the project):');
    expect(header).toBeGreaterThan(0);
    expect(plain.split('\n')[header + 1]).toMatch(/^ {2}DEP-001 /);
    for (const name of ['md', 'html'] as const) expect(FORMATS[name].render(org)).toContain('Not applicable');
    // Offline the same check judges the project's files.
    const offline = verifySnapshot(project('compliant'), { now: NOW, failOn: 'info', version: '0.0.0-test' });
    expect(offline.checks.find((c) => c.id === 'DEP-001')!.status).toBe('pass');
  });
});
