import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import lwc from '@lwc/rollup-plugin';
import { rollup, type Plugin, type RollupCache, type RollupOptions } from 'rollup';
import { PREVIEW_USER_ID, readLabels } from './fixtures';
import { iconList, iconNamesIn, iconTableCategory, iconTableModule, type IconNames } from './icons';
import { BUNDLE_FILE, PORTAL_DIR, REPO_ROOT } from './paths';
import { readSite, type PreviewSite } from './site';

/**
 * Compiles the force-app portal LWCs with LWC OSS (`lwc` and `@lwc/rollup-plugin` 9.x) into one
 * ES module for the preview page. Nothing in force-app changes: module resolution does the work.
 *
 * - `c/*`: every component under force-app/main/default/lwc, as is.
 * - `lightning/*`: the MIT-licensed `lightning-base-components` npm package, except the two
 *   modules that need the platform, shimmed in scripts/portal/lwc/lightning (README: portal).
 * - `@salesforce/label/c.*`: the real custom labels; an unknown label fails the build.
 * - `@salesforce/apex/*`: calls to the preview server's fixture layer (scripts/portal/fixtures.ts).
 * - `@salesforce/user/*`: the fake preview user.
 * - `@phi-guard/site`: the site force-app ships (Network, ExperienceBundle, navigation menu; see
 *   ./site.ts), with the constructor of every custom component its pages place: the preview renders
 *   the site's own pages.
 * - synthetic shadow, as Aura-based Experience Cloud sites run it, so the page's SLDS stylesheet
 *   styles the components' templates as it does on the platform.
 */

const FORCE_APP_LWC = path.join(REPO_ROOT, 'force-app', 'main', 'default', 'lwc');
export const ENTRY = path.join(PORTAL_DIR, 'lwc', 'main.js');
const FIXTURE_CLIENT = path.join(PORTAL_DIR, 'lwc', 'preview', 'fixtureClient', 'fixtureClient.js');

/** The LWC 9 runtime packages, resolved from the `lwc` package (sfdx-lwc-jest pins LWC 8 at the top). */
function runtimeModules(): { name: string; path: string }[] {
  const fromRoot = createRequire(path.join(REPO_ROOT, 'package.json'));
  const fromLwc = createRequire(fromRoot.resolve('lwc'));
  const engine = fromLwc.resolve('@lwc/engine-dom');
  const wire = fromLwc.resolve('@lwc/wire-service');
  return [
    { name: 'lwc', path: engine },
    { name: '@lwc/engine-dom', path: engine },
    { name: '@lwc/synthetic-shadow', path: fromLwc.resolve('@lwc/synthetic-shadow') },
    { name: '@lwc/wire-service', path: wire },
    { name: 'wire-service', path: wire }
  ];
}

function forceAppModules(): { name: string; path: string }[] {
  return readdirSync(FORCE_APP_LWC, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
    .map((d) => ({ name: `c/${d.name}`, path: path.join(FORCE_APP_LWC, d.name, `${d.name}.js`) }));
}

const VIRTUAL = '\0phi-guard-portal:';

/** The site module: the site model and the constructors of the components its pages place. */
function siteModule(site: PreviewSite): string {
  const imports = site.components.map((c, i) => `import C${i} from ${JSON.stringify(`c/${c}`)};`);
  const table = site.components.map((c, i) => `  ${JSON.stringify(`c:${c}`)}: C${i}`);
  return `${imports.join('\n')}\nexport const components = {\n${table.join(',\n')}\n};\nexport default ${JSON.stringify(site)};\n`;
}

/** Resolves the @salesforce scoped modules the portal components import to the fixture layer. */
function salesforceModules(labels: Map<string, string>, site: PreviewSite): Plugin {
  return {
    name: 'phi-guard-portal-salesforce-modules',
    resolveId(source) {
      if (source === '@phi-guard/site') return VIRTUAL + source;
      if (
        source.startsWith('@salesforce/label/c.') ||
        source.startsWith('@salesforce/apex/') ||
        source.startsWith('@salesforce/user/')
      ) {
        return VIRTUAL + source;
      }
      return null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const source = id.slice(VIRTUAL.length);
      if (source === '@phi-guard/site') return siteModule(site);
      if (source.startsWith('@salesforce/label/c.')) {
        const name = source.slice('@salesforce/label/c.'.length);
        const value = labels.get(name);
        if (value === undefined) this.error(`custom label ${name} is not in CustomLabels.labels-meta.xml`);
        return `export default ${JSON.stringify(value)};`;
      }
      if (source.startsWith('@salesforce/apex/')) {
        const method = source.slice('@salesforce/apex/'.length);
        if (!/^[A-Za-z]\w*\.[A-Za-z]\w*$/.test(method)) this.error(`unexpected Apex import ${source}`);
        return (
          `import { apexMethod } from ${JSON.stringify(FIXTURE_CLIENT)};\n` +
          `export default apexMethod(${JSON.stringify(method)});`
        );
      }
      const field = source.slice('@salesforce/user/'.length);
      if (field === 'Id') return `export default ${JSON.stringify(PREVIEW_USER_ID)};`;
      if (field === 'isGuest') return 'export default false;';
      this.error(`the preview has no fixture for ${source}`);
    }
  };
}

/** lightning-base-components' right-to-left icon libraries (primitiveIcon/fetch.js imports one per category). */
const RTL_ICON_LIBRARY = /^lightning\/iconSvgTemplates[A-Z][a-z]+Rtl$/;
const RTL_ICONS_LEFT_OUT =
  'right-to-left icons are not in the portal preview build (its text direction is ltr)';

/**
 * Leaves lightning-base-components' five right-to-left icon libraries (about 1,700 of the build's 3,700
 * modules, nearly half its compile time) out of the bundle. primitiveIcon imports them only when
 * `@salesforce/i18n/dir` is "rtl", and in this build that module is LBC's own constant `export default "ltr"`,
 * checked here: were it anything else, the libraries are built as before. The stand-in throws if it is ever
 * evaluated, which primitiveIcon reports as a console warning, and the browser tests fail on any console line.
 */
function ltrIconsOnly(): Plugin {
  let ltr: Promise<boolean> | undefined;
  return {
    name: 'phi-guard-portal-ltr-icons',
    async resolveId(source, importer) {
      if (!RTL_ICON_LIBRARY.test(source)) return null;
      ltr ??= this.resolve('@salesforce/i18n/dir', importer).then(
        (dir) => !!dir && /^export default ["']ltr["'];?$/.test(stripComments(readFileSync(dir.id, 'utf8')))
      );
      return (await ltr) ? VIRTUAL + source : null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL) || !RTL_ICON_LIBRARY.test(id.slice(VIRTUAL.length))) return null;
      return `throw new Error(${JSON.stringify(RTL_ICONS_LEFT_OUT)});`;
    }
  };
}

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').trim();
}

