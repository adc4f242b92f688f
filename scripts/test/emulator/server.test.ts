import type { Connection } from '@salesforce/core';
import { startEmulator, type Emulator } from '../../emulator/server';
import { call, connect } from './helpers';

let emu: Emulator;
let conn: Connection;
beforeAll(async () => {
  emu = await startEmulator({ profile: 'compliant' });
  conn = await connect(emu);
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => emu.reset());

describe('REST wire shapes', () => {
  it('requires a bearer token and answers 401 INVALID_SESSION_ID otherwise', async () => {
    const r = await call(emu, '/services/data/v63.0/limits', { token: 'wrong' });
    expect(r.status).toBe(401);
    expect(r.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect((await call(emu, '/services/data/v63.0/limits', { token: null })).status).toBe(401);
  });
  it('lists versions without a session and resources per version', async () => {
    const v = (await call(emu, '/services/data', { token: null })).json() as {
      version: string;
      url: string;
    }[];
    // the release name labels a version (restforce's recorded answer: scripts/test/fixtures/recorded/rest-versions.json)
    expect(v).toContainEqual({ label: "Spring '25", url: '/services/data/v63.0', version: '63.0' });
    const res = (await call(emu, '/services/data/v63.0/')).json() as Record<string, string>;
    expect(res.query).toBe('/services/data/v63.0/query');
    expect(res.limits).toBe('/services/data/v63.0/limits');
  });
  it('query: totalSize, done, records with attributes; Sforce-Limit-Info on every response', async () => {
    const r = await call(
      emu,
      `/services/data/v63.0/query?q=${encodeURIComponent("SELECT Id, Name FROM Profile WHERE Name = 'Standard User'")}`
    );
    expect(r.status).toBe(200);
    const body = r.json() as { totalSize: number; done: boolean; records: Record<string, unknown>[] };
    expect(body).toEqual({
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: {
            type: 'Profile',
            url: expect.stringMatching(/^\/services\/data\/v63\.0\/sobjects\/Profile\/00e/)
          },
          Id: expect.stringMatching(/^00e\w{15}$/),
          Name: 'Standard User'
        }
      ]
    });
    expect(r.headers.get('sforce-limit-info')).toMatch(/^api-usage=1\/100000$/);
  });
  it('pages with nextRecordsUrl and a batch size, through jsforce queryMore', async () => {
    const first = await call(
      emu,
      `/services/data/v63.0/query?q=${encodeURIComponent('SELECT Id FROM PHI_Access_Log__c')}`,
      {
        headers: { 'Sforce-Query-Options': 'batchSize=200' }
      }
    );
    const b = first.json() as {
      totalSize: number;
      done: boolean;
      nextRecordsUrl: string;
      records: unknown[];
    };
    expect(b.totalSize).toBe(500);
    expect(b.done).toBe(false);
    expect(b.records).toHaveLength(200);
    expect(b.nextRecordsUrl).toMatch(/^\/services\/data\/v63\.0\/query\/01g\w+-200$/);
    const all = await conn.query('SELECT Id, Sequence__c FROM PHI_Access_Log__c ORDER BY Sequence__c', {
      autoFetch: true,
      maxFetch: 10000
    });
    expect(all.records).toHaveLength(500);
    const more = await conn.request<{ done: boolean; records: unknown[] }>(b.nextRecordsUrl);
    expect(more.done).toBe(true);
    expect(more.records).toHaveLength(300);
    const bad = await call(emu, '/services/data/v63.0/query/01gdeadbeef-200');
    expect(bad.json()).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
  });
  it('errors are [{message, errorCode}] with 400 and jsforce surfaces the code', async () => {
    await expect(conn.query('SELECT Id FROM TenantSecretz')).rejects.toMatchObject({
      errorCode: 'INVALID_TYPE'
    });
    await expect(conn.query('SELECT Nope FROM User')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(conn.query('SELECT FROM User')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
  });
  it('tooling query and tooling record GET with the Metadata column', async () => {
    const r = await conn.tooling.query<{ Id: string; FullName: string }>(
      "SELECT Id, FullName FROM CustomField WHERE FullName = 'Contact.Allergies__c'"
    );
    expect(r.totalSize).toBe(1);
    const rec = await conn.request<{ Metadata: { encryptionScheme: string }; attributes: { type: string } }>(
      `/services/data/v63.0/tooling/sobjects/CustomField/${r.records[0]!.Id}`
    );
    expect(rec.attributes.type).toBe('CustomField');
    expect(rec.Metadata.encryptionScheme).toBe('ProbabilisticEncryption');
    expect((rec.Metadata as unknown as { trackHistory: unknown; length: unknown }).trackHistory).toBe(true);
    expect((rec.Metadata as unknown as { length: unknown }).length).toBe(4000);
    const missing = await call(emu, '/services/data/v63.0/tooling/sobjects/CustomField/00N000000000000AAA');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual([
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }
    ]);
  });
  it('describe lists the fields with relationship names', async () => {
    const d = await conn.describe('PermissionSetAssignment');
    const assignee = d.fields.find((f) => f.name === 'AssigneeId');
    expect(assignee).toMatchObject({
      type: 'reference',
      referenceTo: ['User'],
      relationshipName: 'Assignee'
    });
  });
  it('/limits reports the budget, which every counted call spends', async () => {
    const before = (
      await conn.request<{ DailyApiRequests: { Max: number; Remaining: number } }>(
        '/services/data/v63.0/limits'
      )
    ).DailyApiRequests;
    await conn.query('SELECT Id FROM User');
    const after = (
      await conn.request<{ DailyApiRequests: { Max: number; Remaining: number } }>(
        '/services/data/v63.0/limits'
      )
    ).DailyApiRequests;
    expect(before.Max).toBe(100000);
    expect(before.Remaining - after.Remaining).toBe(2);
  });
});

describe('composite', () => {
  const q = (s: string) => `/services/data/v63.0/query?q=${encodeURIComponent(s)}`;
  it('runs subrequests, answers each with httpStatusCode and body, and counts as ONE API call', async () => {
    const res = await conn.request<{
      compositeResponse: { httpStatusCode: number; referenceId: string; body: { totalSize: number } }[];
    }>({
      method: 'POST',
      url: '/services/data/v63.0/composite',
      body: JSON.stringify({
        allOrNone: false,
        compositeRequest: [
          { method: 'GET', url: q('SELECT Id FROM User'), referenceId: 'users' },
          { method: 'GET', url: q('SELECT Id FROM Nope__c'), referenceId: 'bad' },
          { method: 'GET', url: q('SELECT COUNT() FROM Profile'), referenceId: 'profiles' }
        ]
      }),
      headers: { 'content-type': 'application/json' }
    });
    expect(res.compositeResponse.map((r) => [r.referenceId, r.httpStatusCode])).toEqual([
      ['users', 200],
      ['bad', 400],
      ['profiles', 200]
    ]);
    expect(res.compositeResponse[0]!.body.totalSize).toBe(9);
    const log = emu.requests();
    expect(log.filter((e) => e.apiCall)).toHaveLength(1);
    expect(log[log.length - 1]).toMatchObject({ family: 'composite', apiCall: true, write: false });
  });
  it('allOrNone rolls back the others with PROCESSING_HALTED; more than 25 is refused', async () => {
    const res = (
      await call(emu, '/services/data/v63.0/tooling/composite', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          allOrNone: true,
          compositeRequest: [
            {
              method: 'GET',
              url: `/services/data/v63.0/tooling/query?q=${encodeURIComponent('SELECT Score FROM SecurityHealthCheck')}`,
              referenceId: 'a'
            },
            {
              method: 'GET',
              url: `/services/data/v63.0/tooling/query?q=${encodeURIComponent('SELECT Id FROM FieldDefinition')}`,
              referenceId: 'b'
            }
          ]
        })
      })
    ).json() as { compositeResponse: { httpStatusCode: number; body: { errorCode: string }[] }[] };
    expect(res.compositeResponse[0]!.httpStatusCode).toBe(400);
    expect(res.compositeResponse[0]!.body[0]!.errorCode).toBe('PROCESSING_HALTED');
    expect(res.compositeResponse[1]!.body[0]!.errorCode).toBe('MALFORMED_QUERY');
    const tooMany = await call(emu, '/services/data/v63.0/composite', {
      method: 'POST',
      body: JSON.stringify({
        compositeRequest: Array.from({ length: 26 }, (_, i) => ({
          method: 'GET',
          url: q('SELECT Id FROM User'),
          referenceId: `r${i}`
        }))
      })
    });
    expect(tooMany.status).toBe(400);
  });
  it('composite batch counts each subrequest', async () => {
    const r = (
      await call(emu, '/services/data/v63.0/composite/batch', {
        method: 'POST',
        body: JSON.stringify({
          batchRequests: [
            { method: 'GET', url: 'v63.0/limits' },
            { method: 'GET', url: 'v63.0/query?q=SELECT+Id+FROM+User' }
          ]
        })
      })
    ).json() as { hasErrors: boolean; results: { statusCode: number }[] };
    expect(r.hasErrors).toBe(false);
    expect(r.results.map((x) => x.statusCode)).toEqual([200, 200]);
    const limits = (await call(emu, '/services/data/v63.0/limits')).json() as {
      DailyApiRequests: { Remaining: number };
    };
    expect(limits.DailyApiRequests.Remaining).toBe(100000 - 3);
  });
});

