import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../../emulator/server';
import { addPackage, appendAccessLog } from '../../../emulator/profiles/index';
import { registerCustomObject } from '../../../emulator/schema';
import type { CliRun } from '../../helpers/run-cli';
import { filesUnder } from '../../helpers/home';
import { runInProcess } from '../../helpers/run-in-process';
import { allText, runCliAsync } from '../../org/run-cli-async';

/**
 * The operations commands end to end against the org emulator, with -o <emulator URL> and
 * SF_ACCESS_TOKEN as a pipeline passes them: the real CLI entry in this process (so the code counts
 * towards coverage), and as a child process where the process's own exit and stderr are the point.
 */
const started: Emulator[] = [];
afterAll(async () => {
  for (const e of started) await e.stop();
});

/**
 * The compliant profile is built from this branch's force-app, which does not have the dead-letter
 * object of lost audit events yet (it comes with the force-app audit work): deploy it here, empty.
 */
async function emulator(faults: string[] = [], deadLetters = true): Promise<Emulator> {
  const emu = await startEmulator({ profile: 'compliant', port: 0, faults });
  if (deadLetters) {
    registerCustomObject('PHI_Audit_Dead_Letter__c', [{ name: 'Reason__c', type: 'Text' }]);
    emu.state.arrayTable('PHI_Audit_Dead_Letter__c');
  }
  started.push(emu);
  return emu;
}

const cli = (emu: Emulator, args: string[]): Promise<CliRun> =>
  runInProcess(args, { env: { SF_ACCESS_TOKEN: emu.token } });

type Summary = {
  status: number;
  result: {
    rows: number;
    breakCount: number;
    breaks: { kind: string; sequence?: number; recordId?: string }[];
  };
};

const logTable = (emu: Emulator) => emu.state.arrayTable('PHI_Access_Log__c');

