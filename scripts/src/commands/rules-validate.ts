import { parseFlags } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { EXIT } from '../errors';
import { rulesHelp, rulesMsg as m } from '../messages/rules';

/** `phi-guard rules-validate`: the platform rules over the project's own Apex and metadata, offline. */
export async function rulesValidateCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    'project-dir': { type: 'string', short: 'd' },
    release: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(rulesHelp);
    return EXIT.clean;
  }
  // The work (the Apex parser with ANTLR among it) loads after the flags: --help and a flag error load none of it
  // (cli/lazy-help.test.ts).
  const [{ formatRuleProblem, validateRules }, { loadSfdxProject }] = await Promise.all([
    import('../platform-rules/validate'),
    import('../project/sfdx-project')
  ]);
  const project = loadSfdxProject(values['project-dir'] ?? '.');
  const result = validateRules(project, { release: values.release === true });
  const code = result.passed ? EXIT.clean : EXIT.findings;
  if (values.json) {
    io.out(jsonSuccess(code, result));
    return code;
  }
  io.out(m.header(values.release ? m.releaseScope : ''));
  io.out(
    result.passed
      ? m.clean(result.rules.length, result.filesRead)
      : m.problems(result.rules.length, result.filesRead, result.problems.length)
  );
  for (const p of result.problems) io.out(`    ${formatRuleProblem(p)}`);
  io.out(result.passed ? m.summaryClean : m.summaryFailed(result.problems.length));
  return code;
}
