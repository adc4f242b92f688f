import type { Emulator } from '../../../emulator/server';
import { loadProfile } from '../../../emulator/profiles/index';
import { runChecks } from '../../../src/engine/run-checks';
import { loadOrg } from '../../../src/posture/org/loader';
import { bundleFilesOf, decodeSource } from '../../../src/posture/org/site';
import { sitePages } from '../../../src/posture/site-facts';
import type { PostureSnapshot } from '../../../src/posture/model';
import { REPO_ROOT } from '../../helpers/paths';
import { emulatedOrg } from '../../org/emulated-org';

jest.setTimeout(300_000);

const NOW = new Date('2026-11-25T12:00:00Z');
let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function load(profile: Parameters<typeof emulatedOrg>[0], faults: string[] = []) {
  const org = await emulatedOrg(profile, faults, { now: NOW });
  emu = org.emu;
  const snap = await loadOrg(org.client, { projectRoot: REPO_ROOT, alias: 'site', now: NOW });
  return { snap, org };
}

const result = (snap: PostureSnapshot, id: string) => {
  const r = runChecks(snap, NOW);
  return { check: r.checks.find((c) => c.id === id)!, findings: r.findings.filter((f) => f.checkId === id) };
};

describe('sites read from an org (Metadata API reads only)', () => {
  it("reads the compliant org's Patient Portal: network, custom site, pages and the components they place", async () => {
    const { snap, org } = await load('compliant');
    expect(snap.gaps.sites).toBeUndefined();
    expect(snap.sites.map((s) => s.name)).toEqual(['Patient Portal']);
    const site = snap.sites[0]!;
    expect(site.network).toMatchObject({
      selfRegistration: false,
      guestChatter: false,
      guestFileAccess: false,
      memberProfiles: ['Customer Community User'],
      memberPermissionSets: ['PHI_Portal_Patient'],
      at: { api: 'Network', id: 'Patient Portal' }
    });
    expect(site.customSite).toMatchObject({
      known: true,
      value: { guestProfile: 'Patient Portal Profile', clickjackProtectionLevel: 'NoFraming' }
    });
    expect(site.pages?.known).toBe(true);
    const pages = site.pages!.known ? sitePages(site.pages!.value.bundle) : [];
    expect(pages.map((p) => p.route?.devName).sort()).toEqual(
      [
        'Check_Password',
        'Error',
        'Forgot_Password',
        'Home',
        'Login',
        'Login_Error',
        'Service_Not_Available',
        'Too_Many_Requests'
      ].sort()
    );
    expect([...snap.lwcs.keys()].sort()).toEqual(
      [
        'healthIntakeForm',
        'patientPrescriptions',
        'phiMaskedValue',
        'portalSignedOut',
        'sessionTimeoutGuard'
      ].sort()
    );
    const prescriptions = snap.lwcs.get('patientPrescriptions')!;
    expect(prescriptions.apexImports.map((i) => `${i.className}.${i.method}`)).toContain(
      'PatientPortalController.revealField'
    );
    expect(prescriptions.apexImports[0]!.at).toMatchObject({
      file: 'LightningComponentBundle/patientPrescriptions/patientPrescriptions.js'
    });
    expect(prescriptions.siteProperties?.get('revealSeconds')).toMatchObject({ type: 'Integer' });
    // The online verify reads its hardening as passing, and the guest profile as guest with nothing.
    expect(result(snap, 'SIT-001').check.status).toBe('pass');
    expect(result(snap, 'ACC-005').check.status).toBe('pass');
    // Reads only, and few of them.
    const calls = org.client.requests.map((e) => e.detail ?? '');
    expect(
      calls.filter((d) => /Network|CustomSite|ExperienceBundle|LightningComponentBundle/.test(d))
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^listMetadata Network,CustomSite,CspTrustedSite/),
        expect.stringMatching(/^readMetadata ExperienceBundle/)
      ])
    );
    expect(org.emu.requests().some((e) => e.write)).toBe(false);
  });

  it('a hardening setting changed in the org fails SIT-001 online, located at the API record', async () => {
    const state = loadProfile('compliant', { now: NOW });
    const net = state.md('Network').get('Patient Portal')!;
    net.selfRegistration = 'true';
    net.enableGuestFileAccess = 'true';
    state.md('CustomSite').get('Patient_Portal')!.clickjackProtectionLevel = 'AllowAllFraming';
    const { snap } = await load(state);
    const { check, findings } = result(snap, 'SIT-001');
    expect(check.status).toBe('fail');
    expect(findings.map((f) => [f.severity, f.location])).toEqual(
      expect.arrayContaining([
        ['high', { api: 'Network', id: 'Patient Portal' }],
        ['high', { api: 'CustomSite', id: 'Patient_Portal' }]
      ])
    );
    expect(findings.map((f) => f.message).sort()).toEqual([
      'site Patient Portal lets anyone register (selfRegistration): patient accounts must be created by the pharmacy',
      'site Patient Portal lets guests reach files (enableGuestFileAccess)',
      'site Patient Portal: clickjack protection is AllowAllFraming, not NoFraming (the strictest level)'
    ]);
  });

  it('without Digital Experiences (Network answers INVALID_TYPE) there is no site to judge', async () => {
    const { snap, org } = await load('compliant', ['invalid-type:network']);
    expect(snap.gaps.sites).toBeUndefined();
    expect(snap.sites.map((s) => s.name)).toEqual(['Patient_Portal']);
    expect(snap.sites[0]!.network).toBeUndefined();
    const lists = org.client.requests.map((e) => e.detail ?? '').filter((d) => d.startsWith('listMetadata'));
    expect(lists).toEqual(expect.arrayContaining(['listMetadata CustomSite,CspTrustedSite']));
  });

  it('pages that do not come back are unknown, so SIT-001 is not verified (fail closed)', async () => {
    const state = loadProfile('compliant', { now: NOW });
    delete state.md('ExperienceBundle').get('Patient_Portal1')!.experienceResources;
    const { snap } = await load(state);
    expect(snap.sites[0]!.pages).toMatchObject({ known: false, kind: 'unreadable' });
    const { check, findings } = result(snap, 'SIT-001');
    expect(check.status).toBe('not-verified');
    expect(findings.some((f) => f.notVerified)).toBe(true);
  });

  it('a component whose source does not come back fails closed on a guest page', async () => {
    const state = loadProfile('compliant', { now: NOW });
    state.md('LightningComponentBundle').delete('portalSignedOut');
    const { snap } = await load(state);
    expect(snap.lwcs.has('portalSignedOut')).toBe(false);
    expect(snap.gaps.sites).toBeUndefined();
    const { check, findings } = result(snap, 'SIT-001');
    expect(check.status).toBe('not-verified');
    expect(findings.find((f) => f.notVerified)?.message).toMatch(
      /page Login is open to guests .*portalSignedOut, whose source is not known/
    );
  });

  it('a component read back without its files is rebuilt from the record: exposure and targets', async () => {
    const state = loadProfile('compliant', { now: NOW });
    delete state.md('LightningComponentBundle').get('portalSignedOut')!.lwcResources;
    const { snap } = await load(state);
    expect(snap.lwcs.get('portalSignedOut')).toMatchObject({
      exposed: true,
      targets: ['lightningCommunity__Page', 'lightningCommunity__Default'],
      apexImports: []
    });
  });
});

