import { readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/**
 * The tool version, from package.json: two folders above this module's folder, which is scripts/src under tsx and
 * jest, and scripts/dist (the bundle, scripts/build/bundle.cjs) otherwise: both sit two levels below the repository.
 */
export function version(): string {
  cached ??= (
    JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
  ).version;
  return cached;
}
