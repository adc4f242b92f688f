import { SEVERITIES, type Severity } from '../../checks/types';
import { opsMsg } from '../../messages/ops';
import type { BaaIssue, BaaReport } from './compare';

const t = opsMsg.baa;

const where = (i: BaaIssue) =>
  'file' in i.location
    ? `${i.location.file}${i.location.line ? `:${i.location.line}` : ''}`
    : `${i.location.api}${i.location.id ? ` ${i.location.id}` : ''}`;

export const failing = (r: BaaReport, failOn: Severity) =>
  r.issues.filter((i) => SEVERITIES.indexOf(i.severity) <= SEVERITIES.indexOf(failOn));

/** Console report: the register, then each issue with its location. Pure. */
export function renderBaaReport(r: BaaReport, source: string, failOn: Severity): string {
  const lines = [t.title(source, r.registerFile), ''];
  if (r.entries.length) {
    lines.push(t.registerHeading);
    for (const e of r.entries)
      lines.push(
        `  ${e.vendor}${e.namespace ? ` [${e.namespace}]` : ''}${e.apps.length ? ` apps: ${e.apps.join(', ')}` : ''}  ${t.dates(e.signed, e.expires)}${e.handlesPhi ? '' : ` ${t.noPhi}`}`
      );
    lines.push('');
  }
  lines.push(t.inUse(r.packages.length, r.apps.length), '');
  const sorted = [...r.issues].sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)
  );
  for (const i of sorted)
    lines.push(`  ${i.severity.toUpperCase().padEnd(8)} ${t.issue[i.kind](i)}  ${where(i)}`);
  const fails = failing(r, failOn).length;
  if (sorted.length) lines.push('');
  lines.push(fails ? t.failed(fails, failOn) : sorted.length ? t.passedWithNotes(sorted.length) : t.passed);
  return lines.join('\n');
}
