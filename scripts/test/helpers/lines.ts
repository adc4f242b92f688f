import { readFileSync } from 'node:fs';
import path from 'node:path';

/** 1-based line of the first line in `file` (under `root`) that contains `needle`. */
export function lineContaining(root: string, file: string, needle: string): number {
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not found in ${file}`);
  return i + 1;
}
