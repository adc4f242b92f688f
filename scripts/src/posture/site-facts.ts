/**
 * Experience Cloud sites as posture facts, the same from source and from an org: a Network, the
 * CustomSite it names (guest profile, framing) and the ExperienceBundle holding its pages. And the
 * questions the site checks ask of them: which pages a guest reaches, which components each page
 * places (its view and its theme layout), which pages a signed-in patient reaches.
 *
 * - Network fields: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_network.htm
 * - CustomSite fields: https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-customsite.html
 * - Page access: the site default ("Guest users can see and interact with the site without logging
 *   in"), Public ("regardless of the site's default setting") or Requires Login:
 *   https://help.salesforce.com/apex/HTViewHelpDoc?id=community_builder_page_access_settings.htm
 * - Guests always reach an active site's login pages:
 *   https://help.salesforce.com/s/articleView?id=platform.networks_public_access.htm
 * - CspTrustedSite: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_cspTrustedSite.htm
 */
import {
  known,
  unknown,
  type CustomSiteFact,
  type Fact,
  type NetworkFact,
  type Provenance,
  type SiteFact,
  type SitePagesFact,
  type TrustedSiteFact
} from './model';
import {
  placedComponents,
  routeOfView,
  themeLayoutOf,
  type BundleComponent,
  type BundleRoute,
  type BundleView,
  type ExperienceBundleModel
} from './site-bundle';

/** A metadata record as both loaders see it: element or field name to text, boolean, object or list. */
export type SiteRecord = Record<string, unknown>;

const asBool = (v: unknown): boolean | undefined =>
  v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined;
const asStr = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const asList = (v: unknown): unknown[] =>
  v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v];
const asObj = (v: unknown): SiteRecord | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as SiteRecord) : undefined;

export function networkFact(
  name: string,
  r: SiteRecord,
  at: Provenance,
  lines: Record<string, number> = {}
): NetworkFact {
  const members = asList(r.networkMemberGroups)
    .map(asObj)
    .filter((x): x is SiteRecord => !!x);
  const names = (key: string) =>
    members
      .flatMap((m) => asList(m[key]))
      .map(asStr)
      .filter((x): x is string => !!x);
  return {
    name,
    selfRegistration: asBool(r.selfRegistration),
    guestChatter: asBool(r.enableGuestChatter),
    guestFileAccess: asBool(r.enableGuestFileAccess),
    guestMemberVisibility: asBool(r.enableGuestMemberVisibility),
    internalUserLogin: asBool(r.allowInternalUserLogin),
    apexCdnCaching: asBool(r.enableApexCDNCaching),
    status: asStr(r.status),
    site: asStr(r.site),
    picassoSite: asStr(r.picassoSite),
    memberProfiles: names('profile'),
    memberPermissionSets: names('permissionSet'),
    lines,
    at
  };
}

/** Standard pages a CustomSite can show to public users (each a boolean field). */
export const PUBLIC_STANDARD_PAGES = [
  'allowHomePage',
  'allowStandardSearch',
  'allowStandardLookups',
  'allowStandardIdeasPages',
  'allowStandardAnswersPages'
] as const;

export function customSiteFact(
  name: string,
  r: SiteRecord,
  at: Provenance,
  lines: Record<string, number> = {}
): CustomSiteFact {
  return {
    name,
    siteType: asStr(r.siteType),
    active: asBool(r.active),
    guestProfile: asStr(r.guestProfile),
    clickjackProtectionLevel: asStr(r.clickjackProtectionLevel),
    publicStandardPages: PUBLIC_STANDARD_PAGES.filter((k) => asBool(r[k]) === true),
    browserXssProtection: asBool(r.browserXssProtection),
    contentSniffingProtection: asBool(r.contentSniffingProtection),
    lines,
    at
  };
}

export function trustedSiteFact(name: string, r: SiteRecord, at: Provenance): TrustedSiteFact {
  return {
    name,
    endpointUrl: asStr(r.endpointUrl),
    context: asStr(r.context),
    active: asBool(r.isActive) !== false,
    at
  };
}

/** Trusted sites apply to Experience Cloud sites in the All and Communities contexts (absent: All). */
export const appliesToSites = (t: TrustedSiteFact) =>
  t.active && (!t.context || t.context === 'All' || t.context === 'Communities');

