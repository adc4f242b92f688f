import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import type { Connection } from '@salesforce/core';
import { startEmulator, type Emulator } from '../../emulator/server';
import { makeId } from '../../emulator/state';
import { OBJECTS, objectDef, servedBy, toolingView, type ObjectDef } from '../../emulator/schema';
import type { EmuRequest, EmuResponse } from '../../emulator/http-types';
import { checkAnswer, contracts, type Exchange } from '../contracts/org-answers';
import { runInProcess } from '../helpers/run-in-process';
import { call, connect } from './helpers';

/**
 * Every answer the org emulator gives, held to a contract from outside the project: the WSDL-derived types of
 * @salesforce/types (DeployResult, DeployDetails, RunTestsResult, ReadResult, FileProperties, AsyncResult,
 * CancelDeployResult, DescribeMetadataResult from metadata.d.ts; QueryResult, DescribeGlobalResult,
 * DescribeSObjectResult and each Tooling sObject from tooling.d.ts), else the shape the reference page documents
 * (scripts/test/contracts/org-answers.ts names each page). The emulator taps every exchange; the scenario drives
 * the online verify and a deploy through the real clients, then the routes those do not reach. A route the
 * contract cannot classify fails the test, so a new route needs a contract.
 *
 * SaveResult (createMetadata/updateMetadata/upsertMetadata) is not served: the emulator refuses those calls with
 * a fault, checked below, so no SaveResult exists to check.
 */
const exchanges: Exchange[] = [];
let emu: Emulator;
let conn: Connection;
let home: string;

/** Records each exchange as it went on the wire (JSON drops undefined members). */
const tap = (req: EmuRequest, res: EmuResponse) =>
  exchanges.push({
    method: req.method,
    path: req.path,
    query: req.query,
    requestBody: req.body.toString('utf8'),
    status: res.status,
    contentType: res.contentType,
    body:
      res.body === undefined || typeof res.body === 'string' || Buffer.isBuffer(res.body)
        ? String(res.body ?? '')
        : (JSON.parse(JSON.stringify(res.body)) as unknown)
  });

