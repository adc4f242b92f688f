import type { Connection } from '@salesforce/core';
import { UserError } from '../errors';
import { orgMsg } from '../messages/org';
import { classifyError, classifyResponse, fatalError, startError, type OrgFailure } from './errors';
import { guardOf, PageTracker, type BudgetView, type OrgGuard } from './guard';
import type { GuardOptions } from './guard/transport';
import { chunk } from './soql';

/**
 * OrgClient: the only module that talks to a Salesforce org. It wraps a `@salesforce/core`
 * `Connection` and adds what a read-only posture scan needs:
 *
 * - **Guarded.** Every request goes through the org guard (./guard) under the Connection: the instance's
 *   origin only, timeouts, a size cap and the documented shape per answer, and the run's call budget. What the
 *   guard refuses comes back as a failure with its reason, like a refused read.
 * - **Reads only.** GET for REST/Tooling queries and `/limits`; POST only for Composite (whose
 *   subrequests are all GETs) and the SOAP Metadata API read calls (`readMetadata`, `listMetadata`).
 * - **Budget.** {@link OrgClient.checkBudget} reads `/limits` first (before any other call, if the caller did not)
 *   and refuses to start when less than `minRemainingShare` of `DailyApiRequests` is left; from then on the
 *   guard holds the run to that share, re-checked before every request. Every HTTP attempt is counted
 *   ({@link OrgClient.callsUsed}) and logged ({@link OrgClient.requests}).
 * - **Paging** follows `nextRecordsUrl` and stops a loop ({@link PageTracker}): a repeated locator, a page with
 *   no record, more records than `totalSize`; the query is then unknown, never a partial list.
 * - **Batching.** {@link OrgClient.queryMany} sends up to 5 queries per Composite call (the
 *   documented cap on query subrequests; the whole call counts as one API request), and follows
 *   `nextRecordsUrl` pages, again batched.
 * - **Retries** of HTTP 503, UNABLE_TO_LOCK_ROW and socket timeouts, with bounded exponential backoff, within the
 *   guard's total time for one call.
 * - **Failures.** An expired session (401 / INVALID_SESSION_ID), an exhausted daily limit or a
 *   refused connection throws a {@link UserError} (exit 2). A refused read (INVALID_TYPE,
 *   INSUFFICIENT_ACCESS, ...) is returned as a failed {@link QueryResult}, so the caller can record
 *   the fact as unknown, with the reason.
 *
 * The access token is never logged, stored in the request log, or put in an error message.
 *
 * References:
 * - Composite: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm
 *   ("up to 25 subrequests ... up to 5 of these subrequests can be sObject Collections or query operations";
 *   "the whole composite request counts as one call toward your API limits").
 * - Query paging (nextRecordsUrl): https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 * - Limits: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
 * - readMetadata (10 names per call) / listMetadata (3 queries per call):
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_readMetadata.htm
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_listmetadata.htm
 */

/** One query to run: SOQL text and whether it goes to the Tooling API. */
export interface QueryRequest {
  soql: string;
  tooling?: boolean;
}

/** A query's outcome: every page's records, or the failure that refused it. */
export type QueryResult<T = Record<string, unknown>> =
  { ok: true; records: T[]; totalSize: number } | { ok: false; failure: OrgFailure };

/** One HTTP attempt, as recorded in {@link OrgClient.requests}: no headers, no bodies, no token. */
export interface RequestLogEntry {
  seq: number;
  method: 'GET' | 'POST';
  /** Path and query string, relative to the instance URL (SOQL text is names and ids only). */
  path: string;
  /** For composite and SOAP calls: what was inside (e.g. "5 queries", "readMetadata CustomObject x10"). */
  detail?: string;
  status: number | string;
  ms: number;
  attempt: number;
}

/** `/limits` DailyApiRequests, as read at start. */
export interface ApiBudget {
  max: number;
  remaining: number;
}

