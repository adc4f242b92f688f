import { parseChoice, parseFlags } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { SEVERITIES } from '../checks/types';
import { verifySnapshot } from '../engine/verify';
import { EXIT, UserError } from '../errors';
import { help, msg } from '../messages';
import { loadProject } from '../posture/source/loader';
import { loadSfdxProject } from '../project/sfdx-project';
import { renderConsole } from '../report/console';
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

/** `phi-guard verify`: parse flags, build the snapshot, run the checks, print a report. */
export async function verifyCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    'project-dir': { type: 'string', short: 'd' },
    'target-org': { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    json: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(help.verify);
    return EXIT.clean;
  }
  const failOn = parseChoice('fail-on', values['fail-on'], SEVERITIES, 'high');
  if (values['target-org']) throw new UserError(msg.orgUnsupported(values['target-org']), 'UsageError');
  const at = now();
  const project = loadSfdxProject(values['project-dir'] ?? '.');
  const showProgress = !values.json && !values['no-progress'] && io.errIsTTY;
  const snapshot = loadProject(project, {
    onProgress: showProgress ? (done, total) => io.progress(msg.report.progress(done, total)) : undefined
  });
  if (showProgress) io.progress('');
  const result = verifySnapshot(snapshot, { now: at, failOn, version: version() });
  const code = result.passed ? EXIT.clean : EXIT.findings;
  io.out(values.json ? jsonSuccess(code, result) : renderConsole(result, { color: io.isTTY }));
  return code;
}
