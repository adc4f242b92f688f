import { parseApiVersion, parseChoice, parseFlags } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { SEVERITIES } from '../checks/types';
import { EXIT } from '../errors';
import { opsHelp } from '../messages/ops-help';
import { compareBaas, type BaaInput } from '../ops/baa/compare';
import { failing, renderBaaReport } from '../ops/baa/render';
import { now } from '../ops/clock';
import { withSubcommands } from '../ops/subcommand';
import { loadSfdxProject } from '../project/sfdx-project';
import { noSdkLogFileForUrl, withoutSdkLogFile } from '../sdk-log';

/** `phi-guard baa check`: the BAA register against installed packages and OAuth apps. */
async function baaCheck(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    'project-dir': { type: 'string', short: 'd' },
    'target-org': { type: 'string', short: 'o' },
    'api-version': { type: 'string' },
    'fail-on': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(opsHelp.baaCheck);
    return EXIT.clean;
  }
  const failOn = parseChoice('fail-on', values['fail-on'], SEVERITIES, 'high');
  const org = values['target-org'];
  noSdkLogFileForUrl(org); // before the source loader loads SDR: nothing under HOME for a URL run
  const apiVersion = parseApiVersion(values['api-version']);
  const project = loadSfdxProject(values['project-dir'] ?? '.');
  // Loaded after --help and the flags: the source loader brings the Apex parser.
  const { loadProject } = await import('../posture/source/loader');
  // Offline the run reads only local files: the SDK's log file (under HOME) holds nothing of use.
  const s = org ? loadProject(project) : withoutSdkLogFile(() => loadProject(project));
  const warnings: string[] = [];
  // The register is a repository file either way; packages and apps come from the org with -o.
  let inUse: Pick<BaaInput, 'packages' | 'apps' | 'complete' | 'appsUnknown'>;
  if (org) {
    // Loaded here: an offline check never loads the org session or the SDK behind it.
    const { openOrg, orgLines } = await import('../ops/org/session');
    const { baaFactsFromOrg } = await import('../ops/org/baa-org');
    const client = await openOrg(org, { apiVersion });
    inUse = { ...(await baaFactsFromOrg(client)), complete: true };
    warnings.push(...orgLines(client));
  } else {
    inUse = {
      packages: s.installedPackages.map((p) => ({ namespace: p.namespace, at: p.at })),
      apps: s.apps.filter((a) => a.hasOauth).map((a) => ({ name: a.name, scopes: a.scopes, at: a.at })),
      complete: false
    };
  }
  const report = compareBaas({ register: s.register, ...inUse, holdsPhi: s.phiObjects.size > 0, now: now() });
  const code = failing(report, failOn).length ? EXIT.findings : EXIT.clean;
  io.out(
    values.json ? jsonSuccess(code, report, warnings) : renderBaaReport(report, org ?? project.root, failOn)
  );
  if (!values.json) for (const w of warnings) io.err(w);
  return code;
}

export const baaCommand = withSubcommands('baa', { check: baaCheck }, opsHelp.baa);
