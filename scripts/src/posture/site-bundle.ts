/**
 * An Aura site's pages as data: the JSON resources of an ExperienceBundle (config, routes, views,
 * themes, branding sets) read into one model. The deployability layer validates it, the source
 * and org loaders judge it (which pages a guest reaches, which components each page places), and
 * the portal preview renders it, so all of them read the site the same way.
 *
 * ExperienceBundle (resource folders brandingSets, config, routes, themes, variations, views; JSON):
 * https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html
 * What each folder's files hold (routes: a page's URL and access; views: its layout and components;
 * config: public access, the main and login app pages):
 * https://developer.salesforce.com/docs/atlas.en-us.communities_dev.meta/communities_dev/communities_dev_migrate_expbundle.htm
 * The JSON shape (keys such as routeType, activeViewId, pageAccess, regions, componentAttributes) is the one
 * retrieved, deployable bundles carry (trailheadapps/ebikes-lwc, experiences/E_Bikes1, deployed by its CI).
 *
 * Never copies a value from a file into a problem: attributes can hold text an admin typed.
 */
import { jsonErrorOffset, lineOf } from './source/json-file';

/** The resource folders the reference lists for an ExperienceBundle. */
export const BUNDLE_FOLDERS = ['brandingSets', 'config', 'routes', 'themes', 'variations', 'views'] as const;

/** The `type` each folder's files declare (config holds several kinds of resource). */
const FOLDER_TYPES: Record<string, readonly string[] | undefined> = {
  brandingSets: ['brandingSet'],
  config: ['site', 'appPage', 'languageContainer', 'nativeConfig'],
  routes: ['route'],
  themes: ['theme'],
  views: ['view'],
  variations: undefined
};

export interface BundleFile {
  /** Path inside the bundle folder, posix (`routes/home.json`). */
  path: string;
  text: string;
}

export interface BundleComponent {
  id?: string;
  /** `c:patientPrescriptions`, `forceCommunity:richTextInline`, ... */
  name: string;
  attributes: Record<string, unknown>;
  /** The top-level region of the view or theme layout the component sits in. */
  region: string;
  line?: number;
  /** Components placed in this component's own regions (a theme header's menu, a section's columns). */
  children: BundleComponent[];
}

export interface BundleRegion {
  name: string;
  components: BundleComponent[];
}

export interface BundleView {
  id?: string;
  file: string;
  label?: string;
  /** The layout component (`siteforce:sldsOneColLayout`, ...). */
  layout?: string;
  themeLayoutType?: string;
  viewType?: string;
  appPageId?: string;
  regions: BundleRegion[];
  line?: number;
}

export interface BundleRoute {
  id?: string;
  file: string;
  devName?: string;
  label?: string;
  routeType?: string;
  urlPrefix?: string;
  /** Public, UseParent (the site's default) or RequiresLogin; absent on login-app routes. */
  pageAccess?: string;
  appPageId?: string;
  activeViewId?: string;
  tags: string[];
  line?: number;
}

export interface BundleAppPage {
  id?: string;
  file: string;
  label?: string;
  templateName?: string;
  currentThemeId?: string;
  headMarkup?: string;
  isLockerServiceEnabled?: boolean;
  /** false: Strict CSP; true: Relaxed CSP (inline scripts and allowed hosts). */
  isRelaxedCSPLevel?: boolean;
  lines: Record<string, number>;
}

export interface BundleSiteConfig {
  file: string;
  /** "Guest users can see and interact with the site without logging in". */
  isAvailableToGuests?: boolean;
  mainAppPageId?: string;
  loginAppPageId?: string;
  selfRegistrationRouteId?: string;
  forgotPasswordRouteId?: string;
  lines: Record<string, number>;
}

export interface BundleTheme {
  id?: string;
  file: string;
  activeBrandingSetId?: string;
  /** Theme layout type (Home, Inner, Login, ...) to the id of one of `views`. */
  layouts: Record<string, string>;
  /** The theme layouts themselves, with their regions. */
  views: BundleView[];
}

export interface BundleProblem {
  file: string;
  line?: number;
  kind: 'malformed' | 'rule';
  message: string;
}