beforeAll(async () => {
  contracts(); // build the type checker once, before the clock of any test
  emu = await startEmulator({
    profile: 'compliant',
    onExchange: tap
  });
  conn = await connect(emu);
  home = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-contracts-'));
  // TODO(issue 24.3): a fresh HOME fails at connect without ~/.sfdx (stream "org-guard" fixes it).
  mkdirSync(path.join(home, '.sfdx'));
}, 120_000);
afterAll(async () => {
  await emu?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

async function deployZip(files: Record<string, string>, members: Record<string, string[]>, options = {}) {
  const zip = new JSZip();
  const types = Object.entries(members)
    .map(([t, ms]) => `<types>${ms.map((m) => `<members>${m}</members>`).join('')}<name>${t}</name></types>`)
    .join('');
  zip.file('package.xml', `<Package ${NS}>${types}<version>63.0</version></Package>`);
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return conn.metadata.deploy(
    await zip.generateAsync({ type: 'nodebuffer' }),
    options
  ) as unknown as Promise<{
    id: string;
  }>;
}

async function soap(method: string, inner: string) {
  return fetch(`${emu.url}/services/Soap/m/63.0`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml', SOAPAction: '""' },
    body: `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ${NS}><soapenv:Header><SessionHeader><sessionId>${emu.token}</sessionId></SessionHeader></soapenv:Header><soapenv:Body><${method}>${inner}</${method}></soapenv:Body></soapenv:Envelope>`
  });
}

describe('every answer of the org emulator against its published contract', () => {
  it(
    'the online verify and a deploy, as the real clients make them',
    async () => {
      const r = await runInProcess(['verify', '-o', emu.url], {
        env: { SF_ACCESS_TOKEN: emu.token, HOME: home }
      });
      expect([r.code < 2, r.code < 2 ? '' : r.stderr]).toEqual([true, '']);
      // a deploy: pending, in progress and finished answers, with and without details, then cancel
      emu.setFaults(['deploy-slow']);
      const started = await deployZip(
        {
          'remoteSiteSettings/Lab.remoteSite': `<RemoteSiteSetting ${NS}><isActive>true</isActive><url>https://lab.example.com</url></RemoteSiteSetting>`,
          'classes/Lab_Test.cls':
            '@IsTest\nprivate class Lab_Test {\n  @IsTest static void works() { System.assert(true); }\n}',
          'classes/Lab_Test.cls-meta.xml': `<ApexClass ${NS}><apiVersion>63.0</apiVersion><status>Active</status></ApexClass>`,
          'lwc/labCard/labCard.js': 'export default class LabCard {}',
          'lwc/labCard/labCard.html': '<template></template>',
          'lwc/labCard/labCard.js-meta.xml': `<LightningComponentBundle ${NS}><apiVersion>63.0</apiVersion><isExposed>false</isExposed></LightningComponentBundle>`
        },
        { RemoteSiteSetting: ['Lab'], ApexClass: ['Lab_Test'], LightningComponentBundle: ['labCard'] },
        { testLevel: 'RunLocalTests' }
      );
      await conn.metadata.checkDeployStatus(started.id, true);
      await conn.metadata.checkDeployStatus(started.id, false);
      emu.setFaults([]);
      let done = await conn.metadata.checkDeployStatus(started.id, true);
      while (!done.done) done = await conn.metadata.checkDeployStatus(started.id, true);
      await conn.metadata.checkDeployStatus(started.id, false);
      emu.setFaults(['deploy-slow']);
      const slow = await deployZip({}, {});
      await conn.metadata.cancelDeploy(slow.id);
      emu.setFaults(['deploy-test-failure', 'deploy-low-coverage', 'deploy-component-error']);
      const failing = await deployZip(
        {
          'remoteSiteSettings/Lab.remoteSite': `<RemoteSiteSetting ${NS}><isActive>true</isActive><url>https://x.example.com</url></RemoteSiteSetting>`
        },
        { RemoteSiteSetting: ['Lab'] },
        { testLevel: 'RunLocalTests' }
      );
      let f = await conn.metadata.checkDeployStatus(failing.id, true);
      while (!f.done) f = await conn.metadata.checkDeployStatus(failing.id, true);
      emu.setFaults([]);
      // a zip without package.xml, and one whose file breaks the schema
      const zip = new JSZip();
      zip.file('x.txt', 'x');
      const bare = (await conn.metadata.deploy(
        await zip.generateAsync({ type: 'nodebuffer' }),
        {}
      )) as unknown as {
        id: string;
      };
      let b = await conn.metadata.checkDeployStatus(bare.id, true);
      while (!b.done) b = await conn.metadata.checkDeployStatus(bare.id, true);
      expect(b.status).toBe('Failed');
      const broken = await deployZip(
        {
          'remoteSiteSettings/Bad.remoteSite': `<RemoteSiteSetting ${NS}><notAField/><isActive>maybe</isActive></RemoteSiteSetting>`
        },
        { RemoteSiteSetting: ['Bad', 'Missing'] }
      );
      let k = await conn.metadata.checkDeployStatus(broken.id, true);
      while (!k.done) k = await conn.metadata.checkDeployStatus(broken.id, true);
      expect(k.status).toBe('Failed');
    },
    15 * 60_000
  );

  it(
    'the online verify of the noncompliant and no-shield orgs (other rows, refused reads)',
    async () => {
      for (const profile of ['noncompliant', 'no-shield']) {
        const other = await startEmulator({ profile, onExchange: tap });
        try {
          const r = await runInProcess(['verify', '-o', other.url], {
            env: { SF_ACCESS_TOKEN: other.token, HOME: home }
          });
          expect([profile, r.code]).toEqual([profile, 1]);
        } finally {
          await other.stop();
        }
      }
    },
    10 * 60_000
  );

  it('the routes the clients did not reach: REST, Tooling, composite, Bulk 2.0, SOAP reads, REST deploy, errors', async () => {
    await call(emu, '/services/data', { token: null });
    for (const base of ['/services/data/v63.0', '/services/data/v63.0/tooling']) {
      await call(emu, base);
      await call(emu, `${base}/sobjects`);
      await call(emu, `${base}/sobjects/PermissionSet/describe`);
    }
    await call(emu, '/services/data/v63.0/sobjects/User/describe');
    await call(emu, '/services/data/v63.0/limits');
    // records: a data sObject and a Tooling one with its Metadata column
    const users = (
      await call(emu, `/services/data/v63.0/query?q=${encodeURIComponent('SELECT Id FROM User LIMIT 1')}`)
    ).json() as {
      records: { Id: string }[];
    };
    await call(emu, `/services/data/v63.0/sobjects/User/${users.records[0]!.Id}`);
    const fields = (
      await call(
        emu,
        `/services/data/v63.0/tooling/query?q=${encodeURIComponent('SELECT Id FROM CustomField LIMIT 1')}`
      )
    ).json() as { records: { Id: string }[] };
    await call(emu, `/services/data/v63.0/tooling/sobjects/CustomField/${fields.records[0]!.Id}`);
    // paged queries (200 rows a page) and their next pages: 500 access log rows; 250 more Apex classes for Tooling
    const classes = emu.state.arrayTable('ApexClass');
    for (let i = 0; i < 250; i++)
      classes.insert({
        Id: makeId('01p', 70_000 + i),
        Name: `Generated${i}`,
        NamespacePrefix: null,
        Status: 'Active'
      });
    const paged = async (path: string, soql: string) => {
      const first = (
        await call(emu, `${path}?q=${encodeURIComponent(soql)}`, {
          headers: { 'Sforce-Query-Options': 'batchSize=200' }
        })
      ).json() as { nextRecordsUrl?: string };
      expect(first.nextRecordsUrl).toBeDefined();
      await call(emu, first.nextRecordsUrl as string);
    };
    await paged('/services/data/v63.0/query', 'SELECT Id, Name FROM PHI_Access_Log__c');
    await paged('/services/data/v63.0/tooling/query', 'SELECT Id, Name, Status FROM ApexClass');
    await call(emu, `/services/data/v63.0/query?q=${encodeURIComponent('SELECT COUNT() FROM User')}`);
    await call(
      emu,
      `/services/data/v63.0/query?q=${encodeURIComponent('SELECT ProfileId, COUNT(Id) n FROM User GROUP BY ProfileId')}`
    );
    // composite batch
    await call(emu, '/services/data/v63.0/composite/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        batchRequests: [
          { method: 'GET', url: 'v63.0/limits' },
          { method: 'GET', url: 'v63.0/sobjects/Nope/describe' }
        ]
      })
    });
    // Bulk 2.0: create, poll to completion, results, list, abort, delete
    const job = (
      await call(emu, '/services/data/v63.0/jobs/query', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ operation: 'query', query: 'SELECT Id, Username FROM User' })
      })
    ).json() as { id: string };
    for (let i = 0; i < 3; i++) await call(emu, `/services/data/v63.0/jobs/query/${job.id}`);
    await call(emu, `/services/data/v63.0/jobs/query/${job.id}/results`);
    await call(emu, '/services/data/v63.0/jobs/query');
    const job2 = (
      await call(emu, '/services/data/v63.0/jobs/query', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ operation: 'query', query: 'SELECT Id FROM User' })
      })
    ).json() as { id: string };
    await call(emu, `/services/data/v63.0/jobs/query/${job2.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'Aborted' })
    });
    await call(emu, `/services/data/v63.0/jobs/query/${job2.id}`, { method: 'DELETE' });
    await call(emu, '/services/oauth2/userinfo');
    // SOAP reads: settings, an object, a permission set, a missing name, the LWC deployed above; list; describe
    await conn.metadata.read('SecuritySettings', ['Security', 'Nope']);
    await conn.metadata.read('CustomObject', ['Contact', 'Health_Intake__c', 'PHI_Access_Log__c']);
    await conn.metadata.read('PermissionSet', ['PHI_Clinical_Staff', 'PHI_Portal_Patient']);
    await conn.metadata.read('LightningComponentBundle', ['labCard']);
    await conn.metadata.read('PlatformEncryptionSettings', ['PlatformEncryption']);
    await conn.metadata.list(
      [{ type: 'PermissionSet' }, { type: 'ApexClass' }, { type: 'CustomObject' }],
      '63.0'
    );
    await conn.metadata.describe('63.0');
    // REST deployRequest: create, poll, cancel
    const zip = new JSZip();
    zip.file(
      'package.xml',
      `<Package ${NS}><types><members>Lab3</members><name>RemoteSiteSetting</name></types><version>63.0</version></Package>`
    );
    zip.file(
      'remoteSiteSettings/Lab3.remoteSite',
      `<RemoteSiteSetting ${NS}><isActive>true</isActive><url>https://lab3.example.com</url></RemoteSiteSetting>`
    );
    const body = await zip.generateAsync({ type: 'nodebuffer' });
    const multipart =
      '--B\r\nContent-Disposition: form-data; name="entity_content"\r\nContent-Type: application/json\r\n\r\n' +
      JSON.stringify({ deployOptions: { testLevel: 'NoTestRun' } }) +
      '\r\n--B\r\nContent-Disposition: form-data; name="file"; filename="deploy.zip"\r\nContent-Type: application/zip\r\n\r\n';
    const created = await fetch(`${emu.url}/services/data/v63.0/metadata/deployRequest`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emu.token}`, 'content-type': 'multipart/form-data; boundary=B' },
      body: Buffer.concat([Buffer.from(multipart), body, Buffer.from('\r\n--B--\r\n')])
    });
    const { id } = (await created.json()) as { id: string };
    for (let i = 0; i < 3; i++)
      await call(emu, `/services/data/v63.0/metadata/deployRequest/${id}?includeDetails=true`);
    await call(emu, `/services/data/v63.0/metadata/deployRequest/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deployResult: { status: 'Canceling' } })
    });
    // errors: REST, Tooling, composite, Bulk 2.0 and SOAP, each in the org's shape
    await call(emu, `/services/data/v63.0/query?q=${encodeURIComponent('SELECT Nope FROM User')}`);
    await call(emu, `/services/data/v63.0/query?q=${encodeURIComponent('SELECT Id FROM NoSuchObject__c')}`);
    await call(emu, `/services/data/v63.0/query?q=${encodeURIComponent('SELEKT Id FROM User')}`);
    await call(emu, '/services/data/v63.0/query');
    await call(
      emu,
      `/services/data/v63.0/tooling/query?q=${encodeURIComponent('SELECT Id FROM FieldDefinition')}`
    );
    await call(emu, '/services/data/v63.0/query/01gNOPE-200');
    await call(emu, '/services/data/v63.0/nope');
    await call(emu, '/services/data/v63.0/limits', { token: 'not-the-token' });
    await call(emu, '/services/data/v63.0/composite', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{'
    });
    await call(emu, '/services/data/v63.0/jobs/query', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'query', query: 'SELECT COUNT() FROM User' })
    });
    await soap('readMetadata', '<type>NoSuchType</type><fullNames>x</fullNames>');
    await soap('createMetadata', '<metadata/>');
    await soap(
      'checkDeployStatus',
      '<asyncProcessId>0AfNOPE</asyncProcessId><includeDetails>true</includeDetails>'
    );
    for (const fault of ['request-limit', 'error-500', 'unavailable']) {
      emu.setFaults([fault]);
      await call(emu, '/services/data/v63.0/limits');
      await soap('describeMetadata', '<asOfVersion>63.0</asOfVersion>');
    }
    emu.setFaults([]);
    await soap('describeMetadata', '<asOfVersion>63.0</asOfVersion>').then(() =>
      fetch(`${emu.url}/services/Soap/m/63.0`, { method: 'POST', body: '<x/>' })
    );
  });

  it('every object the emulator serves through the Tooling API is a Tooling sObject, each column one of its fields', () => {
    const t = contracts().tooling;
    const served = OBJECTS.filter((d) => servedBy(d, true));
    expect(served.length).toBeGreaterThan(15);
    for (const d of served) {
      const view = toolingView(d) as ObjectDef;
      const record = Object.fromEntries(view.fields.map((f) => [f.name, null]));
      expect([d.name, t.has(d.name), t.check(d.name, record, { encoding: 'json', partial: true })]).toEqual([
        d.name,
        true,
        []
      ]);
    }
    // the data API's User is wider than the Tooling API's: a Tooling query for User.Email is refused, as in an org
    expect(toolingView(objectDef('User') as ObjectDef)?.fields.some((f) => f.name === 'Email')).toBe(false);
    expect(servedBy(objectDef('ObjectPermissions') as ObjectDef, true)).toBe(false);
  });

  it('each of them conforms, and every route the emulator serves was reached', () => {
    const seen = new Map<string, string[]>();
    const failures: string[] = [];
    for (const x of exchanges) {
      if (x.path.startsWith('/__emulator/')) continue; // the emulator's own control routes, not an org answer
      const v = checkAnswer(x);
      seen.set(v.route, [...(seen.get(v.route) ?? []), x.path]);
      for (const p of v.problems) failures.push(`${v.route} ${x.method} ${x.path}: ${p}`);
    }
    expect([...new Set(failures)]).toEqual([]);
    expect([...seen.keys()].filter((r) => r.startsWith('unclassified'))).toEqual([]);
    const expected = [
      'bulk2:abort',
      'bulk2:create',
      'bulk2:delete',
      'bulk2:info',
      'bulk2:list',
      'bulk2:results',
      'error:400',
      'error:401',
      'error:403',
      'error:404',
      'error:500',
      'http-503',
      'rest:composite',
      'rest:compositeBatch',
      'rest:deployRequest:GET',
      'rest:deployRequest:PATCH',
      'rest:deployRequest:POST',
      'rest:describe',
      'rest:describeGlobal',
      'rest:limits',
      'rest:query',
      'rest:queryMore',
      'rest:record',
      'rest:resources',
      'soap:cancelDeploy',
      'soap:checkDeployStatus',
      'soap:checkDeployStatus:fault',
      'soap:createMetadata:fault',
      'soap:deploy',
      'soap:describeMetadata',
      'soap:describeMetadata:fault',
      'soap:listMetadata',
      'soap:readMetadata',
      'soap:readMetadata:fault',
      'tooling:describe',
      'tooling:describeGlobal',
      'tooling:query',
      'tooling:queryMore',
      'tooling:record',
      'tooling:resources',
      'userinfo',
      'versions'
    ];
    expect(expected.filter((r) => !seen.has(r))).toEqual([]);
  });
});
