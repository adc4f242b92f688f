import type { Emulator } from '../../emulator/server';
import { makeId } from '../../emulator/state';
import { backoffDelay, OrgClient } from '../../src/org/client';
import { connectOrg } from '../../src/org/connect';
import { emulatedOrg } from './emulated-org';

jest.setTimeout(60_000);

describe('OrgClient against the org emulator (real @salesforce/core Connection)', () => {
  let emu: Emulator;
  let client: OrgClient;
  afterEach(async () => {
    await emu?.stop();
  });

  it('reads /limits first, batches up to 5 queries per composite call, and pages through nextRecordsUrl', async () => {
    ({ emu, client } = await emulatedOrg('compliant', [], { batchSize: 200 }));
    const table = emu.state.arrayTable('PermissionSet');
    for (let i = 0; i < 1100; i++)
      table.insert({ Id: makeId('0PS', 900_000 + i), Name: `Bulk_${i}`, Type: 'Regular' });
    const budget = await client.checkBudget();
    expect(budget.remaining).toBeGreaterThan(0);
    const results = await client.queryMany([
      { soql: 'SELECT Id, Name FROM PermissionSet' },
      { soql: 'SELECT Id FROM PermissionSetGroup' },
      { soql: 'SELECT Id, Type FROM TenantSecret' },
      { soql: 'SELECT Id, Name FROM ConnectedApplication' },
      { soql: 'SELECT Id, DeveloperName FROM NamedCredential' },
      { soql: 'SELECT Id FROM NoSuchObject__c' }
    ]);
    const [ps, , , , , bad] = results;
    expect(ps).toMatchObject({ ok: true });
    if (!ps!.ok) throw new Error('unreachable');
    expect(ps!.records.length).toBe(ps!.totalSize);
    expect(ps!.totalSize).toBeGreaterThan(1000);
    expect(bad).toMatchObject({ ok: false, failure: { errorCode: 'INVALID_TYPE', kind: 'fact' } });
    const composite = client.requests.filter((r) => r.path.endsWith('/composite'));
    expect(composite[0]!.detail).toBe('5 queries');
    // 1 limits + 2 composite/GET for the first pages + PermissionSet pages (200 per page)
    expect(client.callsUsed).toBeLessThan(3 + Math.ceil(ps!.totalSize / 200) + 1);
    const emuCalls = emu.requests().filter((r) => r.apiCall && r.path.startsWith('/services/data/v63.0'));
    expect(emuCalls.length).toBe(client.callsUsed);
  });

  it('reads metadata with names as arrays; an empty record is undefined, not an error', async () => {
    ({ emu, client } = await emulatedOrg('compliant'));
    const r = await client.readMetadata('SecuritySettings', ['Security']);
    expect(r.ok && r.records[0]?.fullName).toBe('Security');
    const missing = await client.readMetadata('CustomObject', ['No_Such_Object__c', 'Account']);
    expect(missing.ok && missing.records.map((x) => x?.fullName)).toEqual([undefined, 'Account']);
    const listed = await client.listMetadata([
      'PermissionSet',
      'ConnectedApp',
      'SharingRules',
      'CustomObject'
    ]);
    expect(listed.ok && listed.components.some((c) => c.type === 'PermissionSet')).toBe(true);
    expect(client.requests.filter((r) => r.detail?.startsWith('listMetadata'))).toHaveLength(2);
  });

  it('retries 503 on every other call to completion, with each attempt counted', async () => {
    ({ emu, client } = await emulatedOrg('compliant', ['flaky-503']));
    await client.checkBudget();
    const [a, b] = await client.queryMany([
      { soql: 'SELECT Id FROM PermissionSet' },
      { soql: 'SELECT Id FROM ApexClass', tooling: true }
    ]);
    expect(a!.ok && b!.ok).toBe(true);
    const md = await client.readMetadata('SecuritySettings', ['Security']);
    expect(md.ok).toBe(true);
    expect(client.requests.some((r) => r.attempt > 1)).toBe(true);
  });

  it('an expired session is a one-line UserError, exit 2', async () => {
    ({ emu, client } = await emulatedOrg('compliant'));
    await client.checkBudget();
    emu.setFaults(['unauthorized']);
    await expect(client.query('SELECT Id FROM PermissionSet')).rejects.toMatchObject({
      message: 'session expired: run sf org login',
      exitCode: 2
    });
  });

  it('refuses to start below the remaining-budget floor, and stops on REQUEST_LIMIT_EXCEEDED', async () => {
    ({ emu, client } = await emulatedOrg('compliant', ['low-budget']));
    await expect(client.checkBudget()).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/daily API requests left/)
    });
    emu.setFaults(['request-limit']);
    await expect(client.query('SELECT Id FROM PermissionSet')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/REQUEST_LIMIT_EXCEEDED/)
    });
  });

  it('an org that answers 503 to everything: each read gives up after its bounded retries, once', async () => {
    ({ emu, client } = await emulatedOrg('compliant', [], { maxRetries: 2, baseDelayMs: 1 }));
    await client.checkBudget();
    emu.setFaults(['unavailable']);
    const before = client.callsUsed;
    const r = await client.query('SELECT Id FROM PermissionSet');
    expect(r).toMatchObject({ ok: false, failure: { kind: 'retry' } });
    // One request and two retries: the transport's retries are not retried again per query.
    expect(client.callsUsed - before).toBe(3);
    const [a, b] = await client.queryMany([
      { soql: 'SELECT Id FROM PermissionSet' },
      { soql: 'SELECT Id FROM PermissionSetGroup' }
    ]);
    expect(a!.ok || b!.ok).toBe(false);
    expect(client.callsUsed - before).toBe(6);
    const md = await client.readMetadata('SecuritySettings', ['Security']);
    expect(md).toMatchObject({ ok: false, failure: { kind: 'retry' } });
    const listed = await client.listMetadata(['ConnectedApp']);
    expect(listed.ok).toBe(false);
    expect(client.callsUsed - before).toBe(12);
    expect(emu.requests().filter((e) => e.status === 503)).toHaveLength(12);
  });

  it("retries wait the backoff, doubling: 250 ms first by default, the guard's backoff when set", async () => {
    // The schedule: 250 ms, doubling per retry, at most 8 s.
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(250, a))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 8000
    ]);
    ({ emu } = await emulatedOrg('compliant'));
    const timed = async (env: NodeJS.ProcessEnv, maxRetries?: number) => {
      // connectOrg reads the guard's settings from the environment it is given, here without the suite's pace.
      const c = new OrgClient(await connectOrg(emu.url, { SF_ACCESS_TOKEN: emu.token, ...env }), {
        maxRetries
      });
      await c.checkBudget();
      emu.setFaults(['unavailable']);
      const before = c.callsUsed;
      const started = Date.now();
      const r = await c.query('SELECT Id FROM PermissionSet');
      const ms = Date.now() - started;
      emu.setFaults([]);
      expect(r).toMatchObject({ ok: false, failure: { kind: 'retry' } });
      return { ms, calls: c.callsUsed - before };
    };
    // The product's default, on a real socket: the one retry comes 250 ms after the 503.
    const one = await timed({}, 1);
    expect(one.calls).toBe(2);
    expect(one.ms).toBeGreaterThanOrEqual(250);
    // A scaled clock (backoff=40ms): four retries wait 40 + 80 + 160 + 320 ms, so the doubling is real.
    const four = await timed({ PHI_GUARD_ORG_TIMEOUTS: 'backoff=40ms' });
    expect(four.calls).toBe(5);
    expect(four.ms).toBeGreaterThanOrEqual(600);
  });

  it('defaults: the target is the instance URL; a /limits the org fails is one line naming the server error', async () => {
    ({ emu } = await emulatedOrg('compliant'));
    const conn = await connectOrg(emu.url, { SF_ACCESS_TOKEN: emu.token });
    emu.setFaults(['error-500']);
    const plain = new OrgClient(conn);
    expect(plain.target).toBe(emu.url);
    expect(plain.apiVersion).toBe('63.0');
    await expect(plain.checkBudget()).rejects.toMatchObject({
      exitCode: 2,
      message: `cannot connect to ${emu.url}: the org answered with a server error (500 UNKNOWN_EXCEPTION)`
    });
    expect(plain.budget).toBeUndefined();
  });
});
