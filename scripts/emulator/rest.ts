import { randomBytes } from 'node:crypto';
import { OBJECTS, objectDef, servedBy, viewOf, type FieldDef, type ObjectDef } from './schema';
import { runSoql, wireValue } from './soql/evaluate';
import { SoqlError } from './soql/parser';
import { restError, type EmuRequest, type EmuResponse } from './http-types';
import type { OrgState, Row } from './state';

/**
 * REST and Tooling API resources under /services/data. Response shapes:
 * - versions: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
 * - resources by version: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_discoveryresource.htm
 * - query / queryMore (totalSize, done, nextRecordsUrl, records with attributes {type,url}):
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm and
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
 * - batch size header: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
 * - limits: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
 * - sObject describe: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
export const API_VERSIONS = Array.from({ length: 65 - 31 + 1 }, (_, i) => `${31 + i}.0`);

/**
 * The release a version belongs to, as the versions resource labels it: three releases a year, v20.0 being
 * Winter '11 (the answer recorded in restforce's tests, scripts/test/fixtures/recorded/rest-versions.json), so
 * v63.0 is Spring '25.
 */
export function releaseName(version: string): string {
  const n = Math.floor(Number(version)) - 20;
  const season = (['Winter', 'Spring', 'Summer'] as const)[((n % 3) + 3) % 3] as string;
  return `${season} '${String(11 + Math.floor(n / 3)).padStart(2, '0')}`;
}

interface Cursor {
  page: (start: number, end: number) => Record<string, unknown>[];
  totalSize: number;
  tooling: boolean;
  object: string;
  version: string;
  created: number;
}

export class RestApi {
  private cursors = new Map<string, Cursor>();
  constructor(
    private readonly state: OrgState,
    private readonly now: () => Date,
    private readonly budget: () => { max: number; remaining: number }
  ) {}

  versions(): EmuResponse {
    return {
      status: 200,
      body: API_VERSIONS.map((v) => ({ label: releaseName(v), url: `/services/data/v${v}`, version: v }))
    };
  }

  /** `rest` is the part after /services/data/vNN.0 (may be empty). */
  handle(req: EmuRequest, version: string, rest: string): EmuResponse {
    if (!API_VERSIONS.includes(version))
      return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const tooling = rest.startsWith('/tooling');
    const sub = tooling ? rest.slice('/tooling'.length) : rest;
    const base = `/services/data/v${version}${tooling ? '/tooling' : ''}`;
    if ((sub === '' || sub === '/') && req.method === 'GET')
      return { status: 200, body: this.resources(base, tooling) };
    if (!tooling && sub === '/limits' && req.method === 'GET') return { status: 200, body: this.limits() };
    if (
      (sub === '/query' || sub === '/queryAll' || sub === '/query/' || sub === '/queryAll/') &&
      req.method === 'GET'
    )
      return this.query(req, version, tooling);
    const more = /^\/query(?:All)?\/([\w]+)-(\d+)$/.exec(sub);
    if (more && req.method === 'GET') return this.queryMore(more[1] as string, Number(more[2]), req, base);
    if (sub === '/sobjects' && req.method === 'GET')
      return { status: 200, body: this.globalDescribe(base, tooling) };
    const desc = /^\/sobjects\/(\w+)\/describe\/?$/.exec(sub);
    if (desc && req.method === 'GET') return this.describe(desc[1] as string, base, tooling);
    const rec = /^\/sobjects\/(\w+)\/([A-Za-z0-9]{15,18})$/.exec(sub);
    if (rec && req.method === 'GET')
      return this.record(rec[1] as string, rec[2] as string, base, tooling, req.query.get('fields'));
    return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  resources(base: string, tooling: boolean): Record<string, string> {
    const names = tooling
      ? [
          'tooling',
          'query',
          'queryAll',
          'sobjects',
          'composite',
          'search',
          'executeAnonymous',
          'runTestsAsynchronous'
        ]
      : [
          'tooling',
          'metadata',
          'query',
          'queryAll',
          'sobjects',
          'composite',
          'limits',
          'jobs',
          'search',
          'recent'
        ];
    const out: Record<string, string> = {};
    for (const n of names) out[n] = n === 'tooling' && tooling ? base : `${base}/${n}`;
    if (!tooling) out.jobs = `${base}/jobs`;
    return out;
  }

  limits(): Record<string, unknown> {
    const b = this.budget();
    const pair = (max: number, remaining: number) => ({ Max: max, Remaining: remaining });
    return {
      ConcurrentAsyncGetReportInstances: pair(200, 200),
      ConcurrentSyncReportRuns: pair(20, 20),
      DailyApiRequests: pair(b.max, b.remaining),
      DailyAsyncApexExecutions: pair(250000, 250000),
      DailyBulkApiBatches: pair(15000, 15000),
      DailyBulkV2QueryFileStorageMB: pair(976562, 976562),
      DailyBulkV2QueryJobs: pair(10000, 10000),
      DataStorageMB: pair(1024, 900),
      FileStorageMB: pair(10240, 10000),
      HourlyODataCallout: pair(20000, 20000),
      MassEmail: pair(5000, 5000),
      SingleEmail: pair(5000, 5000)
    };
  }

  batchSize(req: EmuRequest): number {
    const h = req.headers['sforce-query-options'];
    const m = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(h) ? h.join(',') : (h ?? ''));
    const n = m ? Number(m[1]) : 2000;
    return Math.min(2000, Math.max(200, n));
  }

