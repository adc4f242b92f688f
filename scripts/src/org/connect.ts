import { connect } from 'node:net';
import { AuthInfo, Connection, Lifecycle, Org } from '@salesforce/core';
import { UserError } from '../errors';
import { orgMsg } from '../messages/org';
import { classifyError, fatalError, oneLine } from './errors';

/**
 * Resolves `-o/--target-org` to an authenticated `@salesforce/core` Connection:
 * - an http(s) URL connects directly with the access token in `SF_ACCESS_TOKEN` (pipelines, tests);
 * - anything else is an alias or username authorised with `sf org login`, resolved by `Org.create`.
 * The token is never echoed: error messages name the target only.
 * (AuthInfo access-token options: https://forcedotcom.github.io/sfdx-core/classes/org_authInfo.AuthInfo.html)
 */
export async function connectOrg(
  target: string,
  env: NodeJS.ProcessEnv = process.env,
  apiVersion = '63.0',
  onWarning?: (warning: string) => void
): Promise<Connection> {
  // @salesforce/core prints its warnings (e.g. "Using insecure protocol") on stderr unless someone
  // listens: collect them, so the caller reports them with its own output and errors stay one line.
  const token = env.SF_ACCESS_TOKEN;
  Lifecycle.getInstance().onWarning((w) => {
    onWarning?.(redact(oneLine(String(w)), token));
    return Promise.resolve();
  });
  try {
    let conn: Connection;
    if (/^https?:\/\//i.test(target)) {
      let url: URL;
      try {
        url = new URL(target);
      } catch {
        throw new UserError(orgMsg.connect.badUrl(target), 'UsageError');
      }
      const accessToken = env.SF_ACCESS_TOKEN;
      if (!accessToken) throw new UserError(orgMsg.connect.noToken(url.origin), 'UsageError');
      // Fail fast, in one line, when nothing listens there (before @salesforce/core's retries).
      const unreachable = await socketError(url);
      if (unreachable) throw new UserError(orgMsg.connect.refused(target, unreachable), 'OrgConnectionError');
      // isDevHub: false skips @salesforce/core's Dev Hub probe (a ScratchOrgInfo query we do not need).
      // namespacePrefix: null skips its Organization probe (determineOrg), which saves the auth info:
      // that would write the pipeline's access token (encrypted) to ~/.sfdx/<username>.json, and
      // spend an API call outside our budget count. A token from the environment is never stored.
      const accessTokenOptions = {
        accessToken,
        instanceUrl: url.origin,
        loginUrl: url.origin,
        isDevHub: false,
        namespacePrefix: null
      };
      const authInfo = await AuthInfo.create({ accessTokenOptions });
      // With the version given, Connection.create skips useLatestApiVersion (which saves it the same way).
      conn = await Connection.create({ authInfo, connectionOptions: { version: apiVersion } });
    } else {
      const org = await Org.create({ aliasOrUsername: target });
      conn = org.getConnection();
      // An auth file can hold the instance URL with a trailing slash (`sf org login access-token`
      // stores it so; https://github.com/forcedotcom/cli/issues/361), and jsforce joins it with our
      // "/services/..." paths into "//services/...", which the REST API is not documented to accept
      // (https://github.com/SFDO-Tooling/CumulusCI/pull/918): drop it.
      conn.instanceUrl = conn.instanceUrl.replace(/\/+$/, '');
    }
    conn.setApiVersion(apiVersion);
    return conn;
  } catch (e) {
    if (e instanceof UserError) throw e;
    // @salesforce/core reports an unreachable host as "fetch failed" without the socket error:
    // probe the host once (a TCP connect, no request) to name it.
    if (/fetch failed/i.test(String((e as Error)?.message)) && /^https?:\/\//i.test(target)) {
      const code = await socketError(new URL(target));
      if (code) throw new UserError(orgMsg.connect.refused(target, code), 'OrgConnectionError');
    }
    throw connectError(e, target, env.SF_ACCESS_TOKEN);
  }
}

/** The socket error connecting to a URL's host and port (ECONNREFUSED, ENOTFOUND...), or undefined if it connects. */
function socketError(url: URL): Promise<string | undefined> {
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port, timeout: 5000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'ECONNREFUSED'));
  });
}

/** Maps a connection-time failure to one line: refused, expired session, unknown alias, or the platform's message. */
export function connectError(e: unknown, target: string, token?: string): UserError {
  const f = classifyError(e);
  // Classify on the whole message: @salesforce/core puts the platform's answer on a later line
  // ("Could not retrieve the username ...\n\nDue to: Session expired or invalid"). Only the first
  // line (f.message, redacted) is ever shown.
  const raw = (e as { message?: unknown })?.message;
  const text = `${typeof raw === 'string' ? raw : f.message} ${String((e as { cause?: unknown })?.cause ?? '')}`;
  const refused = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH/.exec(`${f.errorCode} ${text}`);
  if (refused) return new UserError(orgMsg.connect.refused(target, refused[0]), 'OrgConnectionError');
  if (f.kind === 'fatal') return fatalError(f, target);
  if (/NamedOrgNotFound|NoAuthInfoFound|No authorization information/i.test(`${f.errorCode} ${text}`)) {
    return new UserError(orgMsg.connect.notFound(target), 'OrgConnectionError');
  }
  if (/401|INVALID_SESSION|expired|Bad_OAuth_Token|invalid_grant/i.test(text)) {
    return new UserError(orgMsg.sessionExpired, 'SessionExpiredError');
  }
  return new UserError(
    orgMsg.connect.failed(target, redact(oneLine(f.message), token)),
    'OrgConnectionError'
  );
}

/** Removes the token from a message, whatever a library put in it. */
export function redact(text: string, token?: string): string {
  return token ? text.split(token).join('***') : text;
}
