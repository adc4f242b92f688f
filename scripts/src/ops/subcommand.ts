import type { Io } from '../cli/output';
import { EXIT, UserError } from '../errors';
import { opsMsg } from '../messages/ops';

type Sub = (argv: string[], io: Io) => Promise<number>;

/** `phi-guard <cmd> <sub> [flags]`: dispatches to the subcommand, or prints the command's help. */
export function withSubcommands(cmd: string, subs: Record<string, Sub>, helpText: string) {
  return async (argv: string[], io: Io): Promise<number> => {
    const [sub, ...rest] = argv;
    if (sub === '--help' || sub === '-h') {
      io.out(helpText);
      return EXIT.clean;
    }
    const run = sub === undefined ? undefined : subs[sub];
    if (!run) throw new UserError(opsMsg.usage.subcommand(cmd, sub, Object.keys(subs)), 'UsageError');
    return run(rest, io);
  };
}
