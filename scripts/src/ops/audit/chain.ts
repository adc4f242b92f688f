import { GENESIS, hashRow, UNVERSIONED, type HashVersion, type LogRow } from '../../audit/hash-chain';
import { verifyHead, type ChainHead } from '../../audit/trail';

/**
 * Streaming verification of the PHI access log's hash chain (docs/audit-hash-format.md). It keeps
 * only the previous row's hash and sequence, so a chain of any length is checked in constant
 * memory. The rules are hash-chain.ts's `verifyChain` (same problem kinds, same order) plus the
 * facts only a stream shows (an out-of-order row, a duplicated sequence, dead-lettered events),
 * the org's chain head (trail.ts `verifyHead`: rows cut from the end), the outside checkpoints the
 * chain is held to (a rewritten prefix, a cut tail), and rows flagged for review (time going
 * back, a backdated event, a canonical version going back).
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
  | 'empty'
  | 'head-missing'
  | 'head-mismatch'
  | 'head-duplicate'
  | 'head-unreadable'
  | 'checkpoint-mismatch'
  | 'checkpoint-truncated'
  | 'checkpoint-refused'
  | 'checkpoint-other-org'
  | 'checkpoint-uncovered'
  | 'time-order'
  | 'backdated'
  | 'version-downgrade';

/** Breaks that say the chain could not be shown intact, not that it was altered. */
export const NOT_VERIFIED_KINDS: ReadonlySet<BreakKind> = new Set<BreakKind>([
  'empty',
  'dead-letters-unreadable',
  'head-unreadable',
  'checkpoint-uncovered'
]);
/** Rows flagged for review: each is suspect (and fails the run), none proves an alteration. */
export const FLAG_KINDS: ReadonlySet<BreakKind> = new Set<BreakKind>([
  'time-order',
  'backdated',
  'version-downgrade'
]);

export interface ChainBreak {
  kind: BreakKind;
  sequence?: number;
  /** For a gap: the first missing sequence number; the gap runs to `sequence - 1`. */
  expected?: number;
  /** Salesforce record id of the row (or of the dead-letter record, or of the chain head). */
  recordId?: string;
  /** Line in the CSV input, when the rows came from a file. */
  line?: number;
  /** For `unsequenced`: how many rows have no Sequence__c. */
  count?: number;
  /** Head and checkpoint breaks: the sequence the head or checkpoint names. */
  headSequence?: number;
  /** Head and checkpoint breaks: the hash the head or checkpoint names. */
  headHash?: string;
  /** Head and checkpoint breaks: the hash the log holds at that place (absent: no row there). */
  foundHash?: string;
  /** Checkpoint breaks: the checkpoint file. */
  checkpoint?: string;
  /** Time flags: how many whole minutes the row goes back. */
  minutes?: number;
  /** version-downgrade: the row's version and the highest seen before it. */
  version?: HashVersion;
  after?: HashVersion;
  /** checkpoint-refused: a key that was not given, or a signature that does not verify. */
  reason?: 'unknown-key' | 'bad-signature';
}

/** A checkpoint the chain is held to, and what came of it. */
export interface CheckpointStatus {
  source: string;
  orgId: string;
  sequence: number;
  headHash: string;
  time: string;
  keyId: string;
  status: 'held' | 'broken' | 'refused' | 'other-org' | 'uncovered';
}

export interface HeadSummary {
  recordId?: string;
  sequence: number;
  lastDigest: string;
  /** Rows with a higher sequence than the head read before them: written while the log was read. */
  rowsAfterHead: number;
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
  /** Rows flagged for review (also counted in breakCount). */
  flagged: number;
  /** The org's chain head, read before the rows (org only); null when the org has none. */
  head?: HeadSummary | null;
  checkpoints: CheckpointStatus[];
  /** Checks the input could not support (a file without CreatedDate or Hash_Version__c columns). */
  notChecked?: NotChecked[];
}

/** `backdating`: no CreatedDate column; `hash-version`: no Hash_Version__c column (every row read as v2). */
export type NotChecked = 'backdating' | 'hash-version';

export interface ChainRow extends LogRow {
  id?: string;
  line?: number;
  /** CreatedDate: when the subscriber wrote the row. */
  createdAt?: string;
}

export interface VerifierOptions {
  /**
   * A row is flagged when its Occurred_At__c is more than this many milliseconds before its
   * CreatedDate (backdated), or its Occurred_At__c or CreatedDate is more than this before the
   * previous row's (out of time order). Default 5 minutes.
   */
  backdateMs?: number;
}

