import { UserError } from '../../errors';
import { guardMsg } from '../../messages/org';

/**
 * The guard's limits: timeouts per request phase, a bound on one call with its retries, the pace of retries and of
 * deploy status polls, and a size cap per kind of answer. Defaults suit a real org; both are configurable through
 * the environment, so a pipeline on a slow link can widen them (or poll a long deploy less often, as each status
 * poll is an API request) and the tests can shrink them (scripts/test/setup/org-timing.ts):
 *
 *   PHI_GUARD_ORG_TIMEOUTS="connect=10s,first-byte=120s,idle=60s,request=300s,total=600s,backoff=250ms,deploy-poll=1s"
 *   PHI_GUARD_ORG_MAX_ANSWER="query=64MB,composite=128MB,soap=64MB,limits=1MB,identity=1MB,error=1MB,other=16MB"
 *
 * Any key may be left out (its default stays). A value that does not parse is a usage error naming the
 * variable (exit 2), never a silent default.
 */
export interface Timeouts {
  /** TCP (and TLS) connection established. */
  connectMs: number;
  /** From the request sent to the answer's status line and headers. */
  firstByteMs: number;
  /** Longest silence between two pieces of the body. */
  idleMs: number;
  /** One request, from start to the last byte. */
  requestMs: number;
  /** One call with all its retries and their backoff. */
  totalMs: number;
  /** The wait before the first retry of a transient failure; it doubles per retry, at most 8 s. */
  backoffMs: number;
  /** Between two deploy status polls (checkDeployStatus). */
  deployPollMs: number;
}

/** What an answer is, by the path it came from: each kind has its own documented shape and size cap. */
export type AnswerKind = 'query' | 'composite' | 'soap' | 'limits' | 'identity' | 'error' | 'other';

export type Caps = Record<AnswerKind, number>;

export interface GuardSettings {
  timeouts: Timeouts;
  caps: Caps;
}

const MB = 1024 * 1024;

export const DEFAULT_SETTINGS: GuardSettings = {
  // backoff: 250 ms, doubling. deploy-poll: 1 s, the interval SDR picks itself for a deploy of up to 1,000 components
  // (calculatePollingFrequency in @salesforce/source-deploy-retrieve's metadataTransfer).
  timeouts: {
    connectMs: 10_000,
    firstByteMs: 120_000,
    idleMs: 60_000,
    requestMs: 300_000,
    totalMs: 600_000,
    backoffMs: 250,
    deployPollMs: 1000
  },
  // A query page holds at most 2,000 records (fewer when records are large); Apex bodies are the largest
  // column we read (up to 1M characters each). /limits is a few kilobytes.
  caps: {
    query: 64 * MB,
    composite: 128 * MB,
    soap: 64 * MB,
    limits: 1 * MB,
    identity: 1 * MB,
    error: 1 * MB,
    other: 16 * MB
  }
};

const TIMEOUT_KEYS: Record<string, keyof Timeouts> = {
  connect: 'connectMs',
  'first-byte': 'firstByteMs',
  idle: 'idleMs',
  request: 'requestMs',
  total: 'totalMs',
  backoff: 'backoffMs',
  'deploy-poll': 'deployPollMs'
};

/**
 * The least pause between two retries or two deploy status polls: each is an API request against the org's daily
 * limit, so no setting may make the CLI hammer an org. The suite's own pace (10 ms backoff, 50 ms polls) sits at or
 * above it.
 */
export const MIN_PAUSE_MS: Partial<Record<keyof Timeouts, number>> = { backoffMs: 10, deployPollMs: 10 };

const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: MB, gb: 1024 * MB };

export const TIMEOUTS_VAR = 'PHI_GUARD_ORG_TIMEOUTS';
export const CAPS_VAR = 'PHI_GUARD_ORG_MAX_ANSWER';

/** Reads the settings from the environment (defaults for what is not set). */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): GuardSettings {
  const timeouts = { ...DEFAULT_SETTINGS.timeouts };
  const caps = { ...DEFAULT_SETTINGS.caps };
  for (const [key, value] of pairs(TIMEOUTS_VAR, env[TIMEOUTS_VAR])) {
    const field = TIMEOUT_KEYS[key];
    if (!field) throw bad(TIMEOUTS_VAR, key, Object.keys(TIMEOUT_KEYS));
    timeouts[field] = amount(TIMEOUTS_VAR, key, value, TIME_UNITS, 'ms');
    const min = MIN_PAUSE_MS[field];
    if (min !== undefined && timeouts[field] < min)
      throw new UserError(guardMsg.pauseTooShort(TIMEOUTS_VAR, `${key}=${value}`, min), 'UsageError');
  }
  for (const [key, value] of pairs(CAPS_VAR, env[CAPS_VAR])) {
    if (!(key in caps)) throw bad(CAPS_VAR, key, Object.keys(caps));
    caps[key as AnswerKind] = amount(CAPS_VAR, key, value, SIZE_UNITS, 'b');
  }
  return { timeouts, caps };
}

function pairs(variable: string, raw: string | undefined): [string, string][] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((part) => {
    const m = /^\s*([a-z-]+)\s*=\s*(\S+)\s*$/i.exec(part);
    if (!m) throw new UserError(guardMsg.badSetting(variable, part.trim()), 'UsageError');
    return [m[1]!.toLowerCase(), m[2]!];
  });
}

function amount(
  variable: string,
  key: string,
  value: string,
  units: Record<string, number>,
  unit: string
): number {
  const m = /^(\d+(?:\.\d+)?)([a-z]*)$/i.exec(value);
  const factor = m ? units[(m[2] || unit).toLowerCase()] : undefined;
  const n = m && factor ? Math.round(Number(m[1]) * factor) : NaN;
  if (!(n > 0)) throw new UserError(guardMsg.badSetting(variable, `${key}=${value}`), 'UsageError');
  return n;
}

function bad(variable: string, key: string, known: string[]): UserError {
  return new UserError(guardMsg.unknownSetting(variable, key, known), 'UsageError');
}
