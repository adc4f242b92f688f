import { createHash } from 'node:crypto';

/**
 * The emulator's own implementation of the PHI access log hash chain, written from the published canonical form
 * (docs/audit-hash-format.md, "Canonical form") and nothing else: it must not share code with the verifier it feeds
 * (the audit module of the CLI), so a mistake in one shows up as a disagreement with the other. It is held to the shared test
 * vectors (v2 and v3) in scripts/test/emulator/audit-chain.test.ts.
 *
 * It works on records as the org stores them (API names), which is what the emulator serves.
 */
export const CHAIN_GENESIS = '0000000000000000000000000000000000000000000000000000000000000000';
/** The chain name the writer keeps its head under (PHI_Audit_Chain_Head__c.Chain__c). */
export const CHAIN_NAME = 'PHI_ACCESS_LOG';

export type LogRecord = Record<string, unknown>;

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** `yyyy-MM-ddTHH:mm:ssZ` of an instant that has no fraction of a second (a DateTime field keeps none). */
function utcSecond(value: unknown): string {
  const ms = Date.parse(text(value));
  if (!Number.isFinite(ms) || ms % 1000 !== 0)
    throw new Error('Occurred_At__c must be a whole-second instant');
  const d = new Date(ms);
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return (
    `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}` +
    `T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}Z`
  );
}

/** Field names sorted by Unicode code point: UTF-8 byte order is code point order. */
function sortedFields(value: unknown): string {
  const names = text(value) === '' ? [] : text(value).split(',');
  return names
    .map((n) => Buffer.from(n, 'utf8'))
    .sort(Buffer.compare)
    .map((b) => b.toString('utf8'))
    .join(',');
}

/** The canonical text of a v2 or v3 record (a blank Hash_Version__c is v2). */
export function canonicalText(rec: LogRecord): string {
  const version = text(rec.Hash_Version__c) || 'v2';
  if (version !== 'v2' && version !== 'v3') throw new Error(`unsupported version ${version}`);
  const lines = [
    version,
    String(rec.Sequence__c),
    utcSecond(rec.Occurred_At__c),
    text(rec.Actor_Id__c),
    text(rec.Object_Name__c),
    text(rec.Record_Id__c),
    sortedFields(rec.Field_Names__c),
    text(rec.Action__c),
    text(rec.Channel__c),
    text(rec.Purpose__c)
  ];
  if (version === 'v3') lines.push(text(rec.Event_Uuid__c), text(rec.Dedup_Id__c));
  lines.push(text(rec.Previous_Hash__c));
  return lines.join('\n');
}

/** Hash__c: lower-case hex SHA-256 of the canonical text's UTF-8 bytes. */
export function recordHash(rec: LogRecord): string {
  return createHash('sha256')
    .update(Buffer.from(canonicalText(rec), 'utf8'))
    .digest('hex');
}

/**
 * A 32-bit integer hash (the "lowbias32" finaliser): a bijection on 32-bit values, so distinct inputs give distinct
 * outputs. Synthetic ids for a million rows are then cheap; they need to be unique and well formed, not secret.
 */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

function hexWords(seed: number, salt: number, words: number): string {
  let out = '';
  for (let w = 0; w < words; w++)
    out += mix32((seed * 8 + w) ^ salt)
      .toString(16)
      .padStart(8, '0');
  return out;
}

/** A deterministic event UUID (8-4-4-4-12, lower case, version 4 layout) for synthetic row `n`. */
export function syntheticEventUuid(n: number): string {
  const h = hexWords(n, 0x2545f491, 4);
  const variant = '89ab'[parseInt(h[16] as string, 16) % 4] as string;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Dedup_Id__c as the writer forms it: the event's idempotency key (64 hex), a colon, the record id. */
export function syntheticDedupId(n: number, recordId: string): string {
  return `${hexWords(n, 0x68e31da4, 8)}:${recordId}`;
}

/** PHI_Audit_Chain_Head__c as the writer keeps it: the last sequence and its hash. */
export function chainHeadRecord(id: string, sequence: number, lastDigest: string): LogRecord {
  return {
    Id: id,
    Name: CHAIN_NAME,
    Chain__c: CHAIN_NAME,
    Sequence__c: sequence,
    Last_Digest__c: lastDigest
  };
}
