import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseChoice, parseFlags, parseList } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { SEVERITIES } from '../checks/types';
import { verifySnapshot } from '../engine/verify';
import { EXIT, UserError } from '../errors';
import { help, msg } from '../messages';
import { changedFilesSince } from '../policy/changed';
import { loadSuppressions } from '../policy/suppressions';
import { loadProject } from '../posture/source/loader';
import { loadSfdxProject } from '../project/sfdx-project';
import { renderConsole } from '../report/console';
import { FORMAT_NAMES, FORMATS } from '../report';
import { writeReports } from '../report/write';
import { version } from '../version';

/** Test seam: PHI_GUARD_NOW fixes "today" for date-based checks (register intervals, BAA expiry). */
function now(): Date {
  const fixed = process.env.PHI_GUARD_NOW;
  if (fixed) {
    const d = new Date(fixed);
    if (isNaN(d.getTime())) throw new UserError(`PHI_GUARD_NOW is not a date: ${fixed}`, 'UsageError');
    return d;
  }
  return new Date();
}

function gitCommit(root: string): string | undefined {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** `phi-guard verify`: parse flags, build the snapshot, run the checks and policy, print and write reports. */
export async function verifyCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    'project-dir': { type: 'string', short: 'd' },
    'target-org': { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    format: { type: 'string' },
    'output-dir': { type: 'string' },
    'changed-since': { type: 'string' },
    json: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(help.verify);
    return EXIT.clean;
  }
  const failOn = parseChoice('fail-on', values['fail-on'], SEVERITIES, 'high');
  const formats = parseList('format', values.format, FORMAT_NAMES);
  if (values['target-org']) throw new UserError(msg.orgUnsupported(values['target-org']), 'UsageError');
  const at = now();
  const project = loadSfdxProject(values['project-dir'] ?? '.');
  const changed = values['changed-since']
    ? { ref: values['changed-since'], files: changedFilesSince(project.root, values['changed-since']) }
    : undefined;
  const showProgress = !values.json && !values['no-progress'] && io.errIsTTY;
  const snapshot = loadProject(project, {
    onProgress: showProgress ? (done, total) => io.progress(msg.report.progress(done, total)) : undefined
  });
  if (showProgress) io.progress('');
  const suppressions = loadSuppressions(project.root, snapshot.config.suppressionsFile, at);
  const result = verifySnapshot(snapshot, {
    now: at,
    failOn,
    version: version(),
    suppressions,
    changedFiles: changed,
    gitCommit: gitCommit(project.root)
  });
  const code = result.passed ? EXIT.clean : EXIT.findings;
  const warnings: string[] = [];
  if (formats.length) {
    const dir = path.resolve(values['output-dir'] ?? 'phi-guard-report');
    const written = writeReports(
      dir,
      formats.map((f) => ({ name: FORMATS[f].file, text: FORMATS[f].render(result) }))
    );
    warnings.push(msg.report.wrote(written));
    if (!values.json) io.err(msg.report.wrote(written));
  }
  io.out(values.json ? jsonSuccess(code, result, warnings) : renderConsole(result, { color: io.isTTY }));
  return code;
}
