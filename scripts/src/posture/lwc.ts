import type { AccessGrantFact, LwcBundleFact, LwcProperty, Provenance } from './model';
import { personaOf } from './personas';
import { children, parseXml, text, type XmlNode } from './xml';

/**
 * Lightning web components and the Apex they call: reading a bundle's files, deciding which personas use
 * a component, and whether each persona holds the class access its Apex imports need. Shared by the
 * source loader (LWC-001 in verify) and the platform-rule layer (npm test and the deploy gate).
 *
 * The platform rule: "An authenticated or guest user can access an @AuraEnabled Apex method only when the
 * user's profile or an assigned permission set allows access to the Apex class"
 * (https://developer.salesforce.com/docs/atlas.en-us.lightning.meta/lightning/apex_grant_permission.htm;
 * "Class Security", https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_security.htm:
 * for a Lightning web component, security is verified for the class it calls). System.runAs in an Apex
 * test does not check class access, so only the grants show it.
 *
 * The site checks and the bundle validation read the same facts (one reader for both), plus what an
 * Experience Builder page may set on a component: the properties of its lightningCommunity__Default
 * targetConfig (https://developer.salesforce.com/docs/platform/lwc/guide/reference-configuration-tags.html).
 */

export const APEX_GRANT_URL =
  'https://developer.salesforce.com/docs/atlas.en-us.lightning.meta/lightning/apex_grant_permission.htm';

/** Experience Builder targets: a component with one of them is placed on the site's pages. */
// https://developer.salesforce.com/docs/platform/lwc/guide/use-config-for-community-builder.html
const PORTAL_TARGET = /^lightningCommunity__(Page|Page_Layout|Theme_Layout|Default)$/;
/** Lightning Experience targets (App Builder pages, tabs, utility bar, actions, flows): internal users. */
const INTERNAL_TARGET = /^lightning__/;

export type Audience = 'portal' | 'internal';

/** A bundle being assembled from its files (the loader reads them one by one, in any order). */
export function emptyBundle(name: string, at: Provenance): LwcBundleFact {
  return { name, exposed: false, targets: [], apexImports: [], children: [], at };
}

/**
 * The .js-meta.xml: isExposed and targets; with the file's text (`metaXml`), also the properties an
 * Experience Builder page may set (the XML tree keeps no attributes, so those are read from the text).
 */
export function readBundleMeta(b: LwcBundleFact, node: XmlNode, at: Provenance, metaXml?: string): void {
  b.exposed = text(node, 'isExposed') === 'true';
  b.targets = children(
    node.children.find((c) => c.name === 'targets'),
    'target'
  ).map((t) => t.text);
  const props = metaXml === undefined ? undefined : siteProperties(metaXml);
  if (props?.size) b.siteProperties = props;
  b.at = at;
}

export const SITE_PAGE_TARGET = 'lightningCommunity__Page';
export const SITE_CONFIG_TARGET = 'lightningCommunity__Default';

const num = (s: string | undefined) =>
  s === undefined || s.trim() === '' || isNaN(Number(s)) ? undefined : Number(s);

const ATTR = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const attrs = (tag: string): Record<string, string> =>
  Object.fromEntries([...tag.matchAll(ATTR)].map((m) => [m[1]!, m[2] ?? m[3] ?? '']));

/** Properties of the targetConfig for lightningCommunity__Default, each with its line. */
function siteProperties(metaXml: string): Map<string, LwcProperty> {
  const out = new Map<string, LwcProperty>();
  const noComments = metaXml.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  for (const block of noComments.matchAll(/<targetConfig\b([^>]*)>([\s\S]*?)<\/targetConfig>/g)) {
    const targets = (attrs(block[1]!).targets ?? '').split(',').map((s) => s.trim());
    if (!targets.includes(SITE_CONFIG_TARGET)) continue;
    const offset = block.index! + block[0].indexOf(block[2]!);
    for (const p of block[2]!.matchAll(/<property\b([^>]*?)\/?>/g)) {
      const a = attrs(p[1]!);
      if (!a.name) continue;
      out.set(a.name, {
        name: a.name,
        type: a.type,
        min: num(a.min),
        max: num(a.max),
        defaultValue: a.default,
        line: noComments.slice(0, offset + p.index!).split('\n').length
      });
    }
  }
  return out;
}

/**
 * A JavaScript file: its `@salesforce/apex` imports, each with its line. Only import statements at the
 * start of a line are read, so a commented-out `// import` is not an import.
 */
export function readBundleJs(b: LwcBundleFact, source: string, file: string): void {
  const re = /^[ \t]*import\b[^;'"]*?\bfrom\s*(['"])@salesforce\/apex\/([^'"]+)\1/gm;
  for (const m of source.matchAll(re)) {
    const parts = m[2]!.split('.');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^\w+$/.test(p))) continue;
    const line = source.slice(0, m.index! + m[0].lastIndexOf('@salesforce')).split('\n').length;
    const [className, method] = parts.slice(-2) as [string, string];
    b.apexImports.push({
      className,
      method,
      ...(parts.length === 3 ? { namespace: parts[0] } : {}),
      at: { file, line }
    });
  }
}

