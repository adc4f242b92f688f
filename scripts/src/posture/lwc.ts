import type { AccessGrantFact, LwcBundleFact, Provenance } from './model';
import { personaOf } from './personas';
import { children, text, type XmlNode } from './xml';

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

/** The .js-meta.xml: isExposed and targets. */
export function readBundleMeta(b: LwcBundleFact, node: XmlNode, at: Provenance): void {
  b.exposed = text(node, 'isExposed') === 'true';
  b.targets = children(
    node.children.find((c) => c.name === 'targets'),
    'target'
  ).map((t) => t.text);
  b.at = at;
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
