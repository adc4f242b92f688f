import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CHECKS } from '../../src/checks/registry';
import type { Check } from '../../src/checks/types';
import { addGap, COLLECTIONS, unknown } from '../../src/posture/model';
import { buildFinding } from '../../src/engine/findings';
import { runChecks, type CheckResult, type CheckStatus } from '../../src/engine/run-checks';
import { controlsOf } from '../../src/engine/controls';
import { verifySnapshot } from '../../src/engine/verify';
import { loadProject } from '../../src/posture/source/loader';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { REPO_ROOT } from '../helpers/paths';
import { md, NOW, phiField, snapshotOf } from '../helpers/project';

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
    const snap = snapshotOf({ 'objects/Rx__c/fields/Diagnosis__c.field-meta.xml': phiField('Diagnosis__c') });
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

  it('a check with a gap still runs: what was read is judged, and each distinct gap adds one not-verified finding', () => {
    const run = jest.fn(() => [
      buildFinding(
        { id: 'TST-003', severity: 'high', hipaa: ['164.312(a)(1)'] },
        {
          message: 'a real finding',
          remediation: 'fix it',
          component: { type: 'Profile', name: 'Admin' },
          location: { file: 'a.xml', line: 2 }
        }
      )
    ]);
    const check: Check = {
      id: 'TST-003',
      title: 'Reads grants',
      severity: 'high',
      hipaa: ['164.312(a)(1)'],
      needs: ['grants', 'apps'],
      run
    };
    const snap = snapshotOf({});
    const gap = unknown('unreadable', 'b.xml could not be read', 'b.xml');
    addGap(snap, 'grants', gap);
    addGap(snap, 'grants', gap);
    addGap(snap, 'apps', unknown('unreadable', 'c.xml could not be read', 'c.xml'));
    addGap(snap, 'endpoints', unknown('unreadable', 'not needed', 'd.xml'));
    const { checks, findings } = runChecks(snap, NOW, [check]);
    expect(run).toHaveBeenCalledTimes(1);
    expect(checks[0]).toMatchObject({
      status: 'not-verified',
      reason: 'b.xml could not be read',
      findings: 3
    });
    expect(findings.map((f) => [f.message, f.location, !!f.notVerified])).toEqual([
      ['a real finding', { file: 'a.xml', line: 2 }, false],
      ['not verified: b.xml could not be read', { file: 'b.xml' }, true],
      ['not verified: c.xml could not be read', { file: 'c.xml' }, true]
    ]);
  });

  it('no PHI and no dictionary: a check that reads fields is not verified, with the reason; a dictionary establishes the inventory', () => {
    const reads: Check = {
      id: 'TST-004',
      title: 'Reads fields',
      severity: 'high',
      hipaa: ['164.312(a)(1)'],
      needs: ['fields'],
      run: () => []
    };
    const field = { 'objects/Order__c/fields/Total__c.field-meta.xml': md.field('Total__c') };
    const none = runChecks(snapshotOf(field), NOW, [reads]);
    expect(none.checks[0]).toMatchObject({
      status: 'not-verified',
      reason: expect.stringContaining('PHI inventory is unknown')
    });
    expect(none.findings.map((f) => f.location)).toEqual([{ file: 'config/phi-data-dictionary.json' }]);
    const dictionary = JSON.stringify({
      fields: [{ field: 'Order__c.Total__c', phi: false, reason: 'an order amount' }]
    });
    const known = runChecks(snapshotOf({ ...field, '/config/phi-data-dictionary.json': dictionary }), NOW, [
      reads
    ]);
    expect(known.checks[0]!.status).toBe('pass');
  });

  it('every check that reads a collection declares it', () => {
    const undeclared: string[] = [];
    for (const c of CHECKS) {
      const src = readFileSync(require.resolve(`../../src/checks/${fileOf(c.id)}`), 'utf8');
      for (const key of COLLECTIONS) {
        // Reading fields implies the PHI inventory (the engine adds it), so 'phi' is declared by 'fields'.
        const declared = c.needs.includes(key) || (key === 'phi' && c.needs.includes('fields'));
        if (new RegExp(`\\bs\\.${key}\\b`).test(src) && !declared) undeclared.push(`${c.id} ${key}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});

describe('a check that judges project files only', () => {
  const dep = CHECKS.find((c) => c.id === 'DEP-001')!;
  const badFile = {
    // A Security settings file with an element SessionSettings does not have: DEP-001 fails it offline.
    'settings/Security.settings-meta.xml':
      '<?xml version="1.0" encoding="UTF-8"?><SecuritySettings xmlns="http://soap.sforce.com/2006/04/metadata"><sessionSettings><notAnElement>true</notAnElement></sessionSettings></SecuritySettings>'
  };

  it('judges a project, and is not applicable (not a pass) on a snapshot read from an org', () => {
    const project = snapshotOf(badFile);
    expect(runChecks(project, NOW, [dep]).checks[0]!.status).toBe('fail');
    const org = snapshotOf({});
    org.source = { kind: 'org', alias: 'https://example.my.salesforce.com' };
    const run = jest.fn(() => []);
    const { checks, findings } = runChecks(org, NOW, [dep, { ...dep, id: 'TST-003', run }]);
    expect(checks.map((c) => c.status)).toEqual(['not-applicable', 'not-applicable']);
    expect(checks[0]!.reason).toMatch(/project files/);
    expect(run).not.toHaveBeenCalled();
    expect(findings).toEqual([]);
  });

  it('a control is judged only by checks that could judge something', () => {
    const result = (id: string, status: CheckStatus): CheckResult => ({
      id,
      title: id,
      severity: 'high',
      hipaa: ['164.312(c)(1)'],
      status,
      findings: 0
    });
    const statusOf = (...statuses: CheckStatus[]) =>
      controlsOf(
        statuses.map((s, i) => result(`T-${i}`, s)),
        []
      )[0]!.status;
    expect(statusOf('not-applicable')).toBe('not-applicable');
    expect(statusOf('not-applicable', 'requires-org')).toBe('requires-org');
    expect(statusOf('not-applicable', 'pass')).toBe('pass');
    expect(statusOf('not-applicable', 'not-verified')).toBe('not-verified');
  });
});

/** The source file of a check, found by its id prefix (acc-005-guest.ts for ACC-005). */
function fileOf(id: string): string {
  const dir = path.join(__dirname, '../../src/checks');
  const prefix = id.toLowerCase();
  const file = readdirSync(dir).find((f) => f.startsWith(prefix));
  return file ? file.replace(/\.ts$/, '') : 'org-only';
}

describe('offline verdicts never over-claim', () => {
  const result = (id: string, status: CheckStatus): CheckResult => ({
    id,
    title: id,
    severity: 'high',
    hipaa: ['164.312(a)(2)(iv)'],
    status,
    findings: status === 'fail' ? 1 : 0
  });
  const control = (statuses: CheckStatus[], findings: Parameters<typeof controlsOf>[1] = []) =>
    controlsOf(
      statuses.map((s, i) => result(`T-${i}`, s)),
      findings
    )[0]!;
  const open = buildFinding(
    { id: 'T-1', severity: 'critical', hipaa: ['164.312(a)(2)(iv)'] },
    {
      message: 'PHI field Rx__c.Drug__c has no encryptionScheme',
      remediation: 'Encrypt it.',
      component: { type: 'CustomField', name: 'Rx__c.Drug__c' },
      location: { file: 'x.field-meta.xml' }
    }
  );

  it('a control with a check that needs an org is "needs org" however many of its other checks passed', () => {
    // 164.312(a)(2)(iv) used to pass offline though ORG-101 did not run
    expect(control(['pass', 'pass', 'requires-org'])).toMatchObject({
      status: 'requires-org',
      checks: ['T-0', 'T-1', 'T-2'],
      needsOrg: ['T-2']
    });
    expect(control(['pass', 'pass']).status).toBe('pass');
    expect(control(['pass', 'pass']).needsOrg).toBeUndefined();
  });

  it('an open finding still fails it, and a check without evidence still leaves it not verified (fail closed)', () => {
    expect(control(['fail', 'requires-org'], [open]).status).toBe('fail');
    expect(control(['not-verified', 'requires-org']).status).toBe('not-verified');
    // a suppressed finding is accepted: the control then waits for the org
    expect(
      control(
        ['pass', 'requires-org'],
        [{ ...open, suppressed: { justification: 'j', approver: 'a', expires: '2027-01-01' } }]
      ).status
    ).toBe('requires-org');
  });

  it('on the real source of force-app, no control with an org-only check passes, and the run still passes (exit 0)', () => {
    const snap = loadProject(loadSfdxProject(REPO_ROOT));
    const r = verifySnapshot(snap, { now: new Date(), failOn: 'high', version: 'test' });
    const orgOnly = new Set(r.checks.filter((c) => c.status === 'requires-org').map((c) => c.id));
    expect([...orgOnly].sort()).toEqual(['ORG-101', 'ORG-102', 'ORG-103', 'ORG-104', 'ORG-105', 'ORG-106']);
    const withOrgOnly = r.controls.filter((c) => c.checks.some((id) => orgOnly.has(id)));
    expect(withOrgOnly.length).toBeGreaterThan(5);
    expect(withOrgOnly.map((c) => [c.citation, c.status, c.needsOrg])).toEqual(
      withOrgOnly.map((c) => [c.citation, 'requires-org', c.checks.filter((id) => orgOnly.has(id))])
    );
    expect(r.controls.find((c) => c.citation === '164.312(a)(2)(iv)')!.status).toBe('requires-org');
    expect(r.controls.find((c) => c.citation === '164.308(b)(1)')!.status).toBe('requires-org');
    expect(r.passed).toBe(true);
  });
});

describe('a not-verified finding says what to do in the mode the run is in', () => {
  const needsSession: Check = {
    id: 'TST-004',
    title: 'Needs session',
    severity: 'high',
    hipaa: ['164.312(d)'],
    needs: ['session'],
    run: () => []
  };
  it('offline it points at the project or -o; online it never tells a live-org run to use --target-org', () => {
    const offline = runChecks(snapshotOf({}), NOW, [needsSession]).findings[0]!;
    expect(offline.remediation).toMatch(/--target-org/);
    const org = snapshotOf({});
    org.source = { kind: 'org', alias: 'prod' };
    org.session = unknown('unreadable', 'the running user lacks View Setup (INSUFFICIENT_ACCESS)');
    const online = runChecks(org, NOW, [needsSession]).findings[0]!;
    expect(online.notVerified).toBe(true);
    expect(online.remediation).not.toMatch(/target-org/);
    expect(online.remediation).toMatch(/running user/);
  });
});

describe("each check's evidence list", () => {
  it('is sorted, and names a file once however many of its kinds list it', () => {
    const snap = snapshotOf({});
    snap.evidence.fields.push('b/Two.field-meta.xml', 'a/One.field-meta.xml');
    snap.evidence.dictionary.push('a/One.field-meta.xml', 'config/phi-dictionary.json');
    const r = verifySnapshot(snap, { now: NOW, failOn: 'high', version: 'test' });
    // PHI-001 reads fields and the dictionary.
    expect(r.checks.find((c) => c.id === 'PHI-001')!.evidence).toEqual([
      'a/One.field-meta.xml',
      'b/Two.field-meta.xml',
      'config/phi-dictionary.json'
    ]);
  });
});
