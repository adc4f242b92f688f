import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/server';

/**
 * A hostile org for the tests: a proxy in front of the org emulator (the emulator's happy paths stay its own),
 * with one switch per attack, and a second host that records every request it receives, the Authorization
 * header included, to show whether the token ever reached it. It imports nothing from scripts/src: it is a
 * test double of the org, not of our code.
 *
 * Attacks (each applies to the requests its `match` selects: a path pattern, and/or a pattern on the SOQL of a
 * query, found in `?q=` or in a composite's subrequest URLs):
 * - `garble`: a 200 answer that is not the documented one: `text` (not JSON), `html` (a maintenance page, status
 *   200, text/html), `subresponse` (only the matching composite subresponse's body becomes a string),
 *   `no-records` (a query result without `records`);
 * - `loop`: a query answer that never ends: `same-locator` (its nextRecordsUrl points at itself), `endless` (a new
 *   locator every page, the same records again), `budget` (a new locator every page, one record each, under a
 *   totalSize so large that only the call budget can stop it);
 * - `redirect`: a 301/302/307/308 to the other host;
 * - `cross-host-next`: a first page whose nextRecordsUrl is an absolute URL on the other host;
 * - `slow`: status and headers at once, then one byte every `everyMs`;
 * - `silent`: the connection is accepted and never answered;
 * - `huge`: a 200 JSON answer of `bytes` bytes, streamed as it is read (never held in memory), chunked or with
 *   its Content-Length declared;
 * - `status`: the given status with a Salesforce-style error body (or a 503 HTML page), for every match.
 */
export interface Match {
  path?: RegExp;
  soql?: RegExp;
  /** The SOAP call in the request body (deploy, checkDeployStatus, readMetadata...). */
  soap?: RegExp;
}

export type Attack =
  | { kind: 'garble'; match: Match; as: 'text' | 'html' | 'subresponse' | 'no-records' }
  | { kind: 'loop'; match: Match; mode: 'same-locator' | 'endless' | 'budget' }
  | { kind: 'redirect'; match: Match; status: 301 | 302 | 307 | 308 }
  | { kind: 'cross-host-next'; match: Match }
  | { kind: 'slow'; match: Match; everyMs: number }
  | { kind: 'silent'; match: Match }
  | { kind: 'huge'; match: Match; bytes: number; declared?: boolean }
  | { kind: 'status'; match: Match; status: 403 | 500 | 503 };

export interface Seen {
  method: string;
  path: string;
  soql: string[];
  soap?: string;
  authorization?: string;
}

export interface OtherHost {
  url: string;
  /** Every request it received, with the Authorization header it carried. */
  seen: Seen[];
}

export interface HostileOrg {
  /** The proxy's URL: what the CLI is pointed at (-o). */
  url: string;
  token: string;
  emu: Emulator;
  other: OtherHost;
  set(attacks: Attack[]): void;
  /** Every request the proxy received. */
  seen: Seen[];
  stop(): Promise<void>;
}

const VERSION_PREFIX = '/services/data/v63.0';

function soqlOf(path: string, query: URLSearchParams, body: string): string[] {
  const out: string[] = [];
  const q = query.get('q');
  if (q) out.push(q);
  if (/\/composite\/?$/.test(path) && body) {
    try {
      const parsed = JSON.parse(body) as { compositeRequest?: { url?: string }[] };
      for (const r of parsed.compositeRequest ?? []) {
        const sub = new URL(r.url ?? '', 'http://x').searchParams.get('q');
        if (sub) out.push(sub);
      }
    } catch {
      // not JSON: nothing to match
    }
  }
  return out;
}

const matches = (m: Match, seen: Seen) =>
  (!m.path || m.path.test(seen.path)) &&
  (!m.soql || seen.soql.some((q) => m.soql!.test(q))) &&
  (!m.soap || m.soap.test(seen.soap ?? ''));

/** The SOAP call a Metadata API request body makes: the first element inside the Body. */
const soapCall = (body: string) => /<(?:[\w-]+:)?Body\b[^>]*>\s*<(?:[\w-]+:)?(\w+)/.exec(body)?.[1];

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function listen(server: Server, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

/** Forwards a request to the emulator and returns its answer. */
function forward(
  target: string,
  req: IncomingMessage,
  body: Buffer
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    delete headers['accept-encoding'];
    const r = request(`${target}${req.url ?? '/'}`, { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h[k] = v;
        resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
      });
    });
    r.on('error', reject);
    r.end(body);
  });
}

