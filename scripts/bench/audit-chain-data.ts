import { createWriteStream } from 'node:fs';
import { CHAIN_GENESIS, recordHash, syntheticDedupId, syntheticEventUuid } from '../emulator/audit-chain';
import type { LogRow } from '../src/audit/hash-chain';
import { LOG_FIELDS } from '../src/ops/audit/log-rows';

/**
 * Deterministic synthetic PHI access log rows, format v3, correctly chained, for tests and the benchmark.
 * Hashed by the emulator's own implementation of the canonical form (scripts/emulator/audit-chain.ts), so
 * the verifier under test never judges data it produced itself. Ids are synthetic (no PHI, and the log holds
 * no values anyway).
 */
const GENESIS = CHAIN_GENESIS;
export const LOG_HEADER: string[] = [...LOG_FIELDS];

const OBJECTS = ['Prescription__c', 'Health_Intake__c', 'Contact'];
const FIELDS = ['Medication__c,Dosage__c', 'Conditions__c', 'Birthdate', ''];
const ACTIONS = ['view', 'reveal', 'create', 'update'];
const CHANNELS = ['portal', 'console', 'api', 'batch'];

const id = (prefix: string, n: number) => `${prefix}${n.toString(36).toUpperCase().padStart(12, '0')}AAA`;

export type ChainedRow = LogRow & { id: string; hash: string; createdAt: string };

/** The record as the org stores it, for the emulator's hash. */
const asRecord = (r: ChainedRow) => ({
  Hash_Version__c: r.version ?? null,
  Sequence__c: r.sequence,
  Occurred_At__c: r.occurredAt,
  Actor_Id__c: r.actorId,
  Object_Name__c: r.objectName,
  Record_Id__c: r.recordId,
  Field_Names__c: r.fieldNames,
  Action__c: r.action,
  Channel__c: r.channel,
  Purpose__c: r.purpose,
  Event_Uuid__c: r.eventUuid,
  Dedup_Id__c: r.dedupId,
  Previous_Hash__c: r.previousHash
});

/** Hash__c of a synthetic row, recomputed after a test edits it (a forger who recomputes hashes). */
export const rehash = (r: ChainedRow): string => recordHash(asRecord(r));

/**
 * What an insider with deploy rights can do to a chain: every row from `from` (0-based) renumbered,
 * re-linked and re-hashed, so the chain verifies again on its own.
 */
export function rechain(rows: ChainedRow[], from: number): ChainedRow[] {
  const out = rows.map((r) => ({ ...r }));
  for (let i = from; i < out.length; i++) {
    out[i]!.sequence = i + 1;
    out[i]!.previousHash = i === 0 ? GENESIS : out[i - 1]!.hash;
    out[i]!.hash = rehash(out[i]!);
  }
  return out;
}

/** Row `n` (1-based) of the synthetic chain, linked to `previousHash`. */
export function syntheticRow(n: number, previousHash: string, base = Date.UTC(2026, 0, 1)): ChainedRow {
  const recordId = id('a01', 1 + (n % 5000));
  const row: ChainedRow = {
    id: id('a0L', n),
    sequence: n,
    occurredAt: new Date(base + n * 1000).toISOString(),
    actorId: id('005', 1 + (n % 7)),
    objectName: OBJECTS[n % OBJECTS.length]!,
    recordId,
    fieldNames: FIELDS[n % FIELDS.length]!,
    action: ACTIONS[n % ACTIONS.length]!,
    channel: CHANNELS[n % CHANNELS.length]!,
    purpose: n % 3 === 0 ? null : 'treatment',
    eventUuid: syntheticEventUuid(n),
    dedupId: syntheticDedupId(n, recordId),
    previousHash,
    hash: '',
    version: 'v3',
    // The subscriber writes the row a moment after the access.
    createdAt: new Date(base + n * 1000 + 1000).toISOString()
  };
  row.hash = rehash(row);
  return row;
}

export function syntheticChain(count: number, start = GENESIS): ChainedRow[] {
  const rows: ChainedRow[] = [];
  let prev = start;
  for (let n = 1; n <= count; n++) {
    const r = syntheticRow(n, prev);
    rows.push(r);
    prev = r.hash;
  }
  return rows;
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function csvLine(r: ChainedRow): string {
  return [
    r.id,
    String(r.sequence),
    r.occurredAt,
    r.actorId,
    r.objectName,
    r.recordId,
    r.fieldNames,
    r.action,
    r.channel,
    r.purpose ?? '',
    r.previousHash,
    r.hash,
    r.version ?? '',
    r.eventUuid ?? '',
    r.dedupId ?? '',
    r.createdAt
  ]
    .map(quote)
    .join(',');
}

export const toCsv = (rows: ChainedRow[]) => [LOG_HEADER.join(','), ...rows.map(csvLine)].join('\n') + '\n';

/** Streams a clean chain of `count` rows to `file` without holding it in memory. */
export async function writeChainFile(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write(`${LOG_HEADER.join(',')}\n`);
  let prev = GENESIS;
  let buf: string[] = [];
  for (let n = 1; n <= count; n++) {
    const r = syntheticRow(n, prev);
    prev = r.hash;
    buf.push(csvLine(r));
    if (buf.length === 5000) {
      await write(`${buf.join('\n')}\n`);
      buf = [];
    }
  }
  if (buf.length) await write(`${buf.join('\n')}\n`);
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve()))
  );
}
