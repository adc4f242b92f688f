import { randomBytes } from 'node:crypto';
import { restError, type EmuRequest, type EmuResponse } from './http-types';
import type { OrgState } from './state';
import { runSoql, type QueryOutcome } from './soql/evaluate';
import { parseSoql, SoqlError } from './soql/parser';

/**
 * Bulk API 2.0 query jobs.
 * - create (POST /jobs/query, state UploadComplete), get info (GET /jobs/query/<id>), abort (PATCH state Aborted),
 *   delete (DELETE): https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm
 * - results (GET /jobs/query/<id>/results?locator=&maxRecords=, CSV, headers Sforce-Locator ('null' on the last
 *   set) and Sforce-NumberOfRecords; the job must be JobComplete):
 *   https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
 * - no GROUP BY, OFFSET, TYPEOF, aggregate functions or parent-to-child subqueries (the same "queries" page). The
 *   error code an org returns for them is not documented; the emulator answers 400 API_ERROR at job creation.
 * Results are produced one set at a time: only `maxRecords` rows are projected and serialised per request.
 */
interface Job {
  id: string;
  operation: 'query' | 'queryAll';
  query: string;
  object: string;
  version: string;
  state: 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted' | 'Failed';
  createdDate: string;
  polls: number;
  outcome?: QueryOutcome;
  columns: string[];
  errorMessage?: string;
}

const DEFAULT_MAX_RECORDS = 50_000;

export class BulkApi {
  private jobs = new Map<string, Job>();
  constructor(
    private readonly state: OrgState,
    private readonly now: () => Date,
    private readonly failJobs: () => boolean = () => false
  ) {}

  handle(req: EmuRequest, version: string, rest: string): EmuResponse {
    if ((rest === '' || rest === '/') && req.method === 'POST') return this.create(req, version);
    if ((rest === '' || rest === '/') && req.method === 'GET')
      return {
        status: 200,
        body: { done: true, records: [...this.jobs.values()].map((j) => this.info(j)), nextRecordsUrl: null }
      };
    const m = /^\/(750\w{15})(\/results)?\/?$/.exec(rest);
    const job = m ? this.jobs.get(m[1] as string) : undefined;
    if (!m || !job) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (job.version !== version)
      return restError(
        409,
        'API_ERROR',
        'Use the same API version to get query results that you used to create the query'
      );
    if (m[2])
      return req.method === 'GET'
        ? this.results(job, req)
        : restError(405, 'METHOD_NOT_ALLOWED', 'HTTP Method not allowed');
    switch (req.method) {
      case 'GET':
        this.advance(job);
        return { status: 200, body: this.info(job) };
      case 'PATCH': {
        const body = parseJson(req.body);
        if (body?.state !== 'Aborted')
          return restError(400, 'INVALIDJOBSTATE', 'Only state Aborted can be set');
        if (job.state === 'JobComplete') return restError(400, 'INVALIDJOBSTATE', 'Job is already complete');
        job.state = 'Aborted';
        return { status: 200, body: this.info(job) };
      }
      case 'DELETE':
        this.jobs.delete(job.id);
        return { status: 204 };
      default:
        return restError(405, 'METHOD_NOT_ALLOWED', 'HTTP Method not allowed');
    }
  }

  private create(req: EmuRequest, version: string): EmuResponse {
    const body = parseJson(req.body);
    const operation = body?.operation;
    const query = body?.query;
    if ((operation !== 'query' && operation !== 'queryAll') || typeof query !== 'string')
      return restError(
        400,
        'INVALIDJOB',
        "Invalid job: 'operation' must be query or queryAll and 'query' a SOQL string"
      );
    let object: string;
    try {
      const q = parseSoql(query);
      if (q.groupBy.length || q.offset !== undefined || q.countOnly || q.select.some((s) => s.kind === 'agg'))
        return restError(
          400,
          'API_ERROR',
          'Bulk API 2.0 does not support GROUP BY, OFFSET or aggregate functions in a query job'
        );
      object = q.from;
      // Validate object and fields now, as an org does when it accepts the job.
      runSoql(`${query.replace(/\s+LIMIT\s+\d+\s*$/i, '')} LIMIT 0`, this.ctx(version));
    } catch (e) {
      if (e instanceof SoqlError) return restError(400, e.errorCode, e.message);
      throw e;
    }
    const id = `750${randomBytes(8).toString('hex').slice(0, 15)}`;
    const job: Job = {
      id,
      operation,
      query,
      object,
      version,
      state: 'UploadComplete',
      createdDate: stamp(this.now()),
      polls: 0,
      columns: []
    };
    this.jobs.set(id, job);
    return { status: 200, body: this.info(job) };
  }

