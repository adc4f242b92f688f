import { join } from 'node:path';
import type { Connection } from '@salesforce/core';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { loadProfile } from '../../emulator/profiles/index';
import { startEmulator, type Emulator } from '../../emulator/server';
import { runChecks } from '../../src/engine/run-checks';
import { loadOrg } from '../../src/posture/org/loader';
import { OrgClient } from '../../src/org/client';
import { REPO_ROOT } from '../helpers/paths';
import { connect } from './helpers';

jest.setTimeout(300_000);

/**
 * Acceptance: force-app's site deploys to the emulator's compliant profile through SDR (the same
 * ComponentSet.deploy `deploy` uses), and the online verify then reads its hardening as passing.
 * The org starts without the site: its Network, CustomSite, ExperienceBundle, guest profile and menu
 * are removed from the profile loaded from force-app.
 */
const FORCE_APP = join(REPO_ROOT, 'force-app/main/default');
const NOW = new Date('2026-11-25T12:00:00Z');
const SITE_PATHS = [
  'networks',
  'sites',
  'experiences',
  'navigationMenus',
  'profiles/Patient Portal Profile.profile-meta.xml'
].map((p) => join(FORCE_APP, p));

let emu: Emulator;
let conn: Connection;
beforeEach(async () => {
  const state = loadProfile('compliant', { now: NOW });
  state.md('Network').delete('Patient Portal');
  state.md('CustomSite').delete('Patient_Portal');
  state.md('ExperienceBundle').delete('Patient_Portal1');
  state.md('NavigationMenu').delete('Patient_Portal_Navigation');
  emu = await startEmulator({ state, port: 0, now: NOW });
  conn = await connect(emu);
});
afterEach(async () => {
  await emu.stop();
});

async function onlineSite() {
  const client = new OrgClient(conn, { target: emu.url, baseDelayMs: 5 });
  const snap = await loadOrg(client, { projectRoot: REPO_ROOT, alias: 'emu', now: NOW });
  const r = runChecks(snap, NOW);
  return {
    snap,
    sit: r.checks.find((c) => c.id === 'SIT-001')!,
    acc: r.checks.find((c) => c.id === 'ACC-005')!
  };
}

describe("force-app's site through the emulator's deploy", () => {
  it('is absent before, deploys, and the online verify reads its hardening as passing', async () => {
    const before = await onlineSite();
    expect(before.snap.sites.map((s) => s.name)).toEqual([]);

    const cs = ComponentSet.fromSource(SITE_PATHS);
    const types = [...new Set(cs.toArray().map((c) => c.type.name))].sort();
    expect(types).toEqual(['CustomSite', 'ExperienceBundle', 'NavigationMenu', 'Network', 'Profile']);
    const op = await cs.deploy({ usernameOrConnection: conn, apiOptions: { testLevel: 'NoTestRun' } });
    const result = (await op.pollStatus(50, 120)).response;
    expect(result).toMatchObject({ status: 'Succeeded', success: true, numberComponentErrors: 0 });

    const after = await onlineSite();
    expect(after.snap.gaps.sites).toBeUndefined();
    expect(after.snap.sites.map((s) => s.name)).toEqual(['Patient Portal']);
    const site = after.snap.sites[0]!;
    expect(site.pages?.known).toBe(true);
    expect(site.customSite).toMatchObject({ known: true, value: { guestProfile: 'Patient Portal Profile' } });
    expect(after.sit.status).toBe('pass');
    expect(after.acc.status).toBe('pass');
  });
});
