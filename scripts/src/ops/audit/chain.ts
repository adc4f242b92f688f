import { GENESIS, hashRow, type LogRow } from '../../audit/hash-chain';

/**
 * Streaming verification of the PHI access log's hash chain (docs/audit-hash-format.md). It keeps
 * only the previous row's hash and sequence, so a chain of any length is checked in constant
 * memory. The rules are hash-chain.ts's `verifyChain` (same problem kinds, same order) plus the
 * facts only a stream shows: an out-of-order row, a duplicated sequence, and dead-lettered events.
 */
export type BreakKind =
  | 'hash-mismatch'
  | 'broken-link'
  | 'sequence-gap'
  | 'out-of-order'
  | 'lost-event'
  | 'malformed-row'
  | 'unsequenced'
  | 'dead-letters-unreadable'
  | 'empty';

export interface ChainBreak {
  kind: BreakKind;
  sequence?: number;
  /** For a gap: the first missing sequence number; the gap runs to `sequence - 1`. */
  expected?: number;
  /** Salesforce record id of the row (or of the dead-letter record). */
  recordId?: string;
  /** Line in the CSV input, when the rows came from a file. */
  line?: number;
  /** For `unsequenced`: how many rows have no Sequence__c. */
  count?: number;
}

export interface ChainSummary {
  rows: number;
  firstSequence?: number;
  lastSequence?: number;
  /** Hash of the last row: the trust anchor for the next window. */
  lastHash?: string;
  startHash: string;
  breaks: ChainBreak[];
  /** Breaks beyond the kept ones are counted, not stored. */
  breakCount: number;
  lostEvents: number;
}

export interface ChainRow extends LogRow {
  id?: string;
  line?: number;
}

export class ChainVerifier {
  private previous: string;
  private expected: number | undefined;
  private rows = 0;
  private first: number | undefined;
  private last: number | undefined;
  private lastHash: string | undefined;
  private readonly breaks: ChainBreak[] = [];
  private count = 0;
  private lost = 0;

  constructor(
    private readonly startHash = GENESIS,
    private readonly maxBreaks = 1000
  ) {
    this.previous = startHash;
  }

  push(row: ChainRow): void {
    const at = { sequence: row.sequence, recordId: row.id, line: row.line };
    if (this.expected === undefined) this.first = row.sequence;
    else if (row.sequence < this.expected) this.add({ kind: 'out-of-order', ...at, expected: this.expected });
    else if (row.sequence > this.expected) this.add({ kind: 'sequence-gap', ...at, expected: this.expected });
    if (row.previousHash !== this.previous) this.add({ kind: 'broken-link', ...at });
    let hash: string | undefined;
    try {
      hash = hashRow(row);
    } catch {
      // The canonical form refuses the row (e.g. a time that is not a whole-second UTC date-time
      // under v2): it cannot be shown intact, so it is a break. The message is not echoed.
      this.add({ kind: 'malformed-row', ...at });
    }
    if (hash !== undefined && hash !== row.hash) this.add({ kind: 'hash-mismatch', ...at });
    this.previous = row.hash ?? '';
    // After an out-of-order row keep expecting the highest sequence seen, so one swapped pair is one break.
    this.expected = Math.max(this.expected ?? 0, row.sequence + 1);
    this.last = row.sequence;
    this.lastHash = row.hash;
    this.rows++;
  }

  /** A dead-letter record: an access event that never reached the log is a gap in the trail. */
  lostEvent(recordId: string | undefined, line?: number): void {
    this.lost++;
    this.add({ kind: 'lost-event', recordId, line });
  }

  /** A row read from an org that cannot be put in canonical form (no date-time, no sequence). */
  malformed(recordId: string | undefined, sequence?: number): void {
    this.add({ kind: 'malformed-row', sequence, recordId });
  }

  /** The dead-letter object could not be read, so lost events cannot be ruled out. */
  deadLettersUnreadable(object: string): void {
    this.add({ kind: 'dead-letters-unreadable', recordId: object });
  }

  /** Rows outside the chain: no Sequence__c, so no position in it. */
  unsequenced(count: number): void {
    if (count > 0) this.add({ kind: 'unsequenced', count });
  }

  summary(): ChainSummary {
    const breaks = [...this.breaks];
    let count = this.count;
    if (this.rows === 0) {
      breaks.push({ kind: 'empty' });
      count++;
    }
    return {
      rows: this.rows,
      firstSequence: this.first,
      lastSequence: this.last,
      lastHash: this.lastHash,
      startHash: this.startHash,
      breaks,
      breakCount: count,
      lostEvents: this.lost
    };
  }

  private add(b: ChainBreak) {
    this.count++;
    if (this.breaks.length < this.maxBreaks) this.breaks.push(b);
  }
}
