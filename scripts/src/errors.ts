/**
 * Errors a user can cause (bad flag, missing directory, malformed file). They carry a one-line,
 * value-free message and map to exit code 2. Anything else is a bug and is reported as such.
 */
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly name_: string = 'UserError'
  ) {
    super(message);
    this.name = name_;
  }
}

/** A file the user gave us could not be read or parsed. `line` is 1-based when known. */
export class InputError extends UserError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${detail}`, 'InputError');
  }
}

export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;