describe('SOAP Metadata API through jsforce', () => {
  it('readMetadata returns typed records; a missing name is an empty record', async () => {
    const [sec] = (await conn.metadata.read('SecuritySettings', ['Security'])) as unknown as {
      fullName: string;
      sessionSettings: { sessionTimeout: string };
    }[];
    expect(sec!.fullName).toBe('Security');
    expect(sec!.sessionSettings.sessionTimeout).toBe('FifteenMinutes');
    const objs = (await conn.metadata.read('CustomObject', ['Contact', 'Nope__c'])) as unknown as {
      fullName?: string;
      fields?: unknown[];
    }[];
    expect(objs).toHaveLength(2);
    expect(objs[0]!.fullName).toBe('Contact');
    expect(objs[0]!.fields).toHaveLength(10);
    expect(objs[1]!.fullName).toBeUndefined();
  });
  it('the envelope is namespace-prefixed with xsi:type records and a LimitInfoHeader', async () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata">' +
      `<soapenv:Header><SessionHeader><sessionId>${emu.token}</sessionId></SessionHeader></soapenv:Header>` +
      '<soapenv:Body><readMetadata><type>OauthOidcSettings</type><fullNames>OauthOidc</fullNames></readMetadata></soapenv:Body></soapenv:Envelope>';
    const r = await call(emu, '/services/Soap/m/63.0', {
      method: 'POST',
      token: null,
      body,
      headers: { 'content-type': 'text/xml', SOAPAction: '""' }
    });
    expect(r.status).toBe(200);
    expect(r.text).toContain('xmlns="http://soap.sforce.com/2006/04/metadata"');
    expect(r.text).toContain('<records xsi:type="OauthOidcSettings"><fullName>OauthOidc</fullName>');
    expect(r.text).toMatch(
      /<LimitInfoHeader><limitInfo><current>\d+<\/current><limit>100000<\/limit><type>API REQUESTS<\/type>/
    );
  });
  it('listMetadata and describeMetadata', async () => {
    const list = await conn.metadata.list([{ type: 'PermissionSet' }, { type: 'SharingRules' }]);
    expect(list.map((f) => `${f.type}:${f.fullName}`)).toContain('SharingRules:Health_Intake__c');
    expect(list.find((f) => f.fullName === 'PHI_Clinical_Staff')).toMatchObject({
      type: 'PermissionSet',
      fileName: 'permissionsets/PHI_Clinical_Staff.permissionset'
    });
    const d = await conn.metadata.describe('63.0');
    expect(d.metadataObjects.map((o) => o.xmlName)).toEqual(
      expect.arrayContaining(['CustomObject', 'PermissionSet'])
    );
  });
  it('faults are HTTP 500 soapenv:Fault: unknown type, more than 10 names', async () => {
    await expect(conn.metadata.read('NoSuchType' as 'CustomObject', ['X'])).rejects.toMatchObject({
      errorCode: 'sf:INVALID_TYPE'
    });
    await expect(
      conn.metadata.read(
        'CustomObject',
        Array.from({ length: 11 }, (_, i) => `O${i}__c`)
      )
    ).rejects.toMatchObject({
      errorCode: 'sf:EXCEEDED_ID_LIMIT'
    });
  });
});

