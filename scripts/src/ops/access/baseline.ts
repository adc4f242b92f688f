import { existsSync, statSync } from 'node:fs';
import { InputError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import { lineOf, readJson } from '../../posture/source/json-file';
import { grantKeys, type AccessReview } from './review';

const t = opsMsg.accessReview;

/**
 * The access baseline: a committed JSON file of grant keys (one per principal, target and access
 * level). A later review is diffed against it; an addition is approved only when the baseline's
 * `approvals` list names it with an approver and a date (or after the baseline is rewritten).
 */
export interface Approval {
  grant: string;
  approver: string;
  date: string;
  reason?: string;
}

export interface Baseline {
  version: 1;
  generatedAt: string;
  source: string;
  grants: string[];
  approvals: Approval[];
}

export interface BaselineDiff {
  file: string;
  added: { grant: string; approval?: Approval }[];
  removed: string[];
  unapproved: number;
}

export function baselineOf(review: AccessReview, approvals: Approval[] = []): Baseline {
  const grants = [...new Set(review.grants.flatMap(grantKeys))].sort();
  return { version: 1, generatedAt: review.generatedAt, source: review.source, grants, approvals };
}

export function renderBaseline(b: Baseline): string {
  return `${JSON.stringify(b, null, 2)}\n`;
}

/** Reads a baseline, or undefined when the file does not exist. Malformed: InputError with the line. */
export function readBaseline(file: string): Baseline | undefined {
  if (!existsSync(file)) return undefined;
  // A folder (or a device) under the baseline's name is the user's mistake, not an internal error.
  if (!statSync(file).isFile()) throw new InputError(file, undefined, opsMsg.auditLog.notAFile);
  const { json, text } = readJson(file, file);
  const b = json as Partial<Baseline> | null;
  if (typeof b !== 'object' || b === null || Array.isArray(b) || b.version !== 1)
    throw new InputError(file, lineOf(text, '"version"') ?? 1, t.baselineVersion);
  if (!Array.isArray(b.grants) || !b.grants.every((g) => typeof g === 'string'))
    throw new InputError(file, lineOf(text, '"grants"') ?? 1, t.baselineGrants);
  const approvals = b.approvals ?? [];
  if (!Array.isArray(approvals))
    throw new InputError(file, lineOf(text, '"approvals"') ?? 1, t.baselineApprovals);
  approvals.forEach((a, i) => {
    const ok =
      a &&
      typeof a.grant === 'string' &&
      typeof a.approver === 'string' &&
      a.approver.trim() !== '' &&
      typeof a.date === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(a.date);
    if (!ok) throw new InputError(file, lineOf(text, '"approvals"') ?? 1, t.baselineApproval(i));
  });
  return {
    version: 1,
    generatedAt: String(b.generatedAt ?? ''),
    source: String(b.source ?? ''),
    grants: b.grants,
    approvals
  };
}

export function diffBaseline(file: string, base: Baseline, review: AccessReview): BaselineDiff {
  const now = baselineOf(review);
  const before = new Set(base.grants);
  const after = new Set(now.grants);
  const approvals = new Map(base.approvals.map((a) => [a.grant, a]));
  const added = now.grants
    .filter((g) => !before.has(g))
    .map((grant) => ({ grant, approval: approvals.get(grant) }));
  const removed = base.grants.filter((g) => !after.has(g));
  return { file, added, removed, unapproved: added.filter((a) => !a.approval).length };
}
