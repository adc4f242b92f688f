import { InputError } from '../../errors';
import { CONFIG_FILE_CAP, readText, readTextIfPresent } from '../../files/read';

/**
 * Reads a JSON file through the file rules (scripts/src/files/read.ts: a regular file, at most CONFIG_FILE_CAP
 * bytes, and inside `root` once its links are resolved), turning a syntax error into an InputError with the file and
 * line. `root` is omitted only for a file the user named on the command line.
 */
export function readJson(file: string, display: string, root?: string): { json: unknown; text: string } {
  const text = readText(file, { display, cap: CONFIG_FILE_CAP, root });
  return parseJson(text, display);
}

/**
 * As readJson, for an optional file of the project: `undefined` when nothing is at that path. A link to nothing, a
 * folder, a FIFO or a device under the name is refused (exit 2), never taken for "absent".
 */
export function readProjectJsonIfPresent(
  root: string,
  file: string,
  display: string
): { json: unknown; text: string } | undefined {
  const text = readTextIfPresent(file, { display, cap: CONFIG_FILE_CAP, root });
  return text === undefined ? undefined : parseJson(text, display);
}

/** Parses JSON text read from `display`; a syntax error is an InputError with the file and line, never the text. */
export function parseJson(text: string, display: string): { json: unknown; text: string } {
  try {
    return { json: JSON.parse(text), text };
  } catch {
    const at = jsonErrorOffset(text);
    throw new InputError(display, text.slice(0, at).split('\n').length, 'not valid JSON');
  }
}

/** 1-based line of the first occurrence of `needle` in `text` (or undefined). */
export function lineOf(text: string, needle: string, from = 0): number | undefined {
  const i = text.indexOf(needle, from);
  return i < 0 ? undefined : text.slice(0, i).split('\n').length;
}

/**
 * Offset of the first syntax error in `text` (V8's messages no longer carry a position). A small
 * recursive-descent scan of the JSON grammar, used only after JSON.parse has failed.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else {
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (!m) fail();
      i += m![0].length;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return text.length;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}
