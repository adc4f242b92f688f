/**
 * Experience Cloud sites in the emulator. Where each site type lives (Network, CustomSite, ExperienceBundle,
 * NavigationMenu, CspTrustedSite) is in md-layout.ts's LAYOUT, and a deploy zip's bundles are read by
 * package-zip.ts; this file adds what those do not:
 *
 * - an org without Digital Experiences has no Network type (siteTypeMissing, asked by soap.ts before a read or list);
 * - loading a project "as if deployed" (profiles/from-source.ts) gives a bundle's record the files beside its
 *   -meta.xml, in the shape package-zip.ts gives a deployed one. A bundle read back with readMetadata carries its
 *   files as the WSDL types name them (@salesforce/types): ExperienceBundle.experienceResources.experienceResource[]
 *   {fileName, format, source, type} and LightningComponentBundle.lwcResources.lwcResource[] {filePath, source}.
 *   The source is base64 (the WSDL's base64Binary, as for every file body the Metadata API carries); that encoding
 *   and the resource fileName being the path inside the bundle are this emulator's assumption, not a recorded
 *   answer (README: which answers are typed, recorded, cited or assumed).
 *   https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html,
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_lightningcomponentbundle.htm
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { MdObject } from './state';

/**
 * Without Digital Experiences an org has no Network type (fault `invalid-type:network`): reads and
 * lists of it answer INVALID_TYPE, as for the Network sObject ("available only when your org has
 * digital experiences enabled": https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_network.htm).
 */
export const siteTypeMissing = (missingFeatures: ReadonlySet<string>, type: string): boolean =>
  type === 'Network' && missingFeatures.has('network');

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function filesUnder(dir: string, prefix = ''): { path: string; text: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const out: { path: string; text: string }[] = [];
  for (const n of names) {
    if (n === '__tests__') continue;
    const p = join(dir, n);
    const rel = prefix ? `${prefix}/${n}` : n;
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, rel));
    else out.push({ path: rel, text: readFileSync(p, 'utf8') });
  }
  return out;
}

/** The resources of an ExperienceBundle as readMetadata returns them. */
export function experienceResources(files: { path: string; text: string }[]): MdObject {
  return {
    experienceResource: files
      .filter((f) => f.path.endsWith('.json'))
      .map((f) => ({
        fileName: f.path,
        format: 'json',
        source: b64(f.text),
        type: f.path.split('/')[0] ?? ''
      }))
  };
}

/** The files of a Lightning web component as readMetadata returns them. */
export function lwcResources(name: string, files: { path: string; text: string }[]): MdObject {
  return {
    lwcResource: files.map((f) => ({ filePath: `lwc/${name}/${f.path}`, source: b64(f.text) }))
  };
}

/**
 * A component's targetConfigs as readMetadata returns them: the WSDL types the field base64Binary
 * (LightningComponentBundle.targetConfigs in @salesforce/types), so the `<targetConfigs>` element of the
 * configuration file is sent base64-encoded. That the element's own tags are included is this emulator's
 * assumption (the org loader accepts the element or its content). Called by package-zip.ts for a deployed
 * bundle and below for one loaded from source.
 */
export function encodeTargetConfigs(record: MdObject, metaXml: string): void {
  if (record.targetConfigs === undefined) return;
  const m = /<targetConfigs\b[^>]*>[\s\S]*?<\/targetConfigs>/.exec(metaXml.replace(/<!--[\s\S]*?-->/g, ''));
  if (m) record.targetConfigs = b64(m[0]);
  else delete record.targetConfigs;
}

/** Loading a project "as if deployed": gives a bundle's record the files beside its -meta.xml. */
export function attachSourceResources(type: string, metaFile: string, record: MdObject): void {
  if (type === 'ExperienceBundle') {
    const dir = join(dirname(metaFile), basename(metaFile).replace(/\.site-meta\.xml$/, ''));
    record.experienceResources = experienceResources(filesUnder(dir));
  } else if (type === 'LightningComponentBundle') {
    const dir = dirname(metaFile);
    record.lwcResources = lwcResources(basename(dir), filesUnder(dir));
    encodeTargetConfigs(record, readFileSync(metaFile, 'utf8'));
  }
}
