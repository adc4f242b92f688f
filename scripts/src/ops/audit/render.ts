import { opsMsg } from '../../messages/ops';
import type { BreakKind, ChainBreak, ChainSummary } from './chain';

const t = opsMsg.auditLog;

/** Breaks that say the chain could not be shown intact, not that it was altered. */
const NOT_VERIFIED = new Set<BreakKind>(['empty', 'dead-letters-unreadable']);

export const describeBreak = (b: ChainBreak): string => {
  const where = [
    b.sequence !== undefined ? t.at.sequence(b.sequence) : undefined,
    b.recordId ? t.at.record(b.recordId) : undefined,
    b.line !== undefined ? t.at.line(b.line) : undefined
  ]
    .filter(Boolean)
    .join(', ');
  return `${t.kind[b.kind](b)}${where ? ` (${where})` : ''}`;
};

/** Console report of a chain verification. Pure; ids, sequence numbers and hashes only. */
export function renderChainSummary(s: ChainSummary, source: string): string {
  const lines = [t.title(source), ''];
  lines.push(t.rows(s.rows, s.firstSequence, s.lastSequence));
  lines.push(t.startHash(s.startHash));
  if (s.lastHash) lines.push(t.lastHash(s.lastHash));
  lines.push('');
  if (s.breakCount === 0) {
    lines.push(t.intact);
    return lines.join('\n');
  }
  lines.push(t.firstBreak(describeBreak(s.breaks[0]!)), '');
  for (const b of s.breaks) lines.push(`  ${describeBreak(b)}`);
  if (s.breakCount > s.breaks.length) lines.push(`  ${t.more(s.breakCount - s.breaks.length)}`);
  const onlyUnverified = s.breakCount === s.breaks.length && s.breaks.every((b) => NOT_VERIFIED.has(b.kind));
  lines.push('', onlyUnverified ? t.notVerified(s.breakCount) : t.broken(s.breakCount));
  return lines.join('\n');
}
