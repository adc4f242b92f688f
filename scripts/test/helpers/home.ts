import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Every CLI run in the tests gets its own temporary HOME, and leaves it empty: the promise is that a run with a
 * URL and SF_ACCESS_TOKEN writes no auth file, token, alias, key, lock or log under HOME. The one file allowed
 * there is the gate cache's key, under `.cache/phi-guard/` (XDG_CACHE_HOME's default under HOME).
 *
 * In process, HOME has to be set on the jest worker's real environment: jest gives each test file a copy of
 * `process.env`, which never reaches `os.homedir()` (libuv reads the process's C environment).
 * @salesforce/core derives ~/.sf and ~/.sfdx from os.homedir() on every access (Global.SF_DIR, SFDX_DIR and DIR
 * are getters, not values computed at import), so setting it for the run is enough.
 */

/** The jest worker's real `process` (a function made by the outer realm's Function constructor sees it). */
export const realProcess = (os.homedir.constructor as FunctionConstructor)(
  'return process'
)() as NodeJS.Process;

/** A new, empty HOME folder. */
export function freshHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'phi-guard-home-'));
}

/** Runs `fn` with HOME set to `home` for real (os.homedir() included), then restores it. */
export async function withHome<T>(home: string, fn: () => Promise<T>): Promise<T> {
  const saved = realProcess.env.HOME;
  realProcess.env.HOME = home;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete realProcess.env.HOME;
    else realProcess.env.HOME = saved;
  }
}

/** Every file under a folder, as paths relative to it ('/'-separated). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((p) => String(p))
    .filter((p) => statSync(path.join(dir, p)).isFile())
    .map((p) => p.split(path.sep).join('/'))
    .sort();
}

/** The one place a run may write under HOME: the gate cache's key in the user's cache folder. */
export const allowedUnderHome = (rel: string) => rel.startsWith('.cache/phi-guard/');

/**
 * The files a run left under HOME that it may not: anything but the gate-cache key, and nothing that was not
 * there before. A run against an alias (`-o name`) reads and may update the sf CLI's own state, so `.sf/` and
 * `.sfdx/` are the user's there.
 */
export function leftUnderHome(home: string, before: readonly string[] = [], sfState = false): string[] {
  const had = new Set(before);
  return filesUnder(home).filter(
    (f) => !had.has(f) && !allowedUnderHome(f) && !(sfState && /^\.sf(dx)?\//.test(f))
  );
}

/** Whether the arguments point -o/--target-org at an alias or username (not a URL). */
export function targetsAlias(args: readonly string[]): boolean {
  const i = args.findIndex((a) => a === '-o' || a === '--target-org');
  const value = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--target-org='))?.split('=')[1];
  return !!value && !value.startsWith('-') && !/^https?:\/\//i.test(value);
}

/** Throws when a run left files under HOME, naming them (never their content). */
export function assertHomeClean(home: string, before: readonly string[], args: readonly string[]): void {
  const left = leftUnderHome(home, before, targetsAlias(args));
  if (left.length) throw new Error(`the run left files under HOME (${home}): ${left.join(', ')}`);
}

export function removeHome(home: string): void {
  rmSync(home, { recursive: true, force: true });
}
