import { severityRank, type Finding, type Severity } from '../checks/types';
import type { CheckStatus } from '../engine/run-checks';
import type { VerifyResult } from '../engine/verify';
import { msg } from '../messages';
import { sourceText } from '../messages/source';
import { controlChecks, failingBelowThreshold, STATUS_LABEL, where } from './common';
import { htmlText as e } from './escape/html';
import { mdCode, mdText } from './escape/markdown';
import { PRINT_CSS } from './print-css';

/**
 * The auditor's evidence pack, control by control: status; what was checked and against which
 * files; findings and their remediation; accepted exceptions with justification and approver; and
 * the run's provenance (tool version, time, git commit, SHA-256 of the inputs). It opens with a
 * one-screen executive summary. Every string from the project or the org (names, paths, messages
 * that quote them, justifications) goes through the format's escaping module.
 */
const p = msg.report.pack;

interface ControlSection {
  citation: string;
  title: string;
  status: CheckStatus;
  checks: { id: string; title: string; status: CheckStatus; reason?: string; evidence: string[] }[];
  listed: string;
  findings: Finding[];
  suppressed: Finding[];
}

function sections(r: VerifyResult): ControlSection[] {
  return r.controls.map((c) => {
    const related = r.findings.filter((f) => f.hipaa.includes(c.citation));
    return {
      citation: c.citation,
      title: c.title,
      status: c.status,
      listed: controlChecks(c),
      checks: c.checks.map((id) => {
        const k = r.checks.find((x) => x.id === id)!;
        return { id, title: k.title, status: k.status, reason: k.reason, evidence: k.evidence };
      }),
      findings: related.filter((f) => !f.suppressed),
      suppressed: related.filter((f) => f.suppressed)
    };
  });
}

const label = (s: string) => STATUS_LABEL[s] ?? s;

/** The executive summary's facts: verdict and why, control counts, open findings, what needs attention. */
export function executiveSummary(r: VerifyResult) {
  const open = r.findings.filter((f) => !f.suppressed);
  const failing = open.filter(
    (f) => !f.notVerified && severityRank(f.severity) >= severityRank(r.failOn)
  ).length;
  const reasons: string[] = [];
  if (!r.passed) {
    if (failing) reasons.push(p.failingFindings(failing, r.failOn));
    if (r.summary.controls['not-verified']) reasons.push(p.notVerified(r.summary.controls['not-verified']));
  } else {
    reasons.push(p.passed(r.failOn));
    const below = failingBelowThreshold(r);
    if (below.controls.length && below.highest)
      reasons.push(msg.report.belowThreshold(below.controls.length, below.counts, r.failOn, below.highest));
  }
  const needsOrg = r.checks.filter((c) => c.status === 'requires-org').map((c) => c.id);
  if (r.summary.controls['requires-org'])
    reasons.push(p.needsOrg(r.summary.controls['requires-org'], needsOrg));
  const attention = r.controls
    .filter((c) => c.status === 'fail' || c.status === 'not-verified')
    .map((c) => ({
      citation: c.citation,
      title: c.title,
      status: c.status,
      open: open.filter((f) => f.hipaa.includes(c.citation)).length
    }))
    .sort((a, b) => b.open - a.open || a.citation.localeCompare(b.citation, 'en', { numeric: true }));
  const accepted = r.findings.filter((f) => f.suppressed);
  const expiries = accepted.map((f) => f.suppressed!.expires).sort();
  const findings = (Object.entries(r.summary.findings) as [Severity, number][]).filter(([, n]) => n > 0);
  return {
    passed: r.passed,
    reasons,
    controls: (['pass', 'fail', 'not-verified', 'requires-org', 'not-applicable'] as const)
      .filter((s) => r.summary.controls[s] > 0)
      .map((s): [CheckStatus, number] => [s, r.summary.controls[s]]),
    total: r.controls.length,
    findings,
    accepted: accepted.length,
    nextExpiry: expiries[0],
    attention: attention.slice(0, 5),
    more: Math.max(0, attention.length - 5)
  };
}

