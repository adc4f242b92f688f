import type { Emulator } from '../../../emulator/server';
import { makeId, OrgState } from '../../../emulator/state';
import { runChecks } from '../../../src/engine/run-checks';
import { COLLECTIONS } from '../../../src/posture/model';
import { loadOrg } from '../../../src/posture/org/loader';
import { REPO_ROOT } from '../../helpers/paths';
import { emulatedOrg } from '../../org/emulated-org';

jest.setTimeout(300_000);

const NOW = new Date('2026-11-25T12:00:00Z');
let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

describe('org loader against the org emulator', () => {
  it('verifies the large profile (200k users, 2,000 objects, 40,000 fields) in at most 50 API calls at 50 ms latency', async () => {
    const org = await emulatedOrg('large', [], { latencyMs: 50, now: NOW });
    emu = org.emu;
    const phases: string[] = [];
    const snap = await loadOrg(org.client, {
      projectRoot: REPO_ROOT,
      alias: 'large',
      now: NOW,
      onPhase: (n, total, what) => phases.push(`${n}/${total} ${what}`)
    });
    expect(snap.objects.size).toBeGreaterThanOrEqual(2000);
    expect(snap.fields.size).toBeGreaterThanOrEqual(40_000);
    expect(snap.grants.length).toBeGreaterThanOrEqual(1000);
    expect(snap.gaps).toEqual({});
    expect(snap.orgOnly.loginHistory).toMatchObject({ known: true });
    expect(phases).toHaveLength(6);
    expect(org.client.callsUsed).toBeLessThanOrEqual(50);
    const counted = org.emu.requests().filter((e) => e.apiCall);
    expect(counted.length).toBeLessThanOrEqual(50);
    // Never per-user rows: users are only counted.
    const userQueries = counted.map((e) => e.query ?? '').filter((q) => /\bFROM User\b/i.test(q));
    for (const q of userQueries) expect(q).toMatch(/^SELECT COUNT\(\) FROM User/);
  });

  it('an implausibly empty org (no objects, no profiles, no settings) is not verified', async () => {
    const state = new OrgState({
      orgId: makeId('00D', 7),
      userId: makeId('005', 1),
      username: 'admin@empty.example',
      apiMax: 100_000
    });
    state
      .arrayTable('User')
      .insert({ Id: makeId('005', 1), Username: 'admin@empty.example', IsActive: true });
    const org = await emulatedOrg(state, [], { now: NOW });
    emu = org.emu;
    const snap = await loadOrg(org.client, { projectRoot: REPO_ROOT, alias: 'empty', now: NOW });
    for (const key of COLLECTIONS) {
      expect(snap.gaps[key]?.map((g) => g.reason)).toContain(
        'the org returned no objects, profiles, settings: an org with none is not plausible, so nothing can be verified from it'
      );
    }
    const { checks } = runChecks(snap, NOW);
    // INP-001 and DEP-001 judge project files (unreadable, or rejected by the Metadata API): an org
    // snapshot has none, so they have nothing to find.
    const decided = checks.filter(
      (c) =>
        c.status === 'pass' && !['INP-001', 'DEP-001', 'LIF-002'].includes(c.id) && !c.id.startsWith('ORG-00')
    );
    expect(decided.map((c) => c.id)).toEqual([]);
    expect(checks.filter((c) => c.status === 'not-verified').length).toBeGreaterThan(20);
  });

  it('a settings record the org returns empty is unknown with the reason, and its checks are not verified', async () => {
    const org = await emulatedOrg('compliant', [], { now: NOW });
    emu = org.emu;
    org.emu.state.metadata.get('SecuritySettings')?.clear();
    const snap = await loadOrg(org.client, { projectRoot: REPO_ROOT, alias: 'compliant', now: NOW });
    expect(snap.session).toMatchObject({
      known: false,
      reason: expect.stringMatching(/SecuritySettings Security: readMetadata returned an empty record/)
    });
    const { checks } = runChecks(snap, NOW);
    expect(checks.find((c) => c.id === 'SES-001')!.status).toBe('not-verified');
  });

  it('reads Event Monitoring settings and transaction security policies; ORG-106 fails when they drift', async () => {
    const org = await emulatedOrg('compliant', [], { now: NOW });
    emu = org.emu;
    const snap = await loadOrg(org.client, { projectRoot: REPO_ROOT, alias: 'compliant', now: NOW });
    expect(snap.orgOnly.eventSettings).toMatchObject({
      known: true,
      value: {
        logGeneration: true,
        retentionDays: 365,
        transactionSecurity: true,
        realTimeEvents: { known: true, value: { ReportEventStream: true, ApiEventStream: true } }
      }
    });
    // compliant derives the policy from force-app/main/default/transactionSecurityPolicies.
    expect(snap.orgOnly.transactionPolicies).toMatchObject({
      known: true,
      value: [{ name: 'PHI_Report_Export_Guard', state: 'Enabled', eventName: 'ReportEvent' }]
    });
    expect(runChecks(snap, NOW).checks.find((c) => c.id === 'ORG-106')!.status).toBe('pass');

    org.emu.state.md('EventSettings').get('Event')!.enableEventLogGeneration = 'false';
    org.emu.state
      .table('TransactionSecurityPolicy')!
      .find('DeveloperName', 'PHI_Report_Export_Guard')!.State = 'Disabled';
    const drifted = await loadOrg(org.client, { projectRoot: REPO_ROOT, alias: 'compliant', now: NOW });
    const found = runChecks(drifted, NOW).findings.filter((f) => f.checkId === 'ORG-106');
    expect(found.map((f) => f.message).sort()).toEqual([
      'event log generation is off (EventSettings.enableEventLogGeneration is not true)',
      'transaction security policy PHI_Report_Export_Guard is Disabled in the org, not Enabled'
    ]);
  });

  it('without Event Monitoring (INVALID_TYPE) the policies are unknown with the reason and ORG-106 is not verified', async () => {
    const org = await emulatedOrg('compliant', ['invalid-type:events'], { now: NOW });
    emu = org.emu;
    org.emu.state.md('RealTimeEventSettings').clear();
    const snap = await loadOrg(org.client, { projectRoot: REPO_ROOT, alias: 'compliant', now: NOW });
    expect(snap.orgOnly.transactionPolicies).toMatchObject({
      known: false,
      reason: 'TransactionSecurityPolicy: the org does not have this feature (INVALID_TYPE)'
    });
    expect(snap.orgOnly.eventSettings).toMatchObject({
      known: true,
      value: {
        realTimeEvents: {
          known: false,
          reason: expect.stringMatching(
            /RealTimeEventSettings RealTimeEvent: readMetadata returned an empty record/
          )
        }
      }
    });
    const c = runChecks(snap, NOW).checks.find((x) => x.id === 'ORG-106')!;
    expect(c.status).toBe('not-verified');
  });
});
