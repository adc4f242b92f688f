import { AuthInfo, Connection, Lifecycle, Org, type AuthFields } from '@salesforce/core';
import { UserError } from '../errors';
import { orgMsg } from '../messages/org';
import { noSdkLogFileForUrl } from '../sdk-log';
import {
  classifyError,
  classifyResponse,
  fatalError,
  oneLine,
  redact,
  startError,
  type OrgFailure
} from './errors';
import { guardConnection, OrgGuard, settingsFromEnv } from './guard';

export { redact } from './errors';

/**
 * Resolves `-o/--target-org` to an authenticated `@salesforce/core` Connection whose every request goes
 * through the org guard (./guard):
 * - an http(s) URL connects directly with the access token in `SF_ACCESS_TOKEN` (pipelines, tests). The token is
 *   held in memory only: the Connection gets a {@link TokenAuthInfo}, so nothing (no auth file, alias, key or
 *   lock) is written or taken under HOME. Who the token belongs to is read once from the OpenID Connect UserInfo
 *   endpoint of the instance, through the guard;
 * - anything else is an alias or username authorised with `sf org login`, resolved by `Org.create` (the user's
 *   own sf state; the guard is installed on that Connection too).
 * The token is never echoed: error messages name the target only.
 * - UserInfo (user_id, organization_id, preferred_username):
 *   https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm
 * - Errors: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export async function connectOrg(
  target: string,
  env: NodeJS.ProcessEnv = process.env,
  apiVersion = '63.0',
  onWarning?: (warning: string) => void
): Promise<Connection> {
  const token = env.SF_ACCESS_TOKEN;
  noSdkLogFileForUrl(target);
  // @salesforce/core reports warnings through its Lifecycle (printed on stderr if nobody listens). Collect them
  // for the caller, without the token; its "Using insecure protocol" is replaced by ours (insecureWarning).
  Lifecycle.getInstance().onWarning((w) => {
    const text = oneLine(String(w));
    if (!/insecure protocol/i.test(text)) onWarning?.(redact(text, token));
    return Promise.resolve();
  });
  if (/^https?:\/\//i.test(target)) return connectUrl(target, env, apiVersion, onWarning);
  try {
    const org = await Org.create({ aliasOrUsername: target });
    const conn = org.getConnection();
    // An auth file can hold the instance URL with a trailing slash (`sf org login access-token` stores it so;
    // https://github.com/forcedotcom/cli/issues/361), and jsforce joins it with our "/services/..." paths into
    // "//services/...", which the REST API is not documented to accept
    // (https://github.com/SFDO-Tooling/CumulusCI/pull/918): drop it.
    conn.instanceUrl = conn.instanceUrl.replace(/\/+$/, '');
    conn.setApiVersion(apiVersion);
    insecureWarning(conn.instanceUrl, onWarning);
    guardConnection(conn, new OrgGuard(new URL(conn.instanceUrl).origin, settingsFromEnv(env)));
    return conn;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw connectError(e, target, token);
  }
}

async function connectUrl(
  target: string,
  env: NodeJS.ProcessEnv,
  apiVersion: string,
  onWarning?: (warning: string) => void
): Promise<Connection> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UserError(orgMsg.connect.badUrl(target), 'UsageError');
  }
  const accessToken = env.SF_ACCESS_TOKEN;
  if (!accessToken) throw new UserError(orgMsg.connect.noToken(url.origin), 'UsageError');
  const guard = new OrgGuard(url.origin, settingsFromEnv(env));
  insecureWarning(url.origin, onWarning);
  const who = await identity(guard, target, accessToken);
  const authInfo = new TokenAuthInfo({
    username: who.username,
    orgId: who.orgId,
    userId: who.userId,
    accessToken,
    instanceUrl: url.origin,
    loginUrl: url.origin
  });
  let conn: Connection;
  try {
    // With the version given, Connection.create sends nothing (no useLatestApiVersion).
    conn = await Connection.create({ authInfo, connectionOptions: { version: apiVersion } });
  } catch (e) {
    throw connectError(e, target, accessToken);
  }
  guardConnection(conn, guard);
  return conn;
}

/** Retries of the identity read: transient failures (503, timeouts, a reset socket), bounded by the guard's total. */
const CONNECT_RETRIES = 4;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Who the token belongs to, from `GET /services/oauth2/userinfo` on the instance, through the guard. Every way it
 * can fail is one line naming the cause: refused, expired session, exhausted daily limit, the org unavailable
 * (503, after retries), a server error, or an answer that is not the documented one.
 */
