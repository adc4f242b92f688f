import { parseFlags } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { EXIT } from '../errors';
import { metadataHelp, metadataMsg as m } from '../messages/metadata';

/** `phi-guard metadata-validate`: every metadata file against the Metadata API types, offline. */
export async function metadataValidateCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    'project-dir': { type: 'string', short: 'd' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(metadataHelp);
    return EXIT.clean;
  }
  // The work loads after the flags: --help and a flag error load none of it (cli/lazy-help.test.ts).
  const [{ withoutSdkLogFile }, { validateProject }, { formatProblem }, { loadSfdxProject }] =
    await Promise.all([
      import('../sdk-log'),
      import('../metadata/project'),
      import('../metadata/validate'),
      import('../project/sfdx-project')
    ]);
  const project = loadSfdxProject(values['project-dir'] ?? '.');
  const result = withoutSdkLogFile(() => validateProject(project));
  const code = result.problems.length === 0 ? EXIT.clean : EXIT.findings;
  if (values.json) {
    io.out(jsonSuccess(code, result));
    return code;
  }
  io.out(m.header(result.schemaVersion));
  const badFiles = new Set(result.problems.map((p) => p.file)).size;
  io.out(
    result.problems.length
      ? m.problems(result.filesChecked, result.problems.length, badFiles)
      : m.clean(result.filesChecked)
  );
  for (const p of result.problems) io.out(`    ${formatProblem(p)}`);
  io.out(result.problems.length ? m.summaryFailed(result.problems.length) : m.summaryClean);
  return code;
}
