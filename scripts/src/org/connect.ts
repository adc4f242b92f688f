import { AuthInfo, Connection, Org } from '@salesforce/core';
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
  apiVersion = '63.0'
): Promise<Connection> {
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
      const authInfo = await AuthInfo.create({
        accessTokenOptions: { accessToken, instanceUrl: url.origin, loginUrl: url.origin }
      });
      conn = await Connection.create({ authInfo });
    } else {
      const org = await Org.create({ aliasOrUsername: target });
      conn = org.getConnection();
    }
    conn.setApiVersion(apiVersion);
    return conn;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw connectError(e, target, env.SF_ACCESS_TOKEN);
  }
}

/** Maps a connection-time failure to one line: refused, expired session, unknown alias, or the platform's message. */
export function connectError(e: unknown, target: string, token?: string): UserError {
  const f = classifyError(e);
  const text = `${f.message} ${String((e as { cause?: unknown })?.cause ?? '')}`;
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
