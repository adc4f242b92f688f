import path from 'node:path';
import { parseApiVersion, parseFlags, parseList } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { EXIT, UserError } from '../errors';
import { opsMsg } from '../messages/ops';
import { opsHelp } from '../messages/ops-help';
import {
  baselineOf,
  diffBaseline,
  readBaseline,
  renderBaseline,
  type BaselineDiff
} from '../ops/access/baseline';
import { renderConsole, renderCsv, renderHtml, renderMarkdown, tableRows } from '../ops/access/render';
import { buildReview, type AccessReview } from '../ops/access/review';
import { xlsx } from '../ops/access/xlsx';
import { now } from '../ops/clock';
import { writeAll } from '../ops/files';
import { loadSfdxProject } from '../project/sfdx-project';
import { withoutSdkLogFile } from '../sdk-log';

const t = opsMsg.accessReview;
const FORMATS = ['csv', 'xlsx', 'md', 'html'] as const;

const render = {
  csv: (r: AccessReview) => renderCsv(r),
  xlsx: (r: AccessReview) => xlsx('Access review', [t.columns, ...tableRows(r)]),
  md: (r: AccessReview, d?: BaselineDiff) => renderMarkdown(r, d),
  html: (r: AccessReview, d?: BaselineDiff) => renderHtml(r, d)
};

/** `phi-guard access-review`: grants on PHI, reviewer reports with sign-off, baseline drift. */
export async function accessReviewCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    'project-dir': { type: 'string', short: 'd' },
    'target-org': { type: 'string', short: 'o' },
    'api-version': { type: 'string' },
    format: { type: 'string' },
    'output-dir': { type: 'string' },
    baseline: { type: 'string' },
    'update-baseline': { type: 'boolean' },
    names: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(opsHelp.accessReview);
    return EXIT.clean;
  }
  const formats = parseList('format', values.format, FORMATS);
  const apiVersion = parseApiVersion(values['api-version']);
  if (values['update-baseline'] && !values.baseline)
    throw new UserError(opsMsg.usage.missingFlag('baseline'), 'UsageError');
  if (values.names && !values['target-org'])
    throw new UserError(opsMsg.usage.needsOrg('names'), 'UsageError');
  const project = loadSfdxProject(values['project-dir'] ?? '.');
  const at = now();
  const org = values['target-org'];
  const warnings: string[] = [];
  let review: AccessReview;
  if (org) {
    // The same snapshot verify -o builds (grants, groups and muting, sharing rules, assignees),
    // then user facts by aggregate. The register and dictionary still come from the project.
    // Loaded here: an offline review never loads the org session, the org loader or the SDK behind them.
    const { openOrg, orgLines } = await import('../ops/org/session');
    const { userFactsFromOrg } = await import('../ops/org/users-org');
    const { loadOrg } = await import('../posture/org/loader');
    const client = await openOrg(org, { checkBudget: false, apiVersion });
    const snapshot = await loadOrg(client, { projectRoot: project.root, alias: client.target, now: at });
    review = buildReview(snapshot, client.target, at);
    review.users = await userFactsFromOrg(client, review.grants, { now: at, names: values.names });
    warnings.push(...orgLines(client));
  } else {
    // Loaded here, after --help and the flags: the source loader brings the Apex parser.
    const { loadProject } = await import('../posture/source/loader');
    // Offline the run reads only local files: the SDK's log file (under HOME) holds nothing of use.
    review = buildReview(
      withoutSdkLogFile(() => loadProject(project)),
      values['project-dir'] ?? '.',
      at
    );
  }
  let code: number = review.phiObjects.length ? EXIT.clean : EXIT.findings;
  if (!review.phiObjects.length) warnings.push(t.noPhi);
  let diff: BaselineDiff | undefined;
  const files: { file: string; text: string | Buffer }[] = [];
  if (values.baseline) {
    const existing = readBaseline(values.baseline);
    if (!existing || values['update-baseline']) {
      const b = baselineOf(review, existing?.approvals ?? []);
      files.push({ file: values.baseline, text: renderBaseline(b) });
      warnings.push(t.baselineWritten(values.baseline, b.grants.length));
    } else {
      diff = diffBaseline(values.baseline, existing, review);
      if (diff.unapproved) {
        code = EXIT.findings;
        warnings.push(t.baselineFailed(diff.unapproved));
      } else warnings.push(t.baselineClean);
    }
  }
  const dir = path.resolve(values['output-dir'] ?? 'access-review');
  for (const f of formats)
    files.push({ file: path.join(dir, `access-review.${f}`), text: render[f](review, diff) });
  if (files.length) {
    const written = writeAll(formats.length ? 'output-dir' : 'baseline', files);
    if (formats.length) warnings.push(opsMsg.usage.wrote(written));
  }
  if (values.json) io.out(jsonSuccess(code, { ...review, baseline: diff }, warnings));
  else {
    io.out(renderConsole(review, diff));
    for (const w of warnings) io.err(w);
  }
  return code;
}
