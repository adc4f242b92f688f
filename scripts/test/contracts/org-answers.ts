/**
 * Holds each org answer to the contract it has outside this project: a WSDL-derived type from
 * `@salesforce/types` (wsdl-contract.ts) where one exists, else the shape its reference page documents (each
 * check below names the page). `checkAnswer` classifies an exchange by its request and returns the route it
 * belongs to and the problems found (property paths only, never a value).
 *
 * SOAP bodies are parsed with fast-xml-parser (a third-party parser, not the emulator's reader), every value kept
 * as text, so the checker sees the wire as a client would.
 */
import { XMLParser } from 'fast-xml-parser';
import { WsdlContract } from './wsdl-contract';

let metadata: WsdlContract | undefined;
let tooling: WsdlContract | undefined;
/** The two contracts, built once per test file (the compiler reads 2 MB of declarations). */
export const contracts = () => ({
  metadata: (metadata ??= new WsdlContract('metadata')),
  tooling: (tooling ??= new WsdlContract('tooling'))
});

export interface Exchange {
  method: string;
  path: string;
  query: URLSearchParams;
  requestBody: string;
  status: number;
  contentType?: string;
  body: unknown;
}

export interface Verdict {
  route: string;
  problems: string[];
}

/**
 * Fields a reference page documents that the published WSDL types lack (the same lag the deployability layers
 * handle): HistoryRetentionPolicy.gracePeriodDays,
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_historyretentionpolicy.htm
 */
const DOCUMENTED: Record<string, string[]> = { HistoryRetentionPolicy: ['gracePeriodDays'] };

/**
 * Enumeration values a reference page documents that the published WSDL lacks (the same lag the deployability
 * layers handle): SiteType's ChatterNetwork and ChatterNetworkPicasso, an Experience Builder site's CustomSite and
 * its ExperienceBundle (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_sitedotcom.htm,
 * https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html).
 */
const DOCUMENTED_VALUES: Record<string, string[]> = {
  'CustomSite.siteType': ['ChatterNetwork', 'ChatterNetworkPicasso'],
  'ExperienceBundle.type': ['ChatterNetworkPicasso']
};

const DATE_TIME_REST = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

/**
 * REST error codes documented for REST resources beyond the SOAP ExceptionCode/StatusCode enumerations:
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm (NOT_FOUND,
 * METHOD_NOT_ALLOWED, JSON_PARSER_ERROR, ...), composite's PROCESSING_HALTED
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm) and
 * composite batch's BATCH_PROCESSING_HALTED
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_batch.htm), and
 * Bulk API 2.0's INVALIDJOBSTATE and API_ERROR
 * (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/errors.htm).
 */
const REST_ONLY_CODES = new Set([
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'JSON_PARSER_ERROR',
  'PROCESSING_HALTED',
  'BATCH_PROCESSING_HALTED',
  'INVALIDJOBSTATE',
  'API_ERROR'
]);

function restErrorProblems(body: unknown): string[] {
  // [{message, errorCode}]: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
  if (!Array.isArray(body) || body.length === 0) return ['error body: expected a non-empty array'];
  const { tooling: t } = contracts();
  const codes = new Set([...(t.enumValues('ExceptionCode') ?? []), ...(t.enumValues('StatusCode') ?? [])]);
  const out: string[] = [];
  body.forEach((e: unknown, i) => {
    const o = e as Record<string, unknown>;
    const keys = Object.keys(o ?? {}).filter((k) => k !== 'fields');
    if (keys.sort().join(',') !== 'errorCode,message')
      out.push(`error[${i}]: keys must be errorCode, message`);
    if (typeof o?.message !== 'string') out.push(`error[${i}].message: expected a string`);
    if (typeof o?.errorCode !== 'string' || !(codes.has(o.errorCode) || REST_ONLY_CODES.has(o.errorCode)))
      out.push(`error[${i}].errorCode: not a documented code`);
  });
  return out;
}

/** A REST or Tooling SOQL record: each field a property of the object's Tooling type, where one exists. */
function recordProblems(rec: unknown, at: string, toolingApi: boolean): string[] {
  if (typeof rec !== 'object' || rec === null) return [`${at}: expected a record`];
  const o = rec as Record<string, unknown>;
  const attrs = o.attributes as { type?: unknown; url?: unknown } | undefined;
  const out: string[] = [];
  // attributes {type, url}: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
  if (!attrs || typeof attrs.type !== 'string') return [`${at}.attributes.type: missing`];
  if (attrs.type !== 'AggregateResult' && typeof attrs.url !== 'string')
    out.push(`${at}.attributes.url: missing`);
  // Tooling records are the Tooling WSDL's sObjects; a data API record's columns follow the object reference
  // (the Tooling type of an object such as User is a narrower object than the data API's).
  const { tooling: t } = contracts();
  if (!toolingApi || attrs.type === 'AggregateResult') return out;
  if (!t.has(attrs.type)) return [...out, `${at}: ${attrs.type} is not a Tooling sObject type`];
  const fields = Object.fromEntries(
    Object.entries(o)
      .filter(([k]) => k !== 'attributes')
      .map(([k, v]) => [k, stripAttributes(v)])
  );
  out.push(...t.check(attrs.type, fields, { encoding: 'json', partial: true }).map((p) => `${at}: ${p}`));
  return out;
}

