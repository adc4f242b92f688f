import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Connection } from '@salesforce/core';
import { connect } from '../emulator/helpers';
import { fixture } from '../helpers/paths';

/**
 * Answers recorded from real orgs and kept in public client libraries' test suites (restforce, simple-salesforce,
 * SwiftlySalesforce, Elastic Beats), in a published API sample collection (mogox/sfdc_api_samples) and in a
 * published guide (Fortanix's Salesforce BYOK plugin), re-expressed as fixtures under
 * scripts/test/fixtures/recorded/, each with a `source` line naming repository, path and commit.
 */
export interface Recorded {
  source: string;
  what: string;
  request: { method: string; path: string };
  status: number;
  contentType: string;
  body: unknown;
}

export const RECORDED_DIR = fixture('recorded');

export function recorded(name: string): Recorded {
  return JSON.parse(readFileSync(path.join(RECORDED_DIR, `${name}.json`), 'utf8')) as Recorded;
}

export const recordedNames = () =>
  readdirSync(RECORDED_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();

export interface Replay {
  url: string;
  token: string;
  /** Method and path (with query) of every request the server saw. */
  seen: string[];
  stop(): Promise<void>;
}

/**
 * A tiny server that answers with recorded bodies: `answer` picks the fixture for each request (by method, path
 * and, for SOAP, the call), or returns undefined for a 404 NOT_FOUND in the org's error shape. The OAuth userinfo a
 * Connection may ask for is answered with a minimal identity.
 */
export async function replay(
  answer: (method: string, path: string, body: string) => Recorded | undefined
): Promise<Replay> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '/';
      seen.push(`${req.method} ${url}`);
      const pathOnly = url.split('?')[0] as string;
      if (pathOnly === '/services/oauth2/userinfo') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            sub: 'x',
            user_id: '005000000000001AAA',
            organization_id: '00D000000000001AAA',
            preferred_username: 'recorded@example.com'
          })
        );
        return;
      }
      // ... and the User record it reads the username from (AuthInfo.retrieveUserInfo)
      if (/^\/services\/data\/v\d+\.\d\/sobjects\/User\/\w+$/.test(pathOnly)) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ attributes: { type: 'User' }, Username: 'recorded@example.com' }));
        return;
      }
      const r = answer(req.method ?? 'GET', pathOnly, body);
      if (!r) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }])
        );
        return;
      }
      res.writeHead(r.status, {
        'Content-Type':
          r.contentType === 'text/xml' ? 'text/xml;charset=UTF-8' : 'application/json;charset=UTF-8'
      });
      res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    token: '00D000000000001!recorded',
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

/** A real @salesforce/core Connection to a replay server (the emulator tests' helper takes any URL and token). */
export const connectTo = (r: Replay, version = '63.0'): Promise<Connection> => connect(r, version);

/** The SOAP call a request body makes (`checkDeployStatus`, ...). */
export const soapCall = (body: string) => /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body)?.[1];
