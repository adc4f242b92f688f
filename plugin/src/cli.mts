import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The terminal as the CLI writes to it (scripts/src/cli/output.ts). */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  progress: (text: string) => void;
  isTTY: boolean;
  errIsTTY: boolean;
}

/** What scripts/src/cli/plugin-api.ts exports: the plugin's only way into the CLI. */
export interface PhiGuardCli {
  runCommand(argv: string[], io: Io): Promise<number>;
  errorInfo(err: unknown): { name: string; message: string; exitCode: number };
  processIo: Io;
  projectDirFrom(dir: string): string;
}

const require = createRequire(import.meta.url);

/** The repository (the plugin's package root): this file is plugin/lib/cli.mjs. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let cli: PhiGuardCli | undefined;

/**
 * Loads the CLI in this process from its bundle (scripts/dist/plugin-api.js, CommonJS), as the npm scripts and the
 * phi-guard bin run it: scripts/build/run.cjs rebuilds the bundle first when scripts/src changed since it was built
 * (a build that fails throws a one-line BundleError: sf prints it, exit 2) and turns source maps on with
 * PHI_GUARD_DEBUG. No TypeScript loader is registered in sf's process. Loaded on first use, so
 * `sf phi-guard <command> --help` stays fast; each command's modules load lazily inside the bundle.
 */
export function loadCli(): PhiGuardCli {
  if (cli) return cli;
  const launcher = require(path.join(ROOT, 'scripts', 'build', 'run.cjs')) as {
    bundleEntry: (entry: string) => string;
  };
  cli = require(launcher.bundleEntry('plugin-api')) as PhiGuardCli;
  return cli;
}
