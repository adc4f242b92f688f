import type { Page } from 'playwright-core';
import { PORTAL_CANARY } from '../../portal/fixtures';
import { domOccurrences, hasFocus, label, openPortal, usePortal } from './harness';

/**
 * Keyboard only: no click, no fill. Tab moves focus, Enter and Space activate, arrow keys choose,
 * and the browser's own focus order decides where each key lands.
 */

const portal = usePortal();

/** Presses Tab until the selector has focus; fails if it is not reached in `max` presses. */
async function tabTo(page: Page, selector: string, max = 40, key = 'Tab'): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await hasFocus(page, selector)) return;
    await page.keyboard.press(key);
  }
  if (!(await hasFocus(page, selector))) throw new Error(`${selector} not reached with ${max} x ${key}`);
}

const FIRST_ROW = 'tbody.rx-group:nth-of-type(1)';
const FIRST_MEDICATION = `${FIRST_ROW} td.phi-cell[data-field="Medication__c"]`;
const FIRST_DOSAGE = `${FIRST_ROW} td.phi-cell[data-field="Dosage__c"]`;
/** The reason picker's row, under the prescription it is about. */
const REASON = `${FIRST_ROW} tr.reason-row`;

/** Tab to a cell's Show button, Enter, arrow to the first reason, Tab to Show detail, Enter. */
async function revealByKeyboard(page: Page, cell: string): Promise<void> {
  await tabTo(page, `${cell} button.reveal`);
  await page.keyboard.press('Enter');
  await tabTo(page, `${REASON} select.reason`);
  await page.keyboard.press('ArrowDown'); // the first reason: refill
  expect(await page.locator(`${REASON} select.reason`).inputValue()).toBe('refill');
  await tabTo(page, `${REASON} button.confirm`);
  await page.keyboard.press('Enter');
  await page.locator(`${cell} .phi-clear`).waitFor();
}

