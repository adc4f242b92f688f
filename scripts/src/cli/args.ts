import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors';
import { msg } from '../messages';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict flag parsing in the sf CLI's style: unknown flags, missing values and stray positionals
 * become a one-line UserError (exit 2), never a stack trace.
 */
export function parseFlags<T extends FlagSpec>(argv: string[], options: T) {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
    return { values, positionals };
  } catch (err) {
    const e = err as Error & { code?: string };
    throw new UserError(describeParseError(e), 'UsageError');
  }
}

function describeParseError(e: Error & { code?: string }): string {
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return msg.usage.unknownFlag(/'(-[^' ]+)/.exec(e.message)?.[1] ?? e.message.split(' ')[2] ?? '?');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = flagNamed(e.message);
      return /does not take an argument/.test(e.message)
        ? msg.usage.takesNoValue(flag)
        : msg.usage.badValue(flag);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return msg.usage.unexpectedArgument(/'([^']+)'/.exec(e.message)?.[1] ?? '?');
    default:
      return msg.usage.generic(e.message.split('\n')[0] ?? '');
  }
}

/**
 * The flag node:util names in its message: "Option '-o, --target-org <value>' argument missing" is
 * -o/--target-org (both spellings, since either may have been typed), "Option '--fail-on <value>'"
 * is --fail-on.
 */
function flagNamed(message: string): string {
  const both = /'(-[A-Za-z0-9]), (--[\w-]+)/.exec(message);
  if (both) return `${both[1]}/${both[2]}`;
  return /'(--?[\w-]+)/.exec(message)?.[1] ?? '?';
}

/**
 * --api-version: the Salesforce API version for the org's calls, written as sf writes it ("63.0").
 * Versions below 21.0 are retired (https://help.salesforce.com/s/articleView?id=000354473&type=1).
 */
export function parseApiVersion(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d*\.0$/.test(raw) || Number(raw) < 21) {
    throw new UserError(msg.usage.badApiVersion(raw), 'UsageError');
  }
  return raw;
}

/** Parses a comma-separated flag value against an allow-list, naming the flag on failure. */
export function parseList<T extends string>(
  flag: string,
  raw: string | undefined,
  allowed: readonly T[]
): T[] {
  if (raw === undefined) return [];
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T))
      throw new UserError(msg.usage.badChoice(flag, item, allowed), 'UsageError');
  }
  return items as T[];
}

export function parseChoice<T extends string>(
  flag: string,
  raw: string | undefined,
  allowed: readonly T[],
  dflt: T
): T {
  if (raw === undefined) return dflt;
  if (!allowed.includes(raw as T)) throw new UserError(msg.usage.badChoice(flag, raw, allowed), 'UsageError');
  return raw as T;
}
