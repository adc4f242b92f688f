import type { Check } from '../../src/checks/types';
import { runChecks } from '../../src/engine/run-checks';
import { NOW, snapshotOf } from '../helpers/project';

describe('the check engine fails closed', () => {
  it('a check that throws is not verified, with a finding naming the failure', () => {
    const broken: Check = {
      id: 'TST-001',
      title: 'A check with a bug',
      severity: 'low',
      hipaa: ['164.312(b)'],
      needs: [],
      run() {
        throw new Error('boom\nstack line');
      }
    };
    const { checks, findings } = runChecks(snapshotOf({}), NOW, [broken]);
    expect(checks[0]).toMatchObject({ status: 'not-verified', reason: 'the check could not run (boom)' });
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'TST-001',
        notVerified: true,
        message: 'not verified: the check could not run (boom)',
        location: { file: 'sfdx-project.json' }
      })
    ]);
  });

  it('a missing fact makes the check not verified without running it', () => {
    const run = jest.fn(() => []);
    const needsSession: Check = {
      id: 'TST-002',
      title: 'Needs session',
      severity: 'high',
      hipaa: ['164.312(d)'],
      needs: ['session'],
      run
    };
    const { checks, findings } = runChecks(snapshotOf({}), NOW, [needsSession]);
    expect(run).not.toHaveBeenCalled();
    expect(checks[0]!.status).toBe('not-verified');
    expect(findings[0]!.location).toEqual({
      file: 'force-app/main/default/settings/Security.settings-meta.xml'
    });
  });
});