  query(req: EmuRequest, version: string, tooling: boolean): EmuResponse {
    const q = req.query.get('q');
    if (!q) return restError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    let out;
    try {
      out = runSoql(q, { state: this.state, tooling, apiVersion: version, now: this.now() });
    } catch (e) {
      if (e instanceof SoqlError) return restError(400, e.errorCode, e.message);
      throw e;
    }
    const size = this.batchSize(req);
    const base = `/services/data/v${version}${tooling ? '/tooling' : ''}`;
    if (!out.pageable || out.totalSize <= size)
      return {
        status: 200,
        body: {
          size: tooling ? out.totalSize : undefined,
          totalSize: out.totalSize,
          done: true,
          queryLocator: tooling ? null : undefined,
          entityTypeName: tooling ? out.object : undefined,
          records: out.records
        }
      };
    const id = this.newCursor({
      page: (a, b) => out.page(a, b),
      totalSize: out.totalSize,
      tooling,
      object: out.object,
      version,
      created: Date.now()
    });
    return this.page(id, 0, size, base);
  }

  private newCursor(c: Cursor): string {
    // Query locators look like 01gD0000002HU6KIAW; keep at most 200 open cursors, as an org limits open ones.
    const id = `01g${randomBytes(8).toString('hex').slice(0, 15)}`;
    this.cursors.set(id, c);
    if (this.cursors.size > 200) this.cursors.delete(this.cursors.keys().next().value as string);
    return id;
  }

  private page(id: string, start: number, size: number, base: string): EmuResponse {
    const c = this.cursors.get(id) as Cursor;
    const end = Math.min(c.totalSize, start + size);
    const done = end >= c.totalSize;
    const records = c.page(start, end);
    const body: Record<string, unknown> = {};
    // A Tooling page is the Tooling WSDL's QueryResult (size, queryLocator and entityTypeName are required there,
    // tooling.d.ts); a REST page is {totalSize, done, nextRecordsUrl, records} (resources_query.htm).
    if (c.tooling) {
      body.size = records.length;
      body.queryLocator = done ? null : `${id}-${end}`;
      body.entityTypeName = c.object;
    }
    body.totalSize = c.totalSize;
    body.done = done;
    if (!done) body.nextRecordsUrl = `${base}/query/${id}-${end}`;
    body.records = records;
    if (done) this.cursors.delete(id);
    return { status: 200, body };
  }

  queryMore(id: string, start: number, req: EmuRequest, base: string): EmuResponse {
    const c = this.cursors.get(id);
    if (!c) return restError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return this.page(id, start, this.batchSize(req), base);
  }

  private visible(d: ObjectDef | undefined, tooling: boolean): d is ObjectDef {
    return !!d && servedBy(d, tooling) && !(d.feature && this.state.missingFeatures.has(d.feature));
  }

  /**
   * Global describe: DescribeGlobalResult with a DescribeGlobalSObjectResult per object (tooling.d.ts), plus the
   * REST `urls` map: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm
   */
  globalDescribe(base: string, tooling: boolean): Record<string, unknown> {
    return {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: OBJECTS.filter((d) => this.visible(d, tooling)).map((d) => ({
        ...objectFlags(d),
        urls: { sobject: `${base}/sobjects/${d.name}`, describe: `${base}/sobjects/${d.name}/describe` }
      }))
    };
  }

