import type { EmuRequest, EmuResponse, RequestLogEntry } from './http-types';
import { restError } from './http-types';
import type { Faults } from './faults';

/**
 * Composite (POST /composite, /tooling/composite): up to 25 subrequests, the whole call counts as ONE API call;
 * `allOrNone` rolls every subrequest back when one fails (PROCESSING_HALTED); `@{ref.path}` references earlier results.
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-composite-post.html
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/responses_composite.htm
 */
interface SubRequest {
  method?: string;
  url?: string;
  referenceId?: string;
  body?: unknown;
}

function subRequest(method: string, url: string, body: unknown, parent: EmuRequest): EmuRequest {
  const u = new URL(url, 'http://127.0.0.1');
  return {
    method,
    path: u.pathname,
    query: u.searchParams,
    headers: { ...parent.headers },
    body: Buffer.from(body === undefined ? '' : JSON.stringify(body))
  };
}

function resolveRefs(s: string, results: Map<string, unknown>): string {
  return s.replace(/@\{([\w]+)((?:\.[\w]+|\[\d+\])*)\}/g, (m, ref: string, path: string) => {
    let cur: unknown = results.get(ref);
    for (const part of path.match(/\.[\w]+|\[\d+\]/g) ?? []) {
      const key = part.startsWith('.') ? part.slice(1) : Number(part.slice(1, -1));
      cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[key] : undefined;
    }
    return cur === undefined ? m : String(cur);
  });
}

export function composite(
  req: EmuRequest,
  version: string,
  tooling: boolean,
  route: (r: EmuRequest) => EmuResponse,
  entry: RequestLogEntry
): EmuResponse {
  let parsed: { allOrNone?: boolean; compositeRequest?: SubRequest[] };
  try {
    parsed = JSON.parse(req.body.toString('utf8')) as typeof parsed;
  } catch {
    return restError(400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON');
  }
  const subs = parsed.compositeRequest;
  if (!Array.isArray(subs) || subs.length === 0)
    return restError(400, 'INVALID_INPUT', 'compositeRequest must contain at least one subrequest');
  if (subs.length > 25)
    return restError(400, 'LIMIT_EXCEEDED', 'Exceeded max limit of subrequests allowed, which is 25');
  entry.detail = `${subs.length} subrequests`;
  const prefix = `/services/data/v${version}${tooling ? '/tooling' : ''}`;
  const results = new Map<string, unknown>();
  const out: {
    body: unknown;
    httpHeaders: Record<string, string>;
    httpStatusCode: number;
    referenceId: string;
  }[] = [];
  let failed = false;
  for (const s of subs) {
    const method = (s.method ?? 'GET').toUpperCase();
    const url = resolveRefs(s.url ?? '', results);
    const ref = s.referenceId ?? '';
    if (!url.startsWith('/services/data/')) {
      out.push({
        body: [{ errorCode: 'INVALID_URL', message: `url must start with ${prefix}` }],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: ref
      });
      failed = true;
      continue;
    }
    if (method !== 'GET') entry.write = true;
    const res = route(subRequest(method, url, s.body, req));
    results.set(ref, res.body);
    if (res.status >= 400) failed = true;
    out.push({
      body: res.body ?? null,
      httpHeaders: res.headers ?? {},
      httpStatusCode: res.status,
      referenceId: ref
    });
  }
  if (failed && parsed.allOrNone)
    for (const o of out)
      if (o.httpStatusCode < 400) {
        o.httpStatusCode = 400;
        o.body = [
          {
            errorCode: 'PROCESSING_HALTED',
            message: 'The transaction was rolled back since another operation in the same transaction failed.'
          }
        ];
      }
  return { status: 200, body: { compositeResponse: out } };
}

/**
 * Composite batch (POST /composite/batch): up to 25 independent subrequests; each counts against the API limit.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_batch.htm
 */
export function compositeBatch(
  req: EmuRequest,
  version: string,
  route: (r: EmuRequest) => EmuResponse,
  entry: RequestLogEntry,
  faults: Faults
): EmuResponse {
  let parsed: {
    haltOnError?: boolean;
    batchRequests?: { method?: string; url?: string; richInput?: unknown }[];
  };
  try {
    parsed = JSON.parse(req.body.toString('utf8')) as typeof parsed;
  } catch {
    return restError(400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON');
  }
  const subs = parsed.batchRequests;
  if (!Array.isArray(subs) || subs.length === 0)
    return restError(400, 'INVALID_INPUT', 'batchRequests must not be empty');
  if (subs.length > 25)
    return restError(400, 'LIMIT_EXCEEDED', 'Exceeded max limit of subrequests allowed, which is 25');
  entry.detail = `${subs.length} subrequests`;
  // The batch itself was counted once by the server; each further subrequest counts too.
  faults.count(subs.length - 1);
  const results: { statusCode: number; result: unknown }[] = [];
  let hasErrors = false;
  for (const s of subs) {
    if (hasErrors && parsed.haltOnError) {
      results.push({
        statusCode: 412,
        result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }]
      });
      continue;
    }
    const url = `/services/data/${(s.url ?? '').replace(/^\/+/, '')}`;
    const method = (s.method ?? 'GET').toUpperCase();
    if (method !== 'GET') entry.write = true;
    const res = route(
      subRequest(
        method,
        url.replace(/^\/services\/data\/(?!v)/, `/services/data/v${version}/`),
        s.richInput,
        req
      )
    );
    if (res.status >= 400) hasErrors = true;
    results.push({ statusCode: res.status, result: res.body ?? null });
  }
  return { status: 200, body: { hasErrors, results } };
}
