/**
 * Sites from a live org, through the Metadata API's reads only: listMetadata of Network, CustomSite
 * and CspTrustedSite, then readMetadata of each (10 names a call), of the ExperienceBundle each
 * Network names (its pages, as experienceResources), and of the Lightning web components those
 * pages place (lwcResources), so the same site checks run as offline.
 *
 * - Types and fields: @salesforce/types (Network, CustomSite, ExperienceBundle.experienceResources
 *   {fileName, format, source, type}, LightningComponentBundle.lwcResources {filePath, source}).
 * - readMetadata / listMetadata: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_readMetadata.htm
 * - Without Digital Experiences the org has no Network type: listMetadata of it answers INVALID_TYPE,
 *   which means no site can exist (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_network.htm:
 *   "available only when your org has digital experiences enabled"), so there is nothing to judge.
 *   Any other refusal is a gap: the site checks are not verified.
 * - A bundle whose resources do not come back, or do not parse, leaves that site's pages unknown; a
 *   component whose source does not come back stays out of the known components, so a guest page
 *   placing it fails closed (SIT-001).
 */
import { siteMsg } from '../../messages/site';
import type { OrgClient } from '../../org/client';
import { lwcBundle } from '../lwc';
import type { LwcBundleFact } from '../model';
import {
  addGap,
  known,
  unknown,
  type CustomSiteFact,
  type Fact,
  type PostureSnapshot,
  type SitePagesFact
} from '../model';
import {
  assembleSites,
  customComponents,
  customSiteFact,
  networkFact,
  sitePages,
  trustedSiteFact
} from '../site-facts';
import { parseExperienceBundle, type BundleFile } from '../site-bundle';
import { api, failed, list, str, strings, type Md } from './util';

const PERMISSION = 'Modify Metadata Through Metadata API Functions';

/** A file body the Metadata API returned: JSON or XML as is, else base64 (the WSDL's base64Binary). */
export function decodeSource(source: unknown): string | undefined {
  if (typeof source !== 'string' || source === '') return undefined;
  const t = source.trimStart();
  if (t.startsWith('{') || t.startsWith('[') || t.startsWith('<')) return source;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(source)) return undefined;
  const text = Buffer.from(source, 'base64').toString('utf8');
  return text.includes('\uFFFD') ? undefined : text;
}

/** A bundle record's resources as files inside the bundle (`routes/home.json`). */
export function bundleFilesOf(record: Md): BundleFile[] | undefined {
  const resources = list(list(record.experienceResources)[0]?.experienceResource);
  if (!resources.length) return undefined;
  const out: BundleFile[] = [];
  for (const r of resources) {
    const name = str(r.fileName);
    const folder = str(r.type);
    const text = decodeSource(r.source);
    if (!name || text === undefined) return undefined;
    const path = name.includes('/')
      ? name
      : `${folder ?? ''}/${name}${name.endsWith('.json') ? '' : '.json'}`;
    out.push({ path, text });
  }
  return out;
}

type Seen = (what: string, data: unknown) => void;

