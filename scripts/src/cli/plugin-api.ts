import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * What the `sf` plugin (plugin/src, ESM, loaded by the sf CLI) calls in this CommonJS code: the same
 * command entry as the phi-guard bin and the npm scripts, so the three doors run the same commands.
 * The plugin only turns sf's flags (an org resolved by @salesforce/core, --project-dir, --api-version)
 * into this CLI's arguments and sf's output conventions.
 */
export { runCommand } from './main';
export { errorInfo, processIo } from './output';

/**
 * The project a command run from `dir` belongs to: the nearest folder at or above it holding an
 * sfdx-project.json, as sf finds its project; `dir` itself when there is none (the command then
 * says what is missing).
 */
export function projectDirFrom(dir: string): string {
  const start = path.resolve(dir);
  for (let at = start; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'sfdx-project.json'))) return at;
    if (path.dirname(at) === at) return start;
  }
}
