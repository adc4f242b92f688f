/**
 * What a Lightning web component declares about itself, for the site checks and the bundle
 * validation: where it may be placed (targets), which properties an Experience Builder page may
 * set (the targetConfig of lightningCommunity__Default), which Apex methods it imports, and which
 * custom components its template nests. Read from its files, never run.
 *
 * - Configuration file tags (isExposed, targets, targetConfig, property type/min/max):
 *   https://developer.salesforce.com/docs/platform/lwc/guide/reference-configuration-tags.html
 * - Apex imports (`import m from '@salesforce/apex/Class.method'`):
 *   https://developer.salesforce.com/docs/platform/lwc/guide/apex-import-method.html
 * - Child components in templates are kebab-case `<c-my-component>` for `c/myComponent`:
 *   https://developer.salesforce.com/docs/platform/lwc/guide/create-components-namespace.html
 */
import { parseXml, text } from './xml';

export interface LwcProperty {
  name: string;
  /** Integer, String, Boolean, ... as declared. */
  type?: string;
  min?: number;
  max?: number;
  /** The value Experience Builder starts with (`default`), as written. */
  defaultValue?: string;
  line?: number;
}

export interface LwcFact {
  name: string;
  exposed: boolean;
  targets: string[];
  /** Properties an Experience Builder page may set (targetConfig for lightningCommunity__Default). */
  siteProperties: Map<string, LwcProperty>;
  /** `Class.method` of every Apex import. */
  apexImports: string[];
  /** Custom components (camelCase names) the template nests. */
  children: string[];
  /** Where the facts came from (the -meta.xml, or an API record). */
  file: string;
}

export const SITE_PAGE_TARGET = 'lightningCommunity__Page';
export const SITE_CONFIG_TARGET = 'lightningCommunity__Default';

const num = (s: string | undefined) =>
  s === undefined || s.trim() === '' || isNaN(Number(s)) ? undefined : Number(s);

const ATTR = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const attrs = (tag: string): Record<string, string> =>
  Object.fromEntries([...tag.matchAll(ATTR)].map((m) => [m[1]!, m[2] ?? m[3] ?? '']));

/**
 * Properties of the targetConfig for lightningCommunity__Default. The reader in ./xml keeps no
 * attributes (metadata elements have none), so the configuration's attributes are read here from
 * the text, once the file is known to parse.
 */
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

const APEX_IMPORT = /import\s+\w+\s+from\s+['"]@salesforce\/apex\/([A-Za-z_][\w]*\.[A-Za-z_]\w*)['"]/g;
const CHILD_TAG = /<c-([a-z0-9-]+)[\s/>]/g;

const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());

/** The facts of one bundle, from its configuration file, JavaScript and template texts. */
export function lwcFacts(name: string, file: string, metaXml: string, js = '', html = ''): LwcFact {
  const root = parseXml(metaXml);
  const targets = (root.children.find((c) => c.name === 'targets')?.children ?? [])
    .filter((c) => c.name === 'target')
    .map((c) => c.text.trim());
  return {
    name,
    exposed: text(root, 'isExposed') === 'true',
    targets,
    siteProperties: siteProperties(metaXml),
    apexImports: [...new Set([...js.matchAll(APEX_IMPORT)].map((m) => m[1]!))].sort(),
    children: [...new Set([...html.matchAll(CHILD_TAG)].map((m) => camel(m[1]!)))].sort(),
    file
  };
}

/** Apex classes a component reaches through its own imports and those of the components it nests. */
export function apexClassesOf(
  name: string,
  lwcs: ReadonlyMap<string, LwcFact>
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
    for (const m of f.apexImports) classes.add(m.split('.')[0]!);
    f.children.forEach(visit);
  };
  visit(name);
  return { classes, unknown };
}