export interface OrgClientOptions {
  /** API version, e.g. "63.0" (default). */
  apiVersion?: string;
  /** Refuse to start below this share of DailyApiRequests remaining (default 0.1). */
  minRemainingShare?: number;
  /** Retries per request for transient failures (default 4). */
  maxRetries?: number;
  /** First backoff delay; doubles per retry, capped at 8 s (default: the guard's `backoff`, 250 ms). */
  baseDelayMs?: number;
  /** What to call the org in messages (the -o value; never the token). */
  target?: string;
  /** Query page size hint (Sforce-Query-Options batchSize, 200..2000; default 2000). */
  batchSize?: number;
}

/** A metadata component as returned by readMetadata: `fullName` plus type-specific fields. */
export type MetadataRecord = { fullName?: string } & Record<string, unknown>;

/** listMetadata's FileProperties, the fields we use. */
export interface FileProps {
  type: string;
  fullName: string;
  namespacePrefix?: string;
  manageableState?: string;
}

const MAX_QUERIES_PER_COMPOSITE = 5;
const MAX_READ_NAMES = 10;
const MAX_LIST_QUERIES = 3;
const MAX_DELAY_MS = 8000;

type Pending = { index: number; url: string; tooling: boolean; attempts: number };

export class OrgClient {
  readonly apiVersion: string;
  readonly target: string;
  private readonly minShare: number;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly queryOptions: string;
  private readonly log: RequestLogEntry[] = [];
  private budgetRead?: ApiBudget;
  private readingBudget = false;
  /** The guard under the Connection: origin, timeouts, caps, shapes and the run's call budget. */
  readonly guard: OrgGuard;

  /**
   * @param conn an authenticated `@salesforce/core` Connection (see `connectOrg` in ./connect).
   * @param opts budget, retry and version options.
   */
  constructor(
    private readonly conn: Connection,
    opts: OrgClientOptions = {}
  ) {
    // The connection's version (connectOrg sets it from --api-version), so one setting governs every call.
    this.apiVersion = opts.apiVersion ?? conn.getApiVersion?.() ?? '63.0';
    this.target = opts.target ?? conn.instanceUrl;
    this.minShare = opts.minRemainingShare ?? 0.1;
    this.maxRetries = opts.maxRetries ?? 4;
    this.queryOptions = `batchSize=${opts.batchSize ?? 2000}`;
    this.guard = guardOf(conn);
    this.baseDelayMs = opts.baseDelayMs ?? this.guard.settings.timeouts.backoffMs;
  }

  /** The run's budget as it stands: requests sent through the guard, and daily requests left now. */
  get budgetNow(): BudgetView {
    return this.guard.budget.view();
  }

  /** HTTP requests sent so far (each retry counts: it is a request the org saw). */
  get callsUsed(): number {
    return this.log.length;
  }

  /** The request log: method, path, status and timing of every attempt. */
  get requests(): readonly RequestLogEntry[] {
    return this.log;
  }

  /** DailyApiRequests as read by {@link checkBudget}, if it ran. */
  get budget(): ApiBudget | undefined {
    return this.budgetRead;
  }

  /** The instance URL of the org. */
  get instanceUrl(): string {
    return this.conn.instanceUrl;
  }

