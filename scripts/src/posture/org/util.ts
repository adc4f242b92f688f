import { orgMsg } from '../../messages/org';
import type { OrgFailure } from '../../org/errors';
import { unknown, type Provenance, type Unknown } from '../model';

/**
 * Small helpers shared by the org readers: turning a refused read into an Unknown with its reason,
 * and reading Metadata API records, whose values jsforce returns as strings, booleans, objects or
 * arrays depending on how many elements the SOAP answer had.
 */

/** Where a fact came from: the API object or metadata type read, and the record's name. */
export const api = (what: string, id?: string): Provenance => (id ? { api: what, id } : { api: what });

/** The reason a read failed, as an Unknown: feature absent, access refused, timeout, or the code. */
export function failed(what: string, f: OrgFailure, permission = 'the needed permission'): Unknown {
  const code = f.errorCode;
  let reason: string;
  // The org guard refused the answer (shape, size, origin, paging loop, time): its reason, as it said it.
  if (code.startsWith('GUARD_')) reason = orgMsg.facts.guarded(what, f.message);
  else if (code === 'INVALID_TYPE' || code === 'NOT_FOUND') reason = orgMsg.facts.invalidType(what);
  else if (
    code === 'INSUFFICIENT_ACCESS' ||
    code === 'INSUFFICIENT_ACCESS_OR_READONLY' ||
    code === 'API_DISABLED_FOR_ORG'
  )
    reason = orgMsg.facts.insufficientAccess(what, permission);
  else if (f.kind === 'retry') reason = orgMsg.facts.timeout(what);
  else reason = orgMsg.facts.failed(what, code);
  return unknown('unreadable', reason, what);
}

/** An Unknown for a read that gave nothing usable, with the given reason. */
export const unreadable = (what: string, reason: string): Unknown => unknown('unreadable', reason, what);

export type Md = Record<string, unknown>;

/** A metadata element that may be absent, one object, or an array: always an array. */
export function list(v: unknown): Md[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is Md => typeof x === 'object' && x !== null);
}

/** Text values of a repeated element (e.g. `scopes`). */
export function strings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v))) return Number(v);
  return undefined;
}

export function obj(v: unknown): Md | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Md) : undefined;
}

/** A nested value from a query record by dotted path (`Profile.Name`). */
export function pick(record: Md, path: string): unknown {
  let cur: unknown = record;
  for (const k of path.split('.')) {
    const o = obj(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}
