import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProfile } from '../../emulator/profiles/index';
import { startEmulator, type Emulator } from '../../emulator/server';
import { REPO_ROOT } from '../helpers/paths';

/** The small SFDX project the deploy tests ship (a fast gate: 4 Apex files, 28 metadata files). */
export const FIXTURE = path.join(REPO_ROOT, 'scripts/test/fixtures/deploy/project');
export const ORG_NOW = '2026-11-25T12:00:00Z';

/**
 * The emulator's own profiles (compliant, no-shield), with the org's metadata loaded from the fixture project
 * instead of this repo's force-app: the same org data (users, logins, tenant secrets, event logs, health check),
 * so the post-deploy verify judges the org the fixture describes. Permission set assignments point at the
 * fixture's permission sets (its names drop the PHI_ prefix); the integration user's set is not in the fixture.
 */
export async function startFixtureOrg(
  profile: 'compliant' | 'no-shield',
  faults: string[] = []
): Promise<Emulator> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-profiles-'));
  try {
    const src = path.join(REPO_ROOT, 'scripts/emulator/profiles');
    for (const f of readdirSync(src).filter((n) => n.endsWith('.json')))
      cpSync(path.join(src, f), path.join(dir, f));
    const file = path.join(dir, 'compliant.json');
    const p = JSON.parse(readFileSync(file, 'utf8')) as {
      source: string;
      rows: Record<string, Record<string, unknown>[]>;
    };
    p.source = path.relative(REPO_ROOT, path.join(FIXTURE, 'force-app'));
    p.rows.PermissionSetAssignment = (p.rows.PermissionSetAssignment ?? [])
      .filter((r) => r.PermissionSetId !== '@ref:PermissionSet:Name=PHI_Integration_User')
      .map((r) => ({ ...r, PermissionSetId: String(r.PermissionSetId).replace('Name=PHI_', 'Name=') }));
    writeFileSync(file, JSON.stringify(p));
    const now = new Date(ORG_NOW);
    const state = loadProfile(profile, { dir, now });
    // The org already has the PHI report-export guard (ORG-106 looks for it); the small fixture
    // project does not ship the policy, so the org is given it as configured before this deploy.
    state.arrayTable('TransactionSecurityPolicy').insert({
      Id: '0xs000000000001AAA',
      DeveloperName: 'PHI_Report_Export_Guard',
      MasterLabel: 'PHI Report Export Guard',
      State: 'Enabled',
      Type: 'CustomApexPolicy',
      EventName: 'ReportEvent',
      ActionConfig: null,
      ApexPolicyId: null,
      FlowId: null,
      BlockMessage: null
    });
    return await startEmulator({ state, port: 0, faults, now });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Gives a project copy a metadata schema problem (an element SessionSettings does not have): the static gate
 * fails at once, before the Apex layers (the slow part).
 */
export function breakSchema(dir: string): void {
  const file = path.join(dir, 'force-app/main/default/settings/Security.settings-meta.xml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      '<sessionSettings>',
      '<sessionSettings>\n    <notAField>true</notAField>'
    )
  );
}
