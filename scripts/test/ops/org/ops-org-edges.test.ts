import { startEmulator, type Emulator } from '../../../emulator/server';
import { connectOrg } from '../../../src/org/connect';
import { OrgClient } from '../../../src/org/client';
import { logPages, unsequencedCount } from '../../../src/ops/org/log-pages';
import { verifyLogOrg } from '../../../src/ops/org/verify-log-org';
import { to18 } from '../../../src/ops/org/ids';
import { userFactsFromOrg } from '../../../src/ops/org/users-org';
import type { ReviewGrant } from '../../../src/ops/access/review';
import { runInProcess } from '../../helpers/run-in-process';

/**
 * The operations commands' org paths at their edges, against the org emulator on a real socket:
 * refused reads (one line, exit 2, nothing reported), rows the chain cannot place, unmanaged
 * packages, users reached through profiles, and names on request. The real CLI entry runs in this
 * process; the user-fact reader is also called directly with a real OrgClient, to reach grants the
 * emulated org's snapshot does not hold.
 */
const started: Emulator[] = [];
afterAll(async () => {
  for (const e of started) await e.stop();
});

const NOW = '2026-11-25T12:00:00Z';

async function emulator(faults: string[] = []): Promise<Emulator> {
  const emu = await startEmulator({ profile: 'compliant', port: 0, faults, now: new Date(NOW) });
  started.push(emu);
  return emu;
}

/** The org stops serving an object (the platform answers INVALID_TYPE, as for a hidden or undeployed one). */
const hide = (emu: Emulator, object: string) => emu.state.tables.delete(object.toLowerCase());

const cli = (emu: Emulator, args: string[], tty = false) =>
  runInProcess(args, { env: { SF_ACCESS_TOKEN: emu.token, PHI_GUARD_NOW: NOW }, tty });

const client = async (emu: Emulator) =>
  new OrgClient(await connectOrg(emu.url, { SF_ACCESS_TOKEN: emu.token }), { target: emu.url });

const grant = (via: ReviewGrant['via'], principal: string): ReviewGrant => ({
  via,
  principal,
  object: 'Prescription__c',
  access: ['Read'],
  where: 'test'
});

const oneLine = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  return stderr.trim();
};

