import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { readLabels } from '../../portal/fixtures';
import { MISSING_ICON } from '../../portal/icons';
import { BUNDLE_FILE, REPO_ROOT } from '../../portal/paths';
import {
  holdClock,
  imageStats,
  label,
  openPortal,
  screenshot,
  seriousAxeViolations,
  usePortal,
  type OpenedPage
} from './harness';

const LABELS = readLabels(REPO_ROOT);

/**
 * Every state of the three portal components, rendered by the real LWC engine in Chromium: the
 * content each state must show, a saved screenshot checked for content (not pixels), and an axe
 * audit with no serious or critical violation.
 */

const portal = usePortal();

interface State {
  name: string;
  query: string;
  /** Drives the page into the state (after load). */
  enter?: (page: Page) => Promise<void>;
  /** What the state must show. */
  check: (opened: OpenedPage) => Promise<void>;
  /** Playwright's fake clock (for the session timeout). */
  clock?: boolean;
  /** Pixels of SLDS brand blue the screenshot must hold (default 200; a modal backdrop dims the page). */
  minBrandBlue?: number;
  /** Console lines the state causes on purpose (Chromium logs a failed request itself). */
  expectedConsole?: RegExp;
  /** Site path (default: home) and what marks it loaded. */
  path?: string;
  ready?: string;
  /** The signed-in pages show the theme header (site name, badge, menu, profile menu). */
  header?: boolean;
}

const SERVER_ERROR = /^Failed to load resource: the server responded with a status of 500/;

const text = (page: Page, selector: string) => page.locator(selector).innerText();

async function submitIntake(page: Page): Promise<void> {
  await page.locator('textarea.conditions').fill('Seasonal allergies');
  await page.locator('c-health-intake-form .slds-checkbox__label').click();
  await page.locator('c-health-intake-form button.submit').click();
}

async function revealFirstMedication(page: Page): Promise<void> {
  await page.locator('button.reveal').first().click();
  await page.locator('tr.reason-row select.reason').selectOption('refill');
  await page.locator('tr.reason-row button.confirm').click();
}