const json = (res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...extra });
  res.end(JSON.stringify(value));
};

const MAINTENANCE =
  '<!DOCTYPE html><html><head><title>Down for Maintenance</title></head><body><h1>Salesforce is down for maintenance</h1></body></html>';

/** The second host: records every request and answers like an org would, so a careless client takes it as data. */
async function startOther(servers: Server[]): Promise<OtherHost> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    void readBody(req).then((body) => {
      seen.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        soql: soqlOf(url.pathname, url.searchParams, body.toString('utf8')),
        authorization: req.headers.authorization
      });
      if (/\/limits\/?$/.test(url.pathname))
        json(res, 200, { DailyApiRequests: { Max: 1_000_000, Remaining: 1_000_000 } });
      else json(res, 200, { totalSize: 0, done: true, records: [] });
    });
  });
  servers.push(server);
  return { url: await listen(server), seen };
}

/**
 * Starts the emulator (as the tests do; or takes one already started, e.g. a fixture org) behind the hostile
 * proxy, and the other host. `host` is the address the proxy listens on (default 127.0.0.1).
 */
export async function startHostileOrg(
  opts: EmulatorOptions & { emulator?: Emulator; host?: string } = {},
  attacks: Attack[] = []
): Promise<HostileOrg> {
  const { emulator, host, ...emuOpts } = opts;
  const emu = emulator ?? (await startEmulator({ profile: 'compliant', port: 0, ...emuOpts }));
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const other = await startOther(servers);
  let active = attacks;
  const seen: Seen[] = [];
  /** Pages the proxy serves itself for a looping query: locator -> page. */
  const loops = new Map<string, { records: unknown[]; totalSize: number; mode: string; n: number }>();

  const loopPage = (locator: string, res: ServerResponse) => {
    const loop = loops.get(locator)!;
    const n = loop.n + 1;
    const next = loop.mode === 'same-locator' ? locator : `${VERSION_PREFIX}/query/01gLOOP${n}-${n * 2000}`;
    if (next !== locator) loops.set(next, { ...loop, n });
    json(res, 200, { totalSize: loop.totalSize, done: false, nextRecordsUrl: next, records: loop.records });
  };

  /** Makes a query page loop: done false, a locator the proxy will serve. */
  const startLoop = (page: Record<string, unknown>, mode: string) => {
    const records = Array.isArray(page.records)
      ? page.records.slice(0, mode === 'budget' ? 1 : undefined)
      : [];
    const locator = `${VERSION_PREFIX}/query/01gLOOP0-2000`;
    const totalSize = mode === 'budget' ? 1_000_000_000 : Number(page.totalSize) || records.length;
    loops.set(locator, { records, totalSize, mode, n: 0 });
    return { ...page, records, totalSize, done: false, nextRecordsUrl: locator };
  };

  /** Rewrites query pages (a plain query answer, or the matching composite subresponses). */
  const rewrite = (
    s: Seen,
    body: Buffer,
    attack: Attack,
    edit: (page: Record<string, unknown>) => unknown
  ): Buffer => {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    if (Array.isArray(parsed.compositeResponse)) {
      const urls = new Map<string, string>();
      const reqBody = JSON.parse(compositeBodies.get(s) || '{}') as {
        compositeRequest?: { referenceId: string; url: string }[];
      };
      for (const r of reqBody.compositeRequest ?? []) urls.set(r.referenceId, r.url);
      for (const sub of parsed.compositeResponse as {
        referenceId: string;
        body: unknown;
        httpStatusCode: number;
      }[]) {
        const q = new URL(urls.get(sub.referenceId) ?? '', 'http://x').searchParams.get('q') ?? '';
        if (attack.match.soql && !attack.match.soql.test(q)) continue;
        if (sub.httpStatusCode === 200) sub.body = edit(sub.body as Record<string, unknown>);
      }
      return Buffer.from(JSON.stringify(parsed));
    }
    return Buffer.from(JSON.stringify(edit(parsed)));
  };
  const compositeBodies = new WeakMap<Seen, string>();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    void readBody(req).then(async (body) => {
      const text = body.toString('utf8');
      const s: Seen = {
        method: req.method ?? 'GET',
        path: url.pathname,
        soql: soqlOf(url.pathname, url.searchParams, text),
        soap: url.pathname.startsWith('/services/Soap/') ? soapCall(text) : undefined,
        authorization: req.headers.authorization
      };
      compositeBodies.set(s, text);
      seen.push(s);
      if (loops.has(url.pathname)) return loopPage(url.pathname, res);
      const attack = active.find((a) => matches(a.match, s));
      if (attack?.kind === 'silent') return; // accepted, never answered
      if (attack?.kind === 'status') {
        if (attack.status === 503) {
          res.writeHead(503, { 'content-type': 'text/html' });
          res.end('<html><body>Service Unavailable</body></html>');
        } else if (attack.status === 403)
          json(res, 403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }]);
        else
          json(res, 500, [
            {
              errorCode: 'UNKNOWN_EXCEPTION',
              message: 'An unexpected error occurred. Please include this ErrorId'
            }
          ]);
        return;
      }
      if (attack?.kind === 'redirect') {
        res.writeHead(attack.status, { location: `${other.url}${req.url ?? '/'}` });
        res.end();
        return;
      }
      if (attack?.kind === 'slow') {
        res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
        const payload = '{"totalSize":0,"done":true,"records":[]}';
        let i = 0;
        const tick = () => {
          if (res.destroyed || i >= payload.length) return res.end();
          res.write(payload[i++]!);
          const h = setTimeout(tick, attack.everyMs);
          timers.add(h);
        };
        return tick();
      }
      if (attack?.kind === 'huge') {
        const head = '{"totalSize":1,"done":true,"records":[{"attributes":{"type":"X"},"Name":"';
        const tail = '"}]}';
        res.writeHead(200, {
          'content-type': 'application/json;charset=UTF-8',
          ...(attack.declared ? { 'content-length': String(attack.bytes) } : {})
        });
        const chunk = Buffer.alloc(64 * 1024, 'A');
        let sent = 0;
        res.write(head);
        sent += head.length;
        const pump = () => {
          while (!res.destroyed && sent < attack.bytes - tail.length) {
            const n = Math.min(chunk.length, attack.bytes - tail.length - sent);
            sent += n;
            if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n)))
              return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end(tail);
        };
        res.on('close', () => (sent = attack.bytes));
        return pump();
      }
      let answer: Awaited<ReturnType<typeof forward>>;
      try {
        answer = await forward(emu.url, req, body);
      } catch {
        res.destroy();
        return;
      }
      let out = answer.body;
      const type = answer.headers['content-type'] ?? '';
      if (attack?.kind === 'garble' && answer.status === 200 && /xml/.test(type)) {
        // A SOAP answer: the maintenance page, or text that is not XML.
        res.writeHead(200, { 'content-type': attack.as === 'html' ? 'text/html;charset=UTF-8' : type });
        return res.end(attack.as === 'html' ? MAINTENANCE : 'not a SOAP envelope <<garbled>>');
      }
      if (attack && answer.status === 200 && type.startsWith('application/json')) {
        if (attack.kind === 'garble') {
          if (attack.as === 'html') {
            res.writeHead(200, { 'content-type': 'text/html;charset=UTF-8' });
            return res.end(MAINTENANCE);
          }
          if (attack.as === 'text') {
            res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
            return res.end(`${out.toString('utf8').slice(0, 40)}<<garbled>>`);
          }
          out = rewrite(s, out, attack, (page) =>
            attack.as === 'no-records' ? { totalSize: page.totalSize, done: true } : MAINTENANCE
          );
        } else if (attack.kind === 'loop')
          out = rewrite(s, out, attack, (page) => startLoop(page, attack.mode));
        else if (attack.kind === 'cross-host-next')
          out = rewrite(s, out, attack, (page) => ({
            ...page,
            done: false,
            nextRecordsUrl: `${other.url}${VERSION_PREFIX}/query/01gELSEWHERE-2000`
          }));
      }
      const headers = { ...answer.headers };
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      headers['content-length'] = String(out.length);
      res.writeHead(answer.status, headers);
      res.end(out);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  servers.push(server);
  const url = await listen(server, host);
  return {
    url,
    token: emu.token,
    emu,
    other,
    seen,
    set: (a) => {
      active = a;
      loops.clear();
    },
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      for (const srv of servers) {
        srv.closeAllConnections();
        await new Promise<void>((resolve) => srv.close(() => resolve()));
      }
      await emu.stop();
    }
  };
}
