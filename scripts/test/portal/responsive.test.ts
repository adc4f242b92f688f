import path from 'node:path';
import type { Page } from 'playwright-core';
import { PORTAL_CANARY } from '../../portal/fixtures';
import {
  ARTIFACTS,
  domOccurrences,
  hasFocus,
  label,
  openPortal,
  screenshot,
  seriousAxeViolations,
  SIZES,
  usePortal
} from './harness';

/**
 * The portal on a phone (375x812), a tablet (768x1024) and a desktop (1440x900), each with touch
 * input on (Playwright hasTouch). At every size, in every state: nothing scrolls sideways, no two
 * controls overlap (bounding boxes), every control is reached by Tab and works by keyboard and by
 * touch, and axe finds no serious or critical violation. At 1440 px the reason picker's select is
 * fully visible, inside its card and not covered by anything.
 */

const portal = usePortal();

/** Every visible interactive element of the page, in document order, through the components' trees. */
const INTERACTIVE = `(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
  let i = 0;
  for (let el = walker.currentNode; el; el = walker.nextNode()) {
    const tag = el.tagName.toLowerCase();
    const focusable =
      ['button', 'select', 'textarea'].includes(tag) ||
      (tag === 'input' && el.type !== 'hidden') ||
      (tag === 'a' && el.hasAttribute('href')) ||
      (el.hasAttribute('tabindex') && el.getAttribute('tabindex') !== '-1');
    if (!focusable || el.disabled) continue;
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const visible = style.visibility !== 'hidden' && style.display !== 'none' && r.width > 0 && r.height > 0;
    if (!visible) continue;
    el.setAttribute('data-probe', String(++i));
    out.push({
      id: String(i),
      what: tag + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : ''),
      box: { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height },
      // An SLDS checkbox draws a faux box over its 1px input; the input is still the control.
      tiny: r.width < 2 || r.height < 2
    });
  }
  return out;
})()`;

interface Control {
  id: string;
  what: string;
  box: { x: number; y: number; width: number; height: number };
  tiny: boolean;
}

async function controls(page: Page): Promise<Control[]> {
  return (await page.evaluate(INTERACTIVE)) as Control[];
}

function overlapping(list: Control[]): string[] {
  const out: string[] = [];
  const solid = list.filter((c) => !c.tiny);
  for (let i = 0; i < solid.length; i++)
    for (let j = i + 1; j < solid.length; j++) {
      const a = solid[i]!.box;
      const b = solid[j]!.box;
      const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (w > 0.5 && h > 0.5) out.push(`${solid[i]!.what} overlaps ${solid[j]!.what}`);
    }
  return out;
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const m = (await page.evaluate(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, body: document.body.scrollWidth })'
  )) as { scroll: number; client: number; body: number };
  expect(m.scroll).toBeLessThanOrEqual(m.client);
  expect(m.body).toBeLessThanOrEqual(m.client);
}

/**
 * Which probed control has focus. The real DOM, walked natively: synthetic shadow keeps
 * document.querySelectorAll out of the components' trees.
 */
async function focusedProbe(page: Page): Promise<string | undefined> {
  return (await page.evaluate(`(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let el = walker.currentNode; el; el = walker.nextNode())
      if (el.hasAttribute && el.hasAttribute('data-probe') && el.matches(':focus')) return el.getAttribute('data-probe');
    return undefined;
  })()`)) as string | undefined;
}

/** Tabs through the whole page from the top; every control must take focus once. */
async function everyControlByTab(page: Page, list: Control[]): Promise<void> {
  await page.evaluate(
    'document.activeElement && document.activeElement.blur && document.activeElement.blur()'
  );
  await page.mouse.click(1, 1);
  const seen = new Set<string>();
  for (let i = 0; i < list.length * 2 + 10 && seen.size < list.length; i++) {
    await page.keyboard.press('Tab');
    const id = await focusedProbe(page);
    if (id) seen.add(id);
  }
  expect(list.filter((c) => !seen.has(c.id)).map((c) => c.what)).toEqual([]);
}