  private ctx(version: string) {
    return { state: this.state, tooling: false, apiVersion: version, now: this.now() };
  }

  /** Each poll moves the job on: UploadComplete -> InProgress -> JobComplete. */
  private advance(job: Job): void {
    if (job.state === 'UploadComplete') job.state = 'InProgress';
    else if (job.state === 'InProgress') {
      if (this.failJobs()) {
        job.state = 'Failed';
        job.errorMessage =
          'InternalServerError: the query job failed while processing; retry with a narrower filter';
        return;
      }
      try {
        job.outcome = runSoql(job.query, this.ctx(job.version));
        job.columns = parseSoql(job.query).select.map((s) => (s.kind === 'field' ? s.path : ''));
        job.state = 'JobComplete';
      } catch (e) {
        job.state = 'Failed';
        job.errorMessage =
          e instanceof SoqlError
            ? `${e.errorCode}: ${e.message.trim().split('\n').pop() ?? ''}`
            : 'UNKNOWN_EXCEPTION';
      }
    }
  }

  private info(job: Job): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: job.id,
      operation: job.operation,
      object: job.object,
      createdById: this.state.info.userId,
      createdDate: job.createdDate,
      systemModstamp: job.createdDate,
      state: job.state,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(job.version),
      jobType: 'V2Query',
      lineEnding: 'LF',
      columnDelimiter: 'COMMA'
    };
    if (job.state === 'JobComplete' || job.state === 'InProgress') {
      out.numberRecordsProcessed = job.outcome?.totalSize ?? 0;
      out.retries = 0;
      out.totalProcessingTime = job.state === 'JobComplete' ? 250 : 0;
      out.isPkChunkingSupported = true;
    }
    if (job.errorMessage) out.errorMessage = job.errorMessage;
    return out;
  }

  private results(job: Job, req: EmuRequest): EmuResponse {
    if (job.state !== 'JobComplete' || !job.outcome)
      return restError(
        400,
        'INVALIDJOBSTATE',
        `Job ${job.id} is in state ${job.state}; results are available once it is JobComplete`
      );
    const locator = req.query.get('locator');
    const start = locator ? decodeLocator(locator) : 0;
    if (start === undefined || start > job.outcome.totalSize)
      return restError(400, 'INVALID_LOCATOR', 'The locator is not valid for this job');
    const maxParam = req.query.get('maxRecords');
    const max =
      maxParam && /^\d+$/.test(maxParam) && Number(maxParam) > 0 ? Number(maxParam) : DEFAULT_MAX_RECORDS;
    const end = Math.min(job.outcome.totalSize, start + max);
    const records = job.outcome.page(start, end);
    const lines = [job.columns.map(csv).join(',')];
    for (const r of records) lines.push(job.columns.map((c) => csv(cell(r, c))).join(','));
    return {
      status: 200,
      headers: {
        'Sforce-Locator': end < job.outcome.totalSize ? encodeLocator(end) : 'null',
        'Sforce-NumberOfRecords': String(records.length)
      },
      body: `${lines.join('\n')}\n`,
      contentType: 'text/csv'
    };
  }
}

function parseJson(b: Buffer): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(b.toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stamp(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

function encodeLocator(n: number): string {
  return Buffer.from(`emu:${n}`).toString('base64url');
}

function decodeLocator(s: string): number | undefined {
  const m = /^emu:(\d+)$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/** Reads `Parent.Name` style paths from a REST-shaped record, case-insensitively. */
function cell(rec: Record<string, unknown>, path: string): unknown {
  let cur: unknown = rec;
  for (const part of path.split('.')) {
    if (!cur || typeof cur !== 'object') return null;
    const key = Object.keys(cur).find((k) => k.toLowerCase() === part.toLowerCase());
    cur = key === undefined ? null : (cur as Record<string, unknown>)[key];
  }
  if (typeof cur === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+\+0000$/.test(cur))
    return cur.replace('+0000', 'Z');
  return cur;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; null is empty. */
function csv(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
