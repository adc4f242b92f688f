import { startEmulator, type Emulator } from '../../emulator/server';
import { loadProfile } from '../../emulator/profiles/index';
import { accessLogTable } from '../../emulator/profiles/large';
import { verifyChain, type HashVersion, type LogRow } from '../../src/audit/hash-chain';
import { call, LOG_FIELDS, toLogRows } from './helpers';

const NOW = new Date('2026-11-26T09:00:00Z');
let emu: Emulator;
beforeAll(async () => {
  const state = loadProfile('compliant', { now: NOW });
  state.setTable(accessLogTable(state, NOW, 5000));
  emu = await startEmulator({ state, now: NOW });
});
afterAll(async () => {
  await emu.stop();
});

const BASE = '/services/data/v63.0/jobs/query';
const post = (body: unknown) =>
  call(emu, BASE, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' }
  });

function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
}

describe('Bulk API 2.0 query jobs', () => {
  it('creates a job (UploadComplete), polls to InProgress then JobComplete, and pages CSV results with Sforce-Locator', async () => {
    const created = await post({
      operation: 'query',
      query: `SELECT ${LOG_FIELDS} FROM PHI_Access_Log__c ORDER BY Sequence__c`
    });
    expect(created.status).toBe(200);
    const job = created.json() as Record<string, unknown>;
    expect(job).toMatchObject({
      id: expect.stringMatching(/^750\w{15}$/),
      operation: 'query',
      object: 'PHI_Access_Log__c',
      state: 'UploadComplete',
      contentType: 'CSV',
      apiVersion: 63,
      lineEnding: 'LF',
      columnDelimiter: 'COMMA'
    });
    const early = await call(emu, `${BASE}/${String(job.id)}/results`);
    expect(early.status).toBe(400);
    const states = [];
    for (let i = 0; i < 2; i++)
      states.push((await call(emu, `${BASE}/${String(job.id)}`)).json() as Record<string, unknown>);
    expect(states.map((s) => s.state)).toEqual(['InProgress', 'JobComplete']);
    expect(states[1]!.numberRecordsProcessed).toBe(5000);

    const rows: LogRow[] = [];
    let locator: string | null = null;
    let sets = 0;
    do {
      const r = await call(
        emu,
        `${BASE}/${String(job.id)}/results?maxRecords=1200${locator ? `&locator=${locator}` : ''}`
      );
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('text/csv');
      const [header, ...lines] = parseCsv(r.text);
      expect(header).toEqual([
        'Sequence__c',
        'Occurred_At__c',
        'Actor_Id__c',
        'Object_Name__c',
        'Record_Id__c',
        'Field_Names__c',
        'Action__c',
        'Channel__c',
        'Purpose__c',
        'Event_Uuid__c',
        'Dedup_Id__c',
        'Hash_Version__c',
        'Previous_Hash__c',
        'Hash__c'
      ]);
      expect(Number(r.headers.get('sforce-numberofrecords'))).toBe(lines.length);
      sets++;
      locator = r.headers.get('sforce-locator');
      if (locator === 'null') locator = null;
      for (const l of r.text.trimEnd().split('\n').slice(1)) {
        const cells = l
          .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
          .map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
        rows.push({
          sequence: Number(cells[0]),
          occurredAt: cells[1]!,
          actorId: cells[2]!,
          objectName: cells[3]!,
          recordId: cells[4]!,
          fieldNames: cells[5]!,
          action: cells[6]!,
          channel: cells[7]!,
          purpose: cells[8] || null,
          eventUuid: cells[9] || null,
          dedupId: cells[10] || null,
          version: (cells[11] || undefined) as HashVersion | undefined,
          previousHash: cells[12]!,
          hash: cells[13]!
        });
      }
    } while (locator);
    expect(sets).toBe(5);
    expect(rows).toHaveLength(5000);
    expect(verifyChain(rows)).toEqual([]);
  });
  it('rejects GROUP BY, aggregates and OFFSET, and unknown objects, at job creation', async () => {
    for (const query of [
      'SELECT Action__c, COUNT(Id) FROM PHI_Access_Log__c GROUP BY Action__c',
      'SELECT COUNT() FROM PHI_Access_Log__c',
      'SELECT Id FROM PHI_Access_Log__c LIMIT 10 OFFSET 5'
    ]) {
      const r = await post({ operation: 'query', query });
      expect(r.status).toBe(400);
      expect((r.json() as { errorCode: string }[])[0]!.errorCode).toBe('API_ERROR');
    }
    const bad = await post({ operation: 'query', query: 'SELECT Id FROM Nope__c' });
    expect((bad.json() as { errorCode: string }[])[0]!.errorCode).toBe('INVALID_TYPE');
  });
  it('aborts and deletes jobs; the request log counts them as bulk2 API calls that write nothing', async () => {
    const job = (await post({ operation: 'queryAll', query: 'SELECT Id, Name FROM User' })).json() as {
      id: string;
    };
    const aborted = await call(emu, `${BASE}/${job.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ state: 'Aborted' })
    });
    expect((aborted.json() as { state: string }).state).toBe('Aborted');
    expect((await call(emu, `${BASE}/${job.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(emu, `${BASE}/${job.id}`)).status).toBe(404);
    const log = emu.requests().filter((e) => e.family === 'bulk2');
    expect(log.some((e) => e.method === 'POST' && e.apiCall)).toBe(true);
    expect(log.every((e) => !e.write)).toBe(true);
  });
});

describe('issue 15 fault switches', () => {
  afterEach(() => emu.setFaults([]));
  it('bulk-job-failed: the job ends Failed with an errorMessage', async () => {
    emu.setFaults(['bulk-job-failed']);
    const job = (await post({ operation: 'query', query: 'SELECT Id FROM PHI_Access_Log__c' })).json() as {
      id: string;
    };
    await call(emu, `${BASE}/${job.id}`);
    const info = (await call(emu, `${BASE}/${job.id}`)).json() as { state: string; errorMessage: string };
    expect(info.state).toBe('Failed');
    expect(info.errorMessage).toMatch(/failed/);
  });
  it('log-tamper:<sequence>: that row reads back altered and the chain check finds it', async () => {
    emu.setFaults(['log-tamper:7']);
    const q = encodeURIComponent(
      `SELECT ${LOG_FIELDS} FROM PHI_Access_Log__c WHERE Sequence__c <= 10 ORDER BY Sequence__c`
    );
    const body = (await call(emu, `/services/data/v63.0/query?q=${q}`)).json() as {
      records: Record<string, unknown>[];
    };
    const rows = toLogRows(body.records);
    expect(verifyChain(rows)).toEqual([{ kind: 'hash-mismatch', sequence: 7 }]);
  });
});
