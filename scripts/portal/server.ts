import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { BUNDLE_FILE, REPO_ROOT } from './paths';
import { PortalFixtures, scenarioOf } from './fixtures';

/**
 * The preview server: 127.0.0.1 only, an ephemeral port unless one is given. It serves the site's
 * pages (/ and /s/..., one document; the app draws the page the path names), the compiled bundle,
 * SLDS from @salesforce-ux/design-system, the fixture layer's Apex endpoints, and the site's logout
 * URL, which lands on the login page signed out. The Content-Security-Policy keeps the page on this origin: nothing
 * leaves localhost.
 */

const SLDS_ASSETS = path.join(REPO_ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json'
};

// Synthetic shadow and LBC inject <style> elements, hence 'unsafe-inline' for styles only.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Patient portal preview (fake data)</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css" />
  </head>
  <body>
    <div id="portal-root"></div>
    <script type="module" src="/bundle/${BUNDLE_FILE}"></script>
  </body>
</html>
`;

/** Where the site's logout lands (Network logout URL, README: org prerequisites): its login page, signed out. */
export const SIGNED_OUT_URL = '/s/login/?signedOut=1';

export interface PortalServer {
  url: string;
  port: number;
  fixtures: PortalFixtures;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CSP,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff'
  });
  res.end(body);
}

/** Serves a file under root, refusing anything that resolves outside it. */
function sendFile(res: http.ServerResponse, root: string, relative: string): void {
  const file = path.resolve(root, '.' + path.posix.normalize('/' + relative));
  if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff'
  });
  createReadStream(file).pipe(res);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const parsed: unknown = text ? JSON.parse(text) : {};
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

export async function startPortalServer(bundleDir: string, port = 0): Promise<PortalServer> {
  const fixtures = new PortalFixtures();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = url.pathname;
    // Every page of the site (/s/...) is the same document; the app draws the site page for the path.
    if (req.method === 'GET' && (route === '/' || route === '/s' || route.startsWith('/s/')))
      return send(res, 200, TYPES['.html']!, PAGE);
    if (req.method === 'GET' && route === '/secur/logout.jsp') {
      res.writeHead(302, { location: SIGNED_OUT_URL, 'cache-control': 'no-store' });
      res.end();
      return;
    }
    if (req.method === 'GET' && route.startsWith('/bundle/'))
      return sendFile(res, bundleDir, route.slice('/bundle/'.length));
    if (req.method === 'GET' && route.startsWith('/assets/'))
      return sendFile(res, SLDS_ASSETS, route.slice('/assets/'.length));
    if (req.method === 'GET' && route === '/__fixtures/log')
      return send(res, 200, TYPES['.json']!, JSON.stringify(fixtures.log));
    if (req.method === 'POST' && route === '/__fixtures/reset') {
      fixtures.reset();
      return send(res, 204, 'text/plain; charset=utf-8', '');
    }
    if (req.method === 'POST' && route.startsWith('/apex/')) {
      const method = route.slice('/apex/'.length);
      const scenario = scenarioOf(String(req.headers['x-portal-scenario'] ?? ''));
      readJson(req).then(
        (params) => {
          const result = fixtures.call(method, params, scenario);
          if (result.kind === 'pending') return; // the loading state: never answers
          if (result.kind === 'ok') send(res, 200, TYPES['.json']!, JSON.stringify({ result: result.body }));
          else send(res, result.status, TYPES['.json']!, JSON.stringify({ message: result.message }));
        },
        () => send(res, 400, TYPES['.json']!, JSON.stringify({ message: 'Bad request' }))
      );
      return;
    }
    send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    fixtures,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
