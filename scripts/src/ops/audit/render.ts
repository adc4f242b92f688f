import { opsMsg } from '../../messages/ops';
import type { AnchorResult } from '../org/anchor-org';
import { FLAG_KINDS, NOT_VERIFIED_KINDS, type ChainBreak, type ChainSummary } from './chain';

const t = opsMsg.auditLog;

const HEAD_KINDS = new Set(['head-missing', 'head-mismatch', 'head-duplicate', 'head-unreadable']);

export const describeBreak = (b: ChainBreak): string => {
  // A head break's record is the head's, and its sequences are in the message.
  const head = HEAD_KINDS.has(b.kind);
  const where = [
    !head && b.sequence !== undefined ? t.at.sequence(b.sequence) : undefined,
    b.recordId && !head ? t.at.record(b.recordId) : undefined,
    b.recordId && head && b.kind !== 'head-unreadable' && b.kind !== 'head-duplicate'
      ? t.at.headRecord(b.recordId)
      : undefined,
    b.line !== undefined ? t.at.line(b.line) : undefined
  ]
    .filter(Boolean)
    .join(', ');
  return `${t.kind[b.kind](b)}${where ? ` (${where})` : ''}`;
};

/**
 * What the run did not prove, in plain words, so a pass is never read as more than it is: without
 * an outside checkpoint a file proves nothing about its own end, and an org's head is the org's.
 */
export function limitsOf(s: ChainSummary, mode: 'file' | 'org'): string[] {
  const held = s.checkpoints.filter((c) => c.status === 'held');
  const latest = held.reduce<(typeof held)[number] | undefined>(
    (a, c) => (!a || c.sequence > a.sequence ? c : a),
    undefined
  );
  const lines = latest
    ? [t.limits.afterCheckpoint(latest.sequence, latest.time, mode === 'org')]
    : [...t.limits[mode]];
  return [...lines, t.limits.accesses];
}

/** Console report of a chain verification. Pure; ids, sequence numbers and hashes only. */
export function renderChainSummary(s: ChainSummary, source: string, limits: string[] = []): string {
  const lines = [t.title(source), ''];
  lines.push(t.rows(s.rows, s.firstSequence, s.lastSequence));
  lines.push(t.startHash(s.startHash));
  if (s.lastHash) lines.push(t.lastHash(s.lastHash));
  if (s.head === null) lines.push(t.noHead);
  else if (s.head) {
    lines.push(t.head(s.head.sequence, s.head.lastDigest, s.head.recordId));
    if (s.head.rowsAfterHead) lines.push(t.rowsAfterHead(s.head.rowsAfterHead));
  }
  if (s.checkpoints.length) lines.push(t.checkpointsHeading, ...s.checkpoints.map(t.checkpoint));
  lines.push('');
  if (s.breakCount === 0) lines.push(t.intact);
  else {
    lines.push(t.firstBreak(describeBreak(s.breaks[0]!)), '');
    for (const b of s.breaks) lines.push(`  ${describeBreak(b)}`);
    if (s.breakCount > s.breaks.length) lines.push(`  ${t.more(s.breakCount - s.breaks.length)}`);
    const all = s.breakCount === s.breaks.length;
    const only = (set: ReadonlySet<string>) => all && s.breaks.every((b) => set.has(b.kind));
    lines.push(
      '',
      only(NOT_VERIFIED_KINDS)
        ? t.notVerified(s.breakCount)
        : only(FLAG_KINDS)
          ? t.flagged(s.breakCount)
          : t.broken(s.breakCount)
    );
  }
  if (limits.length) lines.push('', t.limits.heading, ...limits.map((l) => `  ${l}`));
  return lines.join('\n');
}

/** Console report of an anchor run. Pure; the checkpoint's public fields only, never a key. */
export function renderAnchor(r: AnchorResult, source: string, file?: string): string {
  const a = opsMsg.anchor;
  const lines = [a.title(source), ''];
  if (r.anchored) {
    const c = r.checkpoint;
    lines.push(a.written(file ?? ''), a.fields(c.orgId, c.sequence, c.headHash, c.time, c.keyId), '', a.keep);
  } else {
    lines.push(a.notAnchored, a.problem[r.problem](r.headSequence, r.headHash, r.lastSequence, r.lastHash));
  }
  return lines.join('\n');
}
