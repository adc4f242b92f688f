import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Emulator } from '../../../emulator/server';
import { applyComponent } from '../../../emulator/profiles/from-source';
import { runChecks } from '../../../src/engine/run-checks';
import type { PostureSnapshot } from '../../../src/posture/model';
import { loadOrg } from '../../../src/posture/org/loader';
import { REPO_ROOT } from '../../helpers/paths';
import { emulatedOrg } from '../../org/emulated-org';

/**
 * The org loader when the org refuses, hides or overflows a read: each becomes an unknown fact or a
 * gap with its reason (never an empty "all clear"), and the checks that need it are not verified.
 * The real OrgClient reads the org emulator through @salesforce/core, with the emulator's fault
 * switches standing in for the org's answers (org-api-map.md gives each failure mode).
 */
jest.setTimeout(120_000);

const NOW = new Date('2026-11-25T12:00:00Z');
let emu: Emulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function load(
  faults: string[],
  setup: (e: Emulator) => void = () => undefined,
  projectRoot = REPO_ROOT
): Promise<{ snap: PostureSnapshot; status: (id: string) => string | undefined }> {
  const org = await emulatedOrg('compliant', faults, { now: NOW });
  emu = org.emu;
  setup(org.emu);
  const snap = await loadOrg(org.client, { projectRoot, alias: 'emu', now: NOW });
  const { checks } = runChecks(snap, NOW);
  return { snap, status: (id) => checks.find((c) => c.id === id)?.status };
}

const reasons = (snap: PostureSnapshot, key: keyof PostureSnapshot['gaps']) =>
  (snap.gaps[key] ?? []).map((g) => g.reason);

describe('org loader: refused, absent and oversized reads are unknown, with the reason', () => {
  it('without Modify Metadata, every Metadata API read is refused: settings unknown, and the org is not verified', async () => {
    const { snap, status } = await load(['user-perm-off:ModifyMetadata']);
    const lacks = (what: string) =>
      `${what}: the running user lacks Modify Metadata Through Metadata API Functions (INSUFFICIENT_ACCESS)`;
    expect(reasons(snap, 'apps')).toContain(lacks('listMetadata'));
    expect(reasons(snap, 'sharingRules')).toContain(lacks('listMetadata'));
    expect(reasons(snap, 'fields')).toContain(lacks('CustomObject'));
    // No settings at all is not a plausible org: every collection and setting becomes unknown.
    expect(snap.session).toMatchObject({ known: false, reason: expect.stringMatching(/no settings/) });
    expect(reasons(snap, 'grants')).toContain(
      'the org returned no settings: an org with none is not plausible, so nothing can be verified from it'
    );
    for (const id of ['SES-001', 'OAU-001', 'ENC-001', 'ENC-005', 'ACC-002', 'TLS-001', 'ORG-101'])
      expect(`${id} ${status(id)}`).toBe(`${id} not-verified`);
  });

  it('an org without Experience sites, permission set groups, packages or Health Check (INVALID_TYPE)', async () => {
    const { snap, status } = await load(['invalid-type:network,psg,packages,health']);
    // No sites and no groups are features the org lacks: nothing to miss, no gap on grants.
    expect(snap.gaps.grants).toBeUndefined();
    expect(snap.gaps.permissionSetGroups).toBeUndefined();
    expect(snap.permissionSetGroups).toEqual([]);
    // Packages and Health Check are facts the checks need: unknown with the reason.
    expect(reasons(snap, 'installedPackages')).toEqual([
      'InstalledSubscriberPackage: the org does not have this feature (INVALID_TYPE)'
    ]);
    expect(snap.orgOnly.packageAccess).toMatchObject({
      known: false,
      reason: 'InstalledSubscriberPackage: the org does not have this feature (INVALID_TYPE)'
    });
    expect(snap.orgOnly.healthCheck).toMatchObject({
      known: false,
      reason: 'SecurityHealthCheck: the org does not have this feature (INVALID_TYPE)'
    });
    expect(status('ORG-103')).toBe('not-verified');
    expect(status('ORG-104')).toBe('not-verified');
    // The rest of the org is still read and judged.
    expect(status('SES-001')).toBe('pass');
  });

  it('a running user without Manage Encryption Keys or View Event Log Files: ORG-101 and ORG-106 not verified', async () => {
    const { snap, status } = await load(['user-perm-off:ManageEncryptionKeys,ViewEventLogFiles'], (e) =>
      // What the org shows such a user: no TenantSecret rows, and no error.
      e.state.arrayTable('TenantSecret').removeWhere(() => true)
    );
    expect(snap.orgOnly.shieldLicence).toMatchObject({
      known: false,
      reason: 'TenantSecret: the running user lacks Manage Encryption Keys (INSUFFICIENT_ACCESS)'
    });
    expect(snap.orgOnly.eventMonitoring).toMatchObject({
      known: false,
      reason: 'EventLogFile: the running user lacks View Event Log Files (INSUFFICIENT_ACCESS)'
    });
    expect(status('ORG-101')).toBe('not-verified');
    expect(status('ORG-106')).toBe('not-verified');
  });

  it('a PHI object whose CustomObject read comes back empty: its fields and objects are unknown', async () => {
    const { snap, status } = await load([], (e) => e.state.md('CustomObject').delete('Health_Intake__c'));
    const why =
      'CustomObject Health_Intake__c: readMetadata returned an empty record (missing, or hidden from the running user)';
    expect(reasons(snap, 'fields')).toContain(why);
    expect(reasons(snap, 'objects')).toContain(why);
    expect(status('ENC-001')).toBe('not-verified');
    expect(status('ACC-001')).toBe('not-verified');
  });

  it('FieldDefinition over 2,000 rows (no queryMore): the IN-list is halved until each part fits', async () => {
    // Three wide objects (700 fields each; the platform allows up to 800 custom fields) sort first,
    // into the first IN-list, whose 2,100 rows the org refuses with EXCEEDED_ID_LIMIT.
    const { snap } = await load([], (e) => {
      for (const n of ['AAA_Wide_1__c', 'AAA_Wide_2__c', 'AAA_Wide_3__c'])
        applyComponent(
          e.state,
          'CustomObject',
          n,
          {
            label: n,
            sharingModel: 'Private',
            fields: Array.from({ length: 700 }, (_, i) => ({
              fullName: `Col_${i}__c`,
              type: 'Text',
              length: '10',
              label: `Col ${i}`
            }))
          },
          NOW
        );
    });
    expect(snap.gaps.fields).toBeUndefined();
    for (const n of ['AAA_Wide_1__c', 'AAA_Wide_2__c', 'AAA_Wide_3__c'])
      expect([...snap.fields.values()].filter((f) => f.object === n)).toHaveLength(700);
    const refused = emu!.requests().filter((r) => /FieldDefinition/.test(r.query ?? '') && r.status === 400);
    expect(refused.length).toBeGreaterThan(0);
  });

  it('a retention metadata type the org does not have is unknown ("missing"), not an empty policy list', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-org-cfg-'));
    dirs.push(root);
    cpSync(path.join(REPO_ROOT, 'config'), path.join(root, 'config'), { recursive: true });
    writeFileSync(
      path.join(root, 'config', 'phi-guard.json'),
      JSON.stringify({ retentionType: 'No_Such_Policy__mdt' })
    );
    const { snap } = await load([], undefined, root);
    expect(snap.retention).toMatchObject({
      known: false,
      reason: 'no No_Such_Policy__mdt records or type in the org'
    });
  });
});