export interface ExperienceBundleModel {
  /** Bundle (site) name: the folder name. */
  name: string;
  files: string[];
  config?: BundleSiteConfig;
  appPages: BundleAppPage[];
  routes: BundleRoute[];
  views: BundleView[];
  themes: BundleTheme[];
  brandingSets: { id?: string; file: string }[];
  problems: BundleProblem[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** Line of a key in a JSON text (`"key"` followed by a colon), for problems and provenance. */
export function keyLine(text: string, key: string): number | undefined {
  const m = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`).exec(text);
  return m ? text.slice(0, m.index).split('\n').length : undefined;
}

function lines(text: string, obj: Json): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(obj)) {
    const l = keyLine(text, k);
    if (l) out[k] = l;
  }
  return out;
}

/** Components of a region (and of their own regions), each knowing the top-level region it sits in. */
function components(list: unknown, region: string, text: string): BundleComponent[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObj).map((c) => {
    const id = str(c.id);
    return {
      id,
      name: str(c.componentName) ?? '',
      attributes: isObj(c.componentAttributes) ? c.componentAttributes : {},
      region,
      line: id ? lineOf(text, `"${id}"`) : undefined,
      children: (Array.isArray(c.regions) ? c.regions : [])
        .filter(isObj)
        .flatMap((r) => components(r.components, region, text))
    };
  });
}

function regions(list: unknown, text: string): BundleRegion[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObj).map((r) => {
    const name = str(r.regionName) ?? '';
    return { name, components: components(r.components, name, text) };
  });
}

function viewOf(v: Json, file: string, text: string): BundleView {
  return {
    id: str(v.id),
    file,
    label: str(v.label),
    layout: str(v.componentName),
    themeLayoutType: str(v.themeLayoutType),
    viewType: str(v.viewType),
    appPageId: str(v.appPageId),
    regions: regions(v.regions, text),
    line: keyLine(text, 'componentName')
  };
}

/** Every component a view places, in its regions and nested in other components. */
export function placedComponents(view: Pick<BundleView, 'regions'>): BundleComponent[] {
  const out: BundleComponent[] = [];
  const walk = (cs: BundleComponent[]) => {
    for (const c of cs) {
      out.push(c);
      walk(c.children);
    }
  };
  for (const r of view.regions) walk(r.components);
  return out;
}

/**
 * Reads a bundle's resources. `bundleFile` names the bundle in problems (a project-relative
 * folder, or an API name); each problem names the resource file and line.
 */
export function parseExperienceBundle(
  name: string,
  files: BundleFile[],
  bundleFile = name
): ExperienceBundleModel {
  const model: ExperienceBundleModel = {
    name,
    files: [],
    appPages: [],
    routes: [],
    views: [],
    themes: [],
    brandingSets: [],
    problems: []
  };
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const file = `${bundleFile}/${f.path}`;
    model.files.push(file);
    const [folder, ...rest] = f.path.split('/');
    if (!folder || !rest.length || !(BUNDLE_FOLDERS as readonly string[]).includes(folder)) {
      model.problems.push({ file, kind: 'rule', message: 'not in a resource folder' });
      continue;
    }
    if (!f.path.endsWith('.json')) {
      model.problems.push({ file, kind: 'rule', message: 'not a .json resource' });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(f.text);
    } catch {
      const at = jsonErrorOffset(f.text);
      model.problems.push({
        file,
        line: f.text.slice(0, at).split('\n').length,
        kind: 'malformed',
        message: 'not valid JSON'
      });
      continue;
    }
    if (!isObj(json)) {
      model.problems.push({ file, line: 1, kind: 'rule', message: 'a resource is a JSON object' });
      continue;
    }
    const type = str(json.type);
    const allowed = FOLDER_TYPES[folder];
    if (allowed && (!type || !allowed.includes(type))) {
      model.problems.push({
        file,
        line: keyLine(f.text, 'type') ?? 1,
        kind: 'rule',
        message: `"type" must be ${allowed.join(' or ')} in ${folder}/`
      });
      continue;
    }
    read(model, type, json, file, f.text);
  }
  return model;
}

function read(
  model: ExperienceBundleModel,
  type: string | undefined,
  json: Json,
  file: string,
  text: string
) {
  switch (type) {
    case 'site':
      model.config = {
        file,
        isAvailableToGuests: bool(json.isAvailableToGuests),
        mainAppPageId: str(json.mainAppPageId),
        loginAppPageId: str(json.loginAppPageId),
        selfRegistrationRouteId: str(json.selfRegistrationRouteId),
        forgotPasswordRouteId: str(json.forgotPasswordRouteId),
        lines: lines(text, json)
      };
      break;
    case 'appPage':
      model.appPages.push({
        id: str(json.id),
        file,
        label: str(json.label),
        templateName: str(json.templateName),
        currentThemeId: str(json.currentThemeId),
        headMarkup: str(json.headMarkup),
        isLockerServiceEnabled: bool(json.isLockerServiceEnabled),
        isRelaxedCSPLevel: bool(json.isRelaxedCSPLevel),
        lines: lines(text, json)
      });
      break;
    case 'route':
      model.routes.push({
        id: str(json.id),
        file,
        devName: str(json.devName),
        label: str(json.label),
        routeType: str(json.routeType),
        urlPrefix: str(json.urlPrefix),
        pageAccess: str(json.pageAccess),
        appPageId: str(json.appPageId),
        activeViewId: str(json.activeViewId),
        tags: Array.isArray(json.configurationTags)
          ? json.configurationTags.filter((t): t is string => typeof t === 'string')
          : [],
        line: keyLine(text, 'routeType')
      });
      break;
    case 'view':
      model.views.push(viewOf(json, file, text));
      break;
    case 'theme':
      model.themes.push({
        id: str(json.id),
        file,
        activeBrandingSetId: str(json.activeBrandingSetId),
        layouts: isObj(json.layouts)
          ? Object.fromEntries(
              Object.entries(json.layouts).filter((e): e is [string, string] => typeof e[1] === 'string')
            )
          : {},
        views: (Array.isArray(json.views) ? json.views : []).filter(isObj).map((v) => viewOf(v, file, text))
      });
      break;
    case 'brandingSet':
      model.brandingSets.push({ id: str(json.id), file });
      break;
    default:
      break;
  }
}

/** The route whose active view is `view`, if any. */
export const routeOfView = (model: ExperienceBundleModel, view: BundleView): BundleRoute | undefined =>
  model.routes.find((r) => r.activeViewId !== undefined && r.activeViewId === view.id);

/** The view a route shows, if any. */
export const viewOfRoute = (model: ExperienceBundleModel, route: BundleRoute): BundleView | undefined =>
  model.views.find((v) => v.id !== undefined && v.id === route.activeViewId);

/** The theme layout (with its regions) a view is shown in: the main app page's theme, by layout type. */
export function themeLayoutOf(model: ExperienceBundleModel, view: BundleView): BundleView | undefined {
  const page = model.appPages.find((p) => p.id === model.config?.mainAppPageId);
  const theme = model.themes.find((t) => t.id === page?.currentThemeId) ?? model.themes[0];
  const id = view.themeLayoutType ? theme?.layouts[view.themeLayoutType] : undefined;
  return theme?.views.find((v) => v.id === id);
}
