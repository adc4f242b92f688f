import http from 'node:http';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { guardMsg } from '../../messages/org';

/**
 * An outbound HTTP proxy, as pipelines behind one set it: `HTTPS_PROXY` for https targets, `HTTP_PROXY` for http
 * ones (lower case too), except hosts listed in `NO_PROXY` (comma-separated names, `.suffix` or `*`). jsforce's own
 * transport honoured a proxy from the environment; the guard's does too. An https request goes through a CONNECT
 * tunnel, so the proxy never sees the token (TLS is end to end with the org); an http one is sent to the proxy in
 * absolute form, as HTTP/1.1 proxies expect (RFC 9112 section 3.2.2).
 */
export interface Proxy {
  url: URL;
}

export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): Proxy | undefined {
  const raw =
    target.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!raw || bypassed(target.hostname, env.NO_PROXY ?? env.no_proxy)) return undefined;
  try {
    const url = new URL(raw.includes('://') ? raw : `http://${raw}`);
    return url.protocol === 'http:' ? { url } : undefined;
  } catch {
    return undefined;
  }
}

function bypassed(host: string, list: string | undefined): boolean {
  if (!list) return false;
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return list
    .split(',')
    .map((e) => e.trim().toLowerCase().replace(/:\d+$/, ''))
    .filter(Boolean)
    .some((e) => e === '*' || h === e.replace(/^\./, '') || h.endsWith(e.startsWith('.') ? e : `.${e}`));
}

/** The Proxy-Authorization header for credentials in the proxy URL (Basic). */
export function proxyAuth(proxy: Proxy): Record<string, string> {
  if (!proxy.url.username) return {};
  const user = decodeURIComponent(proxy.url.username);
  const pass = decodeURIComponent(proxy.url.password);
  return { 'proxy-authorization': `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` };
}

/**
 * Opens a CONNECT tunnel to the target through the proxy and starts TLS in it; calls back with the TLS socket (to
 * use as the request's connection), or an error naming the proxy's refusal.
 */
export function tunnel(
  proxy: Proxy,
  target: URL,
  done: (err: Error | undefined, socket?: tls.TLSSocket) => void
): http.ClientRequest {
  const port = target.port || '443';
  const req = http.request({
    host: proxy.url.hostname,
    port: proxy.url.port || 80,
    method: 'CONNECT',
    path: `${target.hostname}:${port}`,
    headers: { host: `${target.hostname}:${port}`, ...proxyAuth(proxy) },
    agent: false
  });
  req.once('connect', (res, socket: Socket) => {
    if (res.statusCode !== 200) {
      socket.destroy();
      done(
        Object.assign(new Error(guardMsg.proxyRefused(proxy.url.host, res.statusCode ?? 0)), {
          code: 'EPROXY'
        })
      );
      return;
    }
    done(undefined, tls.connect({ socket, servername: target.hostname }));
  });
  req.once('error', (e) => done(e));
  req.end();
  return req;
}
