import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/server';
import type { CliRun } from '../helpers/run-cli';
import { REPO_ROOT } from '../helpers/paths';

/**
 * Runs the real CLI as a child process without blocking this process's event loop, so an org
 * emulator started in the test process keeps answering while the CLI talks to it.
 */
export function runCliAsync(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}
): Promise<CliRun> {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(bin, 'node'),
      [
        path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        path.join(REPO_ROOT, 'scripts', 'src', 'cli', 'main.ts'),
        ...args
      ],
      {
        cwd: opts.cwd ?? REPO_ROOT,
        env: {
          ...process.env,
          PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
          NO_COLOR: '1',
          ...opts.env
        }
      }
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Fixed "today" for the CLI and the emulator, so key ages and register intervals do not drift. */
export const ORG_NOW = '2026-11-25T12:00:00Z';

export interface OrgRun extends CliRun {
  emu: Emulator;
  /** The emulator's request log, fetched over HTTP as a user would (GET /__emulator/requests). */
  requestLog: string;
  home: string;
}

/**
 * Starts the emulator with a profile and faults, runs `phi-guard verify -o <url>` against it as a
 * child process (token in SF_ACCESS_TOKEN, HOME in a fresh folder so @salesforce/core's log files
 * can be searched), then stops the emulator.
 */
export async function verifyAgainst(
  profile: string,
  args: string[] = [],
  faults: string[] = []
): Promise<OrgRun> {
  const emu = await startEmulator({ profile, port: 0, faults, now: new Date(ORG_NOW) });
  const home = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-home-'));
  try {
    const run = await runCliAsync(['verify', '-o', emu.url, '--no-progress', ...args], {
      env: {
        SF_ACCESS_TOKEN: emu.token,
        PHI_GUARD_NOW: ORG_NOW,
        HOME: home,
        SF_USE_GENERIC_UNIX_KEYCHAIN: 'true'
      }
    });
    const requestLog = await (await fetch(`${emu.url}/__emulator/requests`)).text();
    return { ...run, emu, requestLog, home };
  } finally {
    await emu.stop();
  }
}

/** Every file under a folder, as text (for the canary search). */
export function allText(dir: string): string {
  let out = '';
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out += readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return out;
}