  /**
   * Reads `/limits` and refuses to start (UserError, exit 2) when the remaining share of
   * DailyApiRequests is below the configured floor. Call it before any other read.
   * @returns the DailyApiRequests budget.
   */
  async checkBudget(): Promise<ApiBudget> {
    this.readingBudget = true;
    let res: Awaited<ReturnType<OrgClient['send']>>;
    try {
      res = await this.send('GET', `${this.base()}/limits`);
    } finally {
      this.readingBudget = false;
    }
    if (res.failure) {
      const f = res.failure;
      // An org that is down or failing is named as such; a refused or unreadable answer, with its reason.
      if (f.kind === 'retry' || (typeof f.status === 'number' && f.status >= 500))
        throw startError(f, this.target, res.attempts - 1);
      const reason = f.errorCode.startsWith('GUARD_') ? f.message : `${f.status || ''} ${f.errorCode}`.trim();
      throw new UserError(orgMsg.budget.unreadable(reason), 'OrgLimitError');
    }
    // The guard checked the shape: DailyApiRequests {Max, Remaining} are whole numbers.
    const daily = (res.body as { DailyApiRequests: { Max: number; Remaining: number } }).DailyApiRequests;
    const { Max: max, Remaining: remaining } = daily;
    if (max <= 0) throw new UserError(orgMsg.budget.unreadable('no DailyApiRequests'), 'OrgLimitError');
    this.budgetRead = { max, remaining };
    if (remaining / max < this.minShare) {
      throw new UserError(orgMsg.budget.tooLow(remaining, max, this.minShare), 'OrgLimitError');
    }
    this.guard.budget.setFromLimits(max, remaining, this.minShare);
    return this.budgetRead;
  }

  /** Runs one query (all pages). Same as `queryMany([req])[0]`. */
  async query<T = Record<string, unknown>>(soql: string, tooling = false): Promise<QueryResult<T>> {
    const [r] = await this.queryMany<T>([{ soql, tooling }]);
    return r!;
  }

  /**
   * Runs several queries with as few API calls as possible: Composite requests of up to 5 query
   * subrequests (Tooling queries go to `/tooling/composite`), then the `nextRecordsUrl` pages of
   * every query, batched the same way. A single pending request is sent as a plain GET.
   * Results come back in request order; a refused query is `{ok: false}`, the others still run.
   */
  async queryMany<T = Record<string, unknown>>(requests: readonly QueryRequest[]): Promise<QueryResult<T>[]> {
    const pages = requests.map(() => ({ records: [] as T[], totalSize: 0 }));
    const failures: (OrgFailure | undefined)[] = requests.map(() => undefined);
    const trackers = requests.map(() => new PageTracker());
    let pending: Pending[] = requests.map((r, index) => ({
      index,
      url: `${this.base(r.tooling)}/query?q=${encodeURIComponent(r.soql)}`,
      tooling: !!r.tooling,
      attempts: 0
    }));
    while (pending.length) {
      const next: Pending[] = [];
      const byFamily = [pending.filter((p) => !p.tooling), pending.filter((p) => p.tooling)];
      for (const family of byFamily) {
        for (const group of chunk(family, MAX_QUERIES_PER_COMPOSITE)) {
          const answers = await this.sendQueries(group);
          group.forEach((p, i) => {
            const a = answers[i]!;
            if (!a.failure && a.status >= 200 && a.status < 300) {
              const slot = pages[p.index]!;
              // The guard checked the page's shape (totalSize, done, records[], a locator on this origin).
              const body = a.body as { records: T[]; totalSize: number; nextRecordsUrl?: string };
              const loop = trackers[p.index]!.add(body);
              if (loop) {
                failures[p.index] = classifyError(loop);
                slot.records = [];
                return;
              }
              slot.records.push(...body.records);
              slot.totalSize = body.totalSize;
              if (body.nextRecordsUrl) {
                next.push({ ...p, url: body.nextRecordsUrl, attempts: 0 });
              }
              return;
            }
            // A failure send() caught was already retried there (and a fatal one thrown): final.
            if (a.failure) {
              failures[p.index] = a.failure;
              return;
            }
            // A composite subresponse's failure: retried here, one subrequest at a time.
            const f = classifyResponse(a.status, a.body);
            if (f.kind === 'fatal') throw fatalError(f, this.target);
            if (f.kind === 'retry' && p.attempts < this.maxRetries) {
              next.push({ ...p, attempts: p.attempts + 1 });
              return;
            }
            failures[p.index] = f;
          });
        }
      }
      const retries = next.filter((p) => p.attempts > 0);
      if (retries.length) await sleep(this.delay(Math.max(...retries.map((p) => p.attempts))));
      pending = next;
    }
    return pages.map((r, i) => {
      const failure = failures[i];
      return failure ? { ok: false, failure } : { ok: true, records: r.records, totalSize: r.totalSize };
    });
  }