function provenance(r: VerifyResult): [string, string][] {
  const commit = r.inputs.gitCommit
    ? `${r.inputs.gitCommit}${r.inputs.gitDirty ? ` ${p.dirty}` : ''}`
    : p.noGit;
  return [
    [p.subject, r.source.kind === 'project' ? r.source.root : `org ${r.source.alias}`],
    [p.generated, r.generatedAt],
    [p.tool, `${r.tool.name} ${r.tool.version}`],
    [r.source.kind === 'org' ? p.gitCommitConfig : p.gitCommit, commit],
    [p.inputs, p.inputsLine(r.inputs.files, r.inputs.sha256)],
    [p.threshold, p.thresholdLine(r.failOn, r.passed)],
    ...(Object.entries(r.config.values) as [keyof VerifyResult['config']['values'], unknown][]).map(
      ([k, v]): [string, string] => [
        p.configuration,
        sourceText.evidence.configLine(
          k,
          Array.isArray(v) ? v.join(', ') : String(v),
          r.config.setByProject.includes(k)
        )
      ]
    ),
    ...(r.changedSince
      ? ([[p.scope, p.scopeLine(r.changedSince.ref, r.changedSince.files)]] as [string, string][])
      : [])
  ];
}

const EVIDENCE_SHOWN = 20;

export function renderMarkdown(r: VerifyResult): string {
  const out: string[] = [];
  const x = executiveSummary(r);
  out.push(`# ${p.title}`, '', `## ${p.execHeading}`, '');
  out.push(`**${x.passed ? p.verdictPassed : p.verdictFailed}**`, '');
  for (const reason of x.reasons) out.push(`- ${mdText(reason)}`);
  out.push(
    `- ${p.controlsLine(
      x.total,
      x.controls.map(([s, n]) => `${n} ${label(s)}`)
    )}`,
    `- ${p.findingsLine(x.findings.map(([s, n]) => `${n} ${s}`))}`,
    `- ${p.acceptedLine(x.accepted, x.nextExpiry)}`
  );
  if (x.attention.length) {
    out.push('', `**${p.attentionHeading}**`, '');
    for (const a of x.attention)
      out.push(`- ${a.citation} ${mdText(a.title)}: ${label(a.status)} (${p.openCount(a.open)})`);
    if (x.more) out.push(`- ${p.more(x.more)}`);
  }
  out.push(
    '',
    `## ${p.summaryHeading}`,
    '',
    `| ${p.cols.control} | ${p.cols.title} | ${p.cols.status} | ${p.cols.open} | ${p.cols.accepted} |`,
    '| --- | --- | --- | --- | --- |'
  );
  const all = sections(r);
  for (const s of all)
    out.push(
      `| ${s.citation} | ${mdText(s.title)} | ${label(s.status)} | ${s.findings.length} | ${s.suppressed.length} |`
    );
  out.push('', `## ${p.provenanceHeading}`, '', '| | |', '| --- | --- |');
  for (const [k, v] of provenance(r)) out.push(`| ${k} | ${mdText(v)} |`);
  for (const s of all) {
    out.push('', `## ${s.citation} ${mdText(s.title)}: ${label(s.status)}`, '');
    if (s.status === 'requires-org') out.push(`_${p.needsOrgControl(s.listed)}_`, '');
    out.push(`**${p.checkedHeading}**`, '');
    for (const c of s.checks) {
      out.push(`- ${c.id} ${mdText(c.title)}: ${label(c.status)}${c.reason ? ` (${mdText(c.reason)})` : ''}`);
      if (c.evidence.length)
        out.push(
          `  - ${p.evidence(c.evidence.length)}: ${c.evidence
            .slice(0, EVIDENCE_SHOWN)
            .map((f) => mdCode(f))
            .join(', ')}${c.evidence.length > EVIDENCE_SHOWN ? ', …' : ''}`
        );
    }
    if (s.findings.length) {
      const c = p.cols;
      out.push(
        '',
        `**${p.findingsHeading}**`,
        '',
        `| ${c.severity} | ${c.check} | ${c.component} | ${c.location} | ${c.finding} | ${c.remediation} |`,
        '| --- | --- | --- | --- | --- | --- |'
      );
      for (const f of s.findings)
        out.push(
          `| ${f.severity} | ${f.checkId} | ${mdText(`${f.component.type} ${f.component.name}`)} | ${mdCode(where(f), true)} | ${mdText(f.message)} | ${mdText(f.remediation)} |`
        );
    }
    if (s.suppressed.length) {
      const c = p.cols;
      out.push(
        '',
        `**${p.acceptedHeading}**`,
        '',
        `| ${c.check} | ${c.component} | ${c.what} | ${c.justification} | ${c.approver} | ${c.expires} |`,
        '| --- | --- | --- | --- | --- | --- |'
      );
      for (const f of s.suppressed)
        out.push(
          `| ${f.checkId} | ${mdText(`${f.component.type} ${f.component.name}`)} | ${mdText(f.message)} | ${mdText(f.suppressed!.justification)} | ${mdText(f.suppressed!.approver)} | ${mdText(f.suppressed!.expires)} |`
        );
    }
  }
  out.push('');
  return out.join('\n');
}

