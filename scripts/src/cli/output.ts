import { randomUUID } from 'node:crypto';
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

/**
 * Long string lists that repeat inside one --json result (verify's checks each carry the evidence
 * list of the kinds of source they read: on a large project seven copies of one 20,000-path list),
 * serialised once each. `ref` stands a placeholder in for a list (the same one for lists with the
 * same elements); `expand` puts back, in the text of `jsonSuccess`, each list exactly as
 * `JSON.stringify(_, null, 2)` writes it at that place, so the output is byte for byte the same.
 * The placeholder carries a random nonce per instance, so no value of the result can be taken for one.
 */
export class SharedLists {
  private readonly tag = `\u0000shared-${randomUUID()}#`;
  private readonly lists: string[][] = [];
  private readonly texts = new Map<string, string>();

  ref(list: string[]): string {
    let k = this.lists.findIndex((l) => l.length === list.length && l.every((v, i) => v === list[i]));
    if (k < 0) k = this.lists.push(list) - 1;
    return `${this.tag}${k}`;
  }

  expand(json: string): string {
    if (!this.lists.length) return json;
    const quoted = JSON.stringify(this.tag);
    const head = quoted.slice(0, -1);
    let out = '';
    let from = 0;
    for (let at = json.indexOf(head); at >= 0; at = json.indexOf(head, from)) {
      const end = json.indexOf('"', at + head.length);
      const k = Number(json.slice(at + head.length, end));
      // JSON.stringify(_, null, 2) puts a nested value after its key on the key's line: the list's
      // lines are indented by that line's indent.
      const lineStart = json.lastIndexOf('\n', at) + 1;
      let pad = 0;
      while (json.charCodeAt(lineStart + pad) === 32) pad++;
      out += json.slice(from, at) + this.text(k, pad);
      from = end + 1;
    }
    return out + json.slice(from);
  }

  private text(k: number, pad: number): string {
    const key = `${k}:${pad}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      text = JSON.stringify(this.lists[k], null, 2).replaceAll('\n', `\n${' '.repeat(pad)}`);
      this.texts.set(key, text);
    }
    return text;
  }
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
