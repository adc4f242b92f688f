import type { Finding } from '../checks/types';
import type { VerifyResult } from '../engine/verify';
import { sourceText } from '../messages/source';
import { escapeHtml, STATUS_LABEL, where } from './common';

/**
 * The auditor's evidence pack, control by control: status; what was checked and against which
 * files; findings and their remediation; accepted exceptions with justification and approver; and
 * the run's provenance (tool version, time, git commit, SHA-256 of the inputs).
 */
interface ControlSection {
  citation: string;
  title: string;
  status: string;
  checks: { id: string; title: string; status: string; reason?: string; evidence: string[] }[];
  findings: Finding[];
  suppressed: Finding[];
}

function sections(r: VerifyResult): ControlSection[] {
  return r.controls.map((c) => {
    const related = r.findings.filter((f) => f.hipaa.includes(c.citation));
    return {
      citation: c.citation,
      title: c.title,
      status: STATUS_LABEL[c.status] ?? c.status,
      checks: c.checks.map((id) => {
        const k = r.checks.find((x) => x.id === id)!;
        return {
          id,
          title: k.title,
          status: STATUS_LABEL[k.status] ?? k.status,
          reason: k.reason,
          evidence: k.evidence
        };
      }),
      findings: related.filter((f) => !f.suppressed),
      suppressed: related.filter((f) => f.suppressed)
    };
  });
}

