import { PORTAL_CANARY } from '../../portal/fixtures';
import { domOccurrences, openPortal, usePortal } from './harness';

/**
 * No leak: the canary PHI value (the first prescription's medication, fake) reaches the revealed
 * field and nothing else: not web storage, cookies, any URL, the console, another DOM node or an
 * attribute, nor the server's audit trail. After re-masking it is gone from the DOM.
 */

const portal = usePortal();

describe('the canary PHI value', () => {
  beforeEach(() => portal.server.fixtures.reset());

  it('reaches only the revealed field, and leaves the DOM when re-masked', async () => {
    // Short reveal, fake clock: the re-mask timer is exercised too.
    const {
      context,
      page,
      console: consoleLines,
      requests
    } = await openPortal(portal, 'rx=data&reveal=30', {
      clock: true
    });
    try {
      await page.locator('tr.rx-row').first().waitFor();
      expect(await domOccurrences(page, PORTAL_CANARY)).toEqual({
        textNodes: 0,
        inRevealedField: 0,
        attributes: []
      });

      // Reveal through the UI, the way a patient does.
      await page.locator('td.phi-cell[data-field="Medication__c"] button.reveal').first().click();
      await page.locator('select.reason').selectOption('treatment');
      await page.locator('button.confirm').click();
      await page.locator('.phi-clear').waitFor();

      // Visible where it belongs, and the scan can see it there (so a zero below means something).
      expect(await domOccurrences(page, PORTAL_CANARY)).toEqual({
        textNodes: 1,
        inRevealedField: 1,
        attributes: []
      });
      const storage = (await page.evaluate(
        'JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })'
      )) as string;
      expect(storage).not.toContain(PORTAL_CANARY);
      const cookies = JSON.stringify(await context.cookies());
      expect(cookies).not.toContain(PORTAL_CANARY);
      expect(page.url()).not.toContain(PORTAL_CANARY);
      expect(requests.filter((u) => u.includes(PORTAL_CANARY))).toEqual([]);
      expect(await page.evaluate('document.title + location.href + history.length')).not.toContain(
        PORTAL_CANARY
      );

      // The server recorded the reveal: names, ids and the purpose, never the value.
      expect(portal.server.fixtures.log.audit).toHaveLength(1);
      expect(portal.server.fixtures.log.audit[0]!.Purpose__c).toBe('treatment');
      expect(JSON.stringify(portal.server.fixtures.log)).not.toContain(PORTAL_CANARY);

      // Re-masked when the reveal time is up: gone from the DOM, still nowhere else.
      await page.clock.runFor(30_000);
      await page.locator('.phi-clear').waitFor({ state: 'detached' });
      expect(await domOccurrences(page, PORTAL_CANARY)).toEqual({
        textNodes: 0,
        inRevealedField: 0,
        attributes: []
      });
      expect(
        (await page.evaluate(
          'JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })'
        )) as string
      ).not.toContain(PORTAL_CANARY);

      expect(consoleLines).toEqual([]);
      // Every request stayed on the preview's own origin (localhost).
      expect(requests.filter((u) => !u.startsWith(portal.server.url))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