describe('fault switches', () => {
  it('unauthorized:N gives 401 from the Nth counted call (401 mid-run)', async () => {
    emu.setFaults(['unauthorized:3']);
    await conn.query('SELECT Id FROM User');
    await conn.query('SELECT Id FROM User');
    await expect(conn.query('SELECT Id FROM User')).rejects.toMatchObject({
      errorCode: expect.stringMatching(/INVALID_SESSION_ID|ERROR_HTTP_401|UNAUTHORIZED/)
    });
    const r = await call(emu, '/services/data/v63.0/limits');
    expect(r.status).toBe(401);
  });
  it('request-limit: 403 REQUEST_LIMIT_EXCEEDED; the budget running out does the same', async () => {
    emu.setFaults(['request-limit']);
    const r = await call(emu, '/services/data/v63.0/limits');
    expect(r.status).toBe(403);
    expect(r.json()).toEqual([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }
    ]);
    emu.setFaults(['budget:2']);
    expect((await call(emu, '/services/data/v63.0/limits')).status).toBe(200);
    expect((await call(emu, '/services/data/v63.0/limits')).status).toBe(200);
    expect((await call(emu, '/services/data/v63.0/limits')).status).toBe(403);
  });
  it('invalid-type:<feature> hides the feature objects', async () => {
    emu.setFaults(['invalid-type:shield']);
    await expect(conn.query('SELECT Id FROM TenantSecret')).rejects.toMatchObject({
      errorCode: 'INVALID_TYPE'
    });
    emu.setFaults(['invalid-type:events']);
    await expect(conn.query('SELECT Id FROM EventLogFile')).rejects.toMatchObject({
      errorCode: 'INVALID_TYPE'
    });
    expect((await conn.query('SELECT Id FROM TenantSecret')).totalSize).toBe(7);
    emu.setFaults(['invalid-type:shield']);
    const [pe] = (await conn.metadata.read('PlatformEncryptionSettings', [
      'PlatformEncryption'
    ])) as unknown as {
      fullName?: string;
    }[];
    expect(pe?.fullName).toBeUndefined();
  });
  it('error-500, flaky-503 (every other call), latency', async () => {
    emu.setFaults(['error-500']);
    const e = await call(emu, '/services/data/v63.0/limits');
    expect(e.status).toBe(500);
    expect((e.json() as { errorCode: string }[])[0]!.errorCode).toBe('UNKNOWN_EXCEPTION');
    emu.setFaults(['flaky-503']);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(emu, '/services/data/v63.0/limits')).status);
    expect(statuses).toEqual([503, 200, 503, 200]);
    emu.setFaults(['latency:400']);
    const t0 = Date.now();
    await call(emu, '/services/data/v63.0/limits');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    // A new set of faults without latency ends it (it used to linger from the earlier set).
    emu.setFaults([]);
    const t1 = Date.now();
    await call(emu, '/services/data/v63.0/limits');
    expect(Date.now() - t1).toBeLessThan(390);
  });
  it('low-budget leaves 5% of the allocation', async () => {
    emu.setFaults(['low-budget']);
    const l = (await call(emu, '/services/data/v63.0/limits')).json() as {
      DailyApiRequests: { Max: number; Remaining: number };
    };
    expect(l.DailyApiRequests.Remaining / l.DailyApiRequests.Max).toBeLessThan(0.06);
  });
  it('user-perm-off:CustomizeApplication: UserPermissionAccess false and only own OauthTokens', async () => {
    expect((await conn.query('SELECT Id FROM OauthToken')).totalSize).toBe(1);
    emu.setFaults(['user-perm-off:CustomizeApplication']);
    expect((await conn.query('SELECT Id FROM OauthToken')).totalSize).toBe(0);
    const upa = await conn.query<{ PermissionsCustomizeApplication: boolean }>(
      'SELECT PermissionsCustomizeApplication FROM UserPermissionAccess'
    );
    expect(upa.records[0]!.PermissionsCustomizeApplication).toBe(false);
  });
  it('user-perm-off:ModifyMetadata: every Metadata API call faults INSUFFICIENT_ACCESS', async () => {
    emu.setFaults(['user-perm-off:ModifyMetadata']);
    await expect(conn.metadata.read('SecuritySettings', ['Security'])).rejects.toMatchObject({
      errorCode: 'sf:INSUFFICIENT_ACCESS',
      message: expect.stringContaining('ModifyAllData')
    });
    await expect(conn.metadata.list([{ type: 'PermissionSet' }])).rejects.toMatchObject({
      errorCode: 'sf:INSUFFICIENT_ACCESS'
    });
  });
  it('an unknown fault name is refused', () => {
    expect(() => emu.setFaults(['explode'])).toThrow(/unknown fault 'explode'/);
  });
});