async function axe(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/** The layout checks every state gets: no sideways scroll, no overlap, every control reached by Tab, axe. */
async function layoutChecks(page: Page): Promise<Control[]> {
  await noSidewaysScroll(page);
  const list = await controls(page);
  expect(list.length).toBeGreaterThan(0);
  expect(overlapping(list)).toEqual([]);
  await everyControlByTab(page, list);
  await axe(page);
  return list;
}

const REASON = 'tbody.rx-group:nth-of-type(1) tr.reason-row';
const MEDICATION = 'tbody.rx-group:nth-of-type(1) td.phi-cell[data-field="Medication__c"]';

describe.each(SIZES)('the portal at $width x $height ($name)', (size) => {
  const open = (query: string, path?: string, ready?: string) =>
    openPortal(portal, query, { viewport: size, hasTouch: true, path, ready, reuse: true });

  beforeEach(() => portal.server.fixtures.reset());

  it('home page, masked: layout, keyboard reach and axe', async () => {
    const { close, page } = await open('rx=data');
    try {
      await page.locator('tr.rx-row').first().waitFor();
      expect((await layoutChecks(page)).filter((c) => c.what.includes('reveal'))).toHaveLength(6);
      await screenshot(page, `${size.name}-home`);
      // What a patient sees first (README's phone screenshot is phone-home-viewport.png).
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: path.join(ARTIFACTS, `${size.name}-home-viewport.png`) });
    } finally {
      await close();
    }
  });

  it('asking for a reason: layout, keyboard reach and axe; the picker is fully visible', async () => {
    const { close, page } = await open('rx=data');
    try {
      await page.locator(`${MEDICATION} button.reveal`).click();
      const select = page.locator(`${REASON} select.reason`);
      await select.waitFor();
      await layoutChecks(page);
      await select.scrollIntoViewIfNeeded();
      // Fully visible: inside the viewport and its card, at a useful width.
      const box = (await select.boundingBox())!;
      const card = (await page.locator('c-patient-prescriptions article').boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(card.x);
      expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      expect(box.width).toBeGreaterThan(size.width >= 1440 ? 200 : 150);
      // Nothing covers it: a trial tap at each corner and the centre must hit the select itself
      // (Playwright's hit-target check runs in its own isolated world, untouched by synthetic shadow).
      const points = [
        { x: 2, y: 2 },
        { x: box.width - 2, y: 2 },
        { x: 2, y: box.height - 2 },
        { x: box.width - 2, y: box.height - 2 },
        { x: box.width / 2, y: box.height / 2 }
      ];
      for (const position of points) await select.click({ trial: true, position, timeout: 5000 });
      await screenshot(page, `${size.name}-asking-reason`);
    } finally {
      await close();
    }
  });

  it('revealed with Hide: layout, keyboard reach and axe', async () => {
    const { close, page } = await open('rx=data');
    try {
      await page.locator(`${MEDICATION} button.reveal`).click();
      await page.locator(`${REASON} select.reason`).selectOption('refill');
      await page.locator(`${REASON} button.confirm`).click();
      await page.locator(`${MEDICATION} .phi-clear`).waitFor();
      const list = await layoutChecks(page);
      expect(list.some((c) => c.what.includes('hide'))).toBe(true);
    } finally {
      await close();
    }
  });

  it('by touch: reveal with a reason, hide, and send the health questions', async () => {
    const { close, page } = await open('rx=data');
    try {
      await page.locator(`${MEDICATION} button.reveal`).tap();
      const select = page.locator(`${REASON} select.reason`);
      await select.tap();
      await select.selectOption('question');
      await page.locator(`${REASON} button.confirm`).tap();
      await page.locator(`${MEDICATION} .phi-clear`).waitFor();
      expect(await page.locator(`${MEDICATION} .phi-clear`).innerText()).toContain(PORTAL_CANARY);
      expect(portal.server.fixtures.log.audit).toHaveLength(1);
      await page.locator(`${MEDICATION} button.hide`).tap();
      await page.locator('.phi-clear').waitFor({ state: 'detached' });
      expect((await domOccurrences(page, PORTAL_CANARY)).textNodes).toBe(0);
      // Cancel by touch too.
      await page.locator(`${MEDICATION} button.reveal`).tap();
      await page.locator(`${REASON} button.cancel`).tap();
      expect(await page.locator('tr.reason-row').count()).toBe(0);

      await page.locator('textarea.conditions').tap();
      await page.locator('textarea.conditions').fill('Seasonal allergies');
      await page.locator('textarea.medications').tap();
      await page.locator('textarea.notes').tap();
      await page.locator('c-health-intake-form .slds-checkbox__label').tap();
      expect(await page.locator('input.consent').isChecked()).toBe(true);
      await page.locator('c-health-intake-form button.submit').tap();
      await page.locator('c-health-intake-form .confirmation').waitFor();
      expect(portal.server.fixtures.log.intakes).toHaveLength(1);
      await page.locator('c-health-intake-form button.again').tap();
      await page.locator('textarea.conditions').waitFor();
      expect(portal.server.fixtures.log.audit).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('by keyboard: reveal, hide, send the health questions and sign out', async () => {
    const { close, page } = await open('rx=data');
    try {
      await page.locator(`${MEDICATION} button.reveal`).focus();
      await page.keyboard.press('Enter');
      expect(await hasFocus(page, `${REASON} select.reason`)).toBe(true);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.locator(`${MEDICATION} .phi-clear`).waitFor();
      expect(await hasFocus(page, `${MEDICATION} button.hide`)).toBe(true);
      await page.keyboard.press('Space');
      await page.locator('.phi-clear').waitFor({ state: 'detached' });
      expect(portal.server.fixtures.log.audit).toHaveLength(1);

      await page.locator('textarea.conditions').focus();
      await page.keyboard.type('Mild asthma');
      await page.locator('input.consent').focus();
      await page.keyboard.press('Space');
      await page.locator('c-health-intake-form button.submit').focus();
      await page.keyboard.press('Enter');
      await page.locator('c-health-intake-form .confirmation').waitFor();

      // The profile menu's Sign out, by keyboard: the site's logout, to the signed-out page.
      await page.locator('header button.sign-out').focus();
      await Promise.all([page.waitForURL('**/s/login/?signedOut=1'), page.keyboard.press('Enter')]);
      await page.locator('c-portal-signed-out section').waitFor();
    } finally {
      await close();
    }
  });

  it('the signed-out page: layout, keyboard reach and axe; says what happened', async () => {
    const { close, page } = await open('signedOut=1', '/s/login/', 'c-portal-signed-out section');
    try {
      expect(await page.locator('c-portal-signed-out h2').innerText()).toBe(label('PHI_Signed_Out_Title'));
      await layoutChecks(page);
      await screenshot(page, `${size.name}-signed-out`);
      // The login form's controls work by touch: Log in opens the (fake) patient's home page.
      await page.locator('preview-login-form input.username').tap();
      await Promise.all([page.waitForURL('**/s/'), page.locator('preview-login-form button.log-in').tap()]);
      await page.locator('c-health-intake-form article').waitFor();
    } finally {
      await close();
    }
  });
});