export const DEFAULT_BACKDATE_MINUTES = 5;

const RANK: Record<HashVersion, number> = { v1: 1, v2: 2, v3: 3 };

interface Held {
  status: CheckpointStatus;
  resolved: boolean;
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
  private flags = 0;
  private readonly backdateMs: number;
  private prevOccurred: number | undefined;
  private prevCreated: number | undefined;
  private topVersion: HashVersion | undefined;
  private head: { head: ChainHead | null; recordId?: string } | undefined;
  private headLast: ChainRow | undefined;
  private rowsAfterHead = 0;
  private readonly held: Held[] = [];

  constructor(
    private readonly startHash = GENESIS,
    private readonly maxBreaks = 1000,
    opts: VerifierOptions = {}
  ) {
    this.previous = startHash;
    this.backdateMs = opts.backdateMs ?? DEFAULT_BACKDATE_MINUTES * 60_000;
  }

  /**
   * The org's chain head, read before the rows: the row at its sequence must carry its digest and
   * the log must reach it (trail.ts verifyHead). `null`: the org has no head.
   */
  expectHead(head: ChainHead | null, recordId?: string): void {
    this.head = { head, recordId };
  }

  /** Rows past the head read first were pushed: the head should be read again (confirmHead). */
  headOutrun(): boolean {
    return this.head !== undefined && this.rowsAfterHead > 0;
  }

  /**
   * The head read again after the rows, when rows past the first head were read: it must now reach
   * them. A head still behind the last row, or at it with another digest, means rows were added
   * or altered without the writer moving the head.
   */
  confirmHead(later: ChainHead | null): void {
    if (!this.head || this.rowsAfterHead === 0 || this.last === undefined) return;
    const behind = !later || later.sequence < this.last;
    const differs = later?.sequence === this.last && later.lastDigest !== this.lastHash;
    if (behind || differs)
      this.add({
        kind: 'head-mismatch',
        sequence: this.last,
        recordId: this.head.recordId,
        headSequence: later?.sequence,
        headHash: later?.lastDigest,
        foundHash: this.lastHash
      });
  }

  /** A checkpoint whose signature and org were checked: the chain must reach it and agree with it. */
  hold(status: Omit<CheckpointStatus, 'status'>): void {
    this.held.push({ status: { ...status, status: 'held' }, resolved: false });
  }

  /** A checkpoint that cannot be used: a signature that does not verify, or another org's. */
  refuse(
    status: Omit<CheckpointStatus, 'status'>,
    why: 'refused' | 'other-org',
    reason?: 'unknown-key' | 'bad-signature'
  ): void {
    this.held.push({ status: { ...status, status: why }, resolved: true });
    this.add({
      kind: why === 'refused' ? 'checkpoint-refused' : 'checkpoint-other-org',
      checkpoint: status.source,
      headSequence: status.sequence,
      ...(reason ? { reason } : {})
    });
  }

