import path from 'node:path';

/**
 * The preview's icon subset. lightning-base-components draws an icon from a table of compiled templates, one table
 * per category (`lightning/iconSvgTemplates<Category>`, imported on first use by primitiveIcon/fetch.js), looked up
 * by `<category>_<name>` (primitiveIcon.js, render()). The build keeps in each table only the icons some module of
 * the bundle names (build.ts, iconSubset), and fails closed twice:
 * - at build time: a module that names an icon the library does not have, or builds a name at run time, fails the
 *   build, naming the icon or the module;
 * - at run time: a lookup of any other icon logs MISSING_ICON as a console error, which fails the browser tests
 *   (scripts/test/portal/harness.ts). LBC itself would draw an empty icon and say nothing.
 * Kept apart from build.ts (rollup and the LWC compiler) so the tests can load it.
 */

export const ICON_CATEGORIES = ['utility', 'action', 'standard', 'doctype', 'custom'] as const;
export type IconCategory = (typeof ICON_CATEGORIES)[number];

/** Which icons the bundle's modules name, by category: each name with the first module that names it. */
export type IconNames = Map<IconCategory, Map<string, string>>;

/** An icon library's table (`lightning/iconSvgTemplates<Category>` re-exports it as it is). */
const ICON_TABLE =
  /[\\/]lightning[\\/]iconSvgTemplates(Utility|Action|Standard|Doctype|Custom)[\\/]buildTemplates[\\/]templates\.js$/;

/**
 * An icon name as a whole string literal in a module's compiled code: `icon-name="utility:close"` in a template,
 * `'utility:success'` in a component's code, an attribute the site's pages set (the site module).
 */
const ICON_LITERAL = /["'`](utility|action|standard|doctype|custom):([A-Za-z0-9_]+)["'`]/g;

/** A name put together at run time (`"utility:" + x`, `` `utility:${x}` ``): no build can know it. */
const ICON_COMPUTED = /["'`](?:utility|action|standard|doctype|custom):(?:["'`]\s*\+|\$\{)/;

/** What a page logs when it asks for an icon the build left out (after the icon's `category:name`). */
export const MISSING_ICON = 'is not in the portal preview build (scripts/portal/icons.ts)';

/** The category of an icon table module, or undefined for any other module. */
export function iconTableCategory(id: string): IconCategory | undefined {
  const match = ICON_TABLE.exec(id);
  return match ? (match[1]!.toLowerCase() as IconCategory) : undefined;
}

function moduleName(id: string, root: string): string {
  const clean = id.replace(/^\0/, '').replace(/\?.*$/, '');
  return path.isAbsolute(clean) ? path.relative(root, clean) : clean;
}

/**
 * The icons the modules (id and compiled code) name. The tables are skipped: they define names, they ask for none.
 * Throws, naming the module, when a module builds an icon name at run time.
 */
export function iconNamesIn(modules: { id: string; code: string | null }[], root: string): IconNames {
  const names: IconNames = new Map(ICON_CATEGORIES.map((c) => [c, new Map<string, string>()]));
  for (const m of modules) {
    if (!m.code || iconTableCategory(m.id)) continue;
    if (ICON_COMPUTED.test(m.code)) {
      throw new Error(
        `${moduleName(m.id, root)} builds an icon name at run time; the preview's icon subset cannot hold it`
      );
    }
    for (const [, category, name] of m.code.matchAll(ICON_LITERAL)) {
      const byName = names.get(category as IconCategory)!;
      if (!byName.has(name!)) byName.set(name!, moduleName(m.id, root));
    }
  }
  return names;
}

/** `category:name` of every icon, sorted. */
export function iconList(names: IconNames): string[] {
  return [...names].flatMap(([c, byName]) => [...byName.keys()].map((n) => `${c}:${n}`)).sort();
}

/**
 * The subset table for one category: LBC's table (`import { default as utility_close } from './utility/close.html';`
 * lines, then one export of them all) cut to the wanted icons, each imported from the same file as before, so each
 * compiles as it did. Throws, naming the icon and the module that names it, when the library does not have it.
 */
export function iconTableModule(category: IconCategory, wanted: Map<string, string>, table: string): string {
  const files = new Map<string, string>();
  for (const [, key, file] of table.matchAll(/import \{ default as (\w+) \} from '(\.\/[\w/.-]+\.html)';/g))
    files.set(key!, file!);
  const keys: string[] = [];
  const lines: string[] = [];
  for (const [name, from] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    const key = `${category}_${name}`;
    const file = files.get(key);
    if (!file)
      throw new Error(
        `${from} names the icon ${category}:${name}, which lightning-base-components does not have`
      );
    keys.push(key);
    lines.push(`import { default as ${key} } from ${JSON.stringify(file)};`);
  }
  const prefix = JSON.stringify(`${category}_`);
  const missing = JSON.stringify(` ${MISSING_ICON}`);
  return [
    ...lines,
    `const templates = { ${keys.join(', ')} };`,
    // primitiveIcon reads `<category>_<name>` keys only; other reads (a promise's `then`) are not icon lookups.
    'export default new Proxy(templates, {',
    '  get(target, key) {',
    `    if (typeof key === 'string' && key.startsWith(${prefix}) && !Object.prototype.hasOwnProperty.call(target, key))`,
    `      console.error('<lightning-primitive-icon> ' + key.replace('_', ':') + ${missing});`,
    '    return target[key];',
    '  }',
    '});',
    ''
  ].join('\n');
}
