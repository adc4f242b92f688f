import { jsonError, processIo, type Io } from './output';
import { EXIT, UserError } from '../errors';
import { help, msg } from '../messages';
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
  'access-review': lazy(async () => (await import('../commands/access-review')).accessReviewCommand),
  'audit-log': lazy(async () => (await import('../commands/audit-log')).auditLogCommand),
  baa: lazy(async () => (await import('../commands/baa')).baaCommand),
  incident: lazy(async () => (await import('../commands/incident')).incidentCommand),
  deploy: lazy(async () => (await import('../commands/deploy')).deployCommand)
};

/** Commands that read only local files: verify without -o/--target-org, and the validators. */
function isOffline(cmd: string, rest: string[]): boolean {
  if (cmd === 'metadata-validate' || cmd === 'apex-validate') return true;
  const org = (a: string) =>
    a === '-o' || /^-o./.test(a) || a === '--target-org' || a.startsWith('--target-org=');
  return cmd === 'verify' && !rest.some(org);
}

/**
 * An offline run talks to no org, yet SDR (the metadata type resolver) loads @salesforce/core, whose
 * logger starts a worker thread writing ~/.sf/sf-<date>.log and blocks exit while it flushes (most
 * of a second on a large project). Offline, the SDK's log file is off (SF_DISABLE_LOG_FILE, the
 * sf CLI's own switch, unless the user set it), so nothing is written under HOME.
 */
async function withoutSdkLogFile(offline: boolean, run: () => Promise<number>): Promise<number> {
  if (!offline || process.env.SF_DISABLE_LOG_FILE !== undefined) return run();
  process.env.SF_DISABLE_LOG_FILE = 'true';
  try {
    return await run();
  } finally {
    delete process.env.SF_DISABLE_LOG_FILE;
  }
}

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
    return await withoutSdkLogFile(isOffline(cmd, rest), () => command(rest, io));
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