/** Relationship values carry their own `attributes`; the types do not declare it. */
function stripAttributes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripAttributes);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if ('records' in o && 'done' in o) return undefined; // a subquery result: checked as a query page
  return Object.fromEntries(
    Object.entries(o)
      .filter(([k]) => k !== 'attributes')
      .map(([k, x]) => [k, stripAttributes(x)])
  );
}

/** A REST or Tooling query page. */
function queryProblems(body: unknown, toolingApi: boolean): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['query: expected an object'];
  const o = body as Record<string, unknown>;
  const out: string[] = [];
  if (toolingApi) {
    // The Tooling QueryResult type, without its records (checked one by one below).
    const { tooling: t } = contracts();
    out.push(...t.check('QueryResult', { ...o, records: [] }, { encoding: 'json' }));
  } else {
    // {totalSize, done, nextRecordsUrl?, records}: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
    const allowed = new Set(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    for (const k of Object.keys(o)) if (!allowed.has(k)) out.push(`query.${k}: not in the documented shape`);
    if (typeof o.totalSize !== 'number') out.push('query.totalSize: expected a number');
    if (typeof o.done !== 'boolean') out.push('query.done: expected a boolean');
    if (o.done === false && typeof o.nextRecordsUrl !== 'string')
      out.push('query.nextRecordsUrl: missing on a page');
  }
  if (!Array.isArray(o.records)) return [...out, 'query.records: expected an array'];
  o.records.forEach((r, i) => out.push(...recordProblems(r, `records[${i}]`, toolingApi)));
  for (const r of o.records as Record<string, unknown>[])
    for (const [k, v] of Object.entries(r ?? {}))
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !DATE_TIME_REST.test(v))
        out.push(`records.${k}: a dateTime not in the REST form yyyy-MM-ddTHH:mm:ss.SSS+0000`);
  return out;
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true
});

function soapBody(xml: string): Record<string, unknown> | undefined {
  const doc = xmlParser.parse(xml) as { Envelope?: { Body?: Record<string, unknown> } };
  return doc.Envelope?.Body;
}

