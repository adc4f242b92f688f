import { InputError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import type { HashVersion } from '../../audit/hash-chain';
import type { ChainRow } from './chain';

const t = opsMsg.auditLog;

/**
 * PHI_Access_Log__c fields read: the chained fields in the order of the canonical form
 * (docs/audit-hash-format.md), then the v3 fields, then CreatedDate (when the subscriber wrote the
 * row, against which a backdated Occurred_At__c shows).
 */
export const LOG_FIELDS = [
  'Id',
  'Sequence__c',
  'Occurred_At__c',
  'Actor_Id__c',
  'Object_Name__c',
  'Record_Id__c',
  'Field_Names__c',
  'Action__c',
  'Channel__c',
  'Purpose__c',
  'Previous_Hash__c',
  'Hash__c',
  'Hash_Version__c',
  'Event_Uuid__c',
  'Dedup_Id__c',
  'CreatedDate'
] as const;

type LogField = (typeof LOG_FIELDS)[number];
/**
 * Optional in a file: Id (a hand-made export may lack it); Hash_Version__c (an export from before
 * v3: every row is v2); Event_Uuid__c and Dedup_Id__c (needed only by v3 rows, checked per row);
 * CreatedDate (without it backdating cannot be checked, and the command says so).
 */
const OPTIONAL = new Set<LogField>(['Id', 'Hash_Version__c', 'Event_Uuid__c', 'Dedup_Id__c', 'CreatedDate']);
/** The fields a v3 row hashes beyond v2's. */
const V3_FIELDS: LogField[] = ['Event_Uuid__c', 'Dedup_Id__c'];

export type Columns = Record<LogField, number>;

/**
 * Maps a CSV header to column positions, case-insensitively, accepting the `PHI_Access_Log__c.`
 * prefix some exports add. A missing chained column is an input error naming the column.
 */
export function mapHeader(header: string[], file: string, line: number): Columns {
  const index = new Map<string, number>();
  header.forEach((h, i) =>
    index.set(
      h
        .trim()
        .replace(/^phi_access_log__c\./i, '')
        .toLowerCase(),
      i
    )
  );
  const cols = {} as Columns;
  for (const f of LOG_FIELDS) {
    const i = index.get(f.toLowerCase());
    if (i === undefined && !OPTIONAL.has(f)) throw new InputError(file, line, t.missingColumn(f));
    cols[f] = i ?? -1;
  }
  return cols;
}

const SEQUENCE = /^(\d{1,15})(?:\.0+)?$/;

/** Hash_Version__c as read: blank is v2 (undefined); an unknown label is kept so the canonical form refuses it. */
const versionOf = (raw: string): HashVersion | undefined =>
  raw.trim() === '' ? undefined : (raw.trim() as HashVersion);

/** One CSV record to a chain row. Never echoes a value in an error: column names and lines only. */
export function toChainRow(fields: string[], cols: Columns, file: string, line: number): ChainRow {
  const get = (f: LogField) => (cols[f] < 0 ? '' : (fields[cols[f]] ?? ''));
  const seq = SEQUENCE.exec(get('Sequence__c').trim());
  if (!seq) throw new InputError(file, line, t.badSequence);
  const occurredAt = get('Occurred_At__c');
  if (isNaN(Date.parse(occurredAt))) throw new InputError(file, line, t.badTime);
  const version = versionOf(get('Hash_Version__c'));
  if (version === 'v3')
    for (const f of V3_FIELDS) if (cols[f] < 0) throw new InputError(file, line, t.missingColumnFor(f, 'v3'));
  let createdAt: string | undefined;
  if (cols.CreatedDate >= 0) {
    createdAt = get('CreatedDate');
    if (isNaN(Date.parse(createdAt))) throw new InputError(file, line, t.badCreated);
  }
  const purpose = get('Purpose__c');
  return {
    id: get('Id') || undefined,
    line,
    sequence: Number(seq[1]),
    occurredAt,
    actorId: get('Actor_Id__c'),
    objectName: get('Object_Name__c'),
    recordId: get('Record_Id__c'),
    fieldNames: get('Field_Names__c'),
    action: get('Action__c'),
    channel: get('Channel__c'),
    purpose: purpose === '' ? null : purpose,
    eventUuid: get('Event_Uuid__c') || null,
    dedupId: get('Dedup_Id__c') || null,
    previousHash: get('Previous_Hash__c'),
    hash: get('Hash__c'),
    version,
    createdAt
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/**
 * One PHI_Access_Log__c record from the REST API (JSON: Sequence__c a number, empty text null) to a
 * chain row; undefined when the row has no whole Sequence__c or no valid Occurred_At__c, or a
 * CreatedDate that is not a date-time. Fields the query did not select are absent (undefined).
 */
export function recordToChainRow(rec: Record<string, unknown>): ChainRow | undefined {
  const seq = rec.Sequence__c;
  const occurredAt = str(rec.Occurred_At__c);
  if (typeof seq !== 'number' || !Number.isInteger(seq) || isNaN(Date.parse(occurredAt))) return undefined;
  const createdAt = str(rec.CreatedDate) || undefined;
  if (createdAt !== undefined && isNaN(Date.parse(createdAt))) return undefined;
  const purpose = str(rec.Purpose__c);
  return {
    id: str(rec.Id) || undefined,
    sequence: seq,
    occurredAt,
    actorId: str(rec.Actor_Id__c),
    objectName: str(rec.Object_Name__c),
    recordId: str(rec.Record_Id__c),
    fieldNames: str(rec.Field_Names__c),
    action: str(rec.Action__c),
    channel: str(rec.Channel__c),
    purpose: purpose === '' ? null : purpose,
    eventUuid: str(rec.Event_Uuid__c) || null,
    dedupId: str(rec.Dedup_Id__c) || null,
    previousHash: str(rec.Previous_Hash__c),
    hash: str(rec.Hash__c),
    version: versionOf(str(rec.Hash_Version__c)),
    createdAt
  };
}