  push(row: ChainRow): void {
    const at = { sequence: row.sequence, recordId: row.id, line: row.line };
    if (this.expected === undefined) {
      this.first = row.sequence;
      this.window(row);
    } else if (row.sequence < this.expected)
      this.add({ kind: 'out-of-order', ...at, expected: this.expected });
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
    this.flagRow(row, at);
    this.atHead(row);
    for (const h of this.held)
      if (!h.resolved && h.status.sequence === row.sequence) this.resolve(h, row.hash ?? '', at);
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

  /** The chain head could not be read (or is not one record), so a cut tail cannot be ruled out. */
  headUnreadable(object: string, duplicate = false): void {
    this.add({ kind: duplicate ? 'head-duplicate' : 'head-unreadable', recordId: object });
  }

  /** Rows outside the chain: no Sequence__c, so no position in it. */
  unsequenced(count: number): void {
    if (count > 0) this.add({ kind: 'unsequenced', count });
  }

  summary(): ChainSummary {
    for (const h of this.held) if (!h.resolved) this.unreached(h);
    if (this.head) this.closeHead(this.head.head, this.head.recordId);
    const breaks = [...this.breaks];
    let count = this.count;
    if (this.rows === 0) {
      breaks.push({ kind: 'empty' });
      count++;
    }
    const head = this.head?.head;
    return {
      rows: this.rows,
      firstSequence: this.first,
      lastSequence: this.last,
      lastHash: this.lastHash,
      startHash: this.startHash,
      breaks,
      breakCount: count,
      lostEvents: this.lost,
      flagged: this.flags,
      ...(this.head
        ? {
            head: head
              ? {
                  recordId: this.head.recordId,
                  sequence: head.sequence,
                  lastDigest: head.lastDigest,
                  rowsAfterHead: this.rowsAfterHead
                }
              : null
          }
        : {}),
      checkpoints: this.held.map((h) => h.status)
    };
  }

  /**
   * The first row of a window: a checkpoint just before it is held against the start hash; one
   * further back cannot be checked from this window (not verified).
   */
  private window(row: ChainRow) {
    for (const h of this.held) {
      if (h.resolved || h.status.sequence >= row.sequence) continue;
      if (h.status.sequence === row.sequence - 1)
        this.resolve(h, this.startHash, {
          sequence: h.status.sequence,
          recordId: undefined,
          line: undefined
        });
      else {
        h.resolved = true;
        h.status.status = 'uncovered';
        this.add({
          kind: 'checkpoint-uncovered',
          checkpoint: h.status.source,
          headSequence: h.status.sequence
        });
      }
    }
  }

  private resolve(h: Held, found: string, at: { sequence: number; recordId?: string; line?: number }) {
    h.resolved = true;
    if (found === h.status.headHash) return;
    h.status.status = 'broken';
    this.add({
      kind: 'checkpoint-mismatch',
      ...at,
      checkpoint: h.status.source,
      headSequence: h.status.sequence,
      headHash: h.status.headHash,
      foundHash: found
    });
  }

  /** A checkpoint the rows never reached: the tail was cut below it, or its row is missing. */
  private unreached(h: Held) {
    h.resolved = true;
    h.status.status = 'broken';
    const cut = this.last === undefined || this.last < h.status.sequence;
    this.add({
      kind: cut ? 'checkpoint-truncated' : 'checkpoint-mismatch',
      sequence: this.last,
      checkpoint: h.status.source,
      headSequence: h.status.sequence,
      headHash: h.status.headHash
    });
  }

  private atHead(row: ChainRow) {
    if (!this.head) return;
    const head = this.head.head;
    if (head && row.sequence > head.sequence) this.rowsAfterHead++;
    else this.headLast = row;
  }

  private closeHead(head: ChainHead | null, recordId: string | undefined) {
    for (const p of verifyHead(this.headLast, head)) {
      if (p.kind === 'head-missing') this.add({ kind: 'head-missing', sequence: this.headLast?.sequence });
      else if (p.kind === 'head-mismatch')
        this.add({
          kind: 'head-mismatch',
          sequence: p.sequence,
          recordId,
          headSequence: p.headSequence,
          headHash: head?.lastDigest,
          foundHash: this.headLast?.hash
        });
    }
  }

  /** Rows to review: time going back, a backdated event, a canonical version going back. */
  private flagRow(row: ChainRow, at: { sequence: number; recordId?: string; line?: number }) {
    const occurred = Date.parse(row.occurredAt);
    const created = row.createdAt === undefined ? undefined : Date.parse(row.createdAt);
    const minutes = (ms: number) => Math.floor(ms / 60_000);
    if (created !== undefined && occurred < created - this.backdateMs)
      this.flag({ kind: 'backdated', ...at, minutes: minutes(created - occurred) });
    const back = Math.max(
      this.prevOccurred === undefined ? 0 : this.prevOccurred - occurred,
      this.prevCreated === undefined || created === undefined ? 0 : this.prevCreated - created
    );
    if (back > this.backdateMs) this.flag({ kind: 'time-order', ...at, minutes: minutes(back) });
    // An unknown version label (already a malformed row) ranks nowhere.
    const version = row.version ?? UNVERSIONED;
    const rank = RANK[version] ?? 0;
    if (this.topVersion && rank > 0 && rank < RANK[this.topVersion])
      this.flag({ kind: 'version-downgrade', ...at, version, after: this.topVersion });
    if (rank > (this.topVersion ? RANK[this.topVersion] : 0)) this.topVersion = version;
    if (!isNaN(occurred)) this.prevOccurred = occurred;
    if (created !== undefined && !isNaN(created)) this.prevCreated = created;
  }

  private flag(b: ChainBreak) {
    this.flags++;
    this.add(b);
  }

  private add(b: ChainBreak) {
    this.count++;
    if (this.breaks.length < this.maxBreaks) this.breaks.push(b);
  }
}
