import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserServer } from 'playwright-core';
import { buildPortal } from '../../portal/build';
import { launchChromiumServer } from '../../src/browser/chromium';
import { startPortal, writeMarker } from './marker';

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
  const done = startPortal(dir, buildPortal, launchChromiumServer).catch((error: Error) => {
    writeMarker(dir, { ok: false, error: error.message });
    return undefined;
  });
  const state: PortalState = { dir, done };
  (globalThis as Record<string, unknown>).__phiGuardPortal = state;
}

export interface PortalState {
  dir: string;
  /** Settles once the marker is written; holds the browser when there is one to stop. */
  done: Promise<Pick<BrowserServer, 'close'> | undefined>;
}
