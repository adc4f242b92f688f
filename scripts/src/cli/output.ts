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

/** What a failed run reports: a UserError as it is; anything else as an internal error (a bug). */
export function errorInfo(err: unknown): { name: string; message: string; exitCode: number } {
  if (err instanceof UserError) return { name: err.name, message: err.message, exitCode: err.exitCode };
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: 'InternalError', message: msg.internal(e), exitCode: EXIT.usage };
}

export function jsonError(err: UserError | Error, warnings: string[] = []): string {
  const { name, message, exitCode } = errorInfo(err);
  return JSON.stringify({ status: exitCode, name, message, exitCode, warnings }, null, 2);
}
