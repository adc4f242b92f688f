import { UserError, EXIT } from '../errors';
import { msg } from '../messages';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Rewrites one status line on stderr (TTY only); '' clears it. */
  progress: (text: string) => void;
  /** Colour on stdout. */
  isTTY: boolean;
  errIsTTY: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  progress: (text) => process.stderr.write(`\r\u001b[2K${text}`),
  isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  errIsTTY: Boolean(process.stderr.isTTY)
};

/** The sf CLI's --json envelope. */
export function jsonSuccess(status: number, result: unknown, warnings: string[] = []): string {
  return JSON.stringify({ status, result, warnings }, null, 2);
}

export function jsonError(err: UserError | Error, warnings: string[] = []): string {
  const exitCode = err instanceof UserError ? err.exitCode : EXIT.usage;
  return JSON.stringify(
    {
      status: exitCode,
      name: err instanceof UserError ? err.name : 'InternalError',
      message: err instanceof UserError ? err.message : msg.internal(err),
      exitCode,
      warnings
    },
    null,
    2
  );
}
