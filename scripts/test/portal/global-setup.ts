import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPortal } from '../../portal/build';
import { launchChromiumServer } from '../../src/browser/chromium';

/**
 * Once per jest run for the portal project: compile the preview bundle and start one headless
 * Chromium; every portal test file serves that bundle on its own ephemeral port and connects to
 * that browser. global-teardown.ts stops both.
 */
export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-portal-test-'));
  const warnings: string[] = [];
  const [, browser] = await Promise.all([buildPortal(dir, (w) => warnings.push(w)), launchChromiumServer()]);
  process.env.PHI_GUARD_PORTAL_BUNDLE = dir;
  process.env.PHI_GUARD_PORTAL_WS = browser.wsEndpoint();
  // The compiler's warnings (file, line and rule; no data), asserted empty by rendering.test.ts.
  process.env.PHI_GUARD_PORTAL_WARNINGS = JSON.stringify(warnings);
  (globalThis as Record<string, unknown>).__phiGuardPortal = { dir, browser };
}
