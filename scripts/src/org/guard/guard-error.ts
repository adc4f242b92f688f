/**
 * Why the guard refused an answer (or a request). The code says what the caller can do with it:
 * - GUARD_MALFORMED, GUARD_TOO_LARGE, GUARD_OFF_ORIGIN, GUARD_LOOP: the fact that answer should have given is
 *   unknown, with this reason (`fact`); the checks that need it are not verified;
 * - GUARD_TIMEOUT: transient (`retry`), retried within the bounded total;
 * - GUARD_BUDGET: the run cannot go on (`fatal`): one line, exit 2.
 * Messages name hosts, paths and sizes, never the token or a record value.
 */
export type GuardCode =
  | 'GUARD_MALFORMED'
  | 'GUARD_TOO_LARGE'
  | 'GUARD_OFF_ORIGIN'
  | 'GUARD_LOOP'
  | 'GUARD_TIMEOUT'
  | 'GUARD_BUDGET';

export type GuardKind = 'fact' | 'retry' | 'fatal';

const KIND: Record<GuardCode, GuardKind> = {
  GUARD_MALFORMED: 'fact',
  GUARD_TOO_LARGE: 'fact',
  GUARD_OFF_ORIGIN: 'fact',
  GUARD_LOOP: 'fact',
  GUARD_TIMEOUT: 'retry',
  GUARD_BUDGET: 'fatal'
};

export class GuardError extends Error {
  readonly errorCode: GuardCode;
  readonly guardKind: GuardKind;
  /** The HTTP status of the refused answer, when there was one. */
  readonly statusCode?: number;

  constructor(code: GuardCode, message: string, statusCode?: number) {
    super(message);
    this.name = 'OrgGuardError';
    this.errorCode = code;
    this.guardKind = KIND[code];
    this.statusCode = statusCode;
  }
}

/** A GuardError, also across module copies (duck-typed on its fields). */
export function isGuardError(e: unknown): e is GuardError {
  const g = e as Partial<GuardError> | undefined;
  return (
    typeof g?.errorCode === 'string' &&
    g.errorCode.startsWith('GUARD_') &&
    typeof g.guardKind === 'string' &&
    typeof g.message === 'string'
  );
}