async function identity(
  guard: OrgGuard,
  target: string,
  token: string
): Promise<{ username: string; orgId: string; userId: string }> {
  const deadline = guard.deadline();
  let failure: OrgFailure;
  let attempt = 0;
  for (;;) {
    attempt++;
    try {
      const res = await guard.transport.send(
        {
          method: 'GET',
          url: `${guard.origin}/services/oauth2/userinfo`,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' }
        },
        deadline
      );
      if (res.statusCode < 300) {
        const body = JSON.parse(res.body) as Record<string, string>;
        return { username: body.preferred_username!, orgId: body.organization_id!, userId: body.user_id! };
      }
      failure = classifyResponse(res.statusCode, parseBody(res.body));
    } catch (e) {
      failure = classifyError(e);
    }
    // The guard's backoff (250 ms by default), doubling, as the OrgClient's retries.
    const base = guard.settings.timeouts.backoffMs;
    if (failure.kind !== 'retry' || attempt > CONNECT_RETRIES || Date.now() + base * 2 ** attempt >= deadline)
      break;
    await sleep(base * 2 ** (attempt - 1));
  }
  throw startError(failure, target, attempt - 1, token);
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Maps a connection-time failure of @salesforce/core (Org.create) to one line. */
export function connectError(e: unknown, target: string, token?: string): UserError {
  const f = classifyError(e);
  // Classify on the whole message: @salesforce/core puts the platform's answer on a later line. Only the first
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

const warnedInsecure = new Set<string>();

/**
 * Plain http to a host other than this machine sends the token in clear: warn once per origin per process.
 * Loopback (the org emulator, a local proxy) is where http is expected, so it gets no warning.
 */
function insecureWarning(instanceUrl: string, onWarning?: (warning: string) => void): void {
  const url = new URL(instanceUrl);
  if (url.protocol !== 'http:' || isLoopback(url.hostname) || warnedInsecure.has(url.origin)) return;
  warnedInsecure.add(url.origin);
  onWarning?.(orgMsg.connect.insecure(url.origin));
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

interface HeldAuth {
  username: string;
  orgId: string;
  userId: string;
  accessToken: string;
  instanceUrl: string;
  loginUrl: string;
}

/**
 * The AuthInfo of a connection made from `SF_ACCESS_TOKEN`: the fields the Connection and SDR ask for (username,
 * org id, instance URL, the token for the Authorization header), held in memory. `@salesforce/core`'s own
 * AuthInfo keeps them in its StateAggregator, which encrypts the token with a key it creates under HOME
 * (~/.sfdx/key.json), creates ~/.sfdx/alias.json, and on `save()` writes ~/.sfdx/<username>.json under a lock
 * file: none of that happens here. `save` and `update` keep nothing; anything else an AuthInfo offers (refresh,
 * aliases, defaults) does not apply to a bare access token and fails loudly.
 */
export class TokenAuthInfo extends AuthInfo {
  private readonly held: HeldAuth;

  constructor(held: HeldAuth) {
    super({});
    this.held = held;
  }

  override getUsername(): string {
    return this.held.username;
  }

  override getFields(): Readonly<AuthFields> {
    const { accessToken, instanceUrl, loginUrl, orgId, userId, username } = this.held;
    return { accessToken, instanceUrl, loginUrl, orgId, userId, username, isDevHub: false };
  }

  override getConnectionOptions(): ReturnType<AuthInfo['getConnectionOptions']> {
    const { accessToken, instanceUrl, loginUrl } = this.held;
    return { accessToken, instanceUrl, loginUrl };
  }

  override isUsingAccessToken(): boolean {
    return true;
  }

  override isAccessTokenFlow(): boolean {
    return true;
  }

  override isJwt(): boolean {
    return false;
  }

  override isOauth(): boolean {
    return false;
  }

  override isRefreshTokenFlow(): boolean {
    return false;
  }

  override save(): Promise<AuthInfo> {
    return Promise.resolve(this);
  }

  override update(): AuthInfo {
    return this;
  }

  override init(): Promise<void> {
    return Promise.resolve();
  }
}
