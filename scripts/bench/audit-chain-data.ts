import { createWriteStream } from 'node:fs';
import { GENESIS, hashRow, type LogRow } from '../src/audit/hash-chain';
import { LOG_FIELDS } from '../src/ops/audit/log-rows';

/**
 * Deterministic synthetic PHI access log rows, correctly chained, for tests and the benchmark.
 * Ids are synthetic (no PHI, and the log holds no values anyway).
 */
export const LOG_HEADER: string[] = [...LOG_FIELDS];

const OBJECTS = ['Prescription__c', 'Health_Intake__c', 'Contact'];
const FIELDS = ['Medication__c,Dosage__c', 'Conditions__c', 'Birthdate', ''];
const ACTIONS = ['view', 'reveal', 'create', 'update'];
const CHANNELS = ['portal', 'console', 'api', 'batch'];

const id = (prefix: string, n: number) => `${prefix}${n.toString(36).toUpperCase().padStart(12, '0')}AAA`;

export type ChainedRow = LogRow & { id: string; hash: string };

/** Row `n` (1-based) of the synthetic chain, linked to `previousHash`. */
export function syntheticRow(n: number, previousHash: string, base = Date.UTC(2026, 0, 1)): ChainedRow {
  const row: ChainedRow = {
    id: id('a0L', n),
    sequence: n,
    occurredAt: new Date(base + n * 1000).toISOString(),
    actorId: id('005', 1 + (n % 7)),
    objectName: OBJECTS[n % OBJECTS.length]!,
    recordId: id('a01', 1 + (n % 5000)),
    fieldNames: FIELDS[n % FIELDS.length]!,
    action: ACTIONS[n % ACTIONS.length]!,
    channel: CHANNELS[n % CHANNELS.length]!,
    purpose: n % 3 === 0 ? null : 'treatment',
    previousHash,
    hash: ''
  };
  row.hash = hashRow(row);
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
    r.hash
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
