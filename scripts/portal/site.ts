import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleFiles, experienceBundleDir } from '../src/metadata/bundle-content';
import { customComponents, networkFact, sitePages, type SitePage } from '../src/posture/site-facts';
import { parseExperienceBundle, type BundleComponent, type BundleView } from '../src/posture/site-bundle';
import { parseXml } from '../src/posture/xml';
import { recordOf } from '../src/posture/source/readers/site';
import { REPO_ROOT } from './paths';

/**
 * The preview is the site: this reads force-app's Network, its ExperienceBundle and its navigation
 * menu into the model the preview page renders (one page per route, with the same layout, theme
 * layout, regions and components, in the same order, with the attributes the site sets). Nothing
 * here is invented: what the site does not place, the preview does not show.
 */
export const FORCE_APP = path.join(REPO_ROOT, 'force-app', 'main', 'default');

export interface PreviewComponent {
  /** `c:patientPrescriptions`, `forceCommunity:richTextInline`, ... */
  name: string;
  /** Custom components: every attribute the page sets; platform ones: those the stand-in shows. */
  attributes: Record<string, unknown>;
  /** Plain text of a rich text block (tags removed): the preview shows words, never markup. */
  text?: string;
  children: PreviewComponent[];
}

export interface PreviewRegion {
  name: string;
  components: PreviewComponent[];
}

export interface PreviewPage {
  route: string;
  routeType: string;
  /** Path under the site's /s/: `/`, `/error`, `/login/`, `/login/ForgotPassword`. */
  path: string;
  app: 'main' | 'login';
  title: string;
  layout: string;
  regions: PreviewRegion[];
  themeLayout?: { component: string; regions: PreviewRegion[] };
  guestAccessible: boolean;
}

export interface PreviewSite {
  name: string;
  urlPathPrefix: string;
  menu: { label: string; target: string }[];
  pages: PreviewPage[];
  /** Every custom component (`c:` name without the prefix) any page places, for the bundle's imports. */
  components: string[];
}

const textOf = (html: unknown) =>
  typeof html === 'string'
    ? html
        .replace(/<br\s*\/?>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&nbsp;/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ')
        .trim()
    : undefined;

const PLATFORM_ATTRIBUTES = new Set([
  'title',
  'usernameLabel',
  'passwordLabel',
  'loginButtonLabel',
  'forgotPasswordLabel',
  'submitButtonLabel'
]);

function component(c: BundleComponent): PreviewComponent {
  const custom = c.name.startsWith('c:');
  const attributes = custom
    ? c.attributes
    : Object.fromEntries(Object.entries(c.attributes).filter(([k]) => PLATFORM_ATTRIBUTES.has(k)));
  return {
    name: c.name,
    attributes,
    text: textOf(c.attributes.richTextValue),
    children: c.children.map(component)
  };
}

const regions = (view: BundleView): PreviewRegion[] =>
  view.regions.map((r) => ({ name: r.name, components: r.components.map(component) }));

function pageOf(p: SitePage, loginApp: string | undefined): PreviewPage {
  const app = p.view.appPageId === loginApp ? 'login' : 'main';
  const prefix = p.route?.urlPrefix ?? '';
  const seo = p.components.find((c) => c.name === 'forceCommunity:seoAssistant');
  return {
    route: p.route?.devName ?? p.view.label ?? '',
    routeType: p.route?.routeType ?? p.view.viewType ?? '',
    path: app === 'login' ? `/login/${prefix}` : `/${prefix}`,
    app,
    title: (typeof seo?.attributes.title === 'string' && seo.attributes.title) || p.view.label || '',
    layout: p.view.layout ?? '',
    regions: regions(p.view),
    themeLayout: p.themeLayout
      ? { component: p.themeLayout.layout ?? '', regions: regions(p.themeLayout) }
      : undefined,
    guestAccessible: p.guestAccessible
  };
}

function networkFile(): string {
  const dir = path.join(FORCE_APP, 'networks');
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.network-meta.xml')) : undefined;
  if (!file)
    throw new Error('force-app has no Network (networks/*.network-meta.xml): the preview renders the site');
  return path.join(dir, file);
}

/** The site force-app ships, as the preview renders it. */
export function readSite(): PreviewSite {
  const file = networkFile();
  const name = path.basename(file, '.network-meta.xml');
  const rec = recordOf(parseXml(readFileSync(file, 'utf8')));
  const network = networkFact(name, rec, { file });
  if (!network.picassoSite) throw new Error(`Network ${name} names no ExperienceBundle (picassoSite)`);
  const dir = experienceBundleDir(
    path.join(FORCE_APP, 'experiences', `${network.picassoSite}.site-meta.xml`)
  );
  const model = parseExperienceBundle(network.picassoSite, bundleFiles(dir));
  const pages = sitePages(model);
  const menuDir = path.join(FORCE_APP, 'navigationMenus');
  const menu: PreviewSite['menu'] = [];
  for (const f of existsSync(menuDir) ? readdirSync(menuDir).sort() : []) {
    const m = recordOf(parseXml(readFileSync(path.join(menuDir, f), 'utf8')));
    if (m.container !== name) continue;
    const items = (Array.isArray(m.navigationMenuItem) ? m.navigationMenuItem : [m.navigationMenuItem])
      .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
      .sort((a, b) => Number(a.position) - Number(b.position));
    for (const i of items) menu.push({ label: String(i.label ?? ''), target: String(i.target ?? '/') });
  }
  return {
    name,
    urlPathPrefix: String(rec.urlPathPrefix ?? ''),
    menu,
    pages: pages.map((p) => pageOf(p, model.config?.loginAppPageId)),
    components: [...new Set(pages.flatMap((p) => customComponents(p).map((c) => c.name)))].sort()
  };
}
