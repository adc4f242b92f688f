import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadProfile } from './profiles/index';
import { RestApi } from './rest';
import { envelope, faultResponse, MetadataReads, parseSoap, SoapFault, type SoapCall } from './soap';
import { restError, type EmuRequest, type EmuResponse, type RequestLogEntry } from './http-types';
import type { OrgState } from './state';
import { Faults } from './faults';
import { composite, compositeBatch } from './composite';
import { BulkApi } from './bulk';
import { DeployApi } from './deploy';

export interface EmulatorOptions {
  profile?: string;
  /** 0 picks a free port. */
  port?: number;
  latencyMs?: number;
  faults?: string[];
  now?: Date;
  /** Pre-built state (tests); overrides `profile`. */
  state?: OrgState;
  /**
   * Called with every request and the answer sent for it (tests that hold each answer to its published type,
   * scripts/test/emulator/contracts.test.ts). Never logs: the caller decides what to do with a body.
   */
  onExchange?: (req: EmuRequest, res: EmuResponse) => void;
}

export interface Emulator {
  url: string;
  token: string;
  state: OrgState;
  requests(): RequestLogEntry[];
  setFaults(faults: string[]): void;
  /** Clears the request log, restores the API budget and clears faults. */
  reset(): void;
  stop(): Promise<void>;
}

