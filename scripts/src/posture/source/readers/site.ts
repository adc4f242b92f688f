/**
 * Sites from source: Network (networks/<Name>.network), CustomSite (sites/<Name>.site), the
 * ExperienceBundle of an Aura site (experiences/<Name>.site and its JSON resources in
 * experiences/<Name>/), CSP trusted sites (cspTrustedSites/<Name>.cspTrustedSite) and the
 * Lightning web components the pages place (lwc/<name>/: the configuration file, JavaScript and
 * template). Each file is read once by the loader; the parts are joined into sites at the end
 * (finishSites), because a Network names files read before or after it.
 * Folders and suffixes: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_network.htm,
 * .../meta_sites.htm, https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html
 */
import { msg } from '../../../messages';
import { siteMsg } from '../../../messages/site';
import { sourceText } from '../../../messages/source';
import { lwcFacts } from '../../lwc';
import {
  addGap,
  known,
  unknown,
  type CustomSiteFact,
  type Fact,
  type NetworkFact,
  type SitePagesFact
} from '../../model';
import {
  assembleSites,
  customSiteFact,
  networkFact,
  trustedSiteFact,
  type SiteRecord
} from '../../site-facts';
import { parseExperienceBundle, type BundleFile } from '../../site-bundle';
import { parseXml, XmlError, type XmlNode } from '../../xml';
import type { LoadContext, SourceFile } from '../context';

export interface SiteParts {
  networks: NetworkFact[];
  customSites: Map<string, CustomSiteFact>;
  /** ExperienceBundle name to its meta file and its folder (project-relative). */
  bundles: Map<string, { relFile: string; line: number; dir: string }>;
  /** ExperienceBundle name to its resources. */
  bundleFiles: Map<string, BundleFile[]>;
  /** LWC bundle name to its files. */
  lwcFiles: Map<string, { meta?: { text: string; relFile: string }; js: string[]; html: string[] }>;
}

const parts = (ctx: LoadContext): SiteParts =>
  (ctx.site ??= {
    networks: [],
    customSites: new Map(),
    bundles: new Map(),
    bundleFiles: new Map(),
    lwcFiles: new Map()
  });

/** An element tree as a record: leaves are text, repeated elements lists. */
export function recordOf(node: XmlNode): SiteRecord {
  const out: SiteRecord = {};
  for (const c of node.children) {
    const v = c.children.length ? recordOf(c) : c.text;
    const prev = out[c.name];
    out[c.name] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

const lines = (node: XmlNode) => Object.fromEntries(node.children.map((c) => [c.name, c.line]));

export function readNetwork(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  parts(ctx).networks.push(
    networkFact(src.name, recordOf(node), { file: src.relFile, line: node.line }, lines(node))
  );
}

export function readCustomSite(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  parts(ctx).customSites.set(
    src.name,
    customSiteFact(src.name, recordOf(node), { file: src.relFile, line: node.line }, lines(node))
  );
}

export function readExperienceBundle(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const dir = src.relFile.replace(/\.site(-meta\.xml)?$/, '');
  parts(ctx).bundles.set(src.name, { relFile: src.relFile, line: node.line, dir });
}

export function readCspTrustedSite(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  ctx.snap.trustedSites.push(
    trustedSiteFact(src.name, recordOf(node), { file: src.relFile, line: node.line })
  );
}

/** `experiences/<Bundle>/<folder>/<file>.json`: one resource of an ExperienceBundle. */
export function bundleResourceOf(relFile: string): { bundle: string; path: string } | undefined {
  const m = /(?:^|\/)experiences\/([^/]+)\/(.+)$/.exec(relFile);
  return m ? { bundle: m[1]!, path: m[2]! } : undefined;
}

export const readBundleResource = {
  text(ctx: LoadContext, content: string, src: SourceFile) {
    const hit = bundleResourceOf(src.relFile);
    if (!hit) return;
    const files = parts(ctx).bundleFiles;
    files.set(hit.bundle, [...(files.get(hit.bundle) ?? []), { path: hit.path, text: content }]);
  }
};

/** `lwc/<name>/<file>`: the configuration file, a module or a template of a component (not its tests). */
export function lwcFileOf(relFile: string): { name: string; file: string } | undefined {
  const m = /(?:^|\/)lwc\/([^/]+)\/([^/]+\.(?:js-meta\.xml|js|html))$/.exec(relFile);
  return m ? { name: m[1]!, file: m[2]! } : undefined;
}

export const readLwcFile = {
  text(ctx: LoadContext, content: string, src: SourceFile) {
    const hit = lwcFileOf(src.relFile);
    if (!hit) return;
    const all = parts(ctx).lwcFiles;
    const entry = all.get(hit.name) ?? { js: [], html: [] };
    all.set(hit.name, entry);
    if (hit.file === `${hit.name}.js-meta.xml`) entry.meta = { text: content, relFile: src.relFile };
    else if (hit.file.endsWith('.js-meta.xml')) return;
    else if (hit.file.endsWith('.js')) entry.js.push(content);
    else entry.html.push(content);
  }
};

function gap(ctx: LoadContext, file: string, reason: string, line?: number) {
  ctx.problem({ file, line, message: reason });
  addGap(
    ctx.snap,
    'sites',
    unknown('unreadable', sourceText.gap(`${file}${line ? `:${line}` : ''}`, reason), file)
  );
}

/** Joins what the site readers collected into the snapshot's sites and components. */
export function finishSites(ctx: LoadContext): void {
  const p = ctx.site;
  if (!p) return;
  for (const [name, f] of p.lwcFiles) {
    if (!f.meta) continue;
    try {
      parseXml(f.meta.text);
      ctx.snap.lwcs.set(
        name,
        lwcFacts(name, f.meta.relFile, f.meta.text, f.js.join('\n'), f.html.join('\n'))
      );
    } catch (e) {
      if (!(e instanceof XmlError)) throw e;
      gap(ctx, f.meta.relFile, msg.facts.malformedXml(e.message), e.line);
    }
  }
  const bundles = new Map<string, Fact<SitePagesFact>>();
  for (const [name, b] of p.bundles) {
    const model = parseExperienceBundle(name, p.bundleFiles.get(name) ?? [], b.dir);
    for (const problem of model.problems.filter((x) => x.kind === 'malformed'))
      gap(ctx, problem.file, siteMsg.facts.malformedJson, problem.line);
    const at = { file: b.relFile, line: b.line };
    bundles.set(name, known({ bundle: model, at }, at));
  }
  const customSites = new Map<string, Fact<CustomSiteFact>>(
    [...p.customSites].map(([n, c]) => [n, known(c, c.at)])
  );
  ctx.snap.sites.push(...assembleSites(p.networks, customSites, bundles, siteMsg.facts.siteMissing));
}
