import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserServer } from 'playwright-core';

/**
 * How global-setup.ts tells the portal test files that the bundle and the browser are ready, or why not: one JSON
 * file in the bundle folder, written whole to a temporary name and renamed (rename(2) replaces the name atomically,
 * so a reader sees no file or the whole file, never half of one).
 */
export type Marker =
  { ok: true; ws: string; warnings: string[]; icons: string[] } | { ok: false; error: string };

export const MARKER_FILE = 'ready.json';

export function writeMarker(dir: string, marker: Marker): void {
  const tmp = path.join(dir, `.${MARKER_FILE}.${process.pid}`);
  writeFileSync(tmp, JSON.stringify(marker));
  renameSync(tmp, path.join(dir, MARKER_FILE));
}

/** How long a test file waits for the build (a cold build on a busy machine takes about a minute). */
export const MARKER_WAIT_MS = 240_000;

/**
 * Waits for the marker and returns it once ready. Fails with the build's (or the browser's) own error when set-up
 * failed, and with a timeout naming the folder when no marker comes: never a hang.
 */
export async function waitForMarker(
  dir: string,
  timeoutMs = MARKER_WAIT_MS,
  pollMs = 100
): Promise<Extract<Marker, { ok: true }>> {
  const file = path.join(dir, MARKER_FILE);
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() >= deadline) {
      throw new Error(`the portal bundle in ${dir} was not ready after ${Math.round(timeoutMs / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const marker = JSON.parse(readFileSync(file, 'utf8')) as Marker;
  if (!marker.ok) throw new Error(`the portal preview did not build: ${marker.error}`);
  return marker;
}

/**
 * Builds the bundle into dir and launches the browser, both at once, then writes the marker: ready, or failed with
 * the first error (a browser launched for a failed build is stopped). Returns the browser to stop at the end.
 */
export async function startPortal(
  dir: string,
  build: (dir: string, onWarning: (message: string) => void) => Promise<{ icons: string[] }>,
  launch: () => Promise<Pick<BrowserServer, 'wsEndpoint' | 'close'>>
): Promise<Pick<BrowserServer, 'close'> | undefined> {
  const warnings: string[] = [];
  const [built, launched] = await Promise.allSettled([build(dir, (w) => warnings.push(w)), launch()]);
  if (built.status === 'fulfilled' && launched.status === 'fulfilled') {
    // The compiler's warnings (file, line and rule; no data), asserted empty by rendering.test.ts: carried here, as
    // an environment variable set now would not reach the workers, already started.
    writeMarker(dir, { ok: true, ws: launched.value.wsEndpoint(), warnings, icons: built.value.icons });
    return launched.value;
  }
  const failure = [built, launched].find((r) => r.status === 'rejected')!.reason as Error;
  writeMarker(dir, { ok: false, error: failure.message });
  if (launched.status === 'fulfilled') await launched.value.close();
  return undefined;
}