  /**
   * sObject describe: DescribeSObjectResult with a Field per column (tooling.d.ts), plus the REST `urls` map:
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
   * The emulator's objects are read-only (nothing creatable or updateable through it).
   */
  describe(name: string, base: string, tooling: boolean): EmuResponse {
    const d = viewOf(objectDef(name), tooling);
    if (!this.visible(d, tooling))
      return restError(404, 'NOT_FOUND', `The requested resource does not exist`);
    return {
      status: 200,
      body: {
        ...objectFlags(d),
        actionOverrides: [],
        childRelationships: [],
        defaultImplementation: null,
        implementedBy: null,
        implementsInterfaces: null,
        namedLayoutInfos: [],
        networkScopeFieldName: null,
        recordTypeInfos: [],
        supportedScopes: [],
        urls: { sobject: `${base}/sobjects/${d.name}`, describe: `${base}/sobjects/${d.name}/describe` },
        fields: d.fields.map(describeField)
      }
    };
  }

  record(name: string, id: string, base: string, tooling: boolean, fields: string | null): EmuResponse {
    const d = viewOf(objectDef(name), tooling);
    const t = d && this.state.table(d.name);
    if (!this.visible(d, tooling) || !t)
      return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const row: Row | undefined = t.find('Id', id) ?? (id.length === 15 ? undefined : t.find('Id', id));
    if (!row) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const wanted = fields ? new Set(fields.split(',').map((f) => f.trim().toLowerCase())) : undefined;
    const body: Record<string, unknown> = {
      attributes: { type: d.name, url: `${base}/sobjects/${d.name}/${String(row.Id)}` }
    };
    for (const f of d.fields)
      if (!wanted || wanted.has(f.name.toLowerCase()))
        body[f.name] =
          f.type === 'blob'
            ? `${base}/sobjects/${d.name}/${String(row.Id)}/${f.name}`
            : wireValue(f, row[f.name]);
    return { status: 200, body };
  }
}

/** The object-level flags DescribeGlobalSObjectResult and DescribeSObjectResult share (tooling.d.ts). */
function objectFlags(d: ObjectDef): Record<string, unknown> {
  const custom = /__(c|mdt|e)$/.test(d.name);
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: false,
    custom,
    customSetting: false,
    deepCloneable: false,
    deletable: false,
    deprecatedAndHidden: false,
    feedEnabled: false,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: d.keyPrefix,
    label: d.name,
    labelPlural: d.name,
    layoutable: false,
    mergeable: false,
    mruEnabled: false,
    name: d.name,
    queryable: true,
    replicateable: false,
    retrieveable: true,
    searchable: false,
    triggerable: false,
    undeletable: false,
    updateable: false
  };
}

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  datetime: 'xsd:dateTime',
  date: 'xsd:date',
  json: 'urn:JsonValue',
  blob: 'xsd:base64Binary'
};

/** One Field of a describe (tooling.d.ts Field; type names from the SOAP API's FieldType). */
function describeField(f: FieldDef): Record<string, unknown> {
  const text = f.type === 'string';
  return {
    aggregatable: f.type !== 'json',
    aiPredictionField: false,
    autoNumber: false,
    byteLength: text ? 765 : f.type === 'id' || f.type === 'reference' ? 18 : 0,
    calculated: false,
    caseSensitive: false,
    createable: false,
    custom: f.name.endsWith('__c'),
    defaultedOnCreate: f.type === 'boolean',
    deprecatedAndHidden: false,
    digits: f.type === 'int' ? 9 : 0,
    filterable: f.type !== 'json',
    groupable: f.type !== 'json' && f.type !== 'double',
    idLookup: f.type === 'id',
    label: f.name,
    length: text ? 255 : f.type === 'id' || f.type === 'reference' ? 18 : 0,
    name: f.name,
    nameField: f.name === 'Name',
    namePointing: false,
    nillable: f.type !== 'id' && f.type !== 'boolean',
    permissionable: false,
    picklistValues: [],
    polymorphicForeignKey: false,
    precision: f.type === 'double' ? 18 : 0,
    referenceTo: f.ref ? [f.ref] : [],
    relationshipName: f.rel ?? null,
    restrictedPicklist: false,
    scale: 0,
    searchPrefilterable: false,
    soapType: SOAP_TYPES[f.type],
    sortable: f.type !== 'json',
    type: f.type === 'json' ? 'complexvalue' : f.type === 'blob' ? 'base64' : f.type,
    unique: false,
    updateable: false
  };
}
