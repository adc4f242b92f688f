import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../portal/paths';
import { openPortal, usePortal } from './harness';

/**
 * The preview is the site: every page the site's ExperienceBundle defines is served under its path,
 * with the page layout's regions and, in each region, the components the site places there, in the
 * same order. The expectations are read here from the bundle's JSON files, not from the preview's
 * own reader (scripts/portal/site.ts), so the two cannot agree by sharing a mistake.
 */

const portal = usePortal();

const BUNDLE = path.join(REPO_ROOT, 'force-app/main/default/experiences/Patient_Portal1');
type Json = Record<string, unknown>;
const readDir = (dir: string): Json[] =>
  readdirSync(path.join(BUNDLE, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(BUNDLE, dir, f), 'utf8')) as Json);

const config = readDir('config').find((c) => c.type === 'site')!;
const views = new Map(readDir('views').map((v) => [v.id as string, v]));
const routes = readDir('routes');

interface Expected {
  route: string;
  path: string;
  regions: { name: string; components: string[] }[];
}

/** Aura site paths: main app pages under /s/<urlPrefix>, login app pages under /s/login/<urlPrefix>. */
const EXPECTED: Expected[] = routes.map((r) => {
  const view = views.get(r.activeViewId as string)!;
  const login = r.appPageId === config.loginAppPageId;
  const regions = (view.regions as Json[])
    .filter((g) => g.regionName !== 'sfdcHiddenRegion')
    .map((g) => ({
      name: g.regionName as string,
      components: ((g.components as Json[] | undefined) ?? [])
        .map((c) => c.componentName as string)
        .filter((n) => n !== 'forceCommunity:seoAssistant' && n !== 'forceCommunity:autoRefresh')
    }));
  return {
    route: r.devName as string,
    path: `/s${login ? '/login' : ''}/${r.urlPrefix as string}`,
    regions
  };
});

describe('the preview renders the site metadata', () => {
  it('the bundle defines the pages the issue names', () => {
    const home = EXPECTED.find((e) => e.route === 'Home')!;
    const placed = home.regions.flatMap((r) => r.components);
    expect(placed).toEqual(
      expect.arrayContaining(['c:patientPrescriptions', 'c:healthIntakeForm', 'c:sessionTimeoutGuard'])
    );
    expect(EXPECTED.map((e) => e.route)).toEqual(expect.arrayContaining(['Home', 'Login', 'Error']));
  });

  it.each(EXPECTED)('$route ($path): the same regions and components, in order', async (e) => {
    const { close, page } = await openPortal(portal, '', { path: e.path, ready: 'main', reuse: true });
    try {
      // The real DOM, walked natively: synthetic shadow hides component internals from querySelectorAll.
      const read = async () =>
        (await page.evaluate(`(() => {
          const regions = [];
          const byEl = new Map();
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
          for (let el = walker.currentNode; el; el = walker.nextNode()) {
            if (el.hasAttribute && el.hasAttribute('data-region')) {
              const r = { name: el.getAttribute('data-region'), components: [] };
              regions.push(r);
              byEl.set(el, r);
            } else if (el.hasAttribute && el.hasAttribute('data-component')) {
              let p = el.parentElement;
              while (p && !byEl.has(p)) p = p.parentElement;
              if (p) byEl.get(p).components.push(el.getAttribute('data-component'));
            }
          }
          return regions;
        })()`)) as { name: string; components: string[] }[];
      const want = e.regions.reduce((sum, r) => sum + r.components.length, 0);
      let rendered = await read();
      for (let i = 0; i < 50 && rendered.reduce((s, r) => s + r.components.length, 0) < want; i++) {
        await page.waitForTimeout(100);
        rendered = await read();
      }
      expect(rendered).toEqual(e.regions);
    } finally {
      await close();
    }
  });

  it('sets each placed component to the attributes the site gives it', async () => {
    const home = [...views.values()].find((v) => v.viewType === 'home')!;
    const placed = (home.regions as Json[])
      .flatMap((g) => (g.components as Json[] | undefined) ?? [])
      .filter((c) => (c.componentName as string).startsWith('c:'));
    const { close, page } = await openPortal(portal, 'rx=empty', { reuse: true });
    try {
      for (const c of placed) {
        const tag = `c-${(c.componentName as string).slice(2).replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`)}`;
        for (const [key, value] of Object.entries(c.componentAttributes as Json)) {
          expect([tag, key, await page.locator(tag).evaluate((el, k) => (el as never)[k], key)]).toEqual([
            tag,
            key,
            value
          ]);
        }
      }
    } finally {
      await close();
    }
  });

  it('an unknown path shows the site error page, inside the same theme', async () => {
    const { close, page } = await openPortal(portal, '', {
      path: '/s/no-such-page',
      ready: 'main',
      reuse: true
    });
    try {
      expect(await page.locator('.portal').getAttribute('data-page')).toBe('Error');
      expect(await page.locator('header nav a').innerText()).toBe('My health');
    } finally {
      await close();
    }
  });
});
