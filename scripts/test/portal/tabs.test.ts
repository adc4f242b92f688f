import type { Page } from 'playwright-core';
import { newPortalContext, openPortal, usePortal } from './harness';

/**
 * Two real tabs of one browser profile (one context) share the session: activity in one keeps the
 * other alive, and logout in one logs out both; first through BroadcastChannel, then, with
 * BroadcastChannel removed from the page, through the storage-event fallback. Both tabs share
 * Playwright's fake clock, as real tabs share real time.
 */

const portal = usePortal();
const MINUTE = 60_000;
const DIALOG = 'section[role="alertdialog"]';
/** Where the site's logout lands: its login page, signed out (scripts/portal/server.ts). */
const SIGNED_OUT = '/s/login/';

/**
 * Starts listening in the page for the next cross-tab session message, on the same transport the
 * component uses (browser code as a string: no DOM types here), and returns only once the listener
 * is installed, so a message sent afterwards cannot be missed. The returned function waits for the
 * message, and fails after ten real seconds instead of hanging the suite.
 */
async function listenForMessage(page: Page, viaStorage: boolean): Promise<() => Promise<unknown>> {
  await page.evaluate(
    viaStorage
      ? "window.__phiNext = new Promise((r) => window.addEventListener('storage', (e) => e.key === 'phi-guard-session' && r(JSON.parse(e.newValue).type))); true"
      : "window.__phiNext = new Promise((r) => { const c = new BroadcastChannel('phi-guard-session'); c.onmessage = (e) => { c.close(); r(e.data.type); }; }); true"
  );
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no cross-tab session message within 10 s')), 10_000);
    });
    try {
      return await Promise.race([page.evaluate('window.__phiNext'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

describe.each([
  { transport: 'BroadcastChannel', noBroadcastChannel: false },
  { transport: 'the storage event (BroadcastChannel disabled)', noBroadcastChannel: true }
])('two tabs through $transport', ({ noBroadcastChannel }) => {
  async function twoTabs() {
    const context = await newPortalContext(portal, { clock: true, noBroadcastChannel });
    const a = await openPortal(portal, 'rx=empty&timeout=15&warning=2', { context });
    const b = await openPortal(portal, 'rx=empty&timeout=15&warning=2', { context });
    const hasChannel = await a.page.evaluate("typeof BroadcastChannel !== 'undefined'");
    expect(hasChannel).toBe(!noBroadcastChannel);
    return { context, a: a.page, b: b.page };
  }

  it('activity in one tab keeps the other alive', async () => {
    const { context, a, b } = await twoTabs();
    try {
      await context.clock.runFor(10 * MINUTE);
      const received = await listenForMessage(b, noBroadcastChannel);
      await a.keyboard.press('Shift'); // activity in tab A only
      expect(await received()).toBe('activity');
      // 14 minutes after B's own last activity: without A's message B would be warning by now.
      await context.clock.runFor(4 * MINUTE);
      expect(await b.locator(DIALOG).count()).toBe(0);
      expect(new URL(b.url()).pathname).toBe('/');
      // B's new period runs from the moment of A's activity: warned at 10 + 13 minutes.
      await context.clock.runFor(9 * MINUTE);
      await b.locator(DIALOG).waitFor();
    } finally {
      await context.close();
    }
  });

  it('logging out in one tab logs out both', async () => {
    const { context, a, b } = await twoTabs();
    try {
      await context.clock.runFor(13 * MINUTE);
      await a.locator(DIALOG).waitFor();
      await b.locator(DIALOG).waitFor();
      // Sign out in A by keyboard; B's own timer has 2 minutes left and the clock stands still.
      await a.keyboard.press('Tab');
      expect(await a.locator(`${DIALOG} button.logout:focus`).count()).toBe(1);
      await Promise.all([
        a.waitForURL(`**${SIGNED_OUT}?signedOut=1`),
        b.waitForURL(`**${SIGNED_OUT}?signedOut=1`),
        a.keyboard.press('Enter')
      ]);
      expect(new URL(a.url()).pathname).toBe(SIGNED_OUT);
      expect(new URL(b.url()).pathname).toBe(SIGNED_OUT);
    } finally {
      await context.close();
    }
  });
});