/**
 * Joins the parts into sites: each Network with the CustomSite and the ExperienceBundle it names;
 * a CustomSite no Network names is a site of its own (a Visualforce site has a guest user too).
 * A part the Network names but nobody supplied is Unknown with `missing(part)`'s reason.
 */
export function assembleSites(
  networks: readonly NetworkFact[],
  customSites: ReadonlyMap<string, Fact<CustomSiteFact>>,
  bundles: ReadonlyMap<string, Fact<SitePagesFact>>,
  missing: (kind: 'CustomSite' | 'ExperienceBundle', name: string, network: string) => string
): SiteFact[] {
  const out: SiteFact[] = [];
  const used = new Set<string>();
  for (const n of networks) {
    const site: SiteFact = { name: n.name, network: n, at: n.at };
    if (n.site) {
      used.add(n.site);
      site.customSite = customSites.get(n.site) ?? unknown('missing', missing('CustomSite', n.site, n.name));
    } else site.customSite = unknown('missing', missing('CustomSite', '(none named)', n.name));
    const visualforce = site.customSite.known && site.customSite.value.siteType === 'Visualforce';
    if (n.picassoSite)
      site.pages =
        bundles.get(n.picassoSite) ?? unknown('missing', missing('ExperienceBundle', n.picassoSite, n.name));
    else if (!visualforce)
      site.pages = unknown('missing', missing('ExperienceBundle', '(none named)', n.name));
    out.push(site);
  }
  for (const [name, cs] of customSites) {
    if (used.has(name)) continue;
    out.push({ name, customSite: cs, at: cs.known ? cs.value.at : { file: name } });
  }
  return out;
}

/** One page of a site: its route, its view, the theme layout around it and what it places. */
export interface SitePage {
  route?: BundleRoute;
  view: BundleView;
  themeLayout?: BundleView;
  /** Every component the page shows: the view's and its theme layout's. */
  components: BundleComponent[];
  /** A page of the login app page (login, forgot password, ...): always open to guests. */
  login: boolean;
  /** Served while the site is down, without a session (configurationTags allow-in-static-site). */
  staticPage: boolean;
  /** A guest (not signed in) reaches it. */
  guestAccessible: boolean;
  /** Why a guest reaches it, for the finding. */
  guestReason?: 'login' | 'public' | 'site-default' | 'static';
}

export function sitePages(model: ExperienceBundleModel): SitePage[] {
  const config = model.config;
  return model.views.map((view) => {
    const route = routeOfView(model, view);
    const themeLayout = themeLayoutOf(model, view);
    const login =
      !!config?.loginAppPageId &&
      (view.appPageId === config.loginAppPageId || route?.appPageId === config.loginAppPageId);
    const staticPage = !!route?.tags.includes('allow-in-static-site');
    // Fail closed: a site whose default is not known to require login counts as open to guests.
    const siteOpen = config?.isAvailableToGuests !== false;
    const guestReason: SitePage['guestReason'] = login
      ? 'login'
      : route?.pageAccess === 'Public'
        ? 'public'
        : staticPage
          ? 'static'
          : route?.pageAccess !== 'RequiresLogin' && siteOpen
            ? 'site-default'
            : undefined;
    return {
      route,
      view,
      themeLayout,
      components: [...placedComponents(view), ...(themeLayout ? placedComponents(themeLayout) : [])],
      login,
      staticPage,
      guestAccessible: guestReason !== undefined,
      guestReason
    };
  });
}

/** The pages a signed-in member reaches: the main app page's, except static pages. */
export const memberPages = (model: ExperienceBundleModel, pages = sitePages(model)) =>
  pages.filter((p) => !p.login && !p.staticPage && p.view.appPageId === model.config?.mainAppPageId);

/** Names of the custom components (`c:name`) a page places. */
export const customComponents = (p: SitePage): { name: string; component: BundleComponent }[] =>
  p.components.filter((c) => c.name.startsWith('c:')).map((c) => ({ name: c.name.slice(2), component: c }));

/** Known site pages, for readers that hold a model. */
export const pagesFact = (bundle: ExperienceBundleModel, at: Provenance): Fact<SitePagesFact> =>
  known({ bundle, at }, at);
