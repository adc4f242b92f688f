import { jsonError, processIo, type Io } from './output';
import { EXIT, UserError } from '../errors';
import { help, msg } from '../messages';
import { runSourceMaps } from '../source-maps';
import { version } from '../version';

type Command = (argv: string[], io: Io) => Promise<number>;

/**
 * Each command's module loads when that command runs: `verify -d` never loads the Salesforce SDK
 * (@salesforce/core and jsforce, with pino's logging worker), which the org and deploy commands need.
 */
const lazy =
  (load: () => Promise<Command>): Command =>
  async (argv, io) =>
    (await load())(argv, io);

export const COMMANDS: Record<string, Command> = {
  verify: lazy(async () => (await import('../commands/verify')).verifyCommand),
  'apex-validate': lazy(async () => (await import('../commands/apex-validate')).apexValidateCommand),
  'metadata-validate': lazy(
    async () => (await import('../commands/metadata-validate')).metadataValidateCommand
  ),
  'rules-validate': lazy(async () => (await import('../commands/rules-validate')).rulesValidateCommand),
  'access-review': lazy(async () => (await import('../commands/access-review')).accessReviewCommand),
  'audit-log': lazy(async () => (await import('../commands/audit-log')).auditLogCommand),
  baa: lazy(async () => (await import('../commands/baa')).baaCommand),
  incident: lazy(async () => (await import('../commands/incident')).incidentCommand),
  deploy: lazy(async () => (await import('../commands/deploy')).deployCommand)
};

/**
 * Runs one command line (`verify -d .`, `baa check`, ...) and returns its exit code. Usage and input
 * errors are thrown as UserErrors, bugs as whatever they are: `main` turns both into one line, and the
 * sf plugin into sf's error output. The bin, the npm scripts and `sf phi-guard` all come through here.
 */
export async function runCommand(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) throw new UserError(msg.usage.noCommand, 'UsageError');
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(help.root);
    return EXIT.clean;
  }
  if (cmd === '--version' || cmd === '-v') {
    io.out(`phi-guard ${version()} node-${process.version}`);
    return EXIT.clean;
  }
  const command = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (!command) throw new UserError(msg.usage.unknownCommand(cmd), 'UsageError');
  return await command(rest, io);
}

/** Runs the CLI and returns the exit code. All user errors become one line (or a --json error envelope). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  // Before any command's modules load (each loads lazily).
  runSourceMaps();
  const json = argv.slice(1).includes('--json');
  try {
    return await runCommand(argv, io);
  } catch (err) {
    const e = err as Error;
    if (process.env.PHI_GUARD_DEBUG && !(e instanceof UserError)) io.err(e.stack ?? String(e));
    if (json) io.out(jsonError(e));
    else io.err(e instanceof UserError ? `Error: ${e.message}` : `Error: ${msg.internal(e)}`);
    return EXIT.usage;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT.usage;
    }
  );
}