const CSS = `
:root { --ink: #1b1f24; --muted: #5c6670; --line: #d8dde3; --pass: #1e7b34; --fail: #b3261e; --nv: #7b1fa2; --org: #5c6670; }
* { box-sizing: border-box; }
body { font-family: Georgia, 'Times New Roman', serif; color: var(--ink); max-width: 60rem; margin: 2.5rem auto; padding: 0 1.5rem; line-height: 1.55; font-size: 15px; }
h1, h2, h3 { font-family: 'Helvetica Neue', Arial, sans-serif; line-height: 1.25; }
h1 { font-size: 1.8rem; margin-bottom: 0.25rem; }
h2 { font-size: 1.2rem; margin-top: 2.2rem; padding-top: 0.6rem; border-top: 2px solid var(--line); }
.sub { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.8rem 0 1.2rem; font-size: 0.9rem; font-family: 'Helvetica Neue', Arial, sans-serif; }
th, td { border: 1px solid var(--line); padding: 0.4rem 0.55rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f5f7; }
code { font-family: Menlo, Consolas, monospace; font-size: 0.82em; word-break: break-all; }
.status { font-weight: 700; }
.s-pass { color: var(--pass); } .s-fail { color: var(--fail); } .s-not-verified { color: var(--nv); } .s-requires-org { color: var(--org); } .s-not-applicable { color: var(--org); }
.meta td:first-child { width: 9rem; color: var(--muted); }
ul.checks { padding-left: 1.2rem; } ul.checks li { margin-bottom: 0.3rem; overflow-wrap: anywhere; }
.evidence { color: var(--muted); font-size: 0.85rem; }
.exec { border: 2px solid var(--line); padding: 0.6rem 1rem; margin: 1rem 0; }
.exec h2 { border: 0; margin-top: 0.2rem; padding-top: 0; }
.verdict { font-size: 1.15rem; font-weight: 700; font-family: 'Helvetica Neue', Arial, sans-serif; }
.verdict.passed { color: var(--pass); } .verdict.failed { color: var(--fail); }
.exec ul { margin: 0.3rem 0; padding-left: 1.2rem; }
${PRINT_CSS}`;

const cls = (status: string) => `status s-${status}`;

