import { InputError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import type { ChainRow } from './chain';

const t = opsMsg.auditLog;

/** PHI_Access_Log__c fields in the order the canonical form uses them (docs/audit-hash-format.md). */
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
  'Hash__c'
] as const;

type LogField = (typeof LOG_FIELDS)[number];
/** Id is optional in a file (a hand-made export may lack it); every chained field is required. */
const OPTIONAL = new Set<LogField>(['Id']);

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

/** One CSV record to a chain row. Never echoes a value in an error: column names and lines only. */
export function toChainRow(fields: string[], cols: Columns, file: string, line: number): ChainRow {
  const get = (f: LogField) => (cols[f] < 0 ? '' : (fields[cols[f]] ?? ''));
  const seq = SEQUENCE.exec(get('Sequence__c').trim());
  if (!seq) throw new InputError(file, line, t.badSequence);
  const occurredAt = get('Occurred_At__c');
  if (isNaN(Date.parse(occurredAt))) throw new InputError(file, line, t.badTime);
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
    previousHash: get('Previous_Hash__c'),
    hash: get('Hash__c')
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/**
 * One PHI_Access_Log__c record from the REST API (JSON: Sequence__c a number, empty text null) to a
 * chain row; undefined when the row has no whole Sequence__c or no valid Occurred_At__c.
 */
export function recordToChainRow(rec: Record<string, unknown>): ChainRow | undefined {
  const seq = rec.Sequence__c;
  const occurredAt = str(rec.Occurred_At__c);
  if (typeof seq !== 'number' || !Number.isInteger(seq) || isNaN(Date.parse(occurredAt))) return undefined;
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
    previousHash: str(rec.Previous_Hash__c),
    hash: str(rec.Hash__c)
  };
}
