import { guardMsg } from '../../messages/org';
import type { AnswerKind } from './settings';
import { GuardError } from './guard-error';

/**
 * The documented shape of each answer the org gives us, checked before any caller sees it. An answer that does
 * not have it (a 200 HTML maintenance page, text that is not JSON, a query result without `records`, a
 * composite without its subresponses) is refused with the reason: the fact it should have given is unknown,
 * never zero records.
 * - Query / Query More: `{totalSize, done, records[], nextRecordsUrl?}`; `done: false` comes with the locator of
 *   the next batch, a path under the same API ("/services/data/vXX.X/query/01g...-2000"):
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query_more_results.htm
 * - Composite: `{compositeResponse: [{body, httpHeaders, httpStatusCode, referenceId}]}`, one per subrequest:
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/responses_composite.htm
 * - Limits: `{DailyApiRequests: {Max, Remaining}, ...}`, every entry `{Max, Remaining}`:
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
 * - UserInfo: user_id, organization_id, preferred_username (the username):
 *   https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm
 * - SOAP (Metadata API): an XML `Envelope` with a `Body`:
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_calls_intro.htm
 */

const VERSIONED = /^\/services\/data\/v\d+\.\d+(\/tooling)?/;

/** What kind of answer a request gets, from its path. */
export function answerKind(path: string): AnswerKind {
  if (path === '/services/oauth2/userinfo' || /^\/services\/data\/?$/.test(path)) return 'identity';
  if (/^\/services\/Soap\/m\//.test(path)) return 'soap';
  const m = VERSIONED.exec(path);
  if (!m) return 'other';
  const rest = path.slice(m[0].length);
  if (/^\/limits\/?$/.test(rest)) return 'limits';
  if (/^\/(query|queryAll)(\/[^/]+)?\/?$/.test(rest)) return 'query';
  if (/^\/composite\/?$/.test(rest)) return 'composite';
  return 'other';
}

/** A query locator path, or the query resource itself: where a query's pages may be read. */
export function isQueryPath(path: string): boolean {
  return answerKind(path) === 'query';
}

export interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Checks a 2xx answer against its kind's shape; returns the body to hand on (a composite's refused
 * subresponses are replaced by an error subresponse naming why), or throws GUARD_MALFORMED.
 * @param path the request path (no query string), named in the reason.
 * @param origin the instance origin: a locator may be relative or on it, nowhere else.
 * @param requestBody the request body (a composite's subrequests say which subresponse is a query).
 */
export function checkAnswer(
  kind: AnswerKind,
  path: string,
  answer: Answer,
  origin: string,
  requestBody?: string
): string {
  const what = `${path}`;
  if (answer.statusCode === 204) return answer.body;
  if (kind === 'soap') {
    checkSoap(what, answer);
    return answer.body;
  }
  const type = answer.headers['content-type'] ?? '';
  const json = /^application\/json\b/i.test(type);
  if (kind === 'other') {
    if (json) parseJson(what, answer.body);
    return answer.body;
  }
  if (!json) throw malformed(what, guardMsg.shape.notJson(answer.statusCode, type.split(';')[0] || 'none'));
  const body = parseJson(what, answer.body);
  if (kind === 'query') {
    const problem = queryProblem(body, origin);
    if (problem) throw malformed(what, problem);
  } else if (kind === 'limits') {
    const problem = limitsProblem(body);
    if (problem) throw malformed(what, problem);
  } else if (kind === 'identity') {
    const problem = path.startsWith('/services/oauth2') ? userinfoProblem(body) : versionsProblem(body);
    if (problem) throw malformed(what, problem);
  } else if (kind === 'composite') {
    return JSON.stringify(checkComposite(what, body, origin, requestBody));
  }
  return answer.body;
}

const malformed = (what: string, reason: string) =>
  new GuardError('GUARD_MALFORMED', guardMsg.malformed(what, reason));

function parseJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformed(what, guardMsg.shape.badJson);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Why a body is not a query result page, or undefined when it is one. */
export function queryProblem(body: unknown, origin: string): string | undefined {
  if (!isObject(body)) return guardMsg.shape.notObject('a query result');
  if (!isCount(body.totalSize)) return guardMsg.shape.field('totalSize', 'a whole number');
  if (typeof body.done !== 'boolean') return guardMsg.shape.field('done', 'true or false');
  if (!Array.isArray(body.records)) return guardMsg.shape.field('records', 'a list');
  if (!body.records.every(isObject)) return guardMsg.shape.field('records', 'a list of records');
  if (body.records.length > body.totalSize)
    return guardMsg.shape.moreThanTotal(body.records.length, body.totalSize);
  const next = body.nextRecordsUrl;
  if (body.done) {
    if (next !== undefined && next !== null) return guardMsg.shape.nextWhenDone;
    return undefined;
  }
  if (typeof next !== 'string' || !next) return guardMsg.shape.noNext;
  return locatorProblem(next, origin);
}

/** A locator must be a query path, relative or on the instance's own origin. */
export function locatorProblem(next: string, origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return guardMsg.shape.badLocator;
  }
  if (url.origin !== origin) return guardMsg.shape.offOriginLocator(url.host || next.slice(0, 40));
  if (!isQueryPath(url.pathname)) return guardMsg.shape.badLocator;
  return undefined;
}

