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
    for (const [name, f] of Object.entries(FORMATS)) {
      const text = f.render(result);
      expect(text.length).toBeGreaterThan(200);
      if (name !== 'junit') expect(text).toContain('Portal Site Guest');
    }
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
    for (const [name, f] of Object.entries(FORMATS)) {
      const text = f.render(withApi);
      if (name !== 'junit') expect(text).toContain('0PS000000000001');
      if (name === 'sarif') expect(JSON.parse(text).runs[0].results[1].suppressions[0].kind).toBe('external');
      if (name === 'csv') expect(text).toContain('suppressed');
      if (name === 'md') expect(text).toContain('| Subject | org prod |');
    }
    const coloured = renderConsole(withApi, { color: true });
    expect(coloured).toContain('\u001b[');
    expect(coloured).toContain('PermissionSet/0PS000000000001');
    expect(coloured).toContain('Accepted exceptions (1)');
  });
});
