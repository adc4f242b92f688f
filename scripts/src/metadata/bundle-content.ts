/**
 * The deployability layer for site bundles' content. An ExperienceBundle's pages and a
 * DigitalExperienceBundle's content items are JSON files beside the bundle's -meta.xml; the WSDL
 * types (and so @salesforce/types) describe only the -meta.xml. What the references state about
 * the JSON is checked here, each rule with its page:
 *
 * - resources sit in the documented folders, are JSON, and declare the type of their folder
 *   (ExperienceBundle: https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html);
 * - a route's view, app page and a view's app page exist, and a route's routeType matches its
 *   view's viewType ("This value must match the routeType value in the corresponding route":
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_digitalexperiencebundle_site.htm);
 * - the site config names existing app pages and routes, the main app page an existing theme, and
 *   each view's theme layout type is a layout of that theme
 *   (https://developer.salesforce.com/docs/atlas.en-us.communities_dev.meta/communities_dev/communities_dev_migrate_expbundle.htm);
 * - a page's access is the site default, Public or Requires Login
 *   (https://help.salesforce.com/apex/HTViewHelpDoc?id=community_builder_page_access_settings.htm);
 * - a custom component placed on a page exists in the project, is exposed with the
 *   lightningCommunity__Page target, and each attribute the page sets is a property of its
 *   lightningCommunity__Default targetConfig, of its type and within its min and max
 *   (https://developer.salesforce.com/docs/platform/lwc/guide/reference-configuration-tags.html);
 * - a DigitalExperienceBundle content item's content.json declares the type of its folder and
 *   every JSON file parses (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_digitalexperiencebundle_site.htm).
 *
 * Problems name the file, line and key, never a value from the file.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { metadataMsg as m } from '../messages/metadata';
import { lwcBundle, SITE_CONFIG_TARGET, SITE_PAGE_TARGET } from '../posture/lwc';
import type { LwcBundleFact } from '../posture/model';
import {
  keyLine,
  parseExperienceBundle,
  placedComponents,
  type BundleFile,
  type ExperienceBundleModel
} from '../posture/site-bundle';
import type { MetadataFile } from './resolve';
import type { MetadataProblem } from './validate';

export const BUNDLE_RULE_URLS = {
  folders:
    'https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html',
  references:
    'https://developer.salesforce.com/docs/atlas.en-us.communities_dev.meta/communities_dev/communities_dev_migrate_expbundle.htm',
  viewType:
    'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_digitalexperiencebundle_site.htm',
  pageAccess: 'https://help.salesforce.com/apex/HTViewHelpDoc?id=community_builder_page_access_settings.htm',
  components: 'https://developer.salesforce.com/docs/platform/lwc/guide/reference-configuration-tags.html'
} as const;

/** Page access values: the site's default (UseParent), Public, Requires Login. */
export const PAGE_ACCESS = ['UseParent', 'Public', 'RequiresLogin'] as const;

/** Files under a bundle folder (regular files only; a symlink is never followed), posix paths inside it. */
export function bundleFiles(dir: string): BundleFile[] {
  const out: BundleFile[] = [];
  const walk = (abs: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(abs, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(full, r);
      else if (e.isFile() && lstatSync(full).isFile())
        out.push({ path: r, text: readFileSync(full, 'utf8') });
    }
  };
  walk(dir, '');
  return out;
}

/** The folder holding an ExperienceBundle's resources: beside its meta file, named by the bundle. */
export const experienceBundleDir = (metaFile: string): string =>
  path.join(path.dirname(metaFile), path.basename(metaFile).replace(/\.site(-meta\.xml)?$/, ''));

/** Every LightningComponentBundle among the resolved files, by bundle name (the LWC reader's facts). */
export function lwcFactsOf(files: readonly MetadataFile[]): Map<string, LwcBundleFact> {
  const out = new Map<string, LwcBundleFact>();
  for (const f of files) {
    if (f.type !== 'LightningComponentBundle' || !f.file.endsWith('.js-meta.xml')) continue;
    const dir = path.dirname(f.file);
    const name = path.basename(f.file, '.js-meta.xml');
    const sources = ['.js', '.html'].flatMap((ext) => {
      const file = path.join(dir, `${name}${ext}`);
      try {
        return [{ file, text: readFileSync(file, 'utf8') }];
      } catch {
        return [];
      }
    });
    try {
      out.set(name, lwcBundle(name, { file: f.file, text: readFileSync(f.file, 'utf8') }, sources));
    } catch {
      // A configuration file that does not parse is the XML layer's problem, reported there.
    }
  }
  return out;
}

