import type { DeployRun } from '../deploy/pipeline';
import { deployMsg } from '../messages/deploy';
import { parseXml, XmlError } from '../posture/xml';
import { STATUS_LABEL } from './common';
import { htmlText as e } from './escape/html';
import { mdText } from './escape/markdown';
import { PRINT_CSS } from './print-css';

/**
 * The deploy evidence pack's human-readable release record (release.md, release.html): what went
 * out, by whom, to which org; the static gate; the org preflight; tests and coverage; the
 * post-deploy controls; the known gaps; and a sign-off block. Pure functions of the DeployRun
 * (the same facts release.json and the other JSON files hold): the pack writer does the I/O.
 * A DeployRun holds names, ids, counts and statuses only, never a field value, secret or token,
 * and every string from it goes through the format's escaping module.
 */
const t = deployMsg.release;

type Block =
  | { kind: 'rows'; rows: [string, string][] }
  | { kind: 'lines'; lines: string[] }
  | { kind: 'table'; cols: string[]; widths: number[]; rows: string[][] };

interface Section {
  id: string;
  heading: string;
  blocks: Block[];
}

/** The manifest's types and how many members each has (for "what went out"). */
export function manifestTypes(xml: string | undefined): { name: string; members: number }[] | undefined {
  if (!xml) return undefined;
  try {
    const root = parseXml(xml);
    return root.children
      .filter((c) => c.name === 'types')
      .map((c) => ({
        name: c.children.find((x) => x.name === 'name')?.text ?? '?',
        members: c.children.filter((x) => x.name === 'members').length
      }));
  } catch (err) {
    if (err instanceof XmlError) return undefined;
    throw err;
  }
}

function verdict(run: DeployRun): string {
  if (run.stoppedAt === 'timeout') return t.verdict.timeout(run.deploy?.id ?? '?');
  if (!run.passed) return t.verdict.failed(run.stoppedAt);
  if (run.delta && !run.deploy) return t.verdict.nothing;
  if (run.options.dryRun || run.deploy?.checkOnly) return t.verdict.validated;
  return t.verdict.passed;
}

function releaseRows(run: DeployRun): [string, string][] {
  const r = t.rows;
  const o = run.options;
  const rows: [string, string][] = [
    [r.target, run.target],
    [r.orgUser, run.ranBy.orgUser ?? t.notRecorded],
    [r.osUser, run.ranBy.osUser],
    ...(run.ranBy.ci ? ([[r.ci, run.ranBy.ci]] as [string, string][]) : []),
    [r.started, run.startedAt],
    [r.finished, run.finishedAt ?? t.notRecorded],
    [r.deployId, run.deploy?.id ?? t.none],
    [r.mode, t.mode(o.dryRun || run.deploy?.checkOnly === true)],
    [r.tests, t.testLevel(o.tests)],
    [r.commit, run.gitCommit ? `${run.gitCommit}${run.gitDirty ? ` ${t.dirty}` : ''}` : t.notGit],
    [r.tool, `${run.tool.name} ${run.tool.version}`]
  ];
  if (run.delta)
    rows.push([
      r.delta,
      t.delta(run.delta.ref, run.delta.changed.length, run.delta.deleted.length, run.delta.deletesSent)
    ]);
  if (o.withoutShield) rows.push([r.withoutShield, t.yes]);
  if (run.gate?.forced) rows.push([r.forced, run.gate.forced.reason]);
  if (run.resumed)
    rows.push([r.resumed, run.resumed.record ? t.resumedFrom(run.resumed.record) : t.resumedRebuilt]);
  return rows;
}

function bundleBlocks(run: DeployRun): Block[] {
  const r = t.rows;
  const types = manifestTypes(run.manifest);
  const d = run.deploy;
  const rows: [string, string][] = [
    [r.bundle, run.bundleSha256 ?? t.notRecorded],
    [
      r.components,
      [
        types
          ? t.componentTypes(
              types.length,
              types.reduce((a, x) => a + x.members, 0)
            )
          : t.noManifest,
        d ? t.components(d.components.total, d.components.deployed, d.components.errors) : ''
      ]
        .filter(Boolean)
        .join('; ')
    ]
  ];
  const destructive = manifestTypes(run.destructiveManifest);
  if (destructive)
    rows.push([
      r.destructive,
      t.componentTypes(
        destructive.length,
        destructive.reduce((a, x) => a + x.members, 0)
      )
    ]);
  const blocks: Block[] = [{ kind: 'rows', rows }];
  if (types?.length)
    blocks.push({
      kind: 'table',
      cols: ['Metadata type', 'Components'],
      widths: [70, 30],
      rows: types.map((x) => [x.name, String(x.members)])
    });
  return blocks;
}