/**
 * The org emulator: a node:http server speaking the REST, Tooling, Composite, SOAP Metadata and Bulk 2.0 wire
 * formats over a profile's state. Every authenticated response carries Sforce-Limit-Info
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm).
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const state = opts.state ?? loadProfile(opts.profile ?? 'compliant', { now: opts.now });
  const token = `00D${randomBytes(6).toString('hex')}!${randomBytes(24).toString('base64url')}`;
  const faults = new Faults(state, opts.faults ?? [], opts.latencyMs ?? 0);
  const log: RequestLogEntry[] = [];
  let seq = 0;
  const now = () => opts.now ?? new Date();
  const rest = new RestApi(state, now, () => faults.budget());
  const reads = new MetadataReads(state);
  const bulk = new BulkApi(state, now, () => faults.has('bulk-job-failed'));
  const deploy = new DeployApi(state, now, faults);

  const route = (req: EmuRequest, entry: RequestLogEntry): EmuResponse => {
    const m = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(req.path);
    if (!m) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const version = m[1] as string;
    const sub = m[2] ?? '';
    if (/^\/(tooling\/)?composite\/?$/.test(sub) && req.method === 'POST') {
      entry.family = 'composite';
      return composite(req, version, sub.startsWith('/tooling'), (r) => route(r, { ...entry }), entry);
    }
    if (sub === '/composite/batch' && req.method === 'POST') {
      entry.family = 'composite';
      return compositeBatch(req, version, (r) => route(r, { ...entry }), entry, faults);
    }
    if (sub.startsWith('/jobs/query')) {
      entry.family = 'bulk2';
      // Query jobs read org data; creating, aborting or deleting a job changes no org data.
      entry.write = false;
      return bulk.handle(req, version, sub.slice('/jobs/query'.length));
    }
    if (sub.startsWith('/metadata/deployRequest')) {
      entry.family = 'rest';
      entry.write = req.method !== 'GET';
      return deploy.handleRest(req, version, sub.slice('/metadata/deployRequest'.length), entry);
    }
    if (sub.startsWith('/tooling')) entry.family = 'tooling';
    if (req.method !== 'GET') entry.write = true;
    return rest.handle(req, version, sub);
  };

  const soap = (call: SoapCall, version: string, entry: RequestLogEntry): EmuResponse => {
    entry.detail = call.method;
    const limit = faults.budget();
    const header = `<LimitInfoHeader><limitInfo><current>${limit.max - limit.remaining}</current><limit>${limit.max}</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader>`;
    // Every Metadata API call needs Modify Metadata Through Metadata API Functions or Modify All Data:
    // https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_quickstart_prereqs.htm
    if (state.userPermsOff.has('ModifyMetadata') || state.userPermsOff.has('ModifyAllData'))
      throw new SoapFault(
        'INSUFFICIENT_ACCESS',
        'use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions'
      );
    const body = reads.handle(call, version) ?? deploy.handleSoap(call, entry);
    if (body === undefined) throw new SoapFault('INVALID_OPERATION', `Unsupported operation: ${call.method}`);
    return { status: 200, body: envelope(body, header), contentType: 'text/xml;charset=UTF-8' };
  };

  const handle = async (req: EmuRequest): Promise<EmuResponse> => {
    const entry: RequestLogEntry = {
      seq: ++seq,
      method: req.method,
      path: req.path,
      family: 'rest',
      apiCall: false,
      write: false,
      status: 0
    };
    const q = req.query.get('q');
    if (q) entry.query = q;
    log.push(entry);
    let res: EmuResponse;
    try {
      res = await dispatch(req, entry);
    } catch (e) {
      if (e instanceof SoapFault) res = faultResponse(e.code, e.message);
      else {
        res = restError(
          500,
          'UNKNOWN_EXCEPTION',
          'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1)'
        );
        if (process.env.PHI_GUARD_DEBUG)
          process.stderr.write(`emulator: ${(e as Error).stack ?? String(e)}\n`);
      }
    }
    entry.status = res.status;
    opts.onExchange?.(req, res);
    return res;
  };

  const dispatch = async (req: EmuRequest, entry: RequestLogEntry): Promise<EmuResponse> => {
    if (req.path.startsWith('/__emulator/')) {
      entry.family = 'emulator';
      if (req.path === '/__emulator/requests' && req.method === 'GET')
        return { status: 200, body: log.filter((e) => e.family !== 'emulator') };
      if (req.path === '/__emulator/reset' && req.method === 'POST') {
        resetAll();
        return { status: 204 };
      }
      return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    }
    if (req.method === 'GET' && (req.path === '/services/data' || req.path === '/services/data/')) {
      entry.family = 'versions';
      return rest.versions();
    }
    const isSoap = /^\/services\/Soap\/m\/(\d+\.\d)\/?$/.exec(req.path);
    let call: SoapCall | undefined;
    if (isSoap) {
      entry.family = 'soap-metadata';
      call = parseSoap(req.body.toString('utf8'));
    }
    await faults.delay(call?.method);
    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const authorised = bearer === token || call?.sessionId === token;
    const userinfo = req.path === '/services/oauth2/userinfo';
    if (userinfo) entry.family = 'oauth';
    const counted = !userinfo && (isSoap !== null || req.path.startsWith('/services/data/v'));
    const fault = faults.before(counted, authorised);
    if (fault) {
      if (fault.kind === 'unauthorized')
        return isSoap
          ? faultResponse(
              'INVALID_SESSION_ID',
              'Invalid Session ID found in SessionHeader: Illegal Session. Session not found, missing session hash: Session expired or invalid'
            )
          : restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
      if (fault.kind === 'request-limit')
        return isSoap
          ? faultResponse('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')
          : restError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      if (fault.kind === 'error-500')
        return isSoap
          ? faultResponse(
              'UNKNOWN_EXCEPTION',
              'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1)'
            )
          : restError(
              500,
              'UNKNOWN_EXCEPTION',
              'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1)'
            );
      return { status: 503, body: '<html><body>Service Unavailable</body></html>', contentType: 'text/html' };
    }
    if (counted) {
      entry.apiCall = true;
      faults.count(1);
    }
    if (userinfo)
      return {
        status: 200,
        body: {
          sub: `https://login.salesforce.com/id/${state.info.orgId}/${state.info.userId}`,
          user_id: state.info.userId,
          organization_id: state.info.orgId,
          preferred_username: state.info.username,
          email: state.info.username
        }
      };
    if (isSoap && call) return soap(call, isSoap[1] as string, entry);
    return route(req, entry);
  };

  const resetAll = () => {
    log.length = 0;
    faults.reset();
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const emuReq: EmuRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks)
      };
      void handle(emuReq).then((out) => send(res, out, faults, emuReq.path));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    state,
    requests: () => log.filter((e) => e.family !== 'emulator').map((e) => ({ ...e })),
    setFaults: (f) => faults.set(f),
    reset: resetAll,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

function send(res: ServerResponse, out: EmuResponse, faults: Faults, path: string): void {
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  if (path.startsWith('/services/data/v') || path.startsWith('/services/Soap/')) {
    const b = faults.budget();
    headers['Sforce-Limit-Info'] = `api-usage=${b.max - b.remaining}/${b.max}`;
  }
  let body: string | Buffer | undefined;
  if (out.body === undefined) body = undefined;
  else if (typeof out.body === 'string' || Buffer.isBuffer(out.body)) {
    body = out.body;
    headers['Content-Type'] = out.contentType ?? 'text/plain;charset=UTF-8';
  } else {
    body = JSON.stringify(out.body);
    headers['Content-Type'] = 'application/json;charset=UTF-8';
  }
  res.writeHead(out.status, headers);
  res.end(body);
}
