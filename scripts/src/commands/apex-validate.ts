import { parseFlags, parseList } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { EXIT } from '../errors';
import { help, msg } from '../messages';
import type { ApexLayer } from '../apex/types';

/**
 * The layers --layers takes, known before the work loads so a bad value loads none of it; apex/validate's
 * ALL_LAYERS is the same list (a layer added to ApexLayer and not here fails tsc, on the line below).
 */
const LAYERS = ['parser', 'apex-ls', 'pmd'] as const satisfies readonly ApexLayer[];
const _everyLayerListed: [Exclude<ApexLayer, (typeof LAYERS)[number]>] extends [never] ? true : false = true;

/** `phi-guard apex-validate`: parser, apex-ls and PMD over the project's Apex, offline. */
export async function apexValidateCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    'project-dir': { type: 'string', short: 'd' },
    layers: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(help.apexValidate);
    return EXIT.clean;
  }
  const layers = values.layers ? parseList('layers', values.layers, LAYERS) : LAYERS;
  // The work (the Apex parser, apex-ls, Code Analyzer's PMD engine) loads after the flags: --help and a flag error
  // load none of it (cli/lazy-help.test.ts).
  const [{ withoutSdkLogFile }, { validateApex }, { formatIssue }] = await Promise.all([
    import('../sdk-log'),
    import('../apex/validate'),
    import('../apex/types')
  ]);
  const result = await withoutSdkLogFile(() => validateApex(values['project-dir'] ?? '.', layers));
  const code = result.passed ? EXIT.clean : EXIT.findings;
  if (values.json) {
    io.out(jsonSuccess(code, result));
    return code;
  }
  io.out(msg.apex.header);
  if (result.apexFiles === 0) io.out(msg.apex.noApex);
  let issues = 0;
  let unverified = 0;
  for (const layer of result.layers) {
    if (layer.notVerified) {
      unverified++;
      io.out(msg.apex.layerFailed(layer.layer, layer.notVerified));
    } else if (layer.issues.length === 0) {
      io.out(msg.apex.layerClean(layer.layer, layer.filesChecked));
    } else {
      io.out(msg.apex.layerIssues(layer.layer, layer.issues.length));
    }
    issues += layer.issues.length;
    for (const i of layer.issues) io.out(`    ${formatIssue(i)}`);
    for (const i of layer.accepted ?? []) io.out(`    ${msg.apex.accepted(formatIssue(i))}`);
  }
  io.out(result.passed ? msg.apex.summaryClean : msg.apex.summaryFailed(issues, unverified));
  return code;
}
