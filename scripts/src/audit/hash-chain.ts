import { createHash } from 'node:crypto';

/**
 * The PHI access log's hash chain, recomputed outside Salesforce (docs/audit-hash-format.md).
 * Apex (PhiAuditHash) writes it; this module proves nobody altered, inserted or removed a row.
 */
export const GENESIS = '0'.repeat(64);
export const VERSION = 'v1';

export interface LogRow {
  sequence: number;
  occurredAt: string; // ISO-8601 UTC with milliseconds, e.g. 2026-11-25T18:04:05.123Z
  actorId: string;
  objectName: string;
  recordId: string;
  fieldNames: string; // comma-separated API names
  action: string;
  channel: string;
  purpose: string | null;
  previousHash: string;
  hash?: string;
}

/** Salesforce Datetime values carry milliseconds; normalise any ISO form to yyyy-MM-ddTHH:mm:ss.SSSZ. */
export function canonicalTime(iso: string): string {
  const d = new Date(iso);
  if (isNaN(d.getTime())) throw new Error(`not a date-time: ${iso}`);
  return d.toISOString();
}

export function canonical(row: LogRow): string {
  const fields = row.fieldNames ? row.fieldNames.split(',').sort() : [];
  return [
    VERSION,
    String(row.sequence),
    canonicalTime(row.occurredAt),
    row.actorId,
    row.objectName,
    row.recordId,
    fields.join(','),
    row.action,
    row.channel,
    row.purpose ?? '',
    row.previousHash
  ].join('\n');
}

export function hashRow(row: LogRow): string {
  return createHash('sha256').update(canonical(row), 'utf8').digest('hex');
}

export type ChainProblem =
  | { kind: 'hash-mismatch'; sequence: number }
  | { kind: 'broken-link'; sequence: number }
  | { kind: 'sequence-gap'; sequence: number; expected: number };

/**
 * Verifies rows in sequence order. `startHash` is the previous hash of the first row (GENESIS
 * for a full chain). Reports every altered row, broken link and missing sequence number.
 */
export function verifyChain(rows: LogRow[], startHash = GENESIS): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let previous = startHash;
  let expected = rows[0]?.sequence ?? 1;
  for (const row of rows) {
    if (row.sequence !== expected) problems.push({ kind: 'sequence-gap', sequence: row.sequence, expected });
    if (row.previousHash !== previous) problems.push({ kind: 'broken-link', sequence: row.sequence });
    if (hashRow(row) !== row.hash) problems.push({ kind: 'hash-mismatch', sequence: row.sequence });
    previous = row.hash ?? '';
    expected = row.sequence + 1;
  }
  return problems;
}