describe('request log', () => {
  it('records method, path, query, family, API-call and write flags; never the token', async () => {
    await conn.query("SELECT Id FROM User WHERE Alias = 'aadmin'");
    await conn.tooling.query('SELECT Score FROM SecurityHealthCheck');
    await conn.metadata.read('SecuritySettings', ['Security']);
    const r = await call(emu, '/__emulator/requests', { token: null });
    const log = r.json() as Record<string, unknown>[];
    expect(log.slice(-3)).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/services/data/v63.0/query',
        query: "SELECT Id FROM User WHERE Alias = 'aadmin'",
        family: 'rest',
        apiCall: true,
        write: false,
        status: 200
      }),
      expect.objectContaining({ family: 'tooling', apiCall: true }),
      expect.objectContaining({
        method: 'POST',
        family: 'soap-metadata',
        detail: 'readMetadata',
        apiCall: true,
        write: false
      })
    ]);
    expect(r.text).not.toContain(emu.token);
    expect(JSON.stringify(emu.requests())).not.toContain(emu.token);
    expect(r.text).not.toContain(emu.token.split('!')[1]);
  });
  it('reset clears the log', async () => {
    await call(emu, '/services/data/v63.0/limits');
    expect((await call(emu, '/__emulator/reset', { method: 'POST', token: null })).status).toBe(204);
    expect(emu.requests()).toEqual([]);
  });
});
