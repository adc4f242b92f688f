import { UserError } from '../errors';

/** "Today" for the operations commands; PHI_GUARD_NOW fixes it for tests, as for verify. */
export function now(): Date {
  const fixed = process.env.PHI_GUARD_NOW;
  if (!fixed) return new Date();
  const d = new Date(fixed);
  if (isNaN(d.getTime())) throw new UserError(`PHI_GUARD_NOW is not a date: ${fixed}`, 'UsageError');
  return d;
}
