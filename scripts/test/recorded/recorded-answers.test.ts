import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { buildPackage, outcome, resumeDeploy, startDeploy } from '../../src/deploy/sdr';
import { OrgClient } from '../../src/org/client';
import { TIMEOUTS_VAR } from '../../src/org/guard/settings';
import { objectFromEntity } from '../../src/posture/org/schema';
import { tenantSecrets } from '../../src/posture/org/org-facts';
import { releaseName } from '../../emulator/rest';
import { startEmulator, type Emulator } from '../../emulator/server';
import { call, connect } from '../emulator/helpers';
import { fixture } from '../helpers/paths';
import { connectTo, recorded, recordedNames, replay, soapCall, type Recorded, type Replay } from './recorded';

/**
 * Answers recorded from real orgs, read by our own client code (the OrgClient, the org loader's mappers, the deploy
 * follower through SDR) from a tiny server that serves the recorded bodies; then the org emulator held to the same
 * shapes. Where the emulator answered otherwise it was wrong and was fixed; each fixture stays as its test.
 */
jest.setTimeout(120_000);

const servers: Replay[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function serve(routes: Record<string, Recorded | Recorded[]>): Promise<Replay> {
  // `METHOD path` (or `POST soap:<call>`) -> a fixture, or a list answered in turn (the last one repeating)
  const turns = new Map<string, number>();
  // The OrgClient reads the run's API budget (/limits) before its first other call (the org guard holds the run to
  // it): a real org answers it, so the replay does, with a recorded /limits answer, unless the test gives its own.
  routes = { 'GET /services/data/v63.0/limits': recorded('rest-limits-simple-salesforce'), ...routes };
  const s = await replay((method, p, body) => {
    const key = p.startsWith('/services/Soap/') ? `POST soap:${soapCall(body)}` : `${method} ${p}`;
    const r = routes[key];
    if (!Array.isArray(r)) return r;
    const n = turns.get(key) ?? 0;
    turns.set(key, n + 1);
    return r[Math.min(n, r.length - 1)];
  });
  servers.push(s);
  return s;
}

const client = async (s: Replay) => new OrgClient(await connectTo(s), { maxRetries: 0 });
const body = <T>(name: string) => recorded(name).body as T;

describe('recorded answers: each names its source', () => {
  it('at least 12 fixtures, each with a source line (repository, path, commit) and a request', () => {
    const names = recordedNames();
    expect(names.length).toBeGreaterThanOrEqual(12);
    for (const n of names) {
      const r = recorded(n);
      expect([n, /^[\w.-]+\/[\w.-]+ \S+.* @ [0-9a-f]{40}\b/.test(r.source)]).toEqual([n, true]);
      expect([n, typeof r.what, typeof r.request.path, typeof r.status]).toEqual([
        n,
        'string',
        'string',
        'number'
      ]);
    }
  });
});

/** A deploy as three recorded checkDeployStatus answers (Pending, InProgress, Succeeded), after the versions read. */
const deployInThreePolls = () => ({
  'GET /services/data': recorded('rest-versions'),
  'POST soap:checkDeployStatus': [
    recorded('mdapi-check-deploy-status-pending'),
    recorded('mdapi-check-deploy-status-in-progress'),
    recorded('mdapi-check-deploy-status-succeeded')
  ]
});
describe('our client code reads each recorded answer as the org answered it', () => {
  it('OrgClient follows a recorded nextRecordsUrl to the last page (restforce)', async () => {
    const s = await serve({
      'GET /services/data/v63.0/query': recorded('rest-query-first-page'),
      'GET /services/data/v26.0/query/01gD': recorded('rest-query-last-page')
    });
    const r = await (await client(s)).query<{ Text_Label: string }>('SELECT Text_Label FROM Whizbang');
    expect(r).toMatchObject({ ok: true, totalSize: 2 });
    expect(r.ok && r.records.map((x) => x.Text_Label)).toEqual(['First Page', 'Last Page']);
    expect(s.seen).toContain('GET /services/data/v26.0/query/01gD');
  });

  it('OrgClient keeps parent relationships and child subqueries, aggregates and nulls (restforce)', async () => {
    const s = await serve({
      'GET /services/data/v63.0/query': [
        recorded('rest-query-relationships'),
        recorded('rest-query-aggregate')
      ]
    });
    const c = await client(s);
    const rel = await c.query<Record<string, { Name?: string; records?: { Name: string }[] }>>('SELECT ...');
    expect(rel.ok && rel.records[0]!.ParentWhizbang__r!.Name).toBe('Parent Whizbang');
    expect(rel.ok && rel.records[0]!.Whizbangs__r!.records![0]!.Name).toBe('Child Whizbang');
    const agg = await c.query<{ CampaignId: string | null; expr0: number }>(
      'SELECT CampaignId, SUM(x) FROM y GROUP BY CampaignId'
    );
    expect(agg.ok && agg.records.map((x) => [x.CampaignId, x.expr0])).toEqual([
      ['701E0000000JuFHIA0', 300],
      ['701E00000005ZqAIAU', 100],
      [null, 400]
    ]);
  });

  it('OrgClient turns recorded error bodies into failed reads with the platform code (restforce)', async () => {
    const s = await serve({
      'GET /services/data/v63.0/query': [
        recorded('rest-error-invalid-field'),
        recorded('rest-error-not-found')
      ]
    });
    const c = await client(s);
    expect(await c.query('SELECT Nope FROM Account')).toMatchObject({
      ok: false,
      failure: { errorCode: 'INVALID_FIELD', kind: 'fact' }
    });
    expect(await c.query('SELECT Id FROM Nope')).toMatchObject({
      ok: false,
      failure: { errorCode: 'NOT_FOUND' }
    });
  });

  it('OrgClient reads the API budget from recorded /limits answers (simple-salesforce, SwiftlySalesforce)', async () => {
    for (const [name, remaining] of [
      ['rest-limits-simple-salesforce', 14998],
      ['rest-limits-swiftly', 14953]
    ] as const) {
      const s = await serve({ 'GET /services/data/v63.0/limits': recorded(name) });
      expect(await (await client(s)).checkBudget()).toEqual({ max: 15000, remaining });
    }
  });

  it('the org loader maps recorded TenantSecret rows (Fortanix guide) and an EntityDefinition row (sfdc_api_samples)', async () => {
    const s = await serve({
      'GET /services/data/v63.0/query': recorded('rest-query-tenantsecret'),
      'GET /services/data/v63.0/tooling/query': recorded('tooling-query-entitydefinition')
    });
    const c = await client(s);
    const secrets = tenantSecrets(await c.query('SELECT Id, Status, Version FROM TenantSecret'), {
      ManageEncryptionKeys: true
    });
    expect(secrets.known).toBe(true);
    const facts = secrets.known ? secrets.value : [];
    expect(facts.map((f) => [f.status, f.version])).toEqual([
      ['ARCHIVED', 3],
      ['ARCHIVED', 1],
      ['ARCHIVED', 2],
      ['DESTROYED', 4],
      ['ACTIVE', 5]
    ]);
    const entities = await c.query<Record<string, unknown>>('SELECT DurableId FROM EntityDefinition', true);
    expect(entities.ok && objectFromEntity(entities.records[0]!)).toMatchObject({
      name: 'Campaign',
      custom: false
    });
  });

  it('OrgClient reads recorded Tooling query answers (sfdc_api_samples) and an EventLogFile answer (Elastic Beats)', async () => {
    const tooling = [
      'tooling-query-apexclass',
      'tooling-query-remoteproxy',
      'tooling-query-fielddefinition',
      'tooling-query-customfield',
      'tooling-query-permissionset'
    ];
    const s = await serve({
      'GET /services/data/v63.0/tooling/query': tooling.map(recorded),
      'GET /services/data/v63.0/query': recorded('rest-query-eventlogfile')
    });
    const c = await client(s);
    for (const name of tooling) {
      const r = await c.query<Record<string, unknown>>('SELECT ...', true);
      const want = body<{ records: unknown[]; totalSize: number }>(name);
      expect([name, r]).toEqual([name, { ok: true, records: want.records, totalSize: want.totalSize }]);
    }
    const elf = await c.query<{ LogDate: string; LogFile: string }>(
      'SELECT Id, CreatedDate, LogDate, LogFile FROM EventLogFile'
    );
    expect(elf.ok && new Date(elf.records[0]!.LogDate).toISOString()).toBe('2023-12-18T00:00:00.000Z');
  });

  it('the deploy follower reads recorded checkDeployStatus answers through SDR (simple-salesforce)', async () => {
    // SDR first reads the versions resource (restforce's recorded answer) to pick the API version
    const s = await serve(deployInThreePolls());
    const updates: string[] = [];
    const done = await resumeDeploy(await connectTo(s), '0Af3D00001NVCnwSAH', 1, (u) =>
      updates.push(String(u.status))
    );
    expect(done).toMatchObject({
      status: 'Succeeded',
      success: true,
      checkOnly: false,
      timedOut: false,
      components: { total: 4, deployed: 4, errors: 0 },
      tests: { total: 0, completed: 0, errors: 0 },
      componentFailures: []
    });
    // SDR reports each poll while the deploy runs; the final answer is the outcome
    expect(updates).toEqual(['Pending', 'InProgress']);
    const f = await serve({
      'GET /services/data': recorded('rest-versions'),
      'POST soap:checkDeployStatus': recorded('mdapi-check-deploy-status-no-package')
    });
    const failed = await resumeDeploy(await connectTo(f), '0Af3D00001NVD0TSAX', 1, () => undefined);
    expect(failed).toMatchObject({
      status: 'Failed',
      success: false,
      checkOnly: true,
      components: { total: 0, deployed: 0, errors: 0 }
    });
    expect(failed.componentFailures).toEqual([
      { type: '', name: 'package.xml', file: 'package.xml', line: undefined, problem: 'No package.xml found' }
    ]);
  });

  it("the deploy follower polls at the guard's deploy-poll interval (1 s by default; 300 ms here)", async () => {
    const s = await serve(deployInThreePolls());
    // A scaled clock instead of the suite's pace (../helpers/org-timing.ts): three polls, two waits of 300 ms.
    const saved = process.env[TIMEOUTS_VAR];
    process.env[TIMEOUTS_VAR] = 'deploy-poll=300ms';
    try {
      const started = Date.now();
      const done = await resumeDeploy(await connectTo(s), '0Af3D00001NVCnwSAH', 1, () => undefined);
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
      expect(done).toMatchObject({ status: 'Succeeded', timedOut: false });
      expect(s.seen.filter((x) => x.startsWith('POST /services/Soap/m/'))).toHaveLength(3);
    } finally {
      if (saved === undefined) delete process.env[TIMEOUTS_VAR];
      else process.env[TIMEOUTS_VAR] = saved;
    }
  });

  it('the deploy follower starts a deploy on a recorded Queued answer and follows it to the end (simple-salesforce)', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-recorded-'));
    try {
      const dir = path.join(work, 'settings');
      cpSync(fixture('deploy/project/force-app/main/default/settings'), dir, { recursive: true });
      const s = await serve({
        'GET /services/data': recorded('rest-versions'),
        'POST soap:deploy': recorded('mdapi-deploy-queued'),
        'POST soap:checkDeployStatus': [
          recorded('mdapi-check-deploy-status-in-progress'),
          recorded('mdapi-check-deploy-status-succeeded')
        ]
      });
      const pkg = await buildPackage({ paths: [dir] });
      const o = await startDeploy(
        await connectTo(s),
        pkg,
        { paths: [dir], testLevel: 'RunLocalTests', checkOnly: false, waitMinutes: 1 },
        () => undefined
      );
      expect(o).toMatchObject({
        status: 'Succeeded',
        success: true,
        components: { total: 4, deployed: 4, errors: 0 }
      });
      expect(s.seen.filter((x) => x.startsWith('POST /services/Soap/m/'))).toHaveLength(3);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('outcome() maps a recorded DeployResult as SDR hands it over (the succeeded answer, parsed)', () => {
    const xml = body<string>('mdapi-check-deploy-status-succeeded');
    const parsed = new XMLParser({ removeNSPrefix: true, parseTagValue: false }).parse(xml) as {
      Envelope: { Body: { checkDeployStatusResponse: { result: Parameters<typeof outcome>[0] } } };
    };
    const o = outcome(parsed.Envelope.Body.checkDeployStatusResponse.result, false);
    expect(o).toMatchObject({
      id: '0Af3D00001NVCnwSAH',
      status: 'Succeeded',
      success: true,
      components: { total: 4, deployed: 4, errors: 0 }
    });
  });
});

describe('the org emulator answers in the recorded shapes', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ profile: 'compliant' });
  });
  afterAll(() => emu.stop());
  const get = async (p: string, headers: Record<string, string> = {}) =>
    (await call(emu, p, { headers })).json();
  const q = (soql: string, tooling = false) =>
    `/services/data/v63.0${tooling ? '/tooling' : ''}/query?q=${encodeURIComponent(soql)}`;
  const keys = (o: unknown) => Object.keys(o as object).sort();
  const kinds = (o: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v])
    );

  it('REST query pages: the first with nextRecordsUrl, the last without (restforce)', async () => {
    const first = (await get(q('SELECT Id FROM PHI_Access_Log__c'), {
      'Sforce-Query-Options': 'batchSize=200'
    })) as {
      nextRecordsUrl: string;
      records: Record<string, unknown>[];
    };
    expect(keys(first)).toEqual(keys(body('rest-query-first-page')));
    expect(first.nextRecordsUrl).toMatch(/^\/services\/data\/v63\.0\/query\/[\w-]+$/);
    expect(keys(first.records[0]!.attributes)).toEqual(['type', 'url']);
    let page = first as { nextRecordsUrl?: string };
    while (page.nextRecordsUrl) page = (await get(page.nextRecordsUrl)) as { nextRecordsUrl?: string };
    expect(keys(page)).toEqual(keys(body('rest-query-last-page')));
  });

  it('relationships, aggregates and errors (restforce)', async () => {
    const rel = (await get(q('SELECT Id, Profile.Name FROM User LIMIT 1'))) as {
      records: { Profile: Record<string, unknown> }[];
    };
    const recordedParent = body<{ records: { ParentWhizbang__r: Record<string, unknown> }[] }>(
      'rest-query-relationships'
    ).records[0]!.ParentWhizbang__r;
    expect(keys(rel.records[0]!.Profile.attributes)).toEqual(keys(recordedParent.attributes));
    const agg = (await get(q('SELECT ProfileId, COUNT(Id) FROM User GROUP BY ProfileId'))) as {
      records: Record<string, unknown>[];
    };
    const recAgg = body<{ records: Record<string, unknown>[] }>('rest-query-aggregate').records[0]!;
    expect(agg.records[0]!.attributes).toEqual(recAgg.attributes);
    expect(typeof agg.records[0]!.expr0).toBe(typeof recAgg.expr0);
    for (const [p, name, status] of [
      [q('SELECT Nope FROM User'), 'rest-error-invalid-field', 400],
      ['/services/data/v63.0/sobjects/Nope/describe', 'rest-error-not-found', 404]
    ] as const) {
      const r = await call(emu, p);
      const want = recorded(name);
      expect([name, r.status, keys((r.json() as unknown[])[0])]).toEqual([
        name,
        status,
        keys((want.body as unknown[])[0])
      ]);
      expect([name, (r.json() as { errorCode: string }[])[0]!.errorCode]).toEqual([
        name,
        (want.body as { errorCode: string }[])[0]!.errorCode
      ]);
    }
  });

  it('versions carry the release name; limits are {Max, Remaining} numbers (restforce, simple-salesforce, SwiftlySalesforce)', async () => {
    const versions = (await get('/services/data')) as Record<string, string>[];
    const rec = body<Record<string, string>[]>('rest-versions');
    expect(keys(versions[0])).toEqual(keys(rec[0]));
    expect(releaseName(rec[0]!.version as string)).toBe(rec[0]!.label);
    const limits = (await get('/services/data/v63.0/limits')) as Record<string, Record<string, unknown>>;
    for (const name of ['rest-limits-simple-salesforce', 'rest-limits-swiftly']) {
      const want = body<Record<string, Record<string, unknown>>>(name);
      expect(kinds(limits.DailyApiRequests!)).toEqual(kinds(want.DailyApiRequests!));
    }
  });

  it('EventLogFile and TenantSecret rows (Elastic Beats, Fortanix guide)', async () => {
    const elf = (await get(q('SELECT Id, CreatedDate, LogDate, LogFile FROM EventLogFile LIMIT 1'))) as {
      records: Record<string, string>[];
    };
    const want = body<{ records: Record<string, string>[] }>('rest-query-eventlogfile').records[0]!;
    const got = elf.records[0]!;
    expect(keys(got)).toEqual(keys(want));
    expect(got.LogFile).toBe(`/services/data/v63.0/sobjects/EventLogFile/${got.Id}/LogFile`);
    for (const k of ['CreatedDate', 'LogDate'])
      expect(got[k]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(got.LogDate).toMatch(/T00:00:00\.000\+0000$/);
    const ts = (await get(
      q("SELECT Id, Status, Version FROM TenantSecret WHERE Type = 'DeterministicData'")
    )) as {
      records: Record<string, unknown>[];
    };
    const wantTs = body<{ records: Record<string, unknown>[] }>('rest-query-tenantsecret').records;
    expect(keys(ts.records[0])).toEqual(keys(wantTs[0]));
    expect(kinds(ts.records[0]!)).toEqual(kinds(wantTs[0]!));
    expect(wantTs.map((r) => r.Status)).toContain(ts.records[0]!.Status);
  });

  it('Tooling query and record answers (sfdc_api_samples)', async () => {
    const apex = (await get(q('SELECT Id, Name, Body FROM ApexClass LIMIT 1', true))) as Record<
      string,
      unknown
    >;
    const wantQ = body<Record<string, unknown>>('tooling-query-apexclass');
    expect(keys(apex)).toEqual(keys(wantQ));
    expect(apex.queryLocator).toBeNull();
    const id = (apex.records as { Id: string }[])[0]!.Id;
    const rec = (await get(`/services/data/v63.0/tooling/sobjects/ApexClass/${id}`)) as Record<
      string,
      unknown
    >;
    const wantR = body<Record<string, unknown>>('tooling-record-apexclass');
    const shared = keys(rec).filter((k) => k in wantR && rec[k] !== null && wantR[k] !== null);
    expect(shared.length).toBeGreaterThan(8);
    expect(Object.fromEntries(shared.map((k) => [k, typeof rec[k]]))).toEqual(
      Object.fromEntries(shared.map((k) => [k, typeof wantR[k]]))
    );
    // a remote site, deployed as a client would, becomes a RemoteProxy row with its Metadata column
    const JSZip = (await import('jszip')).default;
    const zip = new JSZip();
    zip.file(
      'package.xml',
      '<Package xmlns="http://soap.sforce.com/2006/04/metadata"><types><members>Lab7</members><name>RemoteSiteSetting</name></types><version>63.0</version></Package>'
    );
    zip.file(
      'remoteSiteSettings/Lab7.remoteSite',
      '<RemoteSiteSetting xmlns="http://soap.sforce.com/2006/04/metadata"><disableProtocolSecurity>false</disableProtocolSecurity><isActive>true</isActive><url>https://lab7.example.com</url></RemoteSiteSetting>'
    );
    const conn = await connect(emu);
    const dep = (await conn.metadata.deploy(
      await zip.generateAsync({ type: 'nodebuffer' }),
      {}
    )) as unknown as { id: string };
    while (!(await conn.metadata.checkDeployStatus(dep.id, false)).done);
    const proxies = (await get(q("SELECT Id FROM RemoteProxy WHERE SiteName = 'Lab7'", true))) as {
      records: { Id: string }[];
    };
    const proxy = (await get(
      `/services/data/v63.0/tooling/sobjects/RemoteProxy/${proxies.records[0]!.Id}`
    )) as { Metadata: Record<string, unknown> };
    const wantMd = body<{ Metadata: Record<string, unknown> }>('tooling-record-remoteproxy').Metadata;
    for (const k of ['isActive', 'disableProtocolSecurity', 'url'])
      expect([k, typeof proxy.Metadata[k]]).toEqual([k, typeof wantMd[k]]);
    const entity = (await get(
      q("SELECT DurableId, QualifiedApiName FROM EntityDefinition WHERE QualifiedApiName = 'Contact'", true)
    )) as {
      records: Record<string, string>[];
    };
    expect(entity.records[0]!.DurableId).toBe(entity.records[0]!.QualifiedApiName); // standard: DurableId = API name
    const fields = (await get(
      q('SELECT Id, DeveloperName, NamespacePrefix, TableEnumOrId FROM CustomField LIMIT 1', true)
    )) as {
      records: Record<string, unknown>[];
    };
    const wantF = body<{ records: Record<string, unknown>[] }>('tooling-query-customfield').records[0]!;
    expect(keys(fields.records[0])).toEqual(keys(wantF));
    expect(String(fields.records[0]!.DeveloperName)).not.toMatch(/__c$/);
  });

  it('SOAP deploy and checkDeployStatus answers have the recorded elements (simple-salesforce)', async () => {
    const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false });
    const resultOf = (xml: string, call: string) =>
      (parser.parse(xml) as { Envelope: { Body: Record<string, { result: Record<string, unknown> }> } })
        .Envelope.Body[`${call}Response`]!.result;
    const conn = await connect(emu);
    const soapTap: { call: string; body: string }[] = [];
    const raw = async (callName: string, inner: string) => {
      const r = await fetch(`${emu.url}/services/Soap/m/63.0`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', SOAPAction: '""' },
        body: `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Header><SessionHeader><sessionId>${emu.token}</sessionId></SessionHeader></soapenv:Header><soapenv:Body><${callName}>${inner}</${callName}></soapenv:Body></soapenv:Envelope>`
      });
      const text = await r.text();
      soapTap.push({ call: callName, body: text });
      return resultOf(text, callName);
    };
    const JSZip = (await import('jszip')).default;
    const zip = new JSZip();
    zip.file('x.txt', 'no manifest');
    const b64 = (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
    const started = await raw(
      'deploy',
      `<ZipFile>${b64}</ZipFile><DeployOptions><rollbackOnError>true</rollbackOnError></DeployOptions>`
    );
    expect(keys(started)).toEqual(keys(resultOf(body('mdapi-deploy-queued'), 'deploy')));
    let r = await raw(
      'checkDeployStatus',
      `<asyncProcessId>${String(started.id)}</asyncProcessId><includeDetails>true</includeDetails>`
    );
    expect(keys(r)).toEqual(
      keys(resultOf(body('mdapi-check-deploy-status-in-progress'), 'checkDeployStatus'))
    );
    while (r.done !== 'true')
      r = await raw(
        'checkDeployStatus',
        `<asyncProcessId>${String(started.id)}</asyncProcessId><includeDetails>true</includeDetails>`
      );
    const want = resultOf(body('mdapi-check-deploy-status-no-package'), 'checkDeployStatus');
    expect(keys(r)).toEqual(keys(want));
    const failure = (r.details as { componentFailures: Record<string, unknown> }).componentFailures;
    const wantFailure = (want.details as { componentFailures: Record<string, unknown> }).componentFailures;
    expect(keys(failure)).toEqual(keys(wantFailure));
    for (const k of ['componentType', 'fileName', 'fullName', 'problem', 'problemType', 'success'])
      expect([k, failure[k]]).toEqual([k, wantFailure[k]]);
    expect([r.numberComponentErrors, r.numberComponentsTotal]).toEqual([
      want.numberComponentErrors,
      want.numberComponentsTotal
    ]);
    // a successful deploy lists package.xml among its successes with an empty componentType, as the org does
    const ok = new JSZip();
    ok.file(
      'package.xml',
      '<Package xmlns="http://soap.sforce.com/2006/04/metadata"><types><members>Lab9</members><name>RemoteSiteSetting</name></types><version>63.0</version></Package>'
    );
    ok.file(
      'remoteSiteSettings/Lab9.remoteSite',
      '<RemoteSiteSetting xmlns="http://soap.sforce.com/2006/04/metadata"><isActive>true</isActive><url>https://lab9.example.com</url></RemoteSiteSetting>'
    );
    const id = (
      (await conn.metadata.deploy(await ok.generateAsync({ type: 'nodebuffer' }), {})) as unknown as {
        id: string;
      }
    ).id;
    let s = await raw(
      'checkDeployStatus',
      `<asyncProcessId>${id}</asyncProcessId><includeDetails>true</includeDetails>`
    );
    while (s.done !== 'true')
      s = await raw(
        'checkDeployStatus',
        `<asyncProcessId>${id}</asyncProcessId><includeDetails>true</includeDetails>`
      );
    const wantOk = resultOf(body('mdapi-check-deploy-status-succeeded'), 'checkDeployStatus');
    expect(keys(s)).toEqual(keys(wantOk));
    const successes = [(s.details as { componentSuccesses: unknown }).componentSuccesses].flat() as Record<
      string,
      unknown
    >[];
    const manifest = successes.find((x) => x.fullName === 'package.xml')!;
    const wantManifest = (
      [(wantOk.details as { componentSuccesses: unknown }).componentSuccesses].flat() as Record<
        string,
        unknown
      >[]
    ).find((x) => x.fullName === 'package.xml')!;
    expect(keys(manifest)).toEqual(keys(wantManifest));
    expect(manifest.componentType).toBe('');
    void soapTap;
  });
});
