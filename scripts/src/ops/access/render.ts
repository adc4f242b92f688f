import { termText } from '../../report/escape/console';
import { csvRows } from '../../report/escape/csv';
import { htmlText } from '../../report/escape/html';
import { mdText } from '../../report/escape/markdown';
import { PRINT_CSS } from '../../report/print-css';
import { opsMsg } from '../../messages/ops';
import type { BaselineDiff } from './baseline';
import type { AccessReview, ReviewGrant, UserFacts } from './review';

const t = opsMsg.accessReview;

/** The reviewer's table: one row per grant, with empty Decision and Notes cells to fill in. */
export function tableRows(r: AccessReview): string[][] {
  return r.grants.map((g) => [
    g.object,
    g.field ?? '',
    g.access.join(', '),
    g.via,
    g.principal,
    g.sharedTo?.join(', ') ?? '',
    g.users === undefined ? '' : String(g.users),
    g.where,
    '',
    ''
  ]);
}

export function renderCsv(r: AccessReview): string {
  return csvRows([t.columns, ...tableRows(r)]);
}

function userLines(u: UserFacts | undefined): string[] {
  if (!u) return [t.usersOffline];
  const names = (x: { names?: string[] }) => (x.names?.length ? ` (${x.names.join(', ')})` : '');
  return [
    t.activeUsers(u.activeUsers),
    t.lastLogin(u.lastLogin),
    t.inactive(u.inactiveWithPhi.count) + names(u.inactiveWithPhi),
    t.frozen(u.frozenWithPhi.count) + names(u.frozenWithPhi),
    t.integration(u.integrationInteractive.count) + names(u.integrationInteractive)
  ];
}

function diffLines(d: BaselineDiff | undefined): string[] {
  if (!d) return [];
  const out = [t.diffTitle(d.file, d.added.length, d.removed.length, d.unapproved)];
  for (const a of d.added)
    out.push(
      `  + ${a.grant}${a.approval ? `  ${t.approvedBy(a.approval.approver, a.approval.date)}` : `  ${t.unapprovedTag}`}`
    );
  for (const g of d.removed) out.push(`  - ${g}`);
  return out;
}

const summary = (r: AccessReview) => t.summary(r.grants.length, r.phiObjects.length, r.phiFields);

/** Console report. Pure: names, counts and ids only, each through the terminal escaping module. */
export function renderConsole(r: AccessReview, diff?: BaselineDiff): string {
  const lines = [t.title(r.source), '', summary(r), t.phiObjects(r.phiObjects), ''].map(termText);
  const byObject = new Map<string, ReviewGrant[]>();
  for (const g of r.grants) byObject.set(g.object, [...(byObject.get(g.object) ?? []), g]);
  for (const [object, grants] of byObject) {
    lines.push(object === '*' ? t.allObjects : termText(object));
    for (const g of grants)
      lines.push(
        termText(
          `  ${(g.field ?? '(object)').padEnd(40)} ${g.access.join(',').padEnd(22)} ${g.via} ${g.principal}${g.sharedTo ? ` -> ${g.sharedTo.join(', ')}` : ''}${g.users === undefined ? '' : ` [${t.usersCount(g.users)}]`}`
        )
      );
  }
  lines.push('', ...userLines(r.users).map(termText));
  const d = diffLines(diff).map(termText);
  if (d.length) lines.push('', ...d);
  return lines.join('\n');
}

export function renderMarkdown(r: AccessReview, diff?: BaselineDiff): string {
  const out = [
    `# ${mdText(t.title(r.source))}`,
    '',
    mdText(t.generated(r.generatedAt)),
    '',
    mdText(summary(r)),
    '',
    mdText(t.phiObjects(r.phiObjects)),
    ''
  ];
  out.push(`## ${t.usersHeading}`, '', ...userLines(r.users).map((l) => `- ${mdText(l)}`), '');
  const d = diffLines(diff);
  if (d.length) out.push(`## ${t.diffHeading}`, '', ...d.map((l) => `- ${mdText(l.trim())}`), '');
  out.push(`## ${t.grantsHeading}`, '', t.decisionHelp, '');
  out.push(`| ${t.columns.join(' | ')} |`, `| ${t.columns.map(() => '---').join(' | ')} |`);
  for (const row of tableRows(r)) out.push(`| ${row.map(mdText).join(' | ')} |`);
  out.push('', `## ${t.signOffHeading}`, '', ...t.signOff.map((s) => `- ${s}: ____________________`), '');
  return out.join('\n');
}

/**
 * Column widths (percent of the page) of the reviewer's table, in the order of `t.columns`: with a
 * fixed table layout every column stays on a Letter or A4 page, the Decision and Notes columns too.
 */
const GRANT_WIDTHS = [10, 14, 8, 9, 12, 8, 6, 13, 10, 10];

export function renderHtml(r: AccessReview, diff?: BaselineDiff): string {
  const e = htmlText;
  const d = diffLines(diff);
  const rows = tableRows(r)
    .map(
      (row) =>
        `<tr>${row
          .slice(0, 8)
          .map((c) => `<td>${e(c)}</td>`)
          .join(
            ''
          )}<td class="decision">&#9744; ${e(t.keep)} &#9744; ${e(t.revoke)}</td><td class="notes"></td></tr>`
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${e(t.title(r.source))}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:.85rem}
th,td{border:1px solid #c9c9c9;padding:.3rem .45rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f3f3}
.signoff th{width:35%}
.signoff td{height:2rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
${PRINT_CSS}
</style>
</head>
<body>
<h1>${e(t.title(r.source))}</h1>
<p>${e(t.generated(r.generatedAt))}</p>
<p>${e(summary(r))}</p>
<p>${e(t.phiObjects(r.phiObjects))}</p>
<h2>${e(t.usersHeading)}</h2>
<ul>${userLines(r.users)
    .map((l) => `<li>${e(l)}</li>`)
    .join('')}</ul>
${d.length ? `<h2>${e(t.diffHeading)}</h2>\n<pre>${d.map(e).join('\n')}</pre>` : ''}
<h2>${e(t.grantsHeading)}</h2>
<p>${e(t.decisionHelp)}</p>
<table class="grants"><colgroup>${GRANT_WIDTHS.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>
<thead><tr>${t.columns.map((c) => `<th scope="col">${e(c)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>${e(t.signOffHeading)}</h2>
<table class="signoff">
${t.signOff.map((s) => `<tr><th scope="row">${e(s)}</th><td></td></tr>`).join('\n')}
</table>
</body>
</html>
`;
}