/**
 * LWC's runtime reads process.env.NODE_ENV and lightning-base-components reads
 * import.meta.env.SSR (a bundler convention): the preview is a production build in a browser.
 */
const BUILD_CONSTANTS: [string, string][] = [
  ['process.env.NODE_ENV', '"production"'],
  ['import.meta.env.SSR', 'false']
];

function buildConstants(): Plugin {
  return {
    name: 'phi-guard-portal-constants',
    transform(code) {
      if (!BUILD_CONSTANTS.some(([from]) => code.includes(from))) return null;
      let out = code;
      for (const [from, to] of BUILD_CONSTANTS) out = out.replaceAll(from, to);
      return { code: out, map: null };
    }
  };
}

/**
 * Builds only the icons the portal can render (scripts/portal/icons.ts): LBC's five icon libraries hold about 1,400
 * compiled templates, 2.5 MB of a 3.1 MB bundle that every page load parsed. `names` undefined: every table is empty
 * (the first pass, which only finds the graph).
 */
function iconSubset(names: () => IconNames | undefined): Plugin {
  return {
    name: 'phi-guard-portal-icon-subset',
    load(id) {
      const category = iconTableCategory(id);
      if (!category) return null;
      const wanted = names();
      if (!wanted) return 'export default {};';
      try {
        return iconTableModule(category, wanted.get(category)!, readFileSync(id, 'utf8'));
      } catch (error) {
        return this.error((error as Error).message);
      }
    }
  };
}

export interface BuildResult {
  file: string;
  modules: number;
  /** The icons built, as `category:name`. */
  icons: string[];
  ms: number;
}

/** Compiles the preview into outDir/portal.js. Throws the rollup error when a module does not compile. */
export async function buildPortal(
  outDir: string,
  onWarning: (message: string) => void = () => undefined
): Promise<BuildResult> {
  const started = Date.now();
  const labels = readLabels(REPO_ROOT);
  const site = readSite();
  /** The icons the first pass found; undefined during it. */
  const found: { icons?: IconNames } = {};
  const seen = new Set<string>();
  const options = (cache?: RollupCache): RollupOptions => ({
    input: ENTRY,
    cache,
    plugins: [
      ltrIconsOnly(),
      iconSubset(() => found.icons),
      salesforceModules(labels, site),
      lwc({
        rootDir: path.join(PORTAL_DIR, 'lwc'),
        modules: [
          ...forceAppModules(),
          { dir: path.join(PORTAL_DIR, 'lwc') },
          { npm: 'lightning-base-components' }
        ],
        defaultModules: runtimeModules()
      }),
      buildConstants()
    ],
    onwarn(warning) {
      // LBC ships many modules with `this` at the top level of helpers and circular imports.
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      // Each pass warns (a cached module may not warn again): every warning once.
      if (seen.has(warning.message)) return;
      seen.add(warning.message);
      onWarning(warning.message);
    }
  });
  // First pass: the graph, with empty icon tables. Second: the same graph (rollup's cache: each module compiled
  // once) with the icons the first pass found.
  const first = await rollup(options());
  await first.close();
  const icons = iconNamesIn(first.cache!.modules, REPO_ROOT);
  found.icons = icons;
  const bundle = await rollup(options(first.cache));
  try {
    const file = path.join(outDir, BUNDLE_FILE);
    rmSync(file, { force: true });
    await bundle.write({ file, format: 'es', sourcemap: false, inlineDynamicImports: true });
    return {
      file,
      modules: bundle.cache?.modules.length ?? 0,
      icons: iconList(icons),
      ms: Date.now() - started
    };
  } finally {
    await bundle.close();
  }
}