  /**
   * Metadata API `readMetadata`, 10 names per call. Returns one entry per requested name, in
   * order: the record, or `undefined` when the org returned an empty record (a missing or
   * misspelled name, or a component hidden from the running user: the API does not say which).
   * Names are always sent as an array: jsforce throws on an empty single result.
   * @throws UserError on a fatal failure; the failure itself (as `{failure}`) when the call is refused.
   */
  async readMetadata<T extends MetadataRecord = MetadataRecord>(
    type: string,
    names: readonly string[]
  ): Promise<{ ok: true; records: (T | undefined)[] } | { ok: false; failure: OrgFailure }> {
    const out: (T | undefined)[] = [];
    for (const group of chunk(names, MAX_READ_NAMES)) {
      const r = await this.soap(`readMetadata ${type} x${group.length}`, () =>
        this.conn.metadata.read(type as never, [...group])
      );
      if (!r.ok) return r;
      const records = (Array.isArray(r.value) ? r.value : [r.value]) as unknown as T[];
      const byName = new Map<string, T>();
      for (const rec of records) {
        if (rec && typeof rec.fullName === 'string' && rec.fullName) byName.set(rec.fullName, rec);
      }
      for (const n of group) out.push(byName.get(n));
    }
    return { ok: true, records: out };
  }

  /**
   * Metadata API `listMetadata`, 3 type queries per call.
   * @returns the components of every listed type, or the failure that refused the call.
   */
  async listMetadata(
    types: readonly string[]
  ): Promise<{ ok: true; components: FileProps[] } | { ok: false; failure: OrgFailure }> {
    const out: FileProps[] = [];
    for (const group of chunk(types, MAX_LIST_QUERIES)) {
      const r = await this.soap(`listMetadata ${group.join(',')}`, () =>
        this.conn.metadata.list(
          group.map((type) => ({ type })),
          this.apiVersion
        )
      );
      if (!r.ok) return r;
      const list = (Array.isArray(r.value) ? r.value : r.value ? [r.value] : []) as unknown as FileProps[];
      out.push(...list.filter((c) => c && typeof c.fullName === 'string'));
    }
    return { ok: true, components: out };
  }

  private base(tooling = false): string {
    return `/services/data/v${this.apiVersion}${tooling ? '/tooling' : ''}`;
  }

  private delay(attempt: number): number {
    return backoffDelay(this.baseDelayMs, attempt);
  }

  /** One query group: a plain GET for one request, a Composite POST for several. */
  private async sendQueries(
    group: Pending[]
  ): Promise<{ status: number; body: unknown; failure?: OrgFailure }[]> {
    if (group.length === 1) {
      const p = group[0]!;
      const res = await this.send('GET', p.url);
      return [res];
    }
    const tooling = group[0]!.tooling;
    const res = await this.send('POST', `${this.base(tooling)}/composite`, {
      detail: `${group.length} queries`,
      body: {
        allOrNone: false,
        compositeRequest: group.map((p, i) => ({
          method: 'GET',
          url: p.url,
          referenceId: `q${i}`,
          httpHeaders: { 'Sforce-Query-Options': this.queryOptions }
        }))
      }
    });
    if (res.status >= 300 || res.failure) return group.map(() => res);
    const subs = (
      res.body as { compositeResponse?: { body: unknown; httpStatusCode: number; referenceId: string }[] }
    )?.compositeResponse;
    return group.map((_, i) => {
      const sub = subs?.find((s) => s.referenceId === `q${i}`);
      return sub
        ? { status: sub.httpStatusCode, body: sub.body }
        : {
            status: 500,
            body: [{ errorCode: 'MISSING_SUBRESPONSE', message: 'composite answer lacks a subresponse' }]
          };
    });
  }

