import { parseChoice, parseFlags } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { SEVERITIES } from '../checks/types';
import { EXIT, UserError } from '../errors';
import { opsMsg } from '../messages/ops';
import { opsHelp } from '../messages/ops-help';
import { compareBaas } from '../ops/baa/compare';
import { failing, renderBaaReport } from '../ops/baa/render';
import { now } from '../ops/clock';
import { withSubcommands } from '../ops/subcommand';
import { loadProject } from '../posture/source/loader';
import { loadSfdxProject } from '../project/sfdx-project';

/** `phi-guard baa check`: the BAA register against installed packages and OAuth apps. */
async function baaCheck(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    'project-dir': { type: 'string', short: 'd' },
    'target-org': { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(opsHelp.baaCheck);
    return EXIT.clean;
  }
  const failOn = parseChoice('fail-on', values['fail-on'], SEVERITIES, 'high');
  if (values['target-org']) throw new UserError(opsMsg.usage.orgNotYet('baa check'), 'UsageError');
  const project = loadSfdxProject(values['project-dir'] ?? '.');
  const s = loadProject(project);
  const report = compareBaas({
    register: s.register,
    packages: s.installedPackages.map((p) => ({ namespace: p.namespace, at: p.at })),
    apps: s.apps.filter((a) => a.hasOauth).map((a) => ({ name: a.name, scopes: a.scopes, at: a.at })),
    holdsPhi: s.phiObjects.size > 0,
    complete: false,
    now: now()
  });
  const code = failing(report, failOn).length ? EXIT.findings : EXIT.clean;
  io.out(values.json ? jsonSuccess(code, report) : renderBaaReport(report, project.root, failOn));
  return code;
}

export const baaCommand = withSubcommands('baa', { check: baaCheck }, opsHelp.baa);