function limitsProblem(body: unknown): string | undefined {
  if (!isObject(body)) return guardMsg.shape.notObject('a limits answer');
  for (const [name, entry] of Object.entries(body))
    if (!isObject(entry)) return guardMsg.shape.field(name, 'a {Max, Remaining} entry');
  const daily = body.DailyApiRequests;
  if (!isObject(daily) || !isCount(daily.Max) || !isCount(daily.Remaining))
    return guardMsg.shape.field('DailyApiRequests', '{Max, Remaining} whole numbers');
  return undefined;
}

function userinfoProblem(body: unknown): string | undefined {
  if (!isObject(body)) return guardMsg.shape.notObject('a UserInfo answer');
  for (const f of ['user_id', 'organization_id', 'preferred_username'])
    if (typeof body[f] !== 'string' || !body[f]) return guardMsg.shape.field(f, 'a string');
  return undefined;
}

function versionsProblem(body: unknown): string | undefined {
  if (!Array.isArray(body) || !body.every((v) => isObject(v) && typeof v.version === 'string'))
    return guardMsg.shape.field('versions', 'a list of {version, url}');
  return undefined;
}

interface SubResponse {
  body: unknown;
  httpHeaders?: unknown;
  httpStatusCode: number;
  referenceId: string;
}

/**
 * A composite answer: one subresponse per subrequest, by referenceId. A query subresponse that is not a query
 * result becomes a 502 error subresponse with GUARD_MALFORMED and the reason, so that query alone is unknown.
 */
function checkComposite(what: string, body: unknown, origin: string, requestBody?: string): unknown {
  if (!isObject(body) || !Array.isArray(body.compositeResponse))
    throw malformed(what, guardMsg.shape.field('compositeResponse', 'a list'));
  const subs = body.compositeResponse as unknown[];
  const urls = new Map<string, string>();
  try {
    const req = JSON.parse(requestBody ?? '{}') as {
      compositeRequest?: { referenceId?: string; url?: string }[];
    };
    for (const r of req.compositeRequest ?? [])
      if (typeof r.referenceId === 'string') urls.set(r.referenceId, String(r.url ?? ''));
  } catch {
    // Not ours to judge: the request body is what we sent.
  }
  const seen = new Set<string>();
  const out = subs.map((s) => {
    if (!isObject(s) || !Number.isInteger(s.httpStatusCode) || typeof s.referenceId !== 'string')
      throw malformed(
        what,
        guardMsg.shape.field('compositeResponse[]', '{body, httpStatusCode, referenceId}')
      );
    if (seen.has(s.referenceId) || (urls.size && !urls.has(s.referenceId)))
      throw malformed(what, guardMsg.shape.unknownReference(s.referenceId.slice(0, 40)));
    seen.add(s.referenceId);
    const sub = s as unknown as SubResponse;
    const url = urls.get(sub.referenceId) ?? '';
    const path = url.split('?')[0]!;
    if (sub.httpStatusCode >= 200 && sub.httpStatusCode < 300 && isQueryPath(path)) {
      const problem = queryProblem(sub.body, origin);
      if (problem)
        return {
          ...sub,
          httpStatusCode: 502,
          body: [
            { errorCode: 'GUARD_MALFORMED', message: guardMsg.malformed(`${path} (in a composite)`, problem) }
          ]
        };
    }
    return sub;
  });
  if (urls.size && seen.size !== urls.size)
    throw malformed(what, guardMsg.shape.missingSubresponses(urls.size - seen.size));
  return { ...body, compositeResponse: out };
}

function checkSoap(what: string, answer: Answer): void {
  const type = answer.headers['content-type'] ?? '';
  if (!/xml/i.test(type))
    throw malformed(what, guardMsg.shape.notXml(answer.statusCode, type.split(';')[0] || 'none'));
  // The envelope element, after an optional XML declaration and whitespace; a Body inside it.
  const head = answer.body.slice(0, 2048);
  if (
    !/^\s*(<\?xml[^>]*\?>\s*)?<([\w-]+:)?Envelope[\s>]/.test(head) ||
    !/<([\w-]+:)?Body[\s>/]/.test(answer.body)
  )
    throw malformed(what, guardMsg.shape.notEnvelope);
}
