import { rmSync } from 'node:fs';
import type { PortalState } from './global-setup';

/** Waits for the build and the browser global-setup.ts started, then stops the browser and removes the folder. */
export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__phiGuardPortal as PortalState | undefined;
  if (!state) return;
  const browser = await state.done.catch(() => undefined);
  await browser?.close();
  rmSync(state.dir, { recursive: true, force: true });
}