  /**
   * One REST request through the Connection, with jsforce's own retries off (this class retries,
   * so every attempt is counted). Retries transient failures; returns the final status and body,
   * or throws a UserError on a fatal failure.
   */
  private async send(
    method: 'GET' | 'POST',
    url: string,
    opts: { body?: unknown; detail?: string } = {}
  ): Promise<{ status: number; body: unknown; failure?: OrgFailure; attempts: number }> {
    await this.ensureBudget();
    const deadline = this.guard.deadline();
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const entry: RequestLogEntry = {
        seq: this.log.length + 1,
        method,
        path: url,
        detail: opts.detail,
        status: 0,
        ms: 0,
        attempt
      };
      this.log.push(entry);
      let outcome: { status: number; body: unknown; failure?: OrgFailure; attempts: number };
      let answered = 0;
      try {
        const body: unknown = await this.conn.request(
          {
            method,
            url,
            body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
            headers: { 'content-type': 'application/json', 'Sforce-Query-Options': this.queryOptions }
          },
          // Passed through jsforce to the guard's transport: this call's retries end by the deadline.
          {
            retry: { maxRetries: 0 },
            phiGuardDeadline: deadline,
            phiGuardStatus: (status: number) => {
              answered = status;
            }
          } satisfies GuardOptions & { retry: object } as unknown as Parameters<Connection['request']>[1]
        );
        outcome = { status: 200, body, attempts: attempt };
      } catch (e) {
        const f = classifyError(e);
        // jsforce's error for a REST error answer has no status; the guard saw it.
        if (!f.status && answered) f.status = answered;
        outcome = {
          status: typeof f.status === 'number' ? f.status : 0,
          body: undefined,
          failure: f,
          attempts: attempt
        };
      }
      entry.status = outcome.failure
        ? `${outcome.failure.status || ''} ${outcome.failure.errorCode}`.trim()
        : 200;
      entry.ms = Date.now() - started;
      const f = outcome.failure;
      if (!f) return outcome;
      if (f.kind === 'fatal') throw fatalError(f, this.target);
      if (this.mayRetry(f, attempt, deadline)) {
        await sleep(this.delay(attempt));
        continue;
      }
      return outcome;
    }
  }

  /** A transient failure is retried while retries are left and the backoff ends before the call's deadline. */
  private mayRetry(f: OrgFailure, attempt: number, deadline: number): boolean {
    return f.kind === 'retry' && attempt <= this.maxRetries && Date.now() + this.delay(attempt) < deadline;
  }

  /** Reads /limits before the first other call, when the caller has not. */
  private async ensureBudget(): Promise<void> {
    if (!this.budgetRead && !this.readingBudget) await this.checkBudget();
  }

  /** A SOAP Metadata call, counted, logged and retried like REST calls. */
  private async soap<R>(
    detail: string,
    call: () => Promise<R>
  ): Promise<{ ok: true; value: R } | { ok: false; failure: OrgFailure }> {
    await this.ensureBudget();
    const deadline = this.guard.deadline();
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const entry: RequestLogEntry = {
        seq: this.log.length + 1,
        method: 'POST',
        path: `/services/Soap/m/${this.apiVersion}`,
        detail,
        status: 0,
        ms: 0,
        attempt
      };
      this.log.push(entry);
      try {
        const value = await call();
        entry.status = 200;
        entry.ms = Date.now() - started;
        return { ok: true, value };
      } catch (e) {
        const f = classifyError(e);
        entry.status = `${f.status || ''} ${f.errorCode}`.trim();
        entry.ms = Date.now() - started;
        if (f.kind === 'fatal') throw fatalError(f, this.target);
        if (this.mayRetry(f, attempt, deadline)) {
          await sleep(this.delay(attempt));
          continue;
        }
        return { ok: false, failure: f };
      }
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait before retry `attempt` (1, 2, ...): `base`, doubling per retry, at most 8 s. */
export function backoffDelay(base: number, attempt: number): number {
  return Math.min(MAX_DELAY_MS, base * 2 ** Math.max(0, attempt - 1));
}
