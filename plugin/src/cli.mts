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
 * Loads the CLI's TypeScript (CommonJS, under scripts/src) in this process, through tsx as `npm run`
 * and the phi-guard bin load it: its require() hook for the modules, its import() hook for the
 * commands, which load lazily. Loaded on first use, so `sf phi-guard <command> --help` stays fast.
 */
export function loadCli(): PhiGuardCli {
  if (cli) return cli;
  (require('tsx/cjs/api') as { register: () => unknown }).register();
  (require('tsx/esm/api') as { register: () => unknown }).register();
  // tsx turns source maps on for the whole sf process (sf runs with them off): set as for any CLI run, before the
  // CLI's modules load (scripts/src/source-maps.ts).
  (
    require(path.join(ROOT, 'scripts', 'src', 'source-maps.ts')) as { runSourceMaps: () => void }
  ).runSourceMaps();
  cli = require(path.join(ROOT, 'scripts', 'src', 'cli', 'plugin-api.ts')) as PhiGuardCli;
  return cli;
}
