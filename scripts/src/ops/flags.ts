import { UserError } from '../errors';
import { opsMsg } from '../messages/ops';
import { parseDay } from './incident/timeline';

const u = opsMsg.usage;

export function requireFlag<T>(flag: string, value: T | undefined): T {
  if (value === undefined || value === '') throw new UserError(u.missingFlag(flag), 'UsageError');
  return value;
}

export function dayFlag(flag: string, raw: string): Date {
  const d = parseDay(raw);
  if (!d) throw new UserError(u.badDay(flag), 'UsageError');
  return d;
}

/** A date (start of that UTC day) or a full ISO-8601 date-time. */
export function dateTimeFlag(flag: string, raw: string): Date {
  const d = parseDay(raw) ?? (/^\d{4}-\d{2}-\d{2}T/.test(raw) ? new Date(raw) : undefined);
  if (!d || isNaN(d.getTime())) throw new UserError(u.badDateTime(flag), 'UsageError');
  return d;
}

export function countFlag(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw new UserError(u.badCount(flag), 'UsageError');
  return Number(raw);
}