const STATES: State[] = [
  {
    name: 'prescriptions-loading',
    query: 'rx=loading',
    check: async ({ page }) => {
      expect(await text(page, 'c-patient-prescriptions [role="status"]')).toBe(label('PHI_Loading'));
      expect(await page.locator('c-patient-prescriptions table').count()).toBe(0);
    }
  },
  {
    name: 'prescriptions-empty',
    query: 'rx=empty',
    enter: (page) => page.locator('c-patient-prescriptions p.empty').waitFor(),
    check: async ({ page }) => {
      expect(await text(page, 'c-patient-prescriptions p.empty')).toBe(label('PHI_Empty'));
      expect(await page.locator('c-patient-prescriptions table').count()).toBe(0);
    }
  },
  {
    name: 'prescriptions-error',
    query: 'rx=error',
    expectedConsole: SERVER_ERROR,
    enter: (page) => page.locator('c-patient-prescriptions .load-error').waitFor(),
    check: async ({ page }) => {
      const alert = page.locator('c-patient-prescriptions [role="alert"]');
      expect(await alert.innerText()).toBe(label('PHI_Load_Error'));
    }
  },
  {
    name: 'prescriptions-masked',
    query: 'rx=data',
    enter: (page) => page.locator('c-patient-prescriptions tr.rx-row').first().waitFor(),
    check: async ({ page }) => {
      expect(await page.locator('c-patient-prescriptions tr.rx-row').count()).toBe(3);
      expect(await page.locator('c-patient-prescriptions .phi-mask').count()).toBe(6);
      expect(await page.locator('c-patient-prescriptions .phi-clear').count()).toBe(0);
      expect(await page.locator('c-patient-prescriptions button.reveal').count()).toBe(6);
      const hidden = await page.locator('c-patient-prescriptions .slds-assistive-text').first().innerText();
      expect(hidden).toBe(`${label('PHI_Col_Medication')}: ${label('PHI_Mask_Hidden')}`);
    }
  },
  {
    name: 'prescriptions-asking-reason',
    query: 'rx=data',
    enter: async (page) => {
      await page.locator('button.reveal').first().click();
      await page.locator('button.confirm').click(); // no reason yet
    },
    check: async ({ page }) => {
      expect(await page.locator('select.reason').isVisible()).toBe(true);
      expect((await text(page, 'p.reason-error')).trim()).toBe(label('PHI_Reason_Required'));
      // The picker has its own row under the prescription it is about.
      expect(await page.locator('tbody.rx-group:nth-of-type(1) tr.reason-row').count()).toBe(1);
      expect((await text(page, 'tr.reason-row legend')).trim()).toBe(
        label('PHI_Reveal_Aria').replace('{0}', label('PHI_Col_Medication')).replace('{1}', 'RX-000101')
      );
    }
  },
  {
    name: 'prescriptions-revealed',
    query: 'rx=data',
    enter: async (page) => {
      await revealFirstMedication(page);
      await page.locator('.phi-clear').waitFor();
    },
    check: async ({ page }) => {
      expect(await page.locator('c-patient-prescriptions .phi-clear').count()).toBe(1);
      expect(await page.locator('c-patient-prescriptions .phi-mask').count()).toBe(5);
      expect((await text(page, '.phi-clear')).length).toBeGreaterThan(0);
      // Hide replaces Show for the revealed field.
      expect((await text(page, 'button.hide')).trim()).toBe(label('PHI_Hide'));
      expect(await page.locator('button.reveal').count()).toBe(5);
    }
  },
  {
    name: 'prescriptions-hidden-again',
    query: 'rx=data',
    enter: async (page) => {
      await revealFirstMedication(page);
      await page.locator('button.hide').click();
      await page.locator('.phi-clear').waitFor({ state: 'detached' });
    },
    check: async ({ page }) => {
      expect(await page.locator('c-patient-prescriptions .phi-mask').count()).toBe(6);
      expect(await page.locator('button.hide').count()).toBe(0);
      expect((await text(page, '.reveal-status')).trim()).toBe(
        label('PHI_Hidden_Status').replace('{0}', label('PHI_Col_Medication')).replace('{1}', 'RX-000101')
      );
    }
  },
  {
    name: 'prescriptions-reveal-error',
    query: 'rx=data&apex=error',
    expectedConsole: SERVER_ERROR,
    enter: async (page) => {
      await revealFirstMedication(page);
      await page.locator('.slds-notify_toast').waitFor();
    },
    check: async ({ page }) => {
      expect(await text(page, '.slds-notify_toast .toast-title')).toBe(label('PHI_Reveal_Error_Title'));
      expect(await page.locator('.slds-notify_toast[role="alert"]').count()).toBe(1);
      expect(await page.locator('c-patient-prescriptions .phi-clear').count()).toBe(0);
    }
  },
  {
    name: 'session-warning',
    query: 'rx=data&timeout=15&warning=2',
    clock: true,
    minBrandBlue: 50,
    enter: async (page) => {
      await holdClock(page);
      await page.clock.runFor(13 * 60_000);
      await page.locator('section[role="alertdialog"]').waitFor();
    },
    check: async ({ page }) => {
      const dialog = page.getByRole('alertdialog', { name: label('PHI_Session_Warning_Title') });
      expect(await dialog.isVisible()).toBe(true);
      // The clock is held (holdClock): the warning shows the full two minutes.
      expect((await dialog.locator('.countdown').innerText()).trim()).toBe(
        label('PHI_Session_Warning_Body').replace('{0}', '120')
      );
      expect(await dialog.locator('button.stay').innerText()).toBe(label('PHI_Session_Stay'));
      expect(await dialog.locator('button.logout').innerText()).toBe(label('PHI_Session_Logout'));
      expect(await page.locator('.slds-backdrop_open').isVisible()).toBe(true);
      // Time runs again for the screenshot and axe, which wait on the page's timers.
      await page.clock.resume();
    }
  },
  {
    name: 'intake-empty',
    query: 'rx=data',
    check: async ({ page }) => {
      expect(await text(page, 'c-health-intake-form h2')).toBe(label('PHI_Intake_Title'));
      expect(await page.locator('c-health-intake-form textarea').count()).toBe(3);
      expect(await page.locator('c-health-intake-form [aria-invalid="true"]').count()).toBe(0);
    }
  },
  {
    name: 'intake-invalid',
    query: 'rx=data',
    enter: async (page) => {
      await page.locator('c-health-intake-form button.submit').click();
      await page.locator('c-health-intake-form .error-summary').waitFor();
    },
    check: async ({ page }) => {
      expect(await text(page, 'c-health-intake-form [role="alert"]')).toBe(label('PHI_Intake_Errors'));
      expect(await page.locator('textarea.conditions').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('input.consent').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('c-health-intake-form .slds-has-error').count()).toBe(2);
    }
  },
  {
    name: 'intake-submitted',
    query: 'rx=data',
    enter: async (page) => {
      await submitIntake(page);
      await page.locator('c-health-intake-form .success').waitFor();
    },
    check: async ({ page }) => {
      const confirmation = await text(page, 'c-health-intake-form [role="status"] .confirmation');
      expect(confirmation).toMatch(/INTK-[0-9A-F]{8}/);
      expect(await page.locator('c-health-intake-form textarea').count()).toBe(0);
    }
  },
  {
    name: 'signed-out',
    query: 'signedOut=1',
    path: '/s/login/',
    ready: 'c-portal-signed-out section',
    header: false,
    minBrandBlue: 100,
    check: async ({ page }) => {
      expect(await text(page, 'c-portal-signed-out h2')).toBe(label('PHI_Signed_Out_Title'));
      expect(await text(page, 'c-portal-signed-out .signed-out-body')).toBe(
        label('PHI_Signed_Out_Body').replace('{0}', '15')
      );
      // The site's login page: its login form follows the notice.
      expect(await page.locator('preview-login-form button.log-in').isVisible()).toBe(true);
      expect(await page.locator('c-patient-prescriptions').count()).toBe(0);
    }
  },
  {
    name: 'login',
    query: '',
    path: '/s/login/',
    ready: 'preview-login-form',
    header: false,
    minBrandBlue: 100,
    check: async ({ page }) => {
      // A first visit: the plain login page, no signed-out notice.
      expect(await page.locator('c-portal-signed-out section').count()).toBe(0);
      expect(await page.locator('preview-login-form input.username').isVisible()).toBe(true);
    }
  },
  {
    name: 'intake-error',
    query: 'rx=data&apex=error',
    expectedConsole: SERVER_ERROR,
    enter: async (page) => {
      await submitIntake(page);
      await page.locator('.slds-notify_toast').waitFor();
    },
    check: async ({ page }) => {
      expect(await text(page, '.slds-notify_toast .toast-title')).toBe(label('PHI_Intake_Error_Title'));
      expect(await page.locator('c-health-intake-form .success').count()).toBe(0);
    }
  }
];

