import { loadProfile } from '../../emulator/profiles/index';
import { applyComponent } from '../../emulator/profiles/from-source';
import type { Emulator } from '../../emulator/server';
import { makeId } from '../../emulator/state';
import { nonClinicalPhiRead } from '../../src/checks/acc-004-non-clinical';
import { sessionTimeout } from '../../src/checks/ses-001-timeout';
import { runChecks } from '../../src/engine/run-checks';
import { loadOrg } from '../../src/posture/org/loader';
import { REPO_ROOT } from '../helpers/paths';
import { emulatedOrg } from '../org/emulated-org';

/**
 * The two recall paths of issue 21 item 5 on a live org, through the real org loader and OrgClient
 * against the emulator: a permission set group whose MasterLabel marks a support persona, reaching
 * PHI through a neutrally named member set; and a profile's own ProfileSessionSetting longer than
 * the org policy on a profile that reads PHI. The org state is built the way an org derives it
 * from deployed metadata (the emulator's applyComponent), plus the group rows an org keeps
 * (PermissionSetGroup, PermissionSetGroupComponent:
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionsetgroup.htm,
 * .../sforce_api_objects_permissionsetgroupcomponent.htm).
 */
jest.setTimeout(120_000);

const NOW = new Date('2026-11-25T12:00:00Z');
let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function verifyOrg(setup: (state: ReturnType<typeof loadProfile>) => void) {
  const state = loadProfile('compliant', { now: NOW });
  setup(state);
  const org = await emulatedOrg(state, [], { now: NOW });
  emu = org.emu;
  const snap = await loadOrg(org.client, { projectRoot: REPO_ROOT, alias: 'emu', now: NOW });
  return runChecks(snap, NOW, [nonClinicalPhiRead, sessionTimeout]);
}

const READ_ALLERGIES = {
  fieldPermissions: [{ field: 'Contact.Allergies__c', readable: 'true', editable: 'false' }]
};

function addGroup(state: ReturnType<typeof loadProfile>, label: string): void {
  applyComponent(
    state,
    'PermissionSet',
    'Records_Access',
    { label: 'Records Access', ...READ_ALLERGIES },
    NOW
  );
  const member = state.arrayTable('PermissionSet').find('Name', 'Records_Access')!;
  const id = makeId('0PG', 7001);
  const ts = NOW.toISOString();
  state.arrayTable('PermissionSetGroup').insert({
    Id: id,
    DeveloperName: 'Tier2',
    MasterLabel: label,
    Status: 'Updated',
    HasActivationRequired: false,
    NamespacePrefix: null,
    Description: null,
    CreatedDate: ts,
    LastModifiedDate: ts,
    SystemModstamp: ts
  });
  state
    .arrayTable('PermissionSetGroupComponent')
    .insert({ Id: makeId('0PC', 7001), PermissionSetGroupId: id, PermissionSetId: member.Id });
}

describe('recall on a live org', () => {
  it("ACC-004: the group's support label flows to what its neutral member grants; a clinical label is quiet", async () => {
    const fired = await verifyOrg((s) => addGroup(s, 'Pharmacy Support Desk'));
    expect(
      fired.findings.filter((f) => f.checkId === 'ACC-004').map((f) => [f.component, f.message])
    ).toEqual([
      [
        { type: 'PermissionSetGroup', name: 'Tier2' },
        'PermissionSetGroup Tier2 (via Records_Access) (non-clinical persona) can read PHI field Contact.Allergies__c'
      ]
    ]);
    await emu?.stop();
    const quiet = await verifyOrg((s) => addGroup(s, 'Pharmacy Technicians'));
    expect(quiet.findings.filter((f) => f.checkId === 'ACC-004')).toEqual([]);
    expect(quiet.checks.find((c) => c.id === 'ACC-004')!.status).toBe('pass');
  });

  it("SES-001: a PHI profile's own 120-minute timeout over the org's 15 fails; the same on a profile without PHI is quiet", async () => {
    const r = await verifyOrg((s) => {
      applyComponent(
        s,
        'Profile',
        'Support Agent',
        { custom: 'true', userLicense: 'Salesforce', ...READ_ALLERGIES },
        NOW
      );
      applyComponent(s, 'Profile', 'Warehouse', { custom: 'true', userLicense: 'Salesforce' }, NOW);
      s.md('ProfileSessionSetting').set('Support Agent', { profile: 'Support Agent', sessionTimeout: '120' });
      s.md('ProfileSessionSetting').set('Warehouse', { profile: 'Warehouse', sessionTimeout: '720' });
    });
    expect(
      r.findings.filter((f) => f.checkId === 'SES-001').map((f) => [f.component, f.message, f.location])
    ).toEqual([
      [
        { type: 'ProfileSessionSetting', name: 'Support Agent' },
        'profile Support Agent, which reads PHI, overrides the session timeout with 120 minutes, longer than the org-wide 15 minutes and over 15 minutes',
        { api: 'ProfileSessionSetting', id: 'Support Agent' }
      ]
    ]);
  });

  it('a ProfileSessionSetting the org answers without a timeout counts (fail closed)', async () => {
    const r = await verifyOrg((s) => {
      applyComponent(
        s,
        'Profile',
        'Support Agent',
        { custom: 'true', userLicense: 'Salesforce', ...READ_ALLERGIES },
        NOW
      );
      s.md('ProfileSessionSetting').set('Support Agent', {
        profile: 'Support Agent',
        sessionTimeout: 'soon'
      });
    });
    expect(r.findings.filter((f) => f.checkId === 'SES-001').map((f) => f.message)).toEqual([
      'profile Support Agent, which reads PHI, overrides the session timeout with no value, over 15 minutes'
    ]);
  });
});