/** Validates the content of every ExperienceBundle and DigitalExperienceBundle among `files`. */
export function validateBundleContent(
  files: readonly MetadataFile[],
  relative: (file: string) => string
): { filesChecked: number; problems: MetadataProblem[] } {
  const problems: MetadataProblem[] = [];
  let filesChecked = 0;
  let lwcs: Map<string, LwcBundleFact> | undefined;
  for (const f of files) {
    if (f.type === 'ExperienceBundle') {
      const dir = experienceBundleDir(f.file);
      const content = bundleFiles(dir);
      filesChecked += content.length;
      const rel = relative(dir);
      const model = parseExperienceBundle(path.basename(dir), content, rel);
      problems.push(...experienceBundleProblems(model, content, (lwcs ??= lwcFactsOf(files)), rel));
    } else if (f.type === 'DigitalExperienceBundle') {
      const dir = path.dirname(f.file);
      const content = bundleFiles(dir).filter((c) => c.path.endsWith('.json'));
      filesChecked += content.length;
      problems.push(...digitalExperienceProblems(relative(dir), content));
    }
  }
  return { filesChecked, problems };
}

/** Problems of one ExperienceBundle: its resources' shape, their cross-references and the components placed. */
export function experienceBundleProblems(
  model: ExperienceBundleModel,
  content: BundleFile[],
  lwcs: ReadonlyMap<string, LwcBundleFact>,
  dir: string
): MetadataProblem[] {
  const out: MetadataProblem[] = [];
  const bundleDir = `${dir}/`;
  const texts = new Map(content.map((c) => [`${bundleDir}${c.path}`, c.text]));
  const text = (file: string) => texts.get(file) ?? '';
  const rule = (file: string, key: string, what: string, url: string, line?: number) =>
    out.push({
      file,
      line: line ?? keyLine(text(file), key) ?? 1,
      path: `${file.slice(bundleDir.length)}/${key}`,
      kind: 'rule',
      type: 'ExperienceBundle',
      message: m.kind.rule(what, url),
      url
    });

  for (const p of model.problems) {
    const url = BUNDLE_RULE_URLS.folders;
    out.push({
      file: p.file,
      line: p.line,
      path: p.file.slice(bundleDir.length),
      kind: p.kind,
      type: 'ExperienceBundle',
      message: p.kind === 'malformed' ? m.kind.malformedJson : m.kind.rule(p.message, url),
      url: p.kind === 'rule' ? url : undefined
    });
  }

  const appPages = new Set(model.appPages.map((p) => p.id));
  const routes = new Set(model.routes.map((r) => r.id));
  const c = model.config;
  if (c) {
    for (const key of ['mainAppPageId', 'loginAppPageId'] as const)
      if (!c[key] || !appPages.has(c[key]))
        rule(c.file, key, `${key} must name an app page of the bundle`, BUNDLE_RULE_URLS.references);
    for (const key of ['forgotPasswordRouteId', 'selfRegistrationRouteId'] as const)
      if (c[key] && !routes.has(c[key]))
        rule(c.file, key, `${key} must name a route of the bundle`, BUNDLE_RULE_URLS.references);
  } else if (model.files.length) {
    out.push({
      file: `${bundleDir}config`,
      path: 'config',
      kind: 'rule',
      type: 'ExperienceBundle',
      message: m.kind.rule(
        'the config folder must hold the site resource ("type": "site")',
        BUNDLE_RULE_URLS.references
      ),
      url: BUNDLE_RULE_URLS.references
    });
  }
  const themes = new Map(model.themes.map((t) => [t.id, t]));
  const main = model.appPages.find((p) => p.id === c?.mainAppPageId);
  if (main && (!main.currentThemeId || !themes.has(main.currentThemeId)))
    rule(
      main.file,
      'currentThemeId',
      'the main app page must name a theme of the bundle',
      BUNDLE_RULE_URLS.references
    );
  const theme = main?.currentThemeId ? themes.get(main.currentThemeId) : undefined;

  const views = new Map(model.views.map((v) => [v.id, v]));
  for (const r of model.routes) {
    if (!r.appPageId || !appPages.has(r.appPageId))
      rule(r.file, 'appPageId', 'a route must name an app page of the bundle', BUNDLE_RULE_URLS.references);
    const view = r.activeViewId ? views.get(r.activeViewId) : undefined;
    if (!view)
      rule(r.file, 'activeViewId', 'a route must name a view of the bundle', BUNDLE_RULE_URLS.references);
    else if (view.viewType !== r.routeType)
      rule(
        view.file,
        'viewType',
        "a view's viewType must match its route's routeType",
        BUNDLE_RULE_URLS.viewType
      );
    if (r.pageAccess !== undefined && !(PAGE_ACCESS as readonly string[]).includes(r.pageAccess))
      rule(
        r.file,
        'pageAccess',
        `pageAccess must be one of ${PAGE_ACCESS.join(', ')}`,
        BUNDLE_RULE_URLS.pageAccess
      );
  }
  for (const v of model.views) {
    if (!v.appPageId || !appPages.has(v.appPageId))
      rule(v.file, 'appPageId', 'a view must name an app page of the bundle', BUNDLE_RULE_URLS.references);
    if (theme && v.appPageId === main?.id && v.themeLayoutType && !(v.themeLayoutType in theme.layouts))
      rule(
        v.file,
        'themeLayoutType',
        "a view's themeLayoutType must be a layout of the site's theme",
        BUNDLE_RULE_URLS.references
      );
  }
  for (const t of model.themes)
    for (const [layout, id] of Object.entries(t.layouts))
      if (!t.views.some((v) => v.id === id))
        rule(
          t.file,
          layout,
          "a theme layout must name one of the theme's views",
          BUNDLE_RULE_URLS.references
        );

  for (const view of [...model.views, ...model.themes.flatMap((t) => t.views)]) {
    for (const cmp of placedComponents(view)) {
      if (!cmp.name.startsWith('c:')) continue;
      out.push(...componentProblems(cmp.name.slice(2), cmp.attributes, view.file, cmp.line, bundleDir, lwcs));
    }
  }
  return out;
}