describe('portal components in headless Chromium', () => {
  it('every custom label is one line of text (a formatter must not wrap a value: the platform keeps the wrap)', () => {
    const multiLine = [...LABELS].filter(([, v]) => /\n/.test(v)).map(([n]) => n);
    expect(multiLine).toEqual([]);
  });

  it("README's screenshots are there, at desktop and phone width (PNG header)", () => {
    const width = (file: string) => readFileSync(path.join(REPO_ROOT, file)).readUInt32BE(16);
    expect(width('docs/img/portal-preview.png')).toBe(1440);
    expect(width('docs/img/portal-preview-phone.png')).toBe(375);
  });

  it('the LWC compiler builds the force-app components without a warning', () => {
    // Carried in global-setup's marker (marker.ts): the build runs on while the workers start.
    expect(portal.build.warnings).toEqual([]);
  });

  it("the bundle leaves out only code its ltr direction never runs: the right-to-left icons' stand-in is not in it", () => {
    // The build does not compile LBC's right-to-left icon libraries (scripts/portal/build.ts, ltrIconsOnly): with
    // `@salesforce/i18n/dir` the constant "ltr", rollup drops primitiveIcon's rtl branch, stand-in and all.
    const bundle = readFileSync(path.join(process.env.PHI_GUARD_PORTAL_BUNDLE!, BUNDLE_FILE), 'utf8');
    expect(bundle).not.toContain('right-to-left icons are not in the portal preview build');
    expect(bundle).not.toMatch(/iconSvgTemplates\w*Rtl/);
    // The left-to-right libraries the page loads are there.
    expect(bundle).toContain('utility_close');
    expect(bundle).toContain('standard_medication');
  });

  it('the bundle holds the icons its modules name, and no other of the library (scripts/portal/icons.ts)', () => {
    const bundle = readFileSync(path.join(process.env.PHI_GUARD_PORTAL_BUNDLE!, BUNDLE_FILE), 'utf8');
    // Every icon lightning-base-components has, read here from its own tables rather than from icons.ts.
    const lbc = path.join(REPO_ROOT, 'node_modules', 'lightning-base-components', 'src', 'lightning');
    const library = ['Utility', 'Action', 'Standard', 'Doctype', 'Custom'].flatMap((c) =>
      [
        ...readFileSync(
          path.join(lbc, `iconSvgTemplates${c}`, 'buildTemplates', 'templates.js'),
          'utf8'
        ).matchAll(/import \{ default as (\w+) \}/g)
      ].map((m) => m[1]!)
    );
    expect(library.length).toBeGreaterThan(1400);
    const inBundle = library.filter((key) => new RegExp(`\\b${key}\\b`).test(bundle));
    expect(inBundle.map((key) => key.replace('_', ':')).sort()).toEqual(portal.build.icons);
    // What the portal draws: the header's icons, the avatar's fallback, the toasts' icons and their close button.
    expect(portal.build.icons).toEqual(
      expect.arrayContaining([
        'standard:medication',
        'standard:user',
        'utility:close',
        'utility:error',
        'utility:info',
        'utility:success',
        'utility:warning'
      ])
    );
  });

  it('a page asking for an icon the build left out logs a console error naming it (the tests fail on it)', async () => {
    const opened = await openPortal(portal, 'rx=empty', { reuse: true });
    try {
      // The header's icon, set to one no module names: primitiveIcon loads the utility table and looks it up.
      await opened.page.evaluate(`(() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
        for (let el = walker.currentNode; el; el = walker.nextNode())
          if (el.tagName === 'LIGHTNING-ICON') { el.iconName = 'utility:account'; return; }
        throw new Error('no lightning-icon');
      })()`);
      for (let i = 0; i < 100 && opened.console.length === 0; i++) await opened.page.waitForTimeout(100);
      expect(opened.console).toEqual([`<lightning-primitive-icon> utility:account ${MISSING_ICON}`]);
      // Seen and asserted here; the harness's check (afterEach) would fail the test on it.
      opened.console.length = 0;
    } finally {
      await opened.close();
    }
  });

  it.each(STATES)('$name: renders its content, screenshots and passes axe', async (state) => {
    // A fresh document in the file's reused page, or for the fake clock (a context's) a context of its own.
    const opened = await openPortal(portal, state.query, {
      clock: state.clock,
      reuse: !state.clock,
      path: state.path,
      ready: state.ready
    });
    try {
      const { page } = opened;
      if (state.enter) await state.enter(page);
      await state.check(opened);
      // Signed-in pages: the theme header, drawn with base components from lightning-base-components,
      // and the home page's regions as the site places them.
      const shell = async () => ({
        icon: await page.locator('header lightning-icon svg').count(),
        badge: await page.locator('header lightning-badge').innerText(),
        avatar: await page.locator('header lightning-avatar abbr').innerText(),
        content: await page.locator('[data-region="content"] c-patient-prescriptions').count(),
        sidebar: await page.locator('[data-region="sidebar"] c-health-intake-form').count(),
        footer: await page.locator('[data-region="footer"] c-session-timeout-guard').count()
      });
      expect(state.header === false ? await page.locator('header').count() : await shell()).toEqual(
        state.header === false
          ? 0
          : { icon: 1, badge: 'Preview · fake data', avatar: 'JP', content: 1, sidebar: 1, footer: 1 }
      );

      const png = await screenshot(page, state.name);
      const stats = await imageStats(page, png);
      expect(stats.width).toBe(1440);
      // Styled, not a blank or unstyled page: many colours, and SLDS's brand blue (button, links).
      expect(stats.colours).toBeGreaterThan(50);
      expect(stats.brandBluePixels).toBeGreaterThan(state.minBrandBlue ?? 200);

      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(opened.console.filter((line) => !state.expectedConsole?.test(line))).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