function provenance(r: VerifyResult): [string, string][] {
  return [
    ['Subject', r.source.kind === 'project' ? r.source.root : `org ${r.source.alias}`],
    ['Generated', r.generatedAt],
    ['Tool', `${r.tool.name} ${r.tool.version}`],
    ['Git commit', r.inputs.gitCommit ?? 'not a git repository'],
    ['Inputs', `${r.inputs.files} file(s), SHA-256 ${r.inputs.sha256}`],
    ['Threshold', `--fail-on ${r.failOn}: ${r.passed ? 'passed' : 'failed'}`],
    ...(Object.entries(r.config.values) as [keyof VerifyResult['config']['values'], string | string[]][]).map(
      ([k, v]): [string, string] => [
        'Configuration',
        sourceText.evidence.configLine(
          k,
          Array.isArray(v) ? v.join(', ') : v,
          r.config.setByProject.includes(k)
        )
      ]
    ),
    ...(r.changedSince
      ? ([['Scope', `components changed since ${r.changedSince.ref} (${r.changedSince.files} file(s))`]] as [
          string,
          string
        ][])
      : [])
  ];
}

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(r: VerifyResult): string {
  const out: string[] = [];
  out.push('# HIPAA Security Rule evidence pack', '');
  out.push('| | |', '| --- | --- |');
  for (const [k, v] of provenance(r)) out.push(`| ${k} | ${md(v)} |`);
  out.push(
    '',
    '## Summary',
    '',
    '| Control | Title | Status | Open findings | Accepted exceptions |',
    '| --- | --- | --- | --- | --- |'
  );
  const all = sections(r);
  for (const s of all)
    out.push(
      `| ${s.citation} | ${md(s.title)} | ${s.status} | ${s.findings.length} | ${s.suppressed.length} |`
    );
  for (const s of all) {
    out.push('', `## ${s.citation} ${s.title}: ${s.status}`, '', '**What was checked**', '');
    for (const c of s.checks) {
      out.push(`- ${c.id} ${c.title}: ${c.status}${c.reason ? ` (${c.reason})` : ''}`);
      if (c.evidence.length)
        out.push(
          `  - Evidence: ${c.evidence.length} file(s): ${c.evidence
            .slice(0, 20)
            .map((e) => `\`${e}\``)
            .join(', ')}${c.evidence.length > 20 ? ', …' : ''}`
        );
    }
    if (s.findings.length) {
      out.push(
        '',
        '**Findings**',
        '',
        '| Severity | Check | Component | Location | Finding | Remediation |',
        '| --- | --- | --- | --- | --- | --- |'
      );
      for (const f of s.findings)
        out.push(
          `| ${f.severity} | ${f.checkId} | ${md(`${f.component.type} ${f.component.name}`)} | ${md(where(f))} | ${md(f.message)} | ${md(f.remediation)} |`
        );
    }
    if (s.suppressed.length) {
      out.push(
        '',
        '**Accepted exceptions**',
        '',
        '| Check | Component | Justification | Approver | Expires |',
        '| --- | --- | --- | --- | --- |'
      );
      for (const f of s.suppressed)
        out.push(
          `| ${f.checkId} | ${md(f.component.name)} | ${md(f.suppressed!.justification)} | ${md(f.suppressed!.approver)} | ${f.suppressed!.expires} |`
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
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0 1.2rem; font-size: 0.9rem; font-family: 'Helvetica Neue', Arial, sans-serif; }
th, td { border: 1px solid var(--line); padding: 0.4rem 0.55rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
code { font-family: Menlo, Consolas, monospace; font-size: 0.82em; word-break: break-all; }
.status { font-weight: 700; white-space: nowrap; }
.s-pass { color: var(--pass); } .s-fail { color: var(--fail); } .s-not-verified { color: var(--nv); } .s-requires-org { color: var(--org); } .s-not-applicable { color: var(--org); }
.meta td:first-child { width: 9rem; color: var(--muted); }
ul.checks { padding-left: 1.2rem; } ul.checks li { margin-bottom: 0.3rem; }
.evidence { color: var(--muted); font-size: 0.85rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  table, li { break-inside: avoid; }
  section.control { break-inside: auto; }
  a { color: inherit; text-decoration: none; }
}`;

const statusClass = (label: string) =>
  `s-${Object.entries(STATUS_LABEL).find(([, v]) => v === label)?.[0] ?? 'requires-org'}`;

/** Self-contained HTML (no external assets), readable on screen and in print. */
export function renderHtml(r: VerifyResult): string {
  const e = escapeHtml;
  const all = sections(r);
  const rows = all
    .map(
      (s) =>
        `<tr><td>${e(s.citation)}</td><td>${e(s.title)}</td><td class="status ${statusClass(s.status)}">${e(s.status)}</td><td>${s.findings.length}</td><td>${s.suppressed.length}</td></tr>`
    )
    .join('\n');
  const body = all
    .map((s) => {
      const checks = s.checks
        .map(
          (c) =>
            `<li><strong>${e(c.id)}</strong> ${e(c.title)}: <span class="status ${statusClass(c.status)}">${e(c.status)}</span>${c.reason ? ` <span class="evidence">(${e(c.reason)})</span>` : ''}${
              c.evidence.length
                ? `<div class="evidence">Evidence: ${c.evidence.length} file(s): ${c.evidence
                    .slice(0, 20)
                    .map((f) => `<code>${e(f)}</code>`)
                    .join(', ')}${c.evidence.length > 20 ? ', …' : ''}</div>`
                : ''
            }</li>`
        )
        .join('\n');
      const findings = s.findings.length
        ? `<h3>Findings</h3><table><thead><tr><th>Severity</th><th>Check</th><th>Component</th><th>Location</th><th>Finding</th><th>Remediation</th></tr></thead><tbody>${s.findings
            .map(
              (f) =>
                `<tr><td>${e(f.severity)}</td><td>${e(f.checkId)}</td><td>${e(`${f.component.type} ${f.component.name}`)}</td><td><code>${e(where(f))}</code></td><td>${e(f.message)}</td><td>${e(f.remediation)}</td></tr>`
            )
            .join('')}</tbody></table>`
        : '';
      const suppressed = s.suppressed.length
        ? `<h3>Accepted exceptions</h3><table><thead><tr><th>Check</th><th>Component</th><th>Justification</th><th>Approver</th><th>Expires</th></tr></thead><tbody>${s.suppressed
            .map(
              (f) =>
                `<tr><td>${e(f.checkId)}</td><td>${e(f.component.name)}</td><td>${e(f.suppressed!.justification)}</td><td>${e(f.suppressed!.approver)}</td><td>${e(f.suppressed!.expires)}</td></tr>`
            )
            .join('')}</tbody></table>`
        : '';
      return `<section class="control" id="c-${e(s.citation.replace(/[^\w]/g, '-'))}"><h2>${e(s.citation)} ${e(s.title)}: <span class="status ${statusClass(s.status)}">${e(s.status)}</span></h2><h3>What was checked</h3><ul class="checks">${checks}</ul>${findings}${suppressed}</section>`;
    })
    .join('\n');
  const meta = provenance(r)
    .map(
      ([k, v]) =>
        `<tr><td>${e(k)}</td><td>${k === 'Inputs' || k === 'Git commit' ? `<code>${e(v)}</code>` : e(v)}</td></tr>`
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HIPAA Security Rule evidence pack</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>HIPAA Security Rule evidence pack</h1>
<p class="sub">45 CFR Part 164, Subpart C: technical and administrative safeguards, verified by PHI Guard.</p>
<table class="meta"><tbody>${meta}</tbody></table>
</header>
<main>
<h2>Summary</h2>
<table class="summary"><thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Open findings</th><th>Accepted exceptions</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${body}
</main>
</body>
</html>
`;
}
