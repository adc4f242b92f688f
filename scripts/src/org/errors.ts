import { UserError } from '../errors';
import { orgMsg } from '../messages/org';
import { isGuardError } from './guard/guard-error';

/**
 * How an org API failure is handled:
 * - `fatal`: the run cannot go on (expired session, exhausted daily limit): a UserError, exit 2, no report.
 * - `retry`: transient (HTTP 503, UNABLE_TO_LOCK_ROW, socket timeouts): retried with bounded backoff.
 * - `fact`: the read itself was refused (INVALID_TYPE, INSUFFICIENT_ACCESS, INVALID_FIELD...): the
 *   fact it should have given becomes unknown, with the code, and the run goes on.
 *
 * REST errors are `[{message, errorCode}]` (REST API Developer Guide, "Status Codes and Error Responses":
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
 */
export type FailureKind = 'fatal' | 'retry' | 'fact';

export interface OrgFailure {
  kind: FailureKind;
  status: number | string;
  errorCode: string;
  /** One line, value-free: an error code and the platform's message, never the token. */
  message: string;
}

/** Socket-level error codes treated as timeouts (retried). Refused connections are not: they are fatal. */
const SOCKET_CODES = new Set([
  'ETIMEDOUT',
  'ECONNRESET',
  'ESOCKETTIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'EPIPE',
  'EAI_AGAIN'
]);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The platform's error code from a REST/SOAP error body or a jsforce error (`sf:INVALID_TYPE` → INVALID_TYPE). */
export function errorCodeOf(e: unknown): string {
  const err = e as { errorCode?: unknown; name?: unknown; code?: unknown; cause?: { code?: unknown } };
  const raw =
    (typeof err?.errorCode === 'string' && err.errorCode) ||
    (typeof err?.cause?.code === 'string' && err.cause.code) ||
    (typeof err?.code === 'string' && err.code) ||
    (typeof err?.name === 'string' && err.name) ||
    'UNKNOWN';
  return raw.replace(/^sf:/, '');
}

/** Classifies one REST error response (status plus `[{message, errorCode}]` body). */
export function classifyResponse(status: number, body: unknown): OrgFailure {
  const first = (Array.isArray(body) ? body[0] : body) as
    { errorCode?: string; message?: string } | undefined;
  const errorCode = first?.errorCode ?? (status === 401 ? 'INVALID_SESSION_ID' : `HTTP_${status}`);
  const message = oneLine(first?.message ?? `HTTP ${status}`);
  return { kind: kindOf(status, errorCode), status, errorCode, message };
}

/** Classifies a thrown error (the org guard's refusal, jsforce HTTP error, SOAP fault, socket error). */
export function classifyError(e: unknown): OrgFailure {
  if (isGuardError(e))
    return {
      kind: e.guardKind,
      status: e.statusCode ?? e.errorCode,
      errorCode: e.errorCode,
      message: oneLine(e.message)
    };
  const err = e as { statusCode?: unknown; status?: unknown; message?: unknown; data?: unknown };
  const errorCode = errorCodeOf(e);
  const status =
    typeof err?.statusCode === 'number' ? err.statusCode : typeof err?.status === 'number' ? err.status : 0;
  const message = oneLine(typeof err?.message === 'string' ? err.message : String(e));
  if (REFUSED_CODES.has(errorCode)) return { kind: 'fatal', status: errorCode, errorCode, message };
  if (SOCKET_CODES.has(errorCode) || /socket hang up|timed? ?out/i.test(message)) {
    return { kind: 'retry', status: status || errorCode, errorCode, message };
  }
  return { kind: kindOf(status, errorCode, message), status, errorCode, message };
}

function kindOf(status: number, errorCode: string, message = ''): FailureKind {
  if (
    status === 401 ||
    errorCode === 'ERROR_HTTP_401' ||
    errorCode === 'INVALID_SESSION_ID' ||
    errorCode === 'INVALID_AUTH_HEADER'
  )
    return 'fatal';
  if (errorCode === 'REQUEST_LIMIT_EXCEEDED') return 'fatal';
  if (
    status === 503 ||
    errorCode === 'ERROR_HTTP_503' ||
    errorCode === 'UNABLE_TO_LOCK_ROW' ||
    errorCode === 'SERVER_UNAVAILABLE'
  )
    return 'retry';
  if (/UNABLE_TO_LOCK_ROW/.test(message)) return 'retry';
  return 'fact';
}

/** Turns a fatal failure into the one-line user error the CLI prints (exit 2). */
export function fatalError(f: OrgFailure, target: string): UserError {
  if (f.errorCode === 'GUARD_BUDGET') return new UserError(f.message, 'OrgLimitError');
  if (f.errorCode === 'REQUEST_LIMIT_EXCEEDED') return new UserError(orgMsg.requestLimit, 'OrgLimitError');
  if (REFUSED_CODES.has(f.errorCode)) {
    return new UserError(orgMsg.connect.refused(target, f.errorCode), 'OrgConnectionError');
  }
  return new UserError(orgMsg.sessionExpired, 'SessionExpiredError');
}

/** First line, trimmed to 200 characters: platform messages can echo a query, never a value we send. */
export function oneLine(s: string): string {
  const line = s.split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/**
 * The one line for a call the run cannot start without (the identity read, `/limits`): refused, session expired,
 * daily limit exhausted, unavailable after N retries, a server error, or the platform's (or the guard's) reason.
 */
export function startError(f: OrgFailure, target: string, retries: number, token?: string): UserError {
  if (f.kind === 'fatal') return fatalError(f, target);
  if (f.status === 503)
    return new UserError(orgMsg.connect.unavailable(target, retries), 'OrgConnectionError');
  if (typeof f.status === 'number' && f.status >= 500)
    return new UserError(orgMsg.connect.serverError(target, f.status, f.errorCode), 'OrgConnectionError');
  if (f.errorCode === 'GUARD_TIMEOUT' || f.kind === 'retry')
    return new UserError(
      orgMsg.connect.noAnswer(target, redact(f.message, token), retries),
      'OrgConnectionError'
    );
  return new UserError(
    orgMsg.connect.failed(target, redact(oneLine(f.message), token)),
    'OrgConnectionError'
  );
}

/** Removes the token from a message, whatever a library put in it. */
export function redact(text: string, token?: string): string {
  return token ? text.split(token).join('***') : text;
}
