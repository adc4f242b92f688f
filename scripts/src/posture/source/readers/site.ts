/**
 * Sites from source: Network (networks/<Name>.network), CustomSite (sites/<Name>.site), the
 * ExperienceBundle of an Aura site (experiences/<Name>.site and its JSON resources in
 * experiences/<Name>/) and CSP trusted sites (cspTrustedSites/<Name>.cspTrustedSite). The Lightning
 * web components the pages place are the LWC reader's bundles (./lwc.ts, snap.lwc). Each file is read
 * once by the loader; the parts are joined into sites at the end (finishSites), because a Network
 * names files read before or after it.
 * Folders and suffixes: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_network.htm,
 * .../meta_sites.htm, https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html
 */
import { siteMsg } from '../../../messages/site';
import { sourceText } from '../../../messages/source';
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
import type { XmlNode } from '../../xml';
import type { LoadContext, SourceFile } from '../context';

export interface SiteParts {
  networks: NetworkFact[];
  customSites: Map<string, CustomSiteFact>;
  /** ExperienceBundle name to its meta file and its folder (project-relative). */
  bundles: Map<string, { relFile: string; line: number; dir: string }>;
  /** ExperienceBundle name to its resources. */
  bundleFiles: Map<string, BundleFile[]>;
}

const parts = (ctx: LoadContext): SiteParts =>
  (ctx.site ??= {
    networks: [],
    customSites: new Map(),
    bundles: new Map(),
    bundleFiles: new Map()
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

function gap(ctx: LoadContext, file: string, reason: string, line?: number) {
  ctx.problem({ file, line, message: reason });
  addGap(
    ctx.snap,
    'sites',
    unknown('unreadable', sourceText.gap(`${file}${line ? `:${line}` : ''}`, reason), file)
  );
}

/**
 * Joins what the site readers collected into the snapshot's sites, and gives the site checks the
 * LWC reader's bundles. When a component file could not be read, what the pages place is not known:
 * the sites get the same gap (the file was reported once, by the loader).
 */
export function finishSites(ctx: LoadContext): void {
  const p = ctx.site;
  if (!p) return;
  const lwc = ctx.snap.lwc;
  if (lwc.known) for (const b of lwc.value) ctx.snap.lwcs.set(b.name, b);
  else addGap(ctx.snap, 'sites', lwc);
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