/** Self-contained HTML (no external assets), readable on screen, printable on Letter and A4. */
export function renderHtml(r: VerifyResult): string {
  const all = sections(r);
  const x = executiveSummary(r);
  const c = p.cols;
  const rows = all
    .map(
      (s) =>
        `<tr><td>${e(s.citation)}</td><td>${e(s.title)}</td><td class="${cls(s.status)}">${e(label(s.status))}</td><td>${s.findings.length}</td><td>${s.suppressed.length}</td></tr>`
    )
    .join('\n');
  const body = all
    .map((s) => {
      const checks = s.checks
        .map(
          (k) =>
            `<li><strong>${e(k.id)}</strong> ${e(k.title)}: <span class="${cls(k.status)}">${e(label(k.status))}</span>${k.reason ? ` <span class="evidence">(${e(k.reason)})</span>` : ''}${
              k.evidence.length
                ? `<div class="evidence">${e(p.evidence(k.evidence.length))}: ${k.evidence
                    .slice(0, EVIDENCE_SHOWN)
                    .map((f) => `<code>${e(f)}</code>`)
                    .join(', ')}${k.evidence.length > EVIDENCE_SHOWN ? ', …' : ''}</div>`
                : ''
            }</li>`
        )
        .join('\n');
      const findings = s.findings.length
        ? `<h3>${e(p.findingsHeading)}</h3><table class="findings"><colgroup><col style="width:10%"><col style="width:9%"><col style="width:17%"><col style="width:20%"><col style="width:22%"><col style="width:22%"></colgroup><thead><tr><th>${c.severity}</th><th>${c.check}</th><th>${c.component}</th><th>${c.location}</th><th>${c.finding}</th><th>${c.remediation}</th></tr></thead><tbody>${s.findings
            .map(
              (f) =>
                `<tr><td>${e(f.severity)}</td><td>${e(f.checkId)}</td><td>${e(`${f.component.type} ${f.component.name}`)}</td><td><code>${e(where(f))}</code></td><td>${e(f.message)}</td><td>${e(f.remediation)}</td></tr>`
            )
            .join('')}</tbody></table>`
        : '';
      const suppressed = s.suppressed.length
        ? `<h3>${e(p.acceptedHeading)}</h3><table class="accepted"><colgroup><col style="width:9%"><col style="width:17%"><col style="width:24%"><col style="width:26%"><col style="width:12%"><col style="width:12%"></colgroup><thead><tr><th>${c.check}</th><th>${c.component}</th><th>${c.what}</th><th>${c.justification}</th><th>${c.approver}</th><th>${c.expires}</th></tr></thead><tbody>${s.suppressed
            .map(
              (f) =>
                `<tr><td>${e(f.checkId)}</td><td>${e(`${f.component.type} ${f.component.name}`)}</td><td>${e(f.message)}</td><td>${e(f.suppressed!.justification)}</td><td>${e(f.suppressed!.approver)}</td><td>${e(f.suppressed!.expires)}</td></tr>`
            )
            .join('')}</tbody></table>`
        : '';
      const pending =
        s.status === 'requires-org' ? `<p class="evidence">${e(p.needsOrgControl(s.listed))}</p>` : '';
      return `<section class="control" id="c-${e(s.citation.replace(/[^\w]/g, '-'))}"><h2>${e(s.citation)} ${e(s.title)}: <span class="${cls(s.status)}">${e(label(s.status))}</span></h2>${pending}<h3>${e(p.checkedHeading)}</h3><ul class="checks">${checks}</ul>${findings}${suppressed}</section>`;
    })
    .join('\n');
  const meta = provenance(r)
    .map(
      ([k, v]) =>
        `<tr><td>${e(k)}</td><td>${k === p.inputs || k === p.gitCommit || k === p.gitCommitConfig ? `<code>${e(v)}</code>` : e(v)}</td></tr>`
    )
    .join('');
  const exec = `<section class="exec" aria-labelledby="exec-h"><h2 id="exec-h">${e(p.execHeading)}</h2>
<p class="verdict ${x.passed ? 'passed' : 'failed'}">${e(x.passed ? p.verdictPassed : p.verdictFailed)}</p>
<ul>${[
    ...x.reasons,
    p.controlsLine(
      x.total,
      x.controls.map(([s, n]) => `${n} ${label(s)}`)
    ),
    p.findingsLine(x.findings.map(([s, n]) => `${n} ${s}`)),
    p.acceptedLine(x.accepted, x.nextExpiry)
  ]
    .map((l) => `<li>${e(l)}</li>`)
    .join('')}</ul>${
    x.attention.length
      ? `<p><strong>${e(p.attentionHeading)}</strong></p><ul>${x.attention
          .map(
            (a) =>
              `<li>${e(a.citation)} ${e(a.title)}: <span class="${cls(a.status)}">${e(label(a.status))}</span> (${e(p.openCount(a.open))})</li>`
          )
          .join('')}${x.more ? `<li>${e(p.more(x.more))}</li>` : ''}</ul>`
      : ''
  }</section>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(p.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${e(p.title)}</h1>
<p class="sub">${e(p.subtitle)}</p>
</header>
<main>
${exec}
<h2>${e(p.summaryHeading)}</h2>
<table class="summary"><colgroup><col style="width:20%"><col style="width:40%"><col style="width:14%"><col style="width:13%"><col style="width:13%"></colgroup><thead><tr><th>${c.control}</th><th>${c.title}</th><th>${c.status}</th><th>${c.open}</th><th>${c.accepted}</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>${e(p.provenanceHeading)}</h2>
<table class="meta"><tbody>${meta}</tbody></table>
${body}
</main>
</body>
</html>
`;
}