describe('refused reads are one line and exit 2, never a partial report', () => {
  it.each([
    [['baa', 'check'], 'InstalledSubscriberPackage', ['invalid-type:packages']],
    [['baa', 'check'], 'OauthToken', []],
    [['audit-log', 'verify'], 'PHI_Access_Log__c', []],
    [
      ['incident', 'scope', '--user', '005000000000001', '--from', '2026-01-01', '--to', '2026-12-01'],
      'PHI_Access_Log__c',
      []
    ]
  ])('%j when %s cannot be read', async (args, object, faults) => {
    const emu = await emulator(faults);
    if (!faults.length) hide(emu, object);
    const r = await cli(emu, [...args, '-o', emu.url]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // One query answers with its error body (no status); a composite sub-request carries its 400.
    expect(oneLine(r.stderr)).toMatch(
      new RegExp(
        `^Error: reading ${object} from the org failed \\((400 )?INVALID_TYPE\\); nothing was reported$`
      )
    );
    expect(r.stderr).not.toContain(emu.token);
  });

  it('--json carries the refused read in the error envelope', async () => {
    const emu = await emulator();
    hide(emu, 'PHI_Access_Log__c');
    const r = await cli(emu, ['audit-log', 'verify', '-o', emu.url, '--json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { status: number; message: string };
    expect(out.status).toBe(2);
    expect(out.message).toContain('reading PHI_Access_Log__c from the org failed');
    expect(r.stdout).not.toContain(emu.token);
  });

  it('an expired session is one line, exit 2', async () => {
    const emu = await emulator(['unauthorized:2']);
    const r = await cli(emu, ['baa', 'check', '-o', emu.url]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('Error: session expired: run sf org login');
    expect(r.stderr).not.toContain(emu.token);
  });

  it('a malformed -o URL is one line naming it, exit 2, for every operations command', async () => {
    for (const args of [
      ['baa', 'check'],
      ['audit-log', 'verify'],
      ['access-review'],
      ['incident', 'scope', '--user', '005000000000001AAA', '--from', '2026-11-01', '--to', '2026-11-02']
    ]) {
      const r = await runInProcess([...args, '-o', 'https://exa mple.com'], {
        env: { SF_ACCESS_TOKEN: 'tok' }
      });
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toBe('Error: --target-org https://exa mple.com: not a valid http(s) URL');
    }
  });
});

describe('audit-log verify -o: rows outside the chain', () => {
  it('a row without a whole Sequence__c or a date-time is malformed; rows without Sequence__c are counted', async () => {
    const emu = await emulator();
    const t = emu.state.arrayTable('PHI_Access_Log__c');
    const rows = Array.from({ length: t.size() }, (_, i) => t.at(i));
    const last = rows[rows.length - 1]!;
    t.insert({ ...last, Id: 'a01000000000X01AAA', Sequence__c: Number(last.Sequence__c) + 0.5 });
    t.insert({ ...last, Id: 'a01000000000X02AAA', Sequence__c: null });
    t.insert({ ...last, Id: 'a01000000000X03AAA', Sequence__c: null });
    const r = await cli(emu, ['audit-log', 'verify', '-o', emu.url, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      result: { rows: number; breaks: { kind: string; recordId?: string; count?: number }[] };
    };
    expect(out.result.rows).toBe(rows.length);
    expect(out.result.breaks).toEqual([
      { kind: 'malformed-row', recordId: 'a01000000000X01AAA' },
      { kind: 'unsequenced', count: 2 }
    ]);
  });

  it('draws progress per page on a terminal and clears it', async () => {
    const emu = await emulator();
    const r = await cli(emu, ['audit-log', 'verify', '-o', emu.url], true);
    expect(r.code).toBe(0);
    const rows = emu.state.arrayTable('PHI_Access_Log__c').size();
    expect(r.progress).toEqual([`${rows} rows checked`, '']);
  });

  it('keyset paging stops when a page gives no Sequence__c to continue from, rather than looping', async () => {
    const emu = await emulator();
    const c = await client(emu);
    const pages: number[] = [];
    for await (const page of logPages(c, ['Id'], '', 5)) pages.push(page.length);
    expect(pages).toEqual([5]);
  });
});

describe('incident scope -o', () => {
  it('skips a log row outside the chain (no whole Sequence__c), and finds none for a user with no access', async () => {
    const emu = await emulator();
    const t = emu.state.arrayTable('PHI_Access_Log__c');
    const first = t.at(0);
    const user = String(first.Actor_Id__c);
    t.insert({ ...first, Id: 'a01000000000X09AAA', Sequence__c: 99999.5 });
    const r = await cli(emu, [
      'incident',
      'scope',
      '-o',
      emu.url,
      '--user',
      user,
      '--from',
      '2000-01-01',
      '--to',
      '2100-01-01',
      '--json'
    ]);
    expect(r.code).toBe(0);
    const res = (JSON.parse(r.stdout) as { result: { rowsRead: number; events: number } }).result;
    const mine = Array.from({ length: t.size() }, (_, i) => t.at(i)).filter(
      (row) => row.Actor_Id__c === user && Number.isInteger(row.Sequence__c)
    );
    expect(res.events).toBe(mine.length);
    expect(res.rowsRead).toBe(mine.length);

    const nobody = await cli(emu, [
      'incident',
      'scope',
      '-o',
      emu.url,
      '--user',
      '005000000000999AAA',
      '--from',
      '2000-01-01',
      '--to',
      '2100-01-01'
    ]);
    expect(nobody.code).toBe(0);
    expect(nobody.stdout).toContain('No access by this user in the window (of the rows read).');
    expect(nobody.stderr).toMatch(/^org: \d+ API call\(s\) used \(\d+ of \d+ daily requests left\)$/m);
  });

  it('turns a 15-character user id into its 18-character form for the filter', () => {
    // Known pair: the case-safe suffix encodes which characters are upper case.
    expect(to18('005000000000001')).toBe('005000000000001AAA');
    expect(to18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(to18('005000000000001AAA')).toBe('005000000000001AAA');
  });
});

describe('baa check -o: what the org lists', () => {
  it('names an unmanaged package (no namespace) by its name, so it is still reported', async () => {
    const emu = await emulator();
    const sp = emu.state.arrayTable('SubscriberPackage');
    sp.insert({
      Id: '033000000000U01AAA',
      Name: 'Homegrown Forms',
      NamespacePrefix: null,
      IsPackageValid: true
    });
    emu.state.arrayTable('InstalledSubscriberPackage').insert({
      Id: '0A3000000000U01AAA',
      SubscriberPackageId: '033000000000U01AAA',
      SubscriberPackageVersionId: null,
      MinPackageVersionId: null
    });
    const r = await cli(emu, ['baa', 'check', '-o', emu.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /HIGH\s+installed package Homegrown Forms may reach PHI and has no BAA in the register.*tooling\/InstalledSubscriberPackage 0A3000000000U01AAA/
    );
  });

  it('is not verified when the running user’s permissions cannot be read', async () => {
    const emu = await emulator();
    hide(emu, 'UserPermissionAccess');
    const r = await cli(emu, ['baa', 'check', '-o', emu.url, '--json']);
    expect(r.code).toBe(1);
    const issues = (
      JSON.parse(r.stdout) as { result: { issues: { kind: string; location: { api?: string } }[] } }
    ).result.issues;
    expect(issues).toEqual([
      expect.objectContaining({ kind: 'not-verified', location: { api: 'OauthToken' } })
    ]);
  });
});

describe('access review user facts from the org', () => {
  it('counts users reached through a profile, and 0 for a principal the org does not have', async () => {
    const emu = await emulator();
    const users = emu.state.arrayTable('User');
    const profiles = emu.state.arrayTable('Profile');
    const pharmacist = users.find('Username', 'pharmacist1@healthyshop.example')!;
    const profile = profiles.find('Id', String(pharmacist.ProfileId))!;
    const active = Array.from({ length: users.size() }, (_, i) => users.at(i)).filter(
      (u) => u.IsActive && u.ProfileId === pharmacist.ProfileId
    );
    const grants = [
      grant('Profile', String(profile.Name)),
      grant('PermissionSet', 'No_Such_Set'),
      grant('SharingRule', 'X.Y')
    ];
    const facts = await userFactsFromOrg(await client(emu), grants, { now: new Date(NOW) });
    expect(grants.map((g) => g.users)).toEqual([active.length, 0, undefined]);
    expect(facts.activeUsers).toBe(
      users.size() -
        Array.from({ length: users.size() }, (_, i) => users.at(i)).filter((u) => !u.IsActive).length
    );
    expect(facts.lastLogin).toBeDefined();
  });

  it('with no PHI grant at all: no holder queries, and nobody inactive or frozen', async () => {
    const emu = await emulator();
    const facts = await userFactsFromOrg(await client(emu), [], { now: new Date(NOW), names: true });
    expect(facts.inactiveWithPhi).toEqual({ count: 0, names: undefined });
    expect(facts.frozenWithPhi.count).toBe(0);
    expect(facts.lastLogin).toBeUndefined();
  });

  it('--names lists frozen holders by username, through UserLogin', async () => {
    const emu = await emulator();
    const users = emu.state.arrayTable('User');
    const frozen = users.find('Username', 'clinician2@healthyshop.example')!;
    emu.state.arrayTable('UserLogin').find('UserId', String(frozen.Id))!.IsFrozen = true;
    const grants = [grant('PermissionSet', 'PHI_Clinical_Staff')];
    const facts = await userFactsFromOrg(await client(emu), grants, { now: new Date(NOW), names: true });
    expect(facts.frozenWithPhi).toEqual({ count: 1, names: [frozen.Username] });
  });

  it.each(['PermissionSet', 'Profile', 'PermissionSetAssignment', 'UserLogin', 'LoginHistory'])(
    'a refused read of %s is a one-line error naming it',
    async (object) => {
      const emu = await emulator();
      hide(emu, object);
      await expect(
        userFactsFromOrg(await client(emu), [grant('PermissionSet', 'PHI_Clinical_Staff')], {
          now: new Date(NOW)
        })
      ).rejects.toThrow(`reading ${object} from the org failed (400 INVALID_TYPE); nothing was reported`);
    }
  );

  it('access-review -o --names prints the names and the API calls used; HOME stays free of the token', async () => {
    const emu = await emulator();
    const users = emu.state.arrayTable('User');
    const stale = users.find('Username', 'pharmacist1@healthyshop.example')!;
    stale.LastLoginDate = '2026-01-01T00:00:00Z';
    const r = await cli(emu, ['access-review', '-o', emu.url, '--names']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `Users inactive for more than 90 days who still hold PHI access: 1 (${String(stale.Username)})`
    );
    expect(r.stdout).toMatch(/\[\d+ user\(s\)\]/);
    expect(r.stderr).toMatch(/^org: \d+ API call\(s\) used \(\d+ of \d+ daily requests left\)$/m);
    expect(r.stdout + r.stderr).not.toContain(emu.token);
  });
});

describe('org reads called directly with a real OrgClient', () => {
  it('verifyLogOrg with no options verifies the whole chain from the genesis hash', async () => {
    const emu = await emulator();
    const summary = await verifyLogOrg(await client(emu));
    expect(summary.rows).toBe(emu.state.arrayTable('PHI_Access_Log__c').size());
    expect(summary.startHash).toBe('0'.repeat(64));
    expect(summary.lastHash).toBe(emu.state.arrayTable('PHI_Access_Log__c').at(summary.rows - 1).Hash__c);
    expect(summary.breakCount).toBe(0);
  });

  it('the count of rows outside the chain is a refused read when the log cannot be read', async () => {
    const emu = await emulator();
    hide(emu, 'PHI_Access_Log__c');
    await expect(unsequencedCount(await client(emu))).rejects.toThrow(
      /^reading PHI_Access_Log__c from the org failed \((400 )?INVALID_TYPE\); nothing was reported$/
    );
  });
});

describe('org edges: packages, aliases, users', () => {
  it('an installed package whose SubscriberPackage is not visible is named by its record id', async () => {
    const emu = await emulator();
    emu.state.arrayTable('InstalledSubscriberPackage').insert({
      Id: '0A3000000000U02AAA',
      SubscriberPackageId: '033000000000U99AAA',
      SubscriberPackageVersionId: null,
      MinPackageVersionId: null
    });
    const r = await cli(emu, ['baa', 'check', '-o', emu.url, '--json']);
    expect(r.code).toBe(1);
    const pkgs = (JSON.parse(r.stdout) as { result: { packages: { namespace: string; name?: string }[] } })
      .result.packages;
    expect(pkgs).toContainEqual({
      namespace: '0A3000000000U02AAA',
      at: { api: 'tooling/InstalledSubscriberPackage', id: '0A3000000000U02AAA' }
    });
  });

  it('an alias that is not authorised is one line naming it, exit 2', async () => {
    const r = await runInProcess(['baa', 'check', '-o', 'no-such-alias-7f3a'], {
      env: { PHI_GUARD_NOW: NOW }
    });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain('no-such-alias-7f3a');
    expect(r.stdout).toBe('');
  });

  it('keeps user counts the org loader already set, and skips the integration query when no set looks like one', async () => {
    const emu = await emulator();
    const sets = emu.state.arrayTable('PermissionSet');
    for (let i = 0; i < sets.size(); i++) {
      const ps = sets.at(i);
      if (/integration|api|sync|etl|middleware/i.test(String(ps.Name).replace(/_/g, ' ')))
        ps.Name = `Connector_${i}`;
    }
    const preset = { ...grant('PermissionSet', 'PHI_Clinical_Staff'), users: 41 };
    const ghost = grant('Profile', 'No Such Profile');
    const c = await client(emu);
    const facts = await userFactsFromOrg(c, [preset, ghost], { now: new Date(NOW) });
    expect([preset.users, ghost.users]).toEqual([41, 0]);
    expect(facts.integrationInteractive.count).toBe(0);
    const soql = emu
      .requests()
      .map((q) => decodeURIComponent(`${q.path}${q.query ?? ''}`))
      .join('\n');
    expect(soql).not.toContain('LoginHistory');
  });
});
