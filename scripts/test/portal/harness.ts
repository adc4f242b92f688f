import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../portal/paths';
import { readLabels } from '../../portal/fixtures';
import { MISSING_ICON } from '../../portal/icons';
import { startPortalServer, type PortalServer } from '../../portal/server';
import { MARKER_WAIT_MS, waitForMarker } from './marker';

/** Shared set-up for the browser tests: one server per file, one browser per run (global-setup.ts). */

const LABELS = readLabels(REPO_ROOT);

/** A custom label's real value; unknown names fail the test rather than match nothing. */
export function label(name: string): string {
  const value = LABELS.get(name);
  if (value === undefined) throw new Error(`no custom label ${name}`);
  return value;
}

/** Screenshots land here (git-ignored); README's docs/img/portal-preview.png is one of them. */
export const ARTIFACTS = path.join(REPO_ROOT, '.phi-guard', 'artifacts', 'portal');

export const VIEWPORT = { width: 1440, height: 900 };

/** The three sizes the portal must work at: a phone, a tablet and a desktop. */
export const SIZES = [
  { name: 'phone', width: 375, height: 812 },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'desktop', width: 1440, height: 900 }
] as const;

export interface Portal {
  browser: Browser;
  server: PortalServer;
  /** The file's reusable pages, one per viewport and touch setting (openPortal's `reuse`). */
  shared: Map<string, SharedPage>;
  /** What global-setup.ts reported: the compiler's warnings and the icons the bundle holds. */
  build: { warnings: string[]; icons: string[] };
}

/** Every page opened in the running test, with its console lines (see the afterEach in usePortal). */
const openedInTest: OpenedPage[] = [];

/**
 * Registers beforeAll/afterAll that wait for the run's bundle and browser (global-setup.ts, marker.ts), connect to
 * the browser and serve the bundle; and an afterEach that fails any test whose pages asked for an icon the build
 * left out (scripts/portal/icons.ts: the page logs it as a console error).
 */