function gateBlocks(run: DeployRun): Block[] {
  const g = run.gate;
  if (!g) return [{ kind: 'lines', lines: [t.notRun(t.stoppedBefore(run.stoppedAt))] }];
  const counts = Object.entries(g.verify.findings)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const lines = [
    t.gateVerify(g.verify.passed, g.verify.failOn, counts || t.noFindings, g.verify.notVerified),
    ...g.verify.failing.map((f) => `  ${f}`),
    ...(g.forced ? [t.gateForced(g.forced.reason)] : []),
    t.gateMetadata(g.metadata.passed, g.metadata.problems.length, g.metadata.filesChecked),
    ...g.metadata.problems.map((p) => `  ${p}`),
    t.gateRules(g.rules.passed, g.rules.rules.length, g.rules.problems.length),
    ...g.rules.problems.map((p) => `  ${p}`),
    t.gateApex(g.apex.passed, g.apex.apexFiles, g.apex.issues.length, g.apex.notVerified.length),
    ...[...g.apex.issues, ...g.apex.notVerified].map((i) => `  ${i}`),
    t.gateInputs(g.inputsSha256),
    ...(g.cache.reused.length ? [t.gateCached(g.cache.reused.join(', '))] : [])
  ];
  return [{ kind: 'lines', lines }];
}

function preflightBlocks(run: DeployRun): Block[] {
  const p = run.preflight;
  if (!p) return [{ kind: 'lines', lines: [t.notRun(t.stoppedBefore(run.stoppedAt))] }];
  const blocks: Block[] = [
    {
      kind: 'table',
      cols: t.preflightCols,
      widths: [34, 12, 12, 42],
      rows: p.prerequisites.map((s) => [s.id, s.status, s.blocking ? t.yes : 'no', s.reason ?? s.reference])
    }
  ];
  if (p.blocked.length)
    blocks.push({ kind: 'lines', lines: p.blocked.map((b) => t.blocked(b.component, b.needs)) });
  return blocks;
}

function testBlocks(run: DeployRun): Block[] {
  const d = run.deploy;
  if (!d) return [{ kind: 'lines', lines: [t.notRun(t.stoppedBefore(run.stoppedAt))] }];
  const low = d.coverage.classes
    .filter((c) => c.locations > 0)
    .map((c) => ({ name: c.name, pct: Math.round(((c.locations - c.notCovered) / c.locations) * 100) }))
    .filter((c) => c.pct < 75);
  const lines = [
    t.testsLine(d.tests.total, d.tests.completed, d.testFailures.length, d.testSuccesses.length),
    t.coverageLine(d.coverage.percent, d.coverage.classes.length),
    ...low.map((c) => `  ${t.lowCoverage(c.name, c.pct)}`),
    ...d.coverage.warnings.map((w) => `  ${w}`),
    ...d.testFailures.map((f) => t.testFailure(f.className, f.method, f.message)),
    ...d.componentFailures.map((f) =>
      t.componentFailure(f.type, f.name, `${f.file}${f.line ? `:${f.line}` : ''}`, f.problem)
    )
  ];
  return [{ kind: 'lines', lines }];
}

function postBlocks(run: DeployRun): Block[] {
  const p = run.postDeploy;
  if (!p)
    return [
      {
        kind: 'lines',
        lines: [
          t.notRun(
            run.passed && (run.options.dryRun || run.deploy?.checkOnly)
              ? t.dryRunSkipped
              : t.stoppedBefore(run.stoppedAt)
          )
        ]
      }
    ];
  const byRule = new Map<string, number>();
  for (const f of p.findings) byRule.set(f.checkId, (byRule.get(f.checkId) ?? 0) + 1);
  return [
    { kind: 'lines', lines: [t.postLine(p.passed, p.failOn, p.apiCalls)] },
    {
      kind: 'table',
      cols: t.postCols,
      widths: [20, 34, 14, 32],
      rows: p.controls.map((c) => [
        c.citation,
        c.title,
        STATUS_LABEL[c.status] ?? c.status,
        c.checks.join(', ')
      ])
    },
    ...(byRule.size
      ? [{ kind: 'lines' as const, lines: [...byRule].map(([rule, n]) => t.findingsBy(rule, n)) }]
      : [])
  ];
}

