import type { Emulator } from '../../emulator/server';
import { loadProfile } from '../../emulator/profiles/index';
import { judge, loadPrerequisites, runPreflight } from '../../src/deploy/preflight';
import { REPO_ROOT } from '../helpers/paths';
import { emulatedOrg } from '../org/emulated-org';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-25T12:00:00Z');
const SITE_ITEMS = [
  'digital-experiences',
  'experience-cloud-licences',
  'communities-landing-page',
  'site-domain'
];
let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

describe('preflight: the site prerequisites', () => {
  it('licences: a licence with a free seat, read from UserLicense', () => {
    const q =
      "SELECT Name, TotalLicenses, UsedLicenses FROM UserLicense WHERE Name IN ('Customer Community', 'Customer Community Plus')";
    expect(
      judge(q, [{ Name: 'Customer Community', TotalLicenses: 10, UsedLicenses: 9 }], NOW)
    ).toBeUndefined();
    expect(judge(q, [{ Name: 'Customer Community', TotalLicenses: 10, UsedLicenses: 10 }], NOW)).toBe(
      'no licence with a free seat'
    );
    expect(judge(q, [{ Name: 'Customer Community', TotalLicenses: '10', UsedLicenses: 1 }], NOW)).toBe(
      'no licence with a free seat'
    );
    expect(judge(q, [], NOW)).toBe('no matching row');
  });

  it("this repo's list checks Digital Experiences, licences, the landing page and a site domain before deploying", () => {
    const list = loadPrerequisites(REPO_ROOT);
    const before = list.filter((p) => p.when === 'before').map((p) => p.id);
    expect(before).toEqual(expect.arrayContaining(SITE_ITEMS));
    expect(list.find((p) => p.id === 'site-domain')!.blocking).toBe(false);
    expect(list.filter((p) => p.when === 'after').map((p) => p.id)).toEqual(
      expect.arrayContaining(['site-sender-and-logout', 'portal-patient-accounts'])
    );
  });

  it('the compliant org meets them; an org without seats or the landing page does not', async () => {
    const list = loadPrerequisites(REPO_ROOT).filter((p) => SITE_ITEMS.includes(p.id));
    const org = await emulatedOrg('compliant', [], { now: NOW });
    emu = org.emu;
    expect((await runPreflight(org.client, list, NOW)).map((s) => [s.id, s.status])).toEqual(
      SITE_ITEMS.map((id) => [id, 'met'])
    );
    await emu.stop();

    const state = loadProfile('compliant', { now: NOW });
    state.arrayTable('UserLicense').removeWhere((r) => String(r.Name).startsWith('Customer Community'));
    state.arrayTable('ApexPage').removeWhere(() => true);
    const bare = await emulatedOrg(state, ['invalid-type:network'], { now: NOW });
    emu = bare.emu;
    const statuses = await runPreflight(bare.client, list, NOW);
    expect(statuses.map((s) => [s.id, s.status, s.reason])).toEqual([
      ['digital-experiences', 'met', undefined],
      ['experience-cloud-licences', 'missing', 'no matching row'],
      ['communities-landing-page', 'missing', 'no matching row'],
      ['site-domain', 'missing', expect.stringContaining('INVALID_TYPE')]
    ]);
  });
});
