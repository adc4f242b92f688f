import { rmSync } from 'node:fs';
import type { BrowserServer } from 'playwright-core';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__phiGuardPortal as
    { dir: string; browser: BrowserServer } | undefined;
  if (!state) return;
  await state.browser.close();
  rmSync(state.dir, { recursive: true, force: true });
}