function gapBlocks(run: DeployRun): Block[] {
  if (!run.knownGaps.length) return [{ kind: 'lines', lines: [t.noGaps] }];
  return [
    {
      kind: 'table',
      cols: t.gapCols,
      widths: [40, 18, 22, 20],
      rows: run.knownGaps.map((g) => [g.component, g.element, g.needs.join(', '), g.controls.join(', ')])
    }
  ];
}

export function releaseSections(run: DeployRun): Section[] {
  const s = t.sections;
  return [
    { id: 'release', heading: s.release, blocks: [{ kind: 'rows', rows: releaseRows(run) }] },
    { id: 'bundle', heading: s.bundle, blocks: bundleBlocks(run) },
    { id: 'gate', heading: s.gate, blocks: gateBlocks(run) },
    { id: 'preflight', heading: s.preflight, blocks: preflightBlocks(run) },
    { id: 'tests', heading: s.tests, blocks: testBlocks(run) },
    { id: 'post', heading: s.post, blocks: postBlocks(run) },
    { id: 'gaps', heading: s.gaps, blocks: gapBlocks(run) }
  ];
}

export function renderReleaseMarkdown(run: DeployRun): string {
  const out = [`# ${t.title}`, '', `**${mdText(verdict(run))}**`, '', mdText(t.subtitle)];
  const row = (cells: string[]) => `| ${cells.map(mdText).join(' | ')} |`;
  for (const sec of releaseSections(run)) {
    out.push('', `## ${sec.heading}`, '');
    for (const b of sec.blocks) {
      if (b.kind === 'rows') out.push('| | |', '| --- | --- |', ...b.rows.map(([k, v]) => row([k, v])), '');
      else if (b.kind === 'lines')
        out.push(
          ...b.lines.map((l) => (l.startsWith('  ') ? `  - ${mdText(l.trim())}` : `- ${mdText(l)}`)),
          ''
        );
      else out.push(row(b.cols), `|${b.cols.map(() => ' --- |').join('')}`, ...b.rows.map(row), '');
    }
  }
  out.push('', `## ${t.sections.signOff}`, '', mdText(t.signOffHelp), '');
  out.push(...t.signOff.map((s) => `- ${s}: ______________________________`), '');
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

const CSS = `
* { box-sizing: border-box; }
body { font-family: 'Helvetica Neue', Arial, sans-serif; color: #1b1f24; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; font-size: 15px; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin-top: 1.8rem; padding-top: 0.5rem; border-top: 2px solid #d8dde3; }
.sub { color: #5c6670; }
.verdict { font-size: 1.2rem; font-weight: 700; }
.verdict.ok { color: #1e7b34; } .verdict.bad { color: #b3261e; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.6rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #d8dde3; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f5f7; }
table.rows td:first-child { width: 30%; color: #5c6670; }
ul.lines { padding-left: 1.2rem; } ul.lines li { overflow-wrap: anywhere; }
ul.lines li.sub { list-style: circle; margin-left: 1rem; color: #5c6670; }
table.signoff th { width: 35%; } table.signoff td { height: 2.4rem; }
${PRINT_CSS}`;

export function renderReleaseHtml(run: DeployRun): string {
  const ok = run.passed && run.stoppedAt !== 'timeout';
  const block = (b: Block): string => {
    if (b.kind === 'rows')
      return `<table class="rows"><tbody>${b.rows.map(([k, v]) => `<tr><td>${e(k)}</td><td>${e(v)}</td></tr>`).join('')}</tbody></table>`;
    if (b.kind === 'lines')
      return `<ul class="lines">${b.lines
        .map((l) => `<li${l.startsWith('  ') ? ' class="sub"' : ''}>${e(l.trim())}</li>`)
        .join('')}</ul>`;
    return `<table><colgroup>${b.widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup><thead><tr>${b.cols
      .map((c) => `<th scope="col">${e(c)}</th>`)
      .join('')}</tr></thead><tbody>${b.rows
      .map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  };
  const body = releaseSections(run)
    .map((s) => `<section id="${s.id}"><h2>${e(s.heading)}</h2>${s.blocks.map(block).join('\n')}</section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(t.title)}: ${e(run.target)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${e(t.title)}</h1>
<p class="verdict ${ok ? 'ok' : 'bad'}">${e(verdict(run))}</p>
<p class="sub">${e(t.subtitle)}</p>
</header>
<main>
${body}
<section id="signoff"><h2>${e(t.sections.signOff)}</h2><p>${e(t.signOffHelp)}</p>
<table class="signoff"><tbody>${t.signOff.map((s) => `<tr><th scope="row">${e(s)}</th><td></td></tr>`).join('')}</tbody></table></section>
</main>
</body>
</html>
`;
}