function componentProblems(
  name: string,
  attributes: Record<string, unknown>,
  file: string,
  line: number | undefined,
  bundleDir: string,
  lwcs: ReadonlyMap<string, LwcBundleFact>
): MetadataProblem[] {
  const url = BUNDLE_RULE_URLS.components;
  const problem = (key: string, what: string): MetadataProblem => ({
    file,
    line: line ?? 1,
    path: `${file.slice(bundleDir.length)}/c:${name}${key ? `/${key}` : ''}`,
    kind: 'rule',
    type: 'ExperienceBundle',
    message: m.kind.rule(what, url),
    url
  });
  const lwc = lwcs.get(name);
  if (!lwc) return [problem('', 'a placed custom component must exist in the project (lwc/<name>)')];
  if (!lwc.exposed || !lwc.targets.includes(SITE_PAGE_TARGET))
    return [problem('', `a placed component must be exposed with the ${SITE_PAGE_TARGET} target`)];
  const out: MetadataProblem[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    const prop = lwc.siteProperties?.get(key);
    if (!prop) {
      out.push(problem(key, `not a property of the component's ${SITE_CONFIG_TARGET} targetConfig`));
      continue;
    }
    const type = (prop.type ?? 'String').toLowerCase();
    if (type === 'integer') {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : NaN;
      if (!Number.isInteger(n)) out.push(problem(key, 'an Integer property takes a whole number'));
      else if ((prop.min !== undefined && n < prop.min) || (prop.max !== undefined && n > prop.max))
        out.push(problem(key, `outside the property's range (${prop.min ?? '-'} to ${prop.max ?? '-'})`));
    } else if (type === 'boolean' && typeof value !== 'boolean' && value !== 'true' && value !== 'false') {
      out.push(problem(key, 'a Boolean property takes true or false'));
    }
  }
  return out;
}

/** DigitalExperienceBundle content: JSON that parses, and content.json of the type its folder names. */
function digitalExperienceProblems(dir: string, content: BundleFile[]): MetadataProblem[] {
  const url = BUNDLE_RULE_URLS.viewType;
  const out: MetadataProblem[] = [];
  for (const c of content) {
    const file = `${dir}/${c.path}`;
    let json: unknown;
    try {
      json = JSON.parse(c.text);
    } catch {
      out.push({
        file,
        path: c.path,
        kind: 'malformed',
        type: 'DigitalExperienceBundle',
        message: m.kind.malformedJson
      });
      continue;
    }
    const parts = c.path.split('/');
    const folder = parts.length >= 3 ? parts[parts.length - 3] : undefined;
    if (parts[parts.length - 1] !== 'content.json' || !folder?.startsWith('sfdc_cms__')) continue;
    const type = typeof json === 'object' && json ? (json as { type?: unknown }).type : undefined;
    if (type !== folder)
      out.push({
        file,
        line: keyLine(c.text, 'type') ?? 1,
        path: `${c.path}/type`,
        kind: 'rule',
        type: 'DigitalExperienceBundle',
        message: m.kind.rule('a content item declares the content type of its folder', url),
        url
      });
  }
  return out;
}