describe('decoding what the Metadata API returns', () => {
  it('takes JSON or XML as is, base64 otherwise, and refuses what is neither', () => {
    expect(decodeSource('{"a":1}')).toBe('{"a":1}');
    expect(decodeSource(Buffer.from('{"b":2}').toString('base64'))).toBe('{"b":2}');
    expect(decodeSource('<x/>')).toBe('<x/>');
    expect(decodeSource('not base64 at all!')).toBeUndefined();
    expect(decodeSource(Buffer.from([0xff, 0xfe, 0xfd]).toString('base64'))).toBeUndefined();
    expect(decodeSource('')).toBeUndefined();
    expect(decodeSource(42)).toBeUndefined();
  });

  it('places resources by their file name, or by folder and name', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    expect(
      bundleFilesOf({
        experienceResources: {
          experienceResource: [
            { fileName: 'routes/home.json', type: 'routes', source: b64('{}') },
            { fileName: 'home', type: 'views', source: '{}' }
          ]
        }
      })
    ).toEqual([
      { path: 'routes/home.json', text: '{}' },
      { path: 'views/home.json', text: '{}' }
    ]);
    expect(bundleFilesOf({})).toBeUndefined();
    expect(
      bundleFilesOf({ experienceResources: { experienceResource: [{ fileName: 'x.json', source: '%%' }] } })
    ).toBeUndefined();
  });
});
