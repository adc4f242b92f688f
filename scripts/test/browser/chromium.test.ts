import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DROPPED_NPM_FLAGS,
  DROPPED_NPM_SWITCHES,
  HEADLESS_SAFE_FLAGS,
  launchChromium,
  resolveChromium
} from '../../src/browser/chromium';
import { UserError } from '../../src/errors';

/** Resolution order: PHI_GUARD_CHROMIUM, a system chromium or chrome on PATH, then npm's. */

describe('resolveChromium', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-browser-'));
  const bin = (sub: string, name: string, mode = 0o755) => {
    const folder = path.join(dir, sub);
    const file = path.join(folder, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, mode);
    return file;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses PHI_GUARD_CHROMIUM first, even with a browser on PATH', async () => {
    const chosen = bin('env', 'my-chrome');
    bin('path1', 'chromium');
    const r = await resolveChromium({ env: { PHI_GUARD_CHROMIUM: chosen, PATH: path.join(dir, 'path1') } });
    expect(r).toEqual({ executablePath: chosen, args: HEADLESS_SAFE_FLAGS, source: 'PHI_GUARD_CHROMIUM' });
  });

  it('fails closed when PHI_GUARD_CHROMIUM names no executable, naming the path', async () => {
    const missing = path.join(dir, 'nope', 'chromium');
    const p = resolveChromium({ env: { PHI_GUARD_CHROMIUM: missing, PATH: '' } });
    await expect(p).rejects.toThrow(UserError);
    await expect(p).rejects.toThrow(missing);
  });

  it('then takes chromium, then chrome, from PATH, skipping files that are not executable', async () => {
    const chrome = bin('path2', 'chrome');
    bin('path3', 'chromium', 0o644);
    const PATH = [path.join(dir, 'path3'), path.join(dir, 'path2')].join(path.delimiter);
    expect(await resolveChromium({ env: { PATH } })).toEqual({
      executablePath: chrome,
      args: HEADLESS_SAFE_FLAGS,
      source: 'system'
    });
    const chromium = bin('path4', 'chromium');
    const both = [path.join(dir, 'path2'), path.join(dir, 'path4')].join(path.delimiter);
    expect((await resolveChromium({ env: { PATH: both } })).executablePath).toBe(chromium);
  });

  it('says what is missing on a platform @sparticuz/chromium does not support', async () => {
    const p = resolveChromium({ env: { PATH: '' }, platform: 'darwin', arch: 'arm64' });
    await expect(p).rejects.toThrow(/darwin arm64/);
  });

  it('falls back to the Chromium shipped in the @sparticuz/chromium npm package, and it runs', async () => {
    const r = await resolveChromium({ env: { PATH: '' }, platform: 'linux', arch: 'x64' });
    expect(r.source).toBe('@sparticuz/chromium');
    expect(r.args).toEqual(expect.arrayContaining(HEADLESS_SAFE_FLAGS));
    expect(r.args.filter((a) => DROPPED_NPM_FLAGS.has(a))).toEqual([]);
    // Renderers fork from the zygote (cheaper than a fresh start each); the sandbox stays off either way, as root.
    expect(r.args).not.toContain('--no-zygote');
    expect(r.args).toContain('--no-sandbox');
    // Site isolation stays on, and Playwright's own feature lists apply: the package's lists are dropped whole.
    expect(r.args.filter((a) => DROPPED_NPM_SWITCHES.some((s) => a.startsWith(s)))).toEqual([]);
    expect(r.args.join(' ')).not.toMatch(/IsolateOrigins|site-per-process|SharedArrayBuffer/);
    const browser = await launchChromium({ env: { PATH: '' } });
    try {
      expect(browser.version()).toMatch(/^153\./);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.setContent('<p id="x">ok</p>');
      expect(await page.locator('#x').innerText()).toBe('ok');
      // A second context after the first one closes: --single-process would have killed the browser.
      await context.close();
      const again = await browser.newContext();
      expect((await again.newPage()).url()).toBe('about:blank');
    } finally {
      await browser.close();
    }
  });
});