export function usePortal(): Portal {
  const portal = { shared: new Map() } as unknown as Portal;
  beforeAll(async () => {
    const bundle = process.env.PHI_GUARD_PORTAL_BUNDLE;
    // Fail closed: without the global set-up there is nothing to test.
    if (!bundle) throw new Error('portal global set-up did not run (jest project "portal")');
    const marker = await waitForMarker(bundle);
    portal.build = { warnings: marker.warnings, icons: marker.icons };
    portal.browser = await chromium.connect(marker.ws);
    portal.server = await startPortalServer(bundle);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, MARKER_WAIT_MS + 30_000);
  afterEach(() => {
    const missing = openedInTest.flatMap((o) => o.console).filter((line) => line.includes(MISSING_ICON));
    openedInTest.length = 0;
    expect(missing).toEqual([]);
  });
  afterAll(async () => {
    for (const slot of portal.shared.values()) await slot.context.close();
    await portal.server?.close();
    await portal.browser?.close();
  });
  return portal;
}

export interface OpenOptions {
  /** Install Playwright's fake clock before the page loads (timers, Date). */
  clock?: boolean;
  /** Viewport (default VIEWPORT) and touch input (Playwright hasTouch). */
  viewport?: { width: number; height: number };
  hasTouch?: boolean;
  /** Site path to open (default `/`, the home page); `/s/login/?signedOut=1` is the signed-out page. */
  path?: string;
  /** What to wait for once loaded (default: the home page's health questions form). */
  ready?: string;
  /** Remove BroadcastChannel before any page script runs (the storage-event fallback). */
  noBroadcastChannel?: boolean;
  context?: BrowserContext;
  /**
   * Open in the file's reusable page for this viewport and touch setting instead of a new context, for tests whose
   * point is not a fresh browser profile: a new context starts a renderer process (about 0.3 CPU-s a page here),
   * a navigation in the same page does not. Each use starts from a fresh document with no cookies and empty web
   * storage, and `close()` ends the document (about:blank). Not with a fake clock or init scripts, which belong
   * to a context.
   */
  reuse?: boolean;
}

interface SharedPage {
  /** The preview server's URL: the only origin whose storage the site uses. */
  origin: string;
  context: BrowserContext;
  page: Page;
  /** The lines and requests of the test using the page now. */
  current: { console: string[]; requests: string[] };
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Closes the page's context, or for a reused page ends its document and clears its storage. */
  close(): Promise<void>;
  /** Every console message and page error, as text. */
  console: string[];
  /** Every URL the page requested. */
  requests: string[];
}

export const START_TIME = new Date('2026-11-26T10:00:00Z');

export async function newPortalContext(portal: Portal, options: OpenOptions = {}): Promise<BrowserContext> {
  const context = await portal.browser.newContext({
    viewport: options.viewport ?? VIEWPORT,
    hasTouch: options.hasTouch ?? false
  });
  if (options.clock) await context.clock.install({ time: START_TIME });
  if (options.noBroadcastChannel) {
    await context.addInitScript({ content: 'delete window.BroadcastChannel;' });
  }
  return context;
}

/**
 * Stops the page's installed fake clock and marks the patient active at that instant, so idle time counts from a
 * known moment. Once installed, Playwright's clock keeps running with wall time until it is paused ("let the page
 * load naturally", then pauseAt: https://playwright.dev/docs/clock), so without this the seconds a busy machine
 * spends between loading the page and the first runFor count as idle time, and a 13-minute warning shows at 12:59.
 * From here on only runFor moves time. The key press (Shift, which types nothing) is a keydown, an activity event
 * of sessionTimeoutGuard, which restarts its timers at the paused instant.
 */
export async function holdClock(page: Page): Promise<void> {
  const now = (await page.evaluate('Date.now()')) as number;
  // pauseAt only moves forward; the margin covers the wall time between reading the clock and pausing it.
  await page.clock.pauseAt(now + 5000);
  await page.keyboard.press('Shift');
}

/** Opens the preview with a query string (see scripts/portal/fixtures.ts) and waits for the shell. */
export async function openPortal(portal: Portal, query = '', options: OpenOptions = {}): Promise<OpenedPage> {
  let opened: OpenedPage;
  if (options.reuse) {
    if (options.clock || options.noBroadcastChannel || options.context) {
      throw new Error('a reused page has no fake clock, init script or context of its own');
    }
    const slot = await sharedPage(portal, options);
    slot.current = { console: [], requests: [] };
    opened = { context: slot.context, page: slot.page, ...slot.current, close: () => endShared(slot) };
  } else {
    const context = options.context ?? (await newPortalContext(portal, options));
    const page = await context.newPage();
    const current = { console: [] as string[], requests: [] as string[] };
    listen(page, () => current);
    opened = { context, page, ...current, close: () => context.close() };
  }
  openedInTest.push(opened);
  const target = new URL(options.path ?? '/', portal.server.url);
  if (query) target.search = query;
  await opened.page.goto(target.toString());
  await opened.page.locator(options.ready ?? 'c-health-intake-form article').waitFor();
  return opened;
}

/** Records every console message, page error and request of the page into the current test's lists. */
function listen(page: Page, current: () => { console: string[]; requests: string[] }): void {
  page.on('console', (m) => current().console.push(m.text()));
  page.on('pageerror', (e) => current().console.push(`pageerror: ${e.message}`));
  page.on('request', (r) => current().requests.push(r.url()));
}

async function sharedPage(portal: Portal, options: OpenOptions): Promise<SharedPage> {
  const key = JSON.stringify([options.viewport ?? VIEWPORT, options.hasTouch ?? false]);
  let slot = portal.shared.get(key);
  if (!slot) {
    const context = await newPortalContext(portal, {
      viewport: options.viewport,
      hasTouch: options.hasTouch
    });
    const page = await context.newPage();
    const created: SharedPage = {
      origin: portal.server.url,
      context,
      page,
      current: { console: [], requests: [] }
    };
    listen(page, () => created.current);
    portal.shared.set(key, created);
    slot = created;
  }
  return slot;
}

/** Ends the reused page's document (its timers and scripts with it) and clears what the site stored. */
async function endShared(slot: SharedPage): Promise<void> {
  // A test can end mid-navigation (a sign-out's redirect): the document it lands on is the one to clear.
  await slot.page.waitForLoadState();
  if (slot.page.url().startsWith(slot.origin)) {
    await slot.page.evaluate('localStorage.clear(); sessionStorage.clear()');
  }
  await slot.context.clearCookies();
  await slot.page.goto('about:blank');
  // The mouse where a new page's starts (Playwright: 0,0), so no hover carries over into the next screenshot.
  await slot.page.mouse.move(0, 0);
}

/**
 * Decodes a PNG data URL in the browser and counts its colours (5 bits a channel) and the pixels
 * of SLDS's brand blue (#0176d3 and neighbours: brand buttons, links). Browser code, as a string:
 * the TypeScript here has no DOM types.
 */
const IMAGE_STATS = `async (dataUrl) => {
  const img = new Image();
  img.src = dataUrl;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  const colours = new Set();
  let brandBluePixels = 0;
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i], g = data[i + 1], b = data[i + 2];
    colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    if (b > 180 && r < 40 && g > 90 && g < 150) brandBluePixels += 1;
  }
  return { width: img.width, height: img.height, colours: colours.size, brandBluePixels };
}`;

export interface ImageStats {
  width: number;
  height: number;
  colours: number;
  brandBluePixels: number;
}

/**
 * Colour statistics of a PNG, decoded by the browser itself (no image library needed), in the page that took it:
 * the decode touches no document node (a detached image and canvas), and the page's CSP allows data: images.
 */
export async function imageStats(page: Page, png: Buffer): Promise<ImageStats> {
  return (await page.evaluate(
    `(${IMAGE_STATS})(${JSON.stringify(`data:image/png;base64,${png.toString('base64')}`)})`
  )) as ImageStats;
}

/**
 * axe-core, minified, from the copy @axe-core/playwright depends on (the same rules engine and version). It is run
 * with its own API (https://github.com/dequelabs/axe-core/blob/develop/doc/API.md, axe.run) rather than through
 * AxeBuilder.analyze(), which evaluated the unminified 1.2 MB source twice per audit, ran axe.finishRun in a second,
 * blank page, and sent back every passing node: about 2.5 s an audit here against 1 s.
 */
const AXE_SOURCE = readFileSync(
  createRequire(require.resolve('@axe-core/playwright')).resolve('axe-core/axe.min.js'),
  'utf8'
);

interface AxeViolation {
  id: string;
  impact?: string | null;
  nodes: { target: unknown[] }[];
}

/**
 * axe's serious and critical violations on the page, one line each (rule and targets). axe.run audits the document
 * and its same-origin frames; the portal page has no frame at all (asserted), so nothing is left out.
 * `resultTypes: ['violations']` only trims the passes, incomplete and inapplicable lists to one node per rule
 * (API.md, "resultTypes"; "it will only truncate them": https://github.com/dequelabs/axe-core/issues/1183):
 * every violation and all its nodes are still reported.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  expect(page.frames().map((f) => f.url())).toEqual([page.url()]);
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)"
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Saves a screenshot of the page to the artifacts folder and returns its bytes. */
export async function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Whether the element the locator points to has the browser's real focus. */
export async function hasFocus(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => el.matches(':focus'));
}

export interface DomOccurrences {
  /** Text nodes holding the value, anywhere in the page. */
  textNodes: number;
  /** Of those, the ones directly inside a revealed field (phiMaskedValue's .phi-clear). */
  inRevealedField: number;
  /** Attributes (name or value) holding it. */
  attributes: string[];
}

/**
 * Where a value occurs in the real DOM tree. A TreeWalker walks the tree natively, so component
 * internals are seen whatever synthetic shadow's patched accessors hide. Browser code as a string.
 */
export async function domOccurrences(page: Page, value: string): Promise<DomOccurrences> {
  return (await page.evaluate(`((value) => {
    const out = { textNodes: 0, inRevealedField: 0, attributes: [] };
    const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.currentNode; node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (node.data.includes(value)) {
          out.textNodes += 1;
          if (node.parentNode && node.parentNode.classList && node.parentNode.classList.contains('phi-clear')) out.inRevealedField += 1;
        }
      } else {
        for (const a of node.attributes) {
          if (a.name.includes(value) || a.value.includes(value)) out.attributes.push(a.name);
        }
      }
    }
    return out;
  })(${JSON.stringify(value)})`)) as DomOccurrences;
}