/** Strips XML attributes (`@xmlns`, `@xsi:type`...) from a parsed value, returning the xsi:type if any. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if ('#text' in o) return o['#text'];
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) if (!k.startsWith('@')) out[k] = plain(x);
  return Object.keys(out).length ? out : '';
}

function soapProblems(method: string, xml: string, status: number): string[] {
  const body = soapBody(xml);
  if (!body) return ['soap: no Envelope/Body'];
  const { metadata: m } = contracts();
  if (status !== 200 || 'Fault' in body) {
    // SOAP 1.1 fault {faultcode, faultstring}: https://www.w3.org/TR/2000/NOTE-SOAP-20000508/#_Toc478383507;
    // the code is sf:<ExceptionCode>: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_calls_intro.htm
    const f = body.Fault as Record<string, unknown> | undefined;
    if (!f) return ['soap: a non-200 answer without a Fault'];
    const raw = String(f.faultcode ?? '');
    const code = raw.replace(/^sf:/, '');
    const out: string[] = [];
    if (typeof f.faultstring !== 'string') out.push('Fault.faultstring: missing');
    const standard = /^(soapenv|soap|SOAP-ENV):(Client|Server)$/.test(raw); // SOAP 1.1 section 4.4.1
    if (!standard && !(contracts().tooling.enumValues('ExceptionCode') ?? []).includes(code))
      out.push('Fault.faultcode: neither sf:<ExceptionCode> nor a SOAP 1.1 fault code');
    return out;
  }
  const response = body[`${method}Response`] as Record<string, unknown> | undefined;
  if (response === undefined) return [`soap: no ${method}Response`];
  const result = (response as { result?: unknown }).result;
  const xml1 = { encoding: 'xml' as const };
  switch (method) {
    case 'deploy':
      return m.check('AsyncResult', plain(result), xml1);
    case 'checkDeployStatus':
      return m.check('DeployResult', plain(result), xml1);
    case 'cancelDeploy':
      return m.check('CancelDeployResult', plain(result), xml1);
    case 'describeMetadata':
      return m.check('DescribeMetadataResult', plain(result), xml1);
    case 'listMetadata': {
      const list = result === undefined ? [] : Array.isArray(result) ? result : [result];
      return list.flatMap((r, i) => m.check('FileProperties', plain(r), xml1).map((p) => `[${i}] ${p}`));
    }
    case 'readMetadata': {
      const records = (result as { records?: unknown })?.records;
      const list = records === undefined ? [] : Array.isArray(records) ? records : [records];
      const out: string[] = [];
      list.forEach((r, i) => {
        const attrs = r as Record<string, unknown>;
        const type = String(attrs['@type'] ?? attrs['@xsi:type'] ?? '').replace(/^\w+:/, '');
        if (!type) return void out.push(`records[${i}]: no xsi:type`);
        const value = plain(r);
        // An empty record (a name the org does not have) carries only its type.
        if (value === '') return;
        out.push(
          ...m
            .check(type, value, {
              encoding: 'xml',
              partial: true,
              documented: DOCUMENTED,
              documentedValues: DOCUMENTED_VALUES
            })
            .map((p) => `records[${i}] ${p}`)
        );
      });
      return out;
    }
    default:
      return [`soap: ${method} is not a call the contract knows`];
  }
}

function limitsProblems(body: unknown): string[] {
  // {Name: {Max, Remaining}} (and per-application {Max, Remaining} beneath):
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
  if (typeof body !== 'object' || body === null) return ['limits: expected an object'];
  const out: string[] = [];
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const o = v as Record<string, unknown>;
    if (typeof o?.Max !== 'number' || typeof o?.Remaining !== 'number')
      out.push(`${k}: Max and Remaining numbers`);
  }
  return out;
}

function bulkJobProblems(body: unknown): string[] {
  // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm
  const fields: Record<string, string> = {
    id: 'string',
    operation: 'string',
    object: 'string',
    createdById: 'string',
    createdDate: 'dateTime',
    systemModstamp: 'dateTime',
    state: 'string',
    concurrencyMode: 'string',
    contentType: 'string',
    apiVersion: 'number',
    jobType: 'string',
    lineEnding: 'string',
    columnDelimiter: 'string',
    numberRecordsProcessed: 'number',
    retries: 'number',
    totalProcessingTime: 'number',
    isPkChunkingSupported: 'boolean',
    errorMessage: 'string'
  };
  const out: string[] = [];
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const want = fields[k];
    if (!want) out.push(`job.${k}: not a documented field`);
    else if (want === 'dateTime' ? !(typeof v === 'string' && DATE_TIME_REST.test(v)) : typeof v !== want)
      out.push(`job.${k}: expected ${want}`);
  }
  if (
    !['UploadComplete', 'InProgress', 'Aborted', 'JobComplete', 'Failed'].includes(
      String((body as { state?: unknown }).state)
    )
  )
    out.push('job.state: not a documented state');
  return out;
}

/** Classifies one exchange and checks its answer. */
export function checkAnswer(x: Exchange): Verdict {
  if (x.status === 503 && typeof x.body === 'string' && !x.body.includes('Envelope'))
    // The emulator's `unavailable`/`flaky-503` answer: an HTML page, as a load balancer sends (our assumption).
    return { route: 'http-503', problems: [] };
  const soap = /^\/services\/Soap\/m\/\d+\.\d\/?$/.test(x.path);
  if (soap) {
    const method = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(x.requestBody)?.[1] ?? '?';
    return {
      route: `soap:${method}${x.status === 200 ? '' : ':fault'}`,
      problems: soapProblems(method, String(x.body), x.status)
    };
  }
  if (x.status >= 400) return { route: `error:${x.status}`, problems: restErrorProblems(x.body) };
  if (x.path === '/services/oauth2/userinfo') {
    // OpenID Connect userinfo claims: https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm
    const o = x.body as Record<string, unknown>;
    const problems = ['sub', 'user_id', 'organization_id', 'preferred_username'].filter(
      (k) => typeof o[k] !== 'string'
    );
    return { route: 'userinfo', problems: problems.map((k) => `userinfo.${k}: missing`) };
  }
  if (x.path === '/services/data' || x.path === '/services/data/') {
    // [{label, url, version}]: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
    const list = x.body as Record<string, unknown>[];
    const problems = list.flatMap((v, i) =>
      Object.keys(v).sort().join(',') === 'label,url,version' &&
      /^(Spring|Summer|Winter) '\d{2}$/.test(String(v.label))
        ? []
        : [`versions[${i}]: {label (the release name), url, version}`]
    );
    return { route: 'versions', problems };
  }
  const m = /^\/services\/data\/v\d+\.\d(\/tooling)?(\/.*)?$/.exec(x.path);
  if (!m) return { route: `unclassified:${x.path}`, problems: ['an answer outside /services'] };
  const toolingApi = !!m[1];
  const sub = m[2] ?? '';
  const family = toolingApi ? 'tooling' : 'rest';
  const { tooling: t, metadata: md } = contracts();
  if (sub === '' || sub === '/') {
    // {name: url}: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_discoveryresource.htm
    const bad = Object.entries(x.body as Record<string, unknown>).filter(([, v]) => typeof v !== 'string');
    return { route: `${family}:resources`, problems: bad.map(([k]) => `${k}: expected a URL string`) };
  }
  if (sub === '/limits') return { route: 'rest:limits', problems: limitsProblems(x.body) };
  if (/^\/query(All)?\/?$/.test(sub) || /^\/query(All)?\/[\w-]+$/.test(sub))
    return {
      route: `${family}:query${sub.includes('-') ? 'More' : ''}`,
      problems: queryProblems(x.body, toolingApi)
    };
  // REST adds a `urls` map to both describes (resources_describeGlobal.htm, resources_sobject_describe.htm under
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/); the rest is the Tooling WSDL type.
  const withoutUrls = (o: unknown) => {
    const { urls: _urls, ...rest } = o as Record<string, unknown>;
    void _urls;
    return rest;
  };
  if (sub === '/sobjects') {
    const o = x.body as { sobjects?: unknown[] };
    const body = { ...o, sobjects: (o.sobjects ?? []).map(withoutUrls) };
    return {
      route: `${family}:describeGlobal`,
      problems: t.check('DescribeGlobalResult', body, { encoding: 'json' })
    };
  }
  if (/^\/sobjects\/\w+\/describe\/?$/.test(sub))
    return {
      route: `${family}:describe`,
      problems: t.check('DescribeSObjectResult', withoutUrls(x.body), { encoding: 'json' })
    };
  if (/^\/sobjects\/\w+\/\w+$/.test(sub))
    return { route: `${family}:record`, problems: recordProblems(x.body, 'record', toolingApi) };
  if (/^\/composite\/?$/.test(sub)) {
    // {compositeResponse: [{body, httpHeaders, httpStatusCode, referenceId}]}:
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/responses_composite.htm
    const subs = JSON.parse(x.requestBody) as { compositeRequest: { url: string; method?: string }[] };
    const answers = (x.body as { compositeResponse?: Record<string, unknown>[] }).compositeResponse ?? [];
    const problems: string[] = [];
    answers.forEach((a, i) => {
      if (Object.keys(a).sort().join(',') !== 'body,httpHeaders,httpStatusCode,referenceId')
        problems.push(`compositeResponse[${i}]: keys body, httpHeaders, httpStatusCode, referenceId`);
      const u = new URL(subs.compositeRequest[i]?.url ?? '/', 'http://x');
      const v = checkAnswer({
        method: subs.compositeRequest[i]?.method ?? 'GET',
        path: u.pathname,
        query: u.searchParams,
        requestBody: '',
        status: Number(a.httpStatusCode),
        body: a.body
      });
      problems.push(...v.problems.map((p) => `compositeResponse[${i}] (${v.route}): ${p}`));
    });
    return { route: `${family}:composite`, problems };
  }
  if (sub === '/composite/batch') {
    // {hasErrors, results: [{statusCode, result}]}: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_batch.htm
    const o = x.body as { hasErrors?: unknown; results?: Record<string, unknown>[] };
    const problems: string[] = [];
    if (typeof o.hasErrors !== 'boolean') problems.push('hasErrors: expected a boolean');
    (o.results ?? []).forEach((r, i) => {
      if (Object.keys(r).sort().join(',') !== 'result,statusCode')
        problems.push(`results[${i}]: keys result, statusCode`);
    });
    return { route: 'rest:compositeBatch', problems };
  }
  if (sub.startsWith('/jobs/query')) {
    if (sub.endsWith('/results'))
      // CSV, header row first: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
      return {
        route: 'bulk2:results',
        problems: typeof x.body === 'string' ? [] : ['results: expected CSV text']
      };
    if (x.status === 204) return { route: 'bulk2:delete', problems: [] };
    const o = x.body as Record<string, unknown>;
    if (Array.isArray(o.records))
      return { route: 'bulk2:list', problems: (o.records as unknown[]).flatMap((r) => bulkJobProblems(r)) };
    return {
      route: `bulk2:${x.method === 'POST' ? 'create' : x.method === 'PATCH' ? 'abort' : 'info'}`,
      problems: bulkJobProblems(o)
    };
  }
  if (sub.startsWith('/metadata/deployRequest')) {
    // {id, deployOptions, deployResult: DeployResult}: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_rest_deploy.htm
    const o = x.body as { deployResult?: unknown };
    return {
      route: `rest:deployRequest:${x.method}`,
      problems: md.check('DeployResult', o.deployResult, { encoding: 'json' })
    };
  }
  return { route: `unclassified:${family}${sub}`, problems: ['an answer no contract covers'] };
}