export async function readSites(client: OrgClient, snap: PostureSnapshot, seen: Seen): Promise<void> {
  const gap = (what: string, f: Parameters<typeof failed>[1]) =>
    addGap(snap, 'sites', failed(what, f, PERMISSION));
  let listed = await client.listMetadata(['Network', 'CustomSite', 'CspTrustedSite']);
  let networksOff = false;
  if (!listed.ok && listed.failure.errorCode === 'INVALID_TYPE') {
    networksOff = true;
    listed = await client.listMetadata(['CustomSite', 'CspTrustedSite']);
  }
  if (!listed.ok) {
    gap('listMetadata', listed.failure);
    return;
  }
  seen('listMetadata sites', listed.components);
  const names = (type: string) =>
    [...new Set(listed.components.filter((c) => c.type === type).map((c) => c.fullName))].sort();

  /** readMetadata of a type; an empty record is a gap, except for components (unknown ones fail closed where placed). */
  const read = async (type: string, wanted: string[], emptyIsGap = true): Promise<Map<string, Md>> => {
    const out = new Map<string, Md>();
    if (!wanted.length) return out;
    const r = await client.readMetadata(type, wanted);
    if (!r.ok) {
      gap(type, r.failure);
      return out;
    }
    r.records.forEach((rec, i) => {
      if (rec) out.set(wanted[i]!, rec);
      else if (emptyIsGap)
        addGap(snap, 'sites', unknown('unreadable', siteMsg.facts.emptyRecord(type, wanted[i]!), type));
    });
    seen(type, [...out.values()]);
    return out;
  };

  const networks = networksOff ? new Map<string, Md>() : await read('Network', names('Network'));
  const sites = await read('CustomSite', names('CustomSite'));
  for (const [name, r] of await read('CspTrustedSite', names('CspTrustedSite')))
    snap.trustedSites.push(trustedSiteFact(name, r, api('CspTrustedSite', name)));

  const networkFacts = [...networks].map(([name, r]) => networkFact(name, r, api('Network', name)));
  const customSites = new Map<string, Fact<CustomSiteFact>>(
    [...sites].map(([name, r]) => [
      name,
      known(customSiteFact(name, r, api('CustomSite', name)), api('CustomSite', name))
    ])
  );

  const bundleNames = [
    ...new Set(networkFacts.map((n) => n.picassoSite).filter((x): x is string => !!x))
  ].sort();
  const bundleRecords = await read('ExperienceBundle', bundleNames);
  const bundles = new Map<string, Fact<SitePagesFact>>();
  for (const name of bundleNames) {
    const rec = bundleRecords.get(name);
    const files = rec ? bundleFilesOf(rec) : undefined;
    const model = files ? parseExperienceBundle(name, files, `ExperienceBundle/${name}`) : undefined;
    if (!model || model.problems.some((p) => p.kind === 'malformed')) {
      bundles.set(
        name,
        unknown(
          'unreadable',
          siteMsg.facts.bundleUnreadable(name, rec ? 'no readable resources' : 'not returned'),
          'ExperienceBundle'
        )
      );
      continue;
    }
    const at = api('ExperienceBundle', name);
    bundles.set(name, known({ bundle: model, at }, at));
  }

  // The components the pages place, and the components those nest.
  const wanted = new Set<string>();
  for (const b of bundles.values())
    if (b.known)
      for (const p of sitePages(b.value.bundle)) for (const c of customComponents(p)) wanted.add(c.name);
  for (let depth = 0; depth < 4 && wanted.size; depth++) {
    const batch = [...wanted].filter((n) => !snap.lwcs.has(n)).sort();
    wanted.clear();
    const records = await read('LightningComponentBundle', batch, false);
    for (const name of batch) {
      const fact = lwcOf(name, records.get(name));
      if (!fact) continue;
      snap.lwcs.set(name, fact);
      for (const child of fact.children) if (!snap.lwcs.has(child.name)) wanted.add(child.name);
    }
  }

  snap.sites.push(...assembleSites(networkFacts, customSites, bundles, siteMsg.facts.siteMissing));
}

/** Where an org's component facts point: the API type, then the bundle (and the file in it). */
const BUNDLE_FILE = 'LightningComponentBundle/';

/** A component's facts from its readMetadata record: its configuration, modules and templates. */
function lwcOf(name: string, record: Md | undefined): LwcBundleFact | undefined {
  if (!record) return undefined;
  const files = list(list(record.lwcResources)[0]?.lwcResource)
    .map((r) => ({ path: str(r.filePath) ?? '', text: decodeSource(r.source) }))
    .filter((f): f is { path: string; text: string } => f.text !== undefined);
  const meta = files.find((f) => f.path.endsWith('.js-meta.xml'));
  const sources = files
    .filter((f) => f.path.endsWith('.js') || f.path.endsWith('.html'))
    .map((f) => ({ file: `${BUNDLE_FILE}${name}/${f.path.split('/').pop()}`, text: f.text }));
  // Without the configuration file among the files, rebuild it from the record's own fields.
  const targets = list(record.targets).flatMap((x) => strings(x.target));
  const configs = decodeSource(record.targetConfigs);
  const metaXml =
    meta?.text ??
    `<LightningComponentBundle><isExposed>${str(record.isExposed) === 'true' ? 'true' : 'false'}</isExposed>` +
      `<targets>${targets.map((x) => `<target>${x}</target>`).join('')}</targets>` +
      (configs
        ? configs.trimStart().startsWith('<targetConfigs')
          ? configs
          : `<targetConfigs>${configs}</targetConfigs>`
        : '') +
      '</LightningComponentBundle>';
  try {
    return lwcBundle(name, { file: `${BUNDLE_FILE}${name}`, text: metaXml }, sources);
  } catch {
    return undefined;
  }
}
