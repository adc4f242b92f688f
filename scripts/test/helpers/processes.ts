import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { filesUnder, freshHome, removeHome } from './home';
import type { CliRun } from './run-cli';
import { REPO_ROOT } from './paths';

export const BIN_DIR = path.join(REPO_ROOT, 'node_modules', '.bin');

/**
 * Runs an ES module script on Node 22 in the checkout, as sf loads the plugin (without jest's NODE_ENV=test, which
 * makes oclif look for dev plugins), and parses the JSON it prints; a failing script throws its stderr.
 */
export function node22Json<T>(script: string): T {
  const r = spawnSync(path.join(BIN_DIR, 'node'), ['--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: undefined }
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

/**
 * Runs a plain Node 22 script (a build step such as npm's prepare runs) in `cwd` with a fresh HOME and the tools'
 * environment (toolEnv), and says what it left under that HOME.
 */
export function nodeScriptInFreshHome(
  script: string,
  cwd: string
): { status: number | null; stderr: string; leftUnderHome: string[] } {
  const home = freshHome();
  try {
    const r = spawnSync(path.join(BIN_DIR, 'node'), [script], { cwd, env: toolEnv(home), encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr, leftUnderHome: filesUnder(home) };
  } finally {
    removeHome(home);
  }
}

/**
 * The environment without the npm configuration an enclosing `npm test` or `npx jest` exports to its children
 * (npm_config_cache, npm_config_userconfig, ... pointing at the invoking user's ~/.npm and ~/.npmrc): a user's
 * shell has none, and with them a child's npm would read that user's .npmrc and write its cache, logs and
 * `npx` installs under that user's HOME instead of the run's private one.
 */
function withoutNpmConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_config_/i.test(k)));
}

/**
 * The environment of every sf run in the tests: a private HOME (the caller's), no auto-update, no
 * background `sf update`, no version check or release notes, no telemetry, and the generic keychain
 * (a key file under that HOME, not the machine's keyring). npm stays quiet, installs nothing, and keeps its
 * cache and configuration under that HOME.
 */
export function toolEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...withoutNpmConfig(process.env),
    PATH: `${BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    NO_COLOR: '1',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_HIDE_RELEASE_NOTES: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    // jest sets NODE_ENV=test, which makes oclif load sf's dev plugins (absent) and warn about each.
    NODE_ENV: undefined,
    SF_TARGET_ORG: undefined,
    SF_ACCESS_TOKEN: undefined,
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    ...extra
  };
}

/**
 * Runs a command as a child process without blocking this process's event loop (an org emulator
 * started by the test keeps answering), killed after `timeoutMs`.
 */
export function runProcess(
  command: string,
  args: string[],
  opts: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs?: number }
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd ?? REPO_ROOT, env: opts.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `sf <args>` from the project's devDependency (@salesforce/cli), on its Node 22 (with `nodeArgs`, if any). */
export function runSf(
  args: string[],
  opts: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs?: number; nodeArgs?: string[] }
) {
  return runProcess(
    path.join(BIN_DIR, 'node'),
    [
      ...(opts.nodeArgs ?? []),
      path.join(REPO_ROOT, 'node_modules', '@salesforce', 'cli', 'bin', 'run.js'),
      ...args
    ],
    opts
  );
}

/** A fresh, empty HOME for one test file's tool runs (./home's, here beside the tool helpers that use it). */
export { freshHome };

/**
 * The plugin sf loads is plugin/lib, compiled from plugin/src by `npm install` (prepare) and by
 * `npm test` (test:types). A test that runs sf says so plainly when a source is newer than its build.
 */
export function stalePluginBuild(): string[] {
  const src = path.join(REPO_ROOT, 'plugin', 'src');
  const lib = path.join(REPO_ROOT, 'plugin', 'lib');
  const stale: string[] = [];
  for (const f of readdirSync(src, { recursive: true })) {
    const rel = String(f);
    if (!rel.endsWith('.mts')) continue;
    const built = path.join(lib, rel.replace(/\.mts$/, '.mjs'));
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(path.join(src, rel)).mtimeMs)
      stale.push(rel);
  }
  return stale;
}

/** `sf plugins link` of this checkout into `home` (--no-install: the test must not run npm install here). */
export async function linkPlugin(home: string): Promise<CliRun> {
  const stale = stalePluginBuild();
  if (stale.length) {
    throw new Error(`plugin/lib is older than plugin/src (${stale.join(', ')}): run npm run prepare`);
  }
  return runSf(['plugins', 'link', REPO_ROOT, '--no-install'], { env: toolEnv(home) });
}
