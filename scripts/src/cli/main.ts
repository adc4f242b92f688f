import { jsonError, processIo, type Io } from './output';
import { EXIT, UserError } from '../errors';
import { help, msg } from '../messages';
import { accessReviewCommand } from '../commands/access-review';
import { apexValidateCommand } from '../commands/apex-validate';
import { auditLogCommand } from '../commands/audit-log';
import { baaCommand } from '../commands/baa';
import { deployCommand } from '../commands/deploy';
import { incidentCommand } from '../commands/incident';
import { metadataValidateCommand } from '../commands/metadata-validate';
import { verifyCommand } from '../commands/verify';
import { version } from '../version';

type Command = (argv: string[], io: Io) => Promise<number>;

export const COMMANDS: Record<string, Command> = {
  verify: verifyCommand,
  'apex-validate': apexValidateCommand,
  'metadata-validate': metadataValidateCommand,
  'access-review': accessReviewCommand,
  'audit-log': auditLogCommand,
  baa: baaCommand,
  incident: incidentCommand,
  deploy: deployCommand
};

/** Runs the CLI and returns the exit code. All user errors become one line (or a --json error envelope). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [cmd, ...rest] = argv;
  const json = rest.includes('--json');
  try {
    if (cmd === undefined) throw new UserError(msg.usage.noCommand, 'UsageError');
    if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.out(help.root);
      return EXIT.clean;
    }
    if (cmd === '--version' || cmd === '-v') {
      io.out(`phi-guard ${version()} node-${process.version}`);
      return EXIT.clean;
    }
    const command = COMMANDS[cmd];
    if (!command) throw new UserError(msg.usage.unknownCommand(cmd), 'UsageError');
    return await command(rest, io);
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
