import { readFileSync } from 'node:fs';
import { InputError } from '../../errors';

/** Reads a JSON file, turning a syntax error into an InputError with the file and line. */
export function readJson(file: string, display: string): { json: unknown; text: string } {
  const text = readFileSync(file, 'utf8');
  try {
    return { json: JSON.parse(text), text };
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    const lc = /line (\d+)/.exec((e as Error).message);
    throw new InputError(display, line ?? (lc ? Number(lc[1]) : undefined), 'not valid JSON');
  }
}

/** 1-based line of the first occurrence of `needle` in `text` (or undefined). */
export function lineOf(text: string, needle: string, from = 0): number | undefined {
  const i = text.indexOf(needle, from);
  return i < 0 ? undefined : text.slice(0, i).split('\n').length;
}