/** A template: the custom components it uses (`<c-foo-bar>` -> fooBar). */
export function readBundleHtml(b: LwcBundleFact, source: string, file: string): void {
  for (const m of source.matchAll(/<c-([a-z0-9]+(?:-[a-z0-9]+)*)[\s/>]/g)) {
    const name = m[1]!.replace(/-([a-z0-9])/g, (_s, c: string) => c.toUpperCase());
    const line = source.slice(0, m.index).split('\n').length;
    if (!b.children.some((c) => c.name === name)) b.children.push({ name, at: { file, line } });
  }
}

/**
 * A whole bundle from its files' texts (the deploy gate's files on disk, an org's LightningComponentBundle
 * record): the configuration file, then each JavaScript and template file. Throws XmlError when the
 * configuration file does not parse.
 */
export function lwcBundle(
  name: string,
  meta: { file: string; text: string },
  sources: readonly { file: string; text: string }[] = []
): LwcBundleFact {
  const node = parseXml(meta.text);
  const b = emptyBundle(name, { file: meta.file, line: node.line });
  readBundleMeta(b, node, { file: meta.file, line: node.line }, meta.text);
  for (const f of sources) {
    if (f.file.endsWith('.html')) readBundleHtml(b, f.text, f.file);
    else if (f.file.endsWith('.js')) readBundleJs(b, f.text, f.file);
  }
  return b;
}

/**
 * Apex classes a component reaches through its own imports and those of the components it nests
 * (`ns__Class` for a namespaced import, as class access names it); `unknown`: nested components not given.
 */
export function apexClassesOf(
  name: string,
  lwcs: ReadonlyMap<string, LwcBundleFact>
): { classes: Set<string>; unknown: string[] } {
  const classes = new Set<string>();
  const unknown: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    const f = lwcs.get(n);
    if (!f) {
      unknown.push(n);
      return;
    }
    for (const m of f.apexImports) classes.add(m.namespace ? `${m.namespace}__${m.className}` : m.className);
    for (const c of f.children) visit(c.name);
  };
  visit(name);
  return { classes, unknown };
}

/**
 * Who uses each component: an exposed component with an Experience Builder target is used by the site's
 * users (portal); with a Lightning Experience target, by internal users. A component its parents' templates
 * use is used by whoever uses its parents (transitively).
 */
export function audiences(bundles: readonly LwcBundleFact[]): Map<string, Set<Audience>> {
  const out = new Map<string, Set<Audience>>();
  const byName = new Map(bundles.map((b) => [b.name, b]));
  const visit = (b: LwcBundleFact, a: Audience, seen: Set<string>) => {
    if (seen.has(b.name)) return;
    seen.add(b.name);
    const set = out.get(b.name) ?? new Set<Audience>();
    set.add(a);
    out.set(b.name, set);
    for (const c of b.children) {
      const child = byName.get(c.name);
      if (child) visit(child, a, seen);
    }
  };
  for (const b of bundles) {
    if (!b.exposed) continue;
    if (b.targets.some((t) => PORTAL_TARGET.test(t))) visit(b, 'portal', new Set());
    if (b.targets.some((t) => INTERNAL_TARGET.test(t))) visit(b, 'internal', new Set());
  }
  return out;
}

/** A profile or permission set (or group) as far as class access goes. */
export interface ClassGrant {
  kind: string;
  name: string;
  label?: string;
  license?: string;
  /** Lower-cased class names with enabled class access. */
  classes: Set<string>;
  at: Provenance;
}

export const classGrantOf = (g: AccessGrantFact): ClassGrant => ({
  kind: g.kind,
  name: g.name,
  label: g.label,
  license: g.license,
  classes: new Set(g.apexClasses.map((c) => c.toLowerCase())),
  at: g.at
});

/**
 * Which grants serve which audience. The persona of a grant is decided once for all checks (personaOf:
 * its name, label and licence): portal grants serve the site's components; internal grants (not guest,
 * not portal) serve Lightning Experience pages. Muting permission sets grant nothing.
 */
export function grantsFor(audience: Audience, grants: readonly ClassGrant[]): ClassGrant[] {
  return grants.filter((g) => {
    if (g.kind === 'MutingPermissionSet') return false;
    const p = personaOf(g);
    return audience === 'portal' ? p === 'portal' : p !== 'portal' && p !== 'guest';
  });
}

export interface MissingGrant {
  bundle: string;
  audience: Audience;
  /** The class as a grant names it (`ns__Class` for a namespaced import). */
  className: string;
  method: string;
  at: Provenance;
  /** The grants of that audience, none of which grants the class (empty: the project has none). */
  personas: string[];
}

/** Each Apex import of a component whose class no grant of the component's audience allows. */
export function missingApexGrants(
  bundles: readonly LwcBundleFact[],
  grants: readonly ClassGrant[]
): MissingGrant[] {
  const out: MissingGrant[] = [];
  const used = audiences(bundles);
  for (const b of bundles) {
    for (const audience of used.get(b.name) ?? []) {
      const serving = grantsFor(audience, grants);
      for (const imp of b.apexImports) {
        const className = imp.namespace ? `${imp.namespace}__${imp.className}` : imp.className;
        if (serving.some((g) => g.classes.has(className.toLowerCase()))) continue;
        out.push({
          bundle: b.name,
          audience,
          className,
          method: imp.method,
          at: imp.at,
          personas: serving.map((g) => g.name)
        });
      }
    }
  }
  return out;
}
