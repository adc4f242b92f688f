import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserServer, type LaunchOptions } from 'playwright-core';
import { UserError } from '../errors';
import { portalMsg } from '../messages/portal';

/**
 * Which headless Chromium the browser tests and the evidence-pack rendering use, in this order:
 * `PHI_GUARD_CHROMIUM`, then a system `chromium` or `chrome` on PATH, then the Chromium shipped
 * inside the `@sparticuz/chromium` npm tarball (Linux x64 only), so a fresh `npm install` is
 * enough and no apt step or browser download is needed.
 */
export type ChromiumSource = 'PHI_GUARD_CHROMIUM' | 'system' | '@sparticuz/chromium';

export interface ResolvedChromium {
  executablePath: string;
  args: string[];
  source: ChromiumSource;
  /** Extra environment for the browser process (fonts for the npm Chromium on a bare machine). */
  env?: Record<string, string>;
}

/** Names looked up on PATH, most specific first. */
export const SYSTEM_NAMES = [
  'chromium',
  'chromium-browser',
  'chrome',
  'google-chrome',
  'google-chrome-stable'
];

/**
 * Always passed: runs as root in CI (no sandbox), no GPU, and no traffic to outside hosts
 * (component updates, sync, background fetches, QUIC), which this machine refuses anyway.
 */
export const HEADLESS_SAFE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
];

/**
 * `@sparticuz/chromium`'s args are tuned for AWS Lambda. Dropped here: those that weaken the web
 * security model the portal tests rely on (same-origin, site isolation, mixed content), the one
 * that duplicates Playwright's own headless switch, --single-process, with which the whole
 * browser exits when its first context closes (measured here with Chromium 153), and --no-zygote, which
 * Lambda needs and a machine does not: without it each renderer process is forked from a zygote Chromium
 * started once, rather than exec'd and initialised afresh (about 0.1 CPU-s less a page load, measured here).
 * The sandbox is off either way (--no-sandbox, as root in CI).
 */
export const DROPPED_NPM_FLAGS = new Set([
  '--single-process',
  '--no-zygote',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  "--headless='shell'"
]);

/**
 * The package's feature lists are dropped whole: `--disable-features=AudioServiceOutOfProcess,IsolateOrigins,
 * site-per-process` turns site isolation off and `--enable-features=SharedArrayBuffer` turns SharedArrayBuffer on
 * without cross-origin isolation. Chromium keeps only the last of a repeated switch, so they also replaced
 * Playwright's own lists, given first (Playwright's chromiumSwitches; last one wins:
 * https://github.com/browserless/browserless/issues/5450, https://github.com/puppeteer/puppeteer/issues/10883).
 */
export const DROPPED_NPM_SWITCHES = ['--disable-features=', '--enable-features='];

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of SYSTEM_NAMES that is an executable file on PATH, if any. */
export function findOnPath(pathVar: string | undefined): string | undefined {
  const dirs = (pathVar ?? '').split(path.delimiter).filter(Boolean);
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

const run = promisify(execFile);
const SYSTEM_FONTCONFIG = '/etc/fonts/fonts.conf';

/**
 * Unpacks the npm-shipped Chromium (first use about 2 s; later calls reuse it) in a child Node
 * process: the package is ESM-only and reads `import.meta`, which jest's CommonJS loader cannot.
 */
async function fromNpm(): Promise<ResolvedChromium> {
  const entry = pathToFileURL(require.resolve('@sparticuz/chromium')).href;
  const script =
    'const { default: c } = await import(process.argv[1]); c.setGraphicsMode = false; const p = await c.executablePath(); process.stdout.write(JSON.stringify({ p, a: c.args }));';
  let out: string;
  try {
    ({ stdout: out } = await run(process.execPath, ['--input-type=module', '-e', script, entry], {
      timeout: 120_000,
      maxBuffer: 1024 * 1024
    }));
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n').pop() ?? String(error);
    throw new UserError(portalMsg.browser.npmFailed(detail));
  }
  const parsed = JSON.parse(out) as { p: string; a: string[] };
  const resolved: ResolvedChromium = {
    executablePath: parsed.p,
    args: [
      ...parsed.a.filter(
        (a) => !DROPPED_NPM_FLAGS.has(a) && !DROPPED_NPM_SWITCHES.some((s) => a.startsWith(s))
      ),
      ...HEADLESS_SAFE_FLAGS
    ],
    source: '@sparticuz/chromium'
  };
  // A machine with no fontconfig set-up gets the fonts the package unpacked next to the binary.
  const bundledFonts = path.join(path.dirname(parsed.p), 'fonts');
  if (!existsSync(SYSTEM_FONTCONFIG) && !process.env.FONTCONFIG_PATH && existsSync(bundledFonts)) {
    resolved.env = { FONTCONFIG_PATH: bundledFonts };
  }
  return resolved;
}

export async function resolveChromium(options: ResolveOptions = {}): Promise<ResolvedChromium> {
  const env = options.env ?? process.env;
  const fromEnv = env.PHI_GUARD_CHROMIUM;
  if (fromEnv !== undefined && fromEnv !== '') {
    // Fail closed: an explicit choice that does not exist is an error, never a silent fallback.
    if (!isExecutableFile(fromEnv)) throw new UserError(portalMsg.browser.envMissing(fromEnv));
    return { executablePath: fromEnv, args: [...HEADLESS_SAFE_FLAGS], source: 'PHI_GUARD_CHROMIUM' };
  }
  const system = findOnPath(env.PATH);
  if (system) return { executablePath: system, args: [...HEADLESS_SAFE_FLAGS], source: 'system' };
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  if (platform === 'linux' && arch === 'x64') return fromNpm();
  throw new UserError(portalMsg.browser.unsupported(platform, arch));
}

function launchOptions(resolved: ResolvedChromium): LaunchOptions {
  return {
    executablePath: resolved.executablePath,
    args: resolved.args,
    headless: true,
    ...(resolved.env ? { env: { ...process.env, ...resolved.env } } : {})
  };
}

/** Launches the resolved Chromium through playwright-core. */
export async function launchChromium(options: ResolveOptions = {}): Promise<Browser> {
  return chromium.launch(launchOptions(await resolveChromium(options)));
}

/** One browser process that several jest workers connect to (`chromium.connect(wsEndpoint())`). */
export async function launchChromiumServer(options: ResolveOptions = {}): Promise<BrowserServer> {
  return chromium.launchServer({ ...launchOptions(await resolveChromium(options)), host: '127.0.0.1' });
}
