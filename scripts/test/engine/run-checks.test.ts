import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CHECKS } from '../../src/checks/registry';
import type { Check } from '../../src/checks/types';
import { addGap, COLLECTIONS, unknown } from '../../src/posture/model';
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

describe('a collection with a gap fails closed', () => {
  it('the guest-access check is not verified when a profile could not be read, and runs when none is missing', () => {
    const snap = snapshotOf({});
    const guest = CHECKS.find((c) => c.id === 'ACC-005')!;
    expect(guest.needs).toContain('grants');
    expect(runChecks(snap, NOW, [guest]).checks[0]!.status).toBe('pass');

    addGap(
      snap,
      'grants',
      unknown(
        'unreadable',
        'a profile could not be parsed',
        'force-app/main/default/profiles/Guest.profile-meta.xml'
      )
    );
    const { checks, findings } = runChecks(snap, NOW, [guest]);
    expect(checks[0]).toMatchObject({ status: 'not-verified', reason: 'a profile could not be parsed' });
    expect(findings[0]!.location).toEqual({ file: 'force-app/main/default/profiles/Guest.profile-meta.xml' });
  });

  it('every check that reads a collection declares it', () => {
    const undeclared: string[] = [];
    for (const c of CHECKS) {
      const src = readFileSync(require.resolve(`../../src/checks/${fileOf(c.id)}`), 'utf8');
      for (const key of COLLECTIONS) {
        if (new RegExp(`\\bs\\.${key}\\b`).test(src) && !c.needs.includes(key))
          undeclared.push(`${c.id} ${key}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});

/** The source file of a check, found by its id prefix (acc-005-guest.ts for ACC-005). */
function fileOf(id: string): string {
  const dir = path.join(__dirname, '../../src/checks');
  const prefix = id.toLowerCase();
  const file = readdirSync(dir).find((f) => f.startsWith(prefix));
  return file ? file.replace(/\.ts$/, '') : 'org-only';
}