describe('audit-log verify -o (org emulator)', () => {
  it('verifies the emulated org chain with keyset pages and names the API calls used', async () => {
    const emu = await emulator();
    // Grow the chain past one page (2,000 rows) so paging is exercised; the writer moves the head.
    const t = logTable(emu);
    appendAccessLog(emu.state, 4000);
    const prev = t.at(t.size() - 1).Hash__c as string;
    const r = await cli(emu, ['audit-log', 'verify', '-o', emu.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Rows checked: 4500 (sequence 1 to 4500)');
    expect(r.stdout).toContain(prev);
    expect(r.stderr).toMatch(/org: \d+ API call\(s\) used/);
    const queries = emu
      .requests()
      .filter((q) => /PHI_Access_Log__c/.test(decodeURIComponent(q.path + (q.query ?? ''))));
    expect(queries.length).toBeGreaterThanOrEqual(3);
  });

  it('reports a tampered row and a deleted row with their record ids, exit 1', async () => {
    const emu = await emulator();
    const t = logTable(emu);
    const tampered = t.at(99);
    tampered.Action__c = 'export';
    t.removeWhere((row) => row.Sequence__c === 200);
    const r = await cli(emu, ['audit-log', 'verify', '-o', emu.url, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Summary;
    expect(out.result.breaks.map((b) => [b.kind, b.sequence])).toEqual([
      ['hash-mismatch', 100],
      ['sequence-gap', 201],
      ['broken-link', 201]
    ]);
    expect(out.result.breaks[0]!.recordId).toBe(tampered.Id);
  });

  it('reports dead-lettered events as lost, and is not verified when the dead-letter object is missing', async () => {
    const emu = await emulator();
    emu.state.arrayTable('PHI_Audit_Dead_Letter__c').insert({
      Id: 'a0D000000000001AAA',
      Reason__c: 'invalid:Action__c',
      CreatedDate: new Date().toISOString()
    });
    const lost = JSON.parse(
      (await cli(emu, ['audit-log', 'verify', '-o', emu.url, '--json'])).stdout
    ) as Summary;
    expect(lost.status).toBe(1);
    expect(lost.result.breaks.map((b) => [b.kind, b.recordId])).toEqual([
      ['lost-event', 'a0D000000000001AAA']
    ]);

    const bare = await emulator([], false);
    const r = await cli(bare, [
      'audit-log',
      'verify',
      '-o',
      bare.url,
      '--dead-letter-object',
      'No_Such_Object__c'
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('not verified: the dead-letter object could not be read');
  });

  it('as a child process: exit 2 with one line when the token is wrong; the token is never printed or logged', async () => {
    const emu = await emulator();
    const home = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-home-'));
    const wrong = '00Dwrong!NOT-THE-TOKEN-7f3a';
    const r = await runCliAsync(['audit-log', 'verify', '-o', emu.url], {
      env: { SF_ACCESS_TOKEN: wrong, NODE_NO_WARNINGS: '1', HOME: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' }
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(r.stderr + allText(home)).not.toContain(wrong);
  });

  it('as a child process: a clean run exits 0 and leaves HOME empty; the token is in no output', async () => {
    const emu = await emulator();
    const home = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-home-'));
    const r = await runCliAsync(['audit-log', 'verify', '-o', emu.url], {
      env: { SF_ACCESS_TOKEN: emu.token, NODE_NO_WARNINGS: '1', HOME: home, SF_LOG_LEVEL: 'trace' }
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Chain intact');
    expect(r.stderr).toMatch(/^org: \d+ API call\(s\) used \(\d+ of \d+ daily requests left\)\n$/);
    // No auth file, alias, key, lock or log: nothing at all.
    expect(readdirSync(home, { recursive: true })).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(emu.token);
  });

  it('as a child process with the SDK log asked for (SF_DISABLE_LOG_FILE=false): the trace log never holds the token', async () => {
    const emu = await emulator();
    const home = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-home-'));
    const r = await runCliAsync(['audit-log', 'verify', '-o', emu.url], {
      env: {
        SF_ACCESS_TOKEN: emu.token,
        NODE_NO_WARNINGS: '1',
        HOME: home,
        SF_LOG_LEVEL: 'trace',
        SF_DISABLE_LOG_FILE: 'false'
      }
    });
    expect(r.code).toBe(0);
    // The user's choice is kept: @salesforce/core wrote its trace log, so the search has something to search;
    // it is the only file (no auth file, alias or key).
    expect(filesUnder(home)).toEqual([expect.stringMatching(/^\.sf\/sf-.*\.log$/)]);
    expect(r.stdout + r.stderr + allText(home)).not.toContain(emu.token);
  });
});

describe('incident scope -o (org emulator)', () => {
  it("counts one user's events and lists record ids in the window, filtered in the org", async () => {
    const emu = await emulator();
    const t = logTable(emu);
    const rows = Array.from({ length: t.size() }, (_, i) => t.at(i));
    const user = rows[0]!.Actor_Id__c as string;
    const from = new Date(Date.parse(rows[0]!.Occurred_At__c as string)).toISOString();
    const to = new Date(Date.parse(rows[300]!.Occurred_At__c as string)).toISOString();
    const mine = rows.filter(
      (r) =>
        r.Actor_Id__c === user && (r.Occurred_At__c as string) >= from && (r.Occurred_At__c as string) < to
    );
    const r = await cli(emu, [
      'incident',
      'scope',
      '-o',
      emu.url,
      '--user',
      user.slice(0, 15),
      '--from',
      from,
      '--to',
      to,
      '--json'
    ]);
    expect(r.code).toBe(0);
    const res = (JSON.parse(r.stdout) as { result: { events: number; objects: { records: string[] }[] } })
      .result;
    expect(res.events).toBe(mine.length);
    expect(res.objects.flatMap((o) => o.records).sort()).toEqual(
      [...new Set(mine.map((m) => m.Record_Id__c as string))].sort()
    );
    const q = emu.requests().find((e) => /Actor_Id__c/.test(decodeURIComponent(e.path + (e.query ?? ''))));
    expect(q).toBeDefined();
  });
});

describe('baa check -o (org emulator)', () => {
  it('passes the compliant org: the one app holding tokens is in the register', async () => {
    const emu = await emulator();
    const r = await cli(emu, ['baa', 'check', '-o', emu.url]);
    expect(r.stdout).toContain('In use: 0 installed package(s), 1 connected or external client app(s)');
    expect(r.code).toBe(0);
  });

  it('reports an installed package and an app holding tokens with no BAA', async () => {
    const emu = await emulator();
    addPackage(emu.state, 'acmerx', 'Acme Rx Sync');
    const user = emu.state.arrayTable('User').at(0).Id as string;
    emu.state
      .arrayTable('OauthToken')
      .insert({ Id: '0CQ000000000099AAA', AppName: 'Shady Analytics', UserId: user, UseCount: 3 });
    const r = await cli(emu, ['baa', 'check', '-o', emu.url, '--json']);
    expect(r.code).toBe(1);
    const issues = (
      JSON.parse(r.stdout) as { result: { issues: { kind: string; subject: { name: string } }[] } }
    ).result.issues;
    expect(issues.map((i) => [i.kind, i.subject.name])).toEqual([
      ['package-no-baa', 'acmerx'],
      ['app-no-baa', 'Shady Analytics']
    ]);
  });

  it('is not verified when the running user cannot see every token', async () => {
    const emu = await emulator(['user-perm-off:CustomizeApplication']);
    const r = await cli(emu, ['baa', 'check', '-o', emu.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('not verified: apps holding tokens');
  });
});

describe('access-review -o (org emulator)', () => {
  type Review = {
    status: number;
    result: {
      grants: { via: string; principal: string; users?: number }[];
      users: {
        activeUsers: number;
        inactiveWithPhi: { count: number; names?: string[] };
        frozenWithPhi: { count: number };
        integrationInteractive: { count: number };
      };
    };
    warnings: string[];
  };
  const review = async (emu: Emulator, extra: string[] = []) => {
    const r = await cli(emu, ['access-review', '-o', emu.url, '--json', ...extra]);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Review;
  };
  const calls = (r: Review) => Number(/org: (\d+) API call/.exec(r.warnings.join(' '))![1]);

  it('counts users per grant and finds inactive, frozen and interactive integration users; calls do not grow with users', async () => {
    const emu = await emulator();
    const before = await review(emu);
    const clinical = before.result.grants.find((g) => g.principal === 'PHI_Clinical_Staff')!;
    expect(clinical.users).toBe(2);
    expect(before.result.users).toMatchObject({
      activeUsers: 8,
      inactiveWithPhi: { count: 0 },
      frozenWithPhi: { count: 0 },
      integrationInteractive: { count: 0 }
    });

    // Second state: a clinician stops logging in, another is frozen, the integration user logs in
    // through the UI, and 1,000 more clinicians are assigned.
    const users = emu.state.arrayTable('User');
    const byName = (username: string) => users.find('Username', username)!;
    const stale = byName('pharmacist1@healthyshop.example');
    const frozen = byName('clinician2@healthyshop.example');
    stale.LastLoginDate = new Date(Date.now() - 120 * 86_400_000).toISOString();
    emu.state.arrayTable('UserLogin').find('UserId', String(frozen.Id))!.IsFrozen = true;
    const integration = byName('integration@healthyshop.example');
    emu.state.arrayTable('LoginHistory').insert({
      Id: '0Ya000000000999AAA',
      UserId: integration.Id,
      LoginTime: new Date().toISOString(),
      LoginType: 'Application',
      Status: 'Success'
    });
    const psaTable = emu.state.arrayTable('PermissionSetAssignment');
    const clinicalPs = emu.state.arrayTable('PermissionSet').find('Name', 'PHI_Clinical_Staff')!.Id;
    for (let i = 0; i < 1000; i++) {
      const id = `005${String(900000 + i).padStart(12, '0')}AAA`;
      users.insert({
        Id: id,
        Username: `bulk${i}@healthyshop.example`,
        Name: `Bulk ${i}`,
        IsActive: true,
        ProfileId: stale.ProfileId,
        LastLoginDate: new Date().toISOString()
      });
      psaTable.insert({
        Id: `0Pa${String(900000 + i).padStart(12, '0')}AAA`,
        AssigneeId: id,
        PermissionSetId: clinicalPs,
        IsActive: true
      });
    }
    const after = await review(emu, ['--names']);
    expect(after.result.grants.find((g) => g.principal === 'PHI_Clinical_Staff')!.users).toBe(1002);
    expect(after.result.users.activeUsers).toBe(1008);
    expect(after.result.users.inactiveWithPhi.count).toBe(1);
    expect(after.result.users.inactiveWithPhi.names).toEqual([stale.Username]);
    expect(after.result.users.frozenWithPhi.count).toBe(1);
    expect(after.result.users.integrationInteractive.count).toBe(1);
    // Aggregates, not per-user queries: 1,000 more users cost no more calls (names add one batch).
    expect(calls(after)).toBeLessThanOrEqual(calls(before) + 1);
  });
});

describe('access-review -o drift between two emulator states', () => {
  it('baseline from the first state; the second grants support a PHI field: exit 1 naming the grant', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-drift-'));
    const base = path.join(dir, 'baseline.json');
    const emu = await emulator();
    const first = await cli(emu, ['access-review', '-o', emu.url, '--baseline', base]);
    expect(first.code).toBe(0);
    const grants = (JSON.parse(readFileSync(base, 'utf8')) as { grants: string[] }).grants;
    expect(grants).toContain('PermissionSet:PHI_Clinical_Staff | Prescription__c.Medication__c | Read');
    expect(
      grants.some((g) => g.startsWith('PermissionSet:PHI_Customer_Support | Prescription__c.Medication__c'))
    ).toBe(false);

    // Second state: someone gives Customer Support read access to the medication field and drops
    // clinical staff's access to dosage. (The portal patient holds no FLS on revealed fields: the
    // reveal reads them in system mode, after the ownership check.)
    const support = emu.state.arrayTable('PermissionSet').find('Name', 'PHI_Customer_Support')!;
    const clinical = emu.state.arrayTable('PermissionSet').find('Name', 'PHI_Clinical_Staff')!;
    const fp = emu.state.arrayTable('FieldPermissions');
    fp.insert({
      Id: '01k0000000009ZZAAA',
      ParentId: support.Id,
      SobjectType: 'Prescription__c',
      Field: 'Prescription__c.Medication__c',
      PermissionsRead: true,
      PermissionsEdit: false
    });
    fp.removeWhere((r) => r.ParentId === clinical.Id && r.Field === 'Prescription__c.Dosage__c');
    const second = await cli(emu, ['access-review', '-o', emu.url, '--baseline', base, '--json']);
    expect(second.code).toBe(1);
    const diff = (
      JSON.parse(second.stdout) as { result: { baseline: { added: { grant: string }[]; removed: string[] } } }
    ).result.baseline;
    expect(diff.added.map((a) => a.grant)).toEqual([
      'PermissionSet:PHI_Customer_Support | Prescription__c.Medication__c | Read'
    ]);
    expect(diff.removed.length).toBeGreaterThan(0);
    expect(
      diff.removed.filter(
        (g) => !g.startsWith('PermissionSet:PHI_Clinical_Staff | Prescription__c.Dosage__c')
      )
    ).toEqual([]);
  });
});
