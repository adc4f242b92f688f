import type { Page } from 'playwright-core';
import { hasFocus, holdClock, label, openPortal, usePortal } from './harness';

/**
 * The session timeout dialog (sessionTimeoutGuard) in a real browser, on Playwright's fake clock, paused once the
 * page is loaded (holdClock): 15 idle minutes, the warning 2 minutes before, and only runFor moves time.
 */

const portal = usePortal();
const MINUTE = 60_000;
const DIALOG = 'section[role="alertdialog"]';

async function openIdlePortal() {
  const opened = await openPortal(portal, 'rx=empty&timeout=15&warning=2', { clock: true });
  await holdClock(opened.page);
  return opened;
}

/** Which dialog button has the browser's real focus, or "outside". */
async function focusedButton(page: Page): Promise<string> {
  if (await page.locator(`${DIALOG} button.stay:focus`).count()) return 'stay';
  if (await page.locator(`${DIALOG} button.logout:focus`).count()) return 'logout';
  return 'outside';
}

describe('the session timeout dialog', () => {
  it('appears after 13 idle minutes, announced as an alert dialog with a live countdown', async () => {
    const { context, page } = await openIdlePortal();
    try {
      await page.clock.runFor(13 * MINUTE - 1000);
      expect(await page.locator(DIALOG).count()).toBe(0);
      await page.clock.runFor(1000);
      const dialog = page.getByRole('alertdialog', { name: label('PHI_Session_Warning_Title') });
      await dialog.waitFor();
      expect(await dialog.getAttribute('aria-modal')).toBe('true');
      // The description is the countdown, in an assertive live region.
      const describedBy = await dialog.getAttribute('aria-describedby');
      const body = page.locator(`[id="${describedBy}"]`);
      expect(await body.getAttribute('aria-live')).toBe('assertive');
      expect((await body.innerText()).trim()).toBe(label('PHI_Session_Warning_Body').replace('{0}', '120'));
      await page.clock.runFor(5000);
      expect((await body.innerText()).trim()).toBe(label('PHI_Session_Warning_Body').replace('{0}', '115'));
    } finally {
      await context.close();
    }
  });

  it('traps focus: Tab and Shift+Tab stay on its two buttons', async () => {
    const { context, page } = await openIdlePortal();
    try {
      await page.clock.runFor(13 * MINUTE);
      await page.locator(DIALOG).waitFor();
      expect(await hasFocus(page, `${DIALOG} button.stay`)).toBe(true);
      const seen: string[] = [];
      for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Tab']) {
        await page.keyboard.press(key);
        seen.push(await focusedButton(page));
      }
      // Two buttons: each Tab or Shift+Tab moves to the other one, never out of the dialog.
      expect(seen).toEqual(['logout', 'stay', 'logout', 'stay', 'logout', 'stay', 'logout']);
    } finally {
      await context.close();
    }
  });

  it('extends the session when the patient chooses to stay', async () => {
    const { context, page } = await openIdlePortal();
    try {
      const start = page.url();
      await page.clock.runFor(13 * MINUTE);
      await page.locator(DIALOG).waitFor();
      await page.keyboard.press('Enter'); // focus starts on "Stay signed in"
      await page.locator(DIALOG).waitFor({ state: 'detached' });
      // Past the original 15 minutes: still signed in, no dialog.
      await page.clock.runFor(10 * MINUTE);
      expect(page.url()).toBe(start);
      expect(await page.locator(DIALOG).count()).toBe(0);
      // A full new period later the warning is back.
      await page.clock.runFor(3 * MINUTE);
      await page.locator(DIALOG).waitFor();
    } finally {
      await context.close();
    }
  });

  it('signs out through the logout URL, clears session storage, and lands on the signed-out page', async () => {
    const { context, page } = await openIdlePortal();
    try {
      await page.evaluate("sessionStorage.setItem('portal-draft', 'x')");
      const visited: string[] = [];
      page.on('request', (r) => visited.push(new URL(r.url()).pathname));
      await page.clock.runFor(13 * MINUTE);
      await page.locator(DIALOG).waitFor();
      await Promise.all([page.waitForURL('**/s/login/?signedOut=1'), page.clock.runFor(2 * MINUTE)]);
      // Through the site's logout URL, which lands on the login page signed out.
      expect(visited).toContain('/secur/logout.jsp');
      expect(new URL(page.url()).pathname).toBe('/s/login/');
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
      // The page says what happened.
      const notice = page.locator('c-portal-signed-out section');
      await notice.waitFor();
      expect(await notice.locator('h2').innerText()).toBe(label('PHI_Signed_Out_Title'));
      expect(await page.locator('c-patient-prescriptions').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
