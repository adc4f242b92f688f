import http from 'node:http';
import https from 'node:https';
import { PassThrough, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { guardMsg } from '../../messages/org';
import type { CallBudget } from './budget';
import { proxyAuth, proxyFor, tunnel } from './proxy';
import { GuardError } from './guard-error';
import { answerKind, checkAnswer, type Answer } from './shapes';
import type { AnswerKind, GuardSettings } from './settings';

/**
 * The one way a request reaches the org. It stands in for jsforce's HTTP transport under the
 * `@salesforce/core` Connection (`conn._transport`, used by every REST, Tooling, Composite and SOAP Metadata
 * call, SDR's deploy and status polls included), and is what the connect step uses for its identity read.
 * Nothing else in the code sends an org request. Per request it:
 * - sends only to the instance's origin (scheme, host and port): a request for another origin is refused before
 *   anything, the token included, leaves this process; a redirect is followed only on the same origin;
 * - counts the request against the run's {@link CallBudget} before sending, and reads `Sforce-Limit-Info` after;
 * - bounds the connection, the first byte, every silence in the body, and the whole request (and, given a
 *   deadline, the call with its retries), see {@link GuardSettings};
 * - reads the body up to the cap for its kind of answer, decompressing gzip or deflate within the same cap;
 * - checks a 2xx answer against its documented shape ({@link checkAnswer});
 * - goes through the environment's HTTP(S)_PROXY, as jsforce's transport did (./proxy).
 * It never retries: the OrgClient and SDR decide that, and every attempt comes back through here.
 */
export interface OrgRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;

/**
 * What a caller can pass through jsforce's request options to the transport: the call's deadline (its retries
 * included), and a hook told the final HTTP status (jsforce's error for a REST error answer drops it).
 */
export interface GuardOptions {
  phiGuardDeadline?: number;
  phiGuardStatus?: (status: number) => void;
}

/** jsforce's transport contract: `httpRequest(req, options)` gives a promise that also has `stream()`. */
type JsforceTransport = {
  httpRequest(req: OrgRequest, options?: GuardOptions): Promise<Answer> & { stream(): PassThrough };
};

export class GuardedTransport implements JsforceTransport {
  /** The latest GuardError this transport threw (see OrgGuard.refusalIn). */
  lastRefusal?: GuardError;

  constructor(
    readonly origin: string,
    private readonly settings: GuardSettings,
    private readonly budget: CallBudget
  ) {}

  /** jsforce calls this for every request of the Connection it is installed on. */
  httpRequest(req: OrgRequest, options: GuardOptions = {}) {
    const stream = new PassThrough();
    const promise = this.send(req, options.phiGuardDeadline)
      .then((answer) => {
        options.phiGuardStatus?.(answer.statusCode);
        return answer;
      })
      .finally(() => stream.end());
    return Object.assign(promise, { stream: () => stream });
  }

  /**
   * Sends one request under every guard and returns the checked answer (any status: an error answer is the
   * caller's to classify). Throws a GuardError for what the guard refused, or the socket error.
   * @param deadline epoch ms by which this call, retries included, must be over (the request is cut there).
   */
  async send(req: OrgRequest, deadline = Infinity): Promise<Answer> {
    try {
      return await this.guarded(req, deadline);
    } catch (e) {
      if (e instanceof GuardError) this.lastRefusal = e;
      throw e;
    }
  }

  private async guarded(req: OrgRequest, deadline: number): Promise<Answer> {
    let url = this.onOrigin(req.url);
    let method = req.method.toUpperCase();
    let body = bodyBytes(req.body);
    const sent = body?.toString('utf8');
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate', ...lower(req.headers) };
    for (let hop = 0; ; hop++) {
      const kind = answerKind(url.pathname);
      this.budget.spend();
      const raw = await this.attempt(url, method, headers, body, kind, deadline);
      this.budget.observe(raw.headers['sforce-limit-info']);
      if (REDIRECTS.has(raw.statusCode)) {
        const next = raw.headers.location ? safeUrl(raw.headers.location, url) : undefined;
        if (!next)
          throw new GuardError('GUARD_MALFORMED', guardMsg.redirectWithout(url.pathname), raw.statusCode);
        if (next.origin !== this.origin)
          throw new GuardError(
            'GUARD_OFF_ORIGIN',
            guardMsg.redirected(url.pathname, raw.statusCode, next.host || next.protocol, this.origin),
            raw.statusCode
          );
        if (hop >= MAX_REDIRECTS)
          throw new GuardError('GUARD_MALFORMED', guardMsg.tooManyRedirects(url.pathname), raw.statusCode);
        if (raw.statusCode <= 303 && method !== 'GET' && method !== 'HEAD') {
          method = 'GET';
          body = undefined;
          delete headers['content-length'];
          delete headers['content-type'];
        }
        url = next;
        continue;
      }
      const answer: Answer = { statusCode: raw.statusCode, headers: raw.headers, body: raw.body };
      if (raw.statusCode >= 200 && raw.statusCode < 300)
        answer.body = checkAnswer(kind, url.pathname, answer, this.origin, sent);
      return answer;
    }
  }

  /**
   * A fresh connection per request: a state-changing POST (a deploy) never goes out on a socket the server may
   * already have closed, and no idle socket outlives the run. Through the environment's proxy, if one applies.
   */
  private open(url: URL, method: string, headers: Record<string, string>): http.ClientRequest {
    const proxy = proxyFor(url);
    if (!proxy)
      return (url.protocol === 'https:' ? https : http).request(url, { method, headers, agent: false });
    if (url.protocol === 'https:')
      return https.request(url, {
        method,
        headers,
        createConnection: (_options, created) => {
          tunnel(proxy, url, (err, socket) =>
            err ? created(err, undefined as never) : created(null, socket!)
          );
          return undefined;
        }
      });
    return http.request({
      host: proxy.url.hostname,
      port: proxy.url.port || 80,
      method,
      path: url.href,
      headers: { ...headers, host: url.host, ...proxyAuth(proxy) },
      agent: false
    });
  }

  /** The request URL, refused (GUARD_OFF_ORIGIN, nothing sent) unless it is on the instance's origin. */
  private onOrigin(raw: string): URL {
    const url = safeUrl(raw, this.origin);
    if (!url || url.origin !== this.origin)
      throw new GuardError(
        'GUARD_OFF_ORIGIN',
        guardMsg.offOrigin(url?.host || url?.protocol || '?', this.origin)
      );
    return url;
  }

  /** One HTTP exchange with every timer and the size cap. */
  private attempt(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
    kind: AnswerKind,
    deadline: number
  ): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
    const t = this.settings.timeouts;
    const what = url.pathname;
    return new Promise((resolve, reject) => {
      const timers = new Set<NodeJS.Timeout>();
      let settled = false;
      let response: Readable | undefined;
      const stop = (e: Error) => {
        if (settled) return;
        settled = true;
        for (const h of timers) clearTimeout(h);
        request.destroy();
        response?.destroy();
        reject(e);
      };
      const timer = (ms: number, phase: string): NodeJS.Timeout | undefined => {
        // Nothing is armed once the request has settled: a late event (the request's 'finish' after its answer came)
        // would leave a timer that nothing clears, and that keeps the process alive for its whole length.
        if (settled) return undefined;
        // A request cut by the call's deadline names the call's total, not the slice that was left.
        const shown = phase === 'total' ? t.totalMs : ms;
        const h = setTimeout(
          () => stop(new GuardError('GUARD_TIMEOUT', guardMsg.timeout(what, phase, shown))),
          ms
        );
        timers.add(h);
        return h;
      };
      const clear = (h: NodeJS.Timeout | undefined) => {
        if (!h) return;
        clearTimeout(h);
        timers.delete(h);
      };
      const left = deadline - Date.now();
      if (left <= 0) {
        reject(new GuardError('GUARD_TIMEOUT', guardMsg.timeout(what, 'total', t.totalMs)));
        return;
      }
      const whole = Math.min(t.requestMs, left);
      const out = { ...headers };
      if (body) out['content-length'] = String(body.length);
      const request = this.open(url, method, out);
      timer(whole, whole < t.requestMs ? 'total' : 'request');
      let firstByte: NodeJS.Timeout | undefined;
      // Every request has a new socket (agent: false): connected once TCP (and, for https, TLS) is up.
      const connecting = timer(t.connectMs, 'connect');
      request.on('socket', (socket) => {
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clear(connecting));
      });
      request.on('finish', () => {
        firstByte = timer(t.firstByteMs, 'first-byte');
      });
      request.on('error', (e) => stop(e));
      request.on('response', (res) => {
        clear(firstByte);
        const status = res.statusCode ?? 0;
        const hdrs = lower(res.headers);
        if (REDIRECTS.has(status)) {
          res.resume();
          settled = true;
          for (const h of timers) clearTimeout(h);
          resolve({ statusCode: status, headers: hdrs, body: '' });
          request.destroy();
          return;
        }
        const error = status >= 400;
        const cap = error ? this.settings.caps.error : this.settings.caps[kind];
        const declared = Number(hdrs['content-length']);
        if (!error && Number.isFinite(declared) && declared > cap) {
          stop(new GuardError('GUARD_TOO_LARGE', guardMsg.tooLarge(what, kind, cap), status));
          return;
        }
        const encoding = (hdrs['content-encoding'] ?? 'identity').toLowerCase();
        let stream: Readable = res;
        if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(zlib.createGunzip());
        else if (encoding === 'deflate') stream = res.pipe(zlib.createInflate());
        else if (encoding !== 'identity') {
          stop(
            new GuardError(
              'GUARD_MALFORMED',
              guardMsg.malformed(what, guardMsg.shape.encoding(encoding)),
              status
            )
          );
          return;
        }
        response = res;
        const chunks: Buffer[] = [];
        let size = 0;
        let idle = timer(t.idleMs, 'idle');
        res.on('data', () => {
          clear(idle);
          idle = timer(t.idleMs, 'idle');
        });
        const finish = () => {
          if (settled) return;
          settled = true;
          for (const h of timers) clearTimeout(h);
          resolve({ statusCode: status, headers: hdrs, body: Buffer.concat(chunks).toString('utf8') });
          res.destroy();
        };
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          size += chunk.length;
          if (size > cap) {
            // An error answer is only its status: keep what fits. A data answer past its cap is refused.
            if (error) {
              chunks.push(chunk.subarray(0, chunk.length - (size - cap)));
              finish();
              return;
            }
            stop(new GuardError('GUARD_TOO_LARGE', guardMsg.tooLarge(what, kind, cap), status));
            return;
          }
          chunks.push(chunk);
        });
        stream.on('end', finish);
        stream.on('error', (e) =>
          stop(
            stream === res
              ? e
              : new GuardError(
                  'GUARD_MALFORMED',
                  guardMsg.malformed(what, guardMsg.shape.badEncoding(encoding)),
                  status
                )
          )
        );
        res.on('close', () => {
          if (!res.complete)
            stop(new GuardError('GUARD_MALFORMED', guardMsg.malformed(what, guardMsg.shape.cut), status));
        });
      });
      request.end(body);
    });
  }
}

function safeUrl(raw: string, base: string | URL): URL | undefined {
  try {
    return new URL(raw, base);
  } catch {
    return undefined;
  }
}

function lower(h: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** A request body as bytes: text, a Buffer, URL parameters, or a multipart form (jsforce's REST deploy). */
function bodyBytes(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), 'utf8');
  const form = body as { getBuffer?: () => Buffer };
  if (typeof form.getBuffer === 'function') return form.getBuffer();
  throw new GuardError('GUARD_MALFORMED', guardMsg.unsupportedBody);
}
