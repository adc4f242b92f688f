import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../../src/browser/chromium';
import { fixture } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';

describe('the HTML evidence pack renders in headless Chromium', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-html-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('opens with the executive summary, shows the summary table above the fold, and prints', async () => {
    const run = runCli(
      ['verify', '-d', fixture('posture', 'noncompliant'), '--format', 'html', '--output-dir', out],
      {
        env: { PHI_GUARD_NOW: '2026-11-25T12:00:00Z' }
      }
    );
    expect(run.code).toBe(1);
    // PHI_GUARD_CHROMIUM, a system chromium or chrome, or the one @sparticuz/chromium ships in npm.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${path.join(out, 'phi-guard.html')}`);
      // it opens with the executive summary: the verdict and why, on the first screen
      const exec = page.locator('section.exec');
      expect((await exec.boundingBox())!.y).toBeLessThan(300);
      expect(await exec.locator('p.verdict').textContent()).toBe('FAILED');
      expect(await exec.locator('li').first().textContent()).toMatch(
        /open finding\(s\) at or above the threshold/
      );
      const summary = page.locator('table.summary');
      expect(await summary.isVisible()).toBe(true);
      const box = await summary.boundingBox();
      expect(box!.y).toBeLessThan(900);
      expect(await summary.locator('tbody tr').count()).toBeGreaterThan(15);
      expect(await page.locator('table.summary td.status.s-fail').first().isVisible()).toBe(true);
      const shot = path.join(out, 'evidence-pack.png');
      await page.screenshot({ path: shot, fullPage: false });
      expect(readFileSync(shot).length).toBeGreaterThan(10_000);
      const pdf = await page.pdf({ format: 'Letter' });
      expect(pdf.length).toBeGreaterThan(10_000);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
