import { msg } from '../messages';
import { orgMsg } from '../messages/org';
import type { VerifyResult } from '../engine/verify';
import { controlChecks, failingBelowThreshold, where } from './common';
import { termText as t } from './escape/console';

export interface ConsoleOptions {
  color: boolean;
}

const CODES: Record<string, [number, number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
  bold: [1, 22]
};

const STATUS_COLOR: Record<string, string> = {
  pass: 'green',
  fail: 'red',
  'not-verified': 'magenta',
  'requires-org': 'gray',
  'not-applicable': 'gray'
};
const SEVERITY_COLOR: Record<string, string> = {
  critical: 'red',
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'gray'
};

/** People's report: summary by control, then findings grouped by severity. Pure: returns text. */
export function renderConsole(r: VerifyResult, opts: ConsoleOptions): string {
  const paint = (color: string, s: string) => {
    const c = CODES[color];
    return opts.color && c ? `\u001b[${c[0]}m${s}\u001b[${c[1]}m` : s;
  };
  const lines: string[] = [];
  const dir = r.source.kind === 'project' ? r.source.root : r.source.alias;
  lines.push(paint('bold', msg.report.title(t(dir))));
  lines.push(
    r.source.kind === 'org'
      ? orgMsg.sourceLine(r.source.apiCalls ?? 0, r.summary.phiFields, r.summary.phiObjects)
      : msg.report.sourceLine(r.summary.filesRead, r.summary.phiFields, r.summary.phiObjects)
  );
  lines.push('');
  lines.push(paint('bold', msg.report.controlsHeader));
  const label = (s: string) => msg.report.statusLabel[s] ?? s;
  const width = Math.max(...r.controls.map((c) => c.citation.length));
  for (const c of r.controls) {
    lines.push(
      `  ${paint(STATUS_COLOR[c.status] ?? 'gray', label(c.status).padEnd(12))} ${c.citation.padEnd(width)}  ${c.title}  [${controlChecks(c)}]`
    );
  }
  lines.push('');
  lines.push(paint('bold', msg.report.findingsHeader(r.findings.filter((f) => !f.suppressed).length)));
  if (!r.findings.some((f) => !f.suppressed)) lines.push(`  ${msg.report.noFindings}`);
  const open = r.findings.filter((f) => !f.suppressed);
  if (r.changedSince) lines.push(`  ${msg.report.changedSince(t(r.changedSince.ref), r.changedSince.files)}`);
  for (const sev of ['critical', 'high', 'medium', 'low', 'info'] as const) {
    const group = open.filter((f) => f.severity === sev);
    if (!group.length) continue;
    lines.push('');
    lines.push(paint(SEVERITY_COLOR[sev]!, `${sev.toUpperCase()} (${group.length})`));
    for (const f of group) {
      const tag = f.notVerified ? ` ${paint('magenta', label('not-verified'))}` : '';
      lines.push(
        `  ${paint('bold', f.checkId)}${tag} ${f.hipaa.join(', ')}  ${t(f.component.type)} ${t(f.component.name)}`
      );
      lines.push(`    ${t(where(f))}  ${t(f.message)}`);
      lines.push(`    ${paint('gray', `${msg.report.fix} ${t(f.remediation)}`)}`);
    }
  }
  const accepted = r.findings.filter((f) => f.suppressed);
  if (accepted.length) {
    lines.push('');
    lines.push(paint('bold', msg.report.suppressedHeader(accepted.length)));
    for (const f of accepted) {
      // The message names what was accepted (View All Data and Modify All Data are two exceptions, not one twice).
      lines.push(`  ${f.checkId} ${t(f.component.type)} ${t(f.component.name)}  ${t(where(f))}`);
      lines.push(`    ${t(f.message)}`);
      lines.push(
        `    ${paint('gray', msg.report.suppressedLine(t(f.suppressed!.justification), t(f.suppressed!.approver), t(f.suppressed!.expires)))}`
      );
    }
  }
  const orgOnly = r.checks.filter((c) => c.status === 'requires-org');
  if (orgOnly.length) {
    lines.push('');
    lines.push(msg.report.requiresOrgHeader);
    for (const c of orgOnly) lines.push(`  ${c.id} ${c.title}`);
  }
  const projectOnly = r.checks.filter((c) => c.status === 'not-applicable');
  if (projectOnly.length) {
    lines.push('');
    lines.push(msg.report.notApplicableHeader);
    for (const c of projectOnly) lines.push(`  ${c.id} ${c.title}`);
  }
  lines.push('');
  const counts: Record<string, number> = Object.fromEntries(
    Object.entries(r.summary.findings).filter(([, v]) => v > 0)
  );
  if (r.summary.suppressed) counts.suppressed = r.summary.suppressed;
  lines.push(
    paint(
      r.passed ? 'green' : 'red',
      msg.report.summary(Object.keys(counts).length ? counts : { findings: 0 }, r.failOn, r.passed)
    )
  );
  // Controls shown FAIL above a PASSED line: say why, in one line.
  const below = failingBelowThreshold(r);
  if (below.controls.length && below.highest)
    lines.push(
      paint('yellow', msg.report.belowThreshold(below.controls.length, below.counts, r.failOn, below.highest))
    );
  return lines.join('\n');
}
