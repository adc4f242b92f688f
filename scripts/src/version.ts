import { readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/** The tool version, from package.json. */
export function version(): string {
  cached ??= (
    JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
  ).version;
  return cached;
}
