import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/output';
import { assertHomeClean, filesUnder, freshHome, removeHome, withHome } from './home';
import type { CliRun } from './run-cli';

/**
 * The terminal, captured: each piece the CLI writes to stdout and stderr, and its progress lines.
 * Only the terminal is replaced; everything behind it (commands, OrgClient, @salesforce/core,
 * jsforce, the file system, the org emulator on a real socket) is the real thing.
 */
export function captureIo(opts: { tty?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    progress: (t) => progress.push(t),
    isTTY: !!opts.tty,
    errIsTTY: !!opts.tty
  };
  return { io, out, err, progress };
}

export interface InProcessRun extends CliRun {
  code: number;
  /** Every progress line the command drew (stderr status line on a terminal). */
  progress: string[];
}

/**
 * Runs the real CLI entry (`main`) in this process, so the code it reaches counts towards the
 * coverage gate, with the same result shape as runCli. Environment overrides apply for the run and
 * are restored afterwards (jest runs one file's tests one at a time, so nothing else sees them).
 *
 * Each run has its own HOME (./home): a fresh empty folder, removed afterwards, unless the caller gives one
 * (`env.HOME`, e.g. where `sf org login` authorised an alias). The run fails if it left any file there that it
 * may not (anything but the gate-cache key; an alias run may touch the sf CLI's own state).
 * Use runCli/runCliAsync where the process itself is under test: exit codes from the real entry
 * point, stdout/stderr bytes, or files a library writes under HOME.
 */
export async function runInProcess(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; tty?: boolean } = {}
): Promise<InProcessRun> {
  const given = opts.env?.HOME;
  const home = given ?? freshHome();
  const before = filesUnder(home);
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries({ NO_COLOR: '1', ...opts.env, HOME: home })) {
    saved.set(k, process.env[k]);
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const c = captureIo({ tty: opts.tty });
  try {
    const code = await withHome(home, () => main(args, c.io));
    assertHomeClean(home, before, args);
    // As processIo writes them: each piece ends with one newline.
    const bytes = (pieces: string[]) => pieces.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('');
    return { code, stdout: bytes(c.out), stderr: bytes(c.err), progress: c.progress };
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (given === undefined) removeHome(home);
  }
}
