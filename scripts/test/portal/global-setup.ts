import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserServer } from 'playwright-core';
import { buildPortal } from '../../portal/build';
import { launchChromiumServer } from '../../src/browser/chromium';
import { writeMarker } from './marker';

/**
 * Once per jest run for the portal project: start compiling the preview bundle and launching one headless Chromium,
 * and return at once, so no test of any project waits for them. Both run on in this (jest's parent) process; the
 * portal test files wait for the marker they leave in the bundle folder (marker.ts: ready, with the compiler's
 * warnings and the browser's endpoint, or failed, with the error), and connect to that browser. Only the folder's
 * name reaches the workers by environment: it is known before they start. global-teardown.ts waits for both, then
 * stops the browser and removes the folder.
 */
export default function globalSetup(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-portal-test-'));
  process.env.PHI_GUARD_PORTAL_BUNDLE = dir;
  const done = start(dir).catch((error: Error) => {
    writeMarker(dir, { ok: false, error: error.message });
    return undefined;
  });
  const state: PortalState = { dir, done };
  (globalThis as Record<string, unknown>).__phiGuardPortal = state;
}

export interface PortalState {
  dir: string;
  /** Settles once the marker is written; holds the browser when there is one to stop. */
  done: Promise<BrowserServer | undefined>;
}

async function start(dir: string): Promise<BrowserServer | undefined> {
  const warnings: string[] = [];
  const [built, launched] = await Promise.allSettled([
    buildPortal(dir, (w) => warnings.push(w)),
    launchChromiumServer()
  ]);
  if (built.status === 'fulfilled' && launched.status === 'fulfilled') {
    // The compiler's warnings (file, line and rule; no data), asserted empty by rendering.test.ts.
    writeMarker(dir, { ok: true, ws: launched.value.wsEndpoint(), warnings, icons: built.value.icons });
    return launched.value;
  }
  const failure = [built, launched].find((r) => r.status === 'rejected')!.reason as Error;
  writeMarker(dir, { ok: false, error: failure.message });
  if (launched.status === 'fulfilled') await launched.value.close();
  return undefined;
}