describe('the portal by keyboard only', () => {
  beforeEach(() => portal.server.fixtures.reset());

  it('reveals a prescription field after a reason is chosen, audits it, and re-masks it', async () => {
    const { close, page } = await openPortal(portal, 'rx=data', { reuse: true });
    try {
      await page.locator('tr.rx-row').first().waitFor();
      await tabTo(page, `${FIRST_MEDICATION} button.reveal`);
      await page.keyboard.press('Enter');
      // Focus moves to the picker by itself.
      expect(await hasFocus(page, `${REASON} select.reason`)).toBe(true);

      // Confirming without a reason is refused, and says why.
      await tabTo(page, `${REASON} button.confirm`);
      await page.keyboard.press('Enter');
      expect((await page.locator(`${REASON} p.reason-error`).innerText()).trim()).toBe(
        label('PHI_Reason_Required')
      );
      expect(portal.server.fixtures.log.calls.filter((c) => c.method.endsWith('revealField'))).toEqual([]);

      await tabTo(page, `${REASON} select.reason`, 5, 'Shift+Tab');
      await page.keyboard.press('ArrowDown'); // the first reason: refill
      expect(await page.locator(`${REASON} select.reason`).inputValue()).toBe('refill');
      await tabTo(page, `${REASON} button.confirm`);
      await page.keyboard.press('Enter');

      const clear = page.locator(`${FIRST_MEDICATION} .phi-clear`);
      await clear.waitFor();
      expect(await clear.innerText()).toContain(PORTAL_CANARY);
      expect(await page.locator('.phi-clear').count()).toBe(1);

      // Each reveal publishes one audit event, with the reason's purpose and names only.
      expect(portal.server.fixtures.log.audit).toEqual([
        expect.objectContaining({
          Object_Name__c: 'Prescription__c',
          Record_Ids__c: 'a0B5g00000PRVW1AAA',
          Field_Names__c: 'Medication__c',
          Action__c: 'reveal',
          Channel__c: 'portal',
          Purpose__c: 'patient-request'
        })
      ]);

      // Re-mask by keyboard: asking to reveal another field masks the first; Cancel leaves all masked.
      await tabTo(page, `${FIRST_DOSAGE} button.reveal`);
      await page.keyboard.press('Enter');
      expect(await page.locator('.phi-clear').count()).toBe(0);
      await tabTo(page, `${REASON} button.cancel`);
      await page.keyboard.press('Enter');
      // Back on the Show button the patient started from.
      expect(await hasFocus(page, `${FIRST_DOSAGE} button.reveal`)).toBe(true);
      expect(await page.locator('select.reason').count()).toBe(0);
      expect(await page.locator('.phi-mask').count()).toBe(6);
      expect((await domOccurrences(page, PORTAL_CANARY)).textNodes).toBe(0);
      expect(portal.server.fixtures.log.audit).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('hides a revealed field with Hide: re-masked at once, no new server call or audit event', async () => {
    const { context, page } = await openPortal(portal, 'rx=data&reveal=30', { clock: true });
    try {
      await page.locator('tr.rx-row').first().waitFor();
      await revealByKeyboard(page, FIRST_MEDICATION);
      // Focus is on Hide once the value shows.
      expect(await hasFocus(page, `${FIRST_MEDICATION} button.hide`)).toBe(true);
      await page.keyboard.press('Enter');
      await page.locator('.phi-clear').waitFor({ state: 'detached' });
      expect((await domOccurrences(page, PORTAL_CANARY)).textNodes).toBe(0);
      expect(await hasFocus(page, `${FIRST_MEDICATION} button.reveal`)).toBe(true);
      // One reveal, one audit event; hiding called nothing.
      expect(portal.server.fixtures.log.calls.filter((c) => c.method.endsWith('revealField'))).toHaveLength(
        1
      );
      expect(portal.server.fixtures.log.audit).toHaveLength(1);
      // The reveal timer is gone with the value: nothing happens when it would have run.
      await page.clock.runFor(31_000);
      expect(await page.locator('.phi-clear').count()).toBe(0);
      expect(portal.server.fixtures.log.calls.filter((c) => c.method.endsWith('revealField'))).toHaveLength(
        1
      );
    } finally {
      await context.close();
    }
  });

  it('re-masks a revealed field when its time is up', async () => {
    const { context, page } = await openPortal(portal, 'rx=data&reveal=5', { clock: true });
    try {
      await page.locator('tr.rx-row').first().waitFor();
      await revealByKeyboard(page, FIRST_MEDICATION);
      await page.clock.runFor(4000);
      expect(await page.locator('.phi-clear').count()).toBe(1);
      await page.clock.runFor(1500);
      await page.locator('.phi-clear').waitFor({ state: 'detached' });
      expect((await domOccurrences(page, PORTAL_CANARY)).textNodes).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('fills in and submits the intake form', async () => {
    const { close, page } = await openPortal(portal, 'rx=data', { reuse: true });
    try {
      await tabTo(page, 'textarea.conditions');
      await page.keyboard.type('Seasonal allergies');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Mild asthma');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Cetirizine');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Nothing else');
      await tabTo(page, 'input.consent');
      await page.keyboard.press('Space');
      expect(await page.locator('input.consent').isChecked()).toBe(true);
      await tabTo(page, 'c-health-intake-form button.submit');
      await page.keyboard.press('Enter');

      const status = page.locator('c-health-intake-form [role="status"] .confirmation');
      await status.waitFor();
      const [intake] = portal.server.fixtures.log.intakes;
      expect(portal.server.fixtures.log.intakes).toHaveLength(1);
      expect(intake!.fields).toEqual(['conditions', 'consent', 'currentMedications', 'notes']);
      expect(intake!.consentTimestamped).toBe(true);
      expect(await status.innerText()).toBe(label('PHI_Intake_Success').replace('{0}', intake!.token));
      // The answers are gone from the page once sent.
      expect((await domOccurrences(page, 'Seasonal allergies')).textNodes).toBe(0);
      expect(await page.locator('textarea').count()).toBe(0);
    } finally {
      await close();
    }
  });

  it('shows validation errors on submit, and submits once they are corrected', async () => {
    const { close, page } = await openPortal(portal, 'rx=data', { reuse: true });
    try {
      await tabTo(page, 'c-health-intake-form button.submit');
      await page.keyboard.press('Enter');
      const summary = page.locator('c-health-intake-form [role="alert"]');
      await summary.waitFor();
      expect(await summary.innerText()).toBe(label('PHI_Intake_Errors'));
      expect(await page.locator('textarea.conditions').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('input.consent').getAttribute('aria-invalid')).toBe('true');
      // Each error is the field's accessible description.
      const describedBy = await page.locator('textarea.conditions').getAttribute('aria-describedby');
      expect(await page.locator(`[id="${describedBy}"]`).innerText()).toBe(
        label('PHI_Intake_Answer_Required')
      );
      expect(portal.server.fixtures.log.intakes).toEqual([]);

      await tabTo(page, 'textarea.conditions', 40, 'Shift+Tab');
      await page.keyboard.type('Seasonal allergies');
      await tabTo(page, 'input.consent');
      await page.keyboard.press('Space');
      await tabTo(page, 'c-health-intake-form button.submit');
      await page.keyboard.press('Enter');
      await page.locator('c-health-intake-form .confirmation').waitFor();
      expect(portal.server.fixtures.log.intakes).toHaveLength(1);
      expect(portal.server.fixtures.log.intakes[0]!.fields).toEqual(['conditions', 'consent']);
    } finally {
      await close();
    }
  });
});
