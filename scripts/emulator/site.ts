import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { MdObject } from './state';

/**
 * Experience Cloud sites in the emulator: the metadata types a site is made of, so readMetadata and
 * listMetadata answer for them and a deploy stores them, and the content of the two bundle types
 * whose files sit beside their -meta.xml.
 *
 * - Network (networks/*.network), CustomSite (sites/*.site), ExperienceBundle (experiences/*.site and
 *   experiences/<Name>/), NavigationMenu (navigationMenus/*.navigationMenu), CspTrustedSite
 *   (cspTrustedSites/*.cspTrustedSite): the directory and suffix of each type's page,
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_network.htm,
 *   https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-customsite.html,
 *   https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html,
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_navigationmenu.htm,
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_cspTrustedSite.htm.
 * - A bundle read back with readMetadata carries its files as the WSDL types name them (@salesforce/types):
 *   ExperienceBundle.experienceResources.experienceResource[] {fileName, format, source, type} and
 *   LightningComponentBundle.lwcResources.lwcResource[] {filePath, source}. The source is base64 (the
 *   WSDL's base64Binary, as for every file body the Metadata API carries); that encoding and the
 *   resource fileName being the path inside the bundle are this emulator's assumption, not a
 *   recorded answer (README: which answers are typed, recorded, cited or assumed).
 *
 * Hooks elsewhere (one line each): soap.ts spreads SITE_MD_TYPES into MD_TYPES and asks siteTypeMissing
 * before a read or list; profiles/from-source.ts
 * calls attachSourceResources when it loads a -meta.xml; deploy.ts calls attachZipResources for each
 * component of a deploy zip.
 */
export const SITE_MD_TYPES: Record<string, { dir: string; suffix?: string }> = {
  Network: { dir: 'networks', suffix: 'network' },
  CustomSite: { dir: 'sites', suffix: 'site' },
  ExperienceBundle: { dir: 'experiences', suffix: 'site' },
  NavigationMenu: { dir: 'navigationMenus', suffix: 'navigationMenu' },
  CspTrustedSite: { dir: 'cspTrustedSites', suffix: 'cspTrustedSite' }
};

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

/** Loading a project "as if deployed": gives a bundle's record the files beside its -meta.xml. */
export function attachSourceResources(type: string, metaFile: string, record: MdObject): void {
  if (type === 'ExperienceBundle') {
    const dir = join(dirname(metaFile), basename(metaFile).replace(/\.site-meta\.xml$/, ''));
    record.experienceResources = experienceResources(filesUnder(dir));
  } else if (type === 'LightningComponentBundle') {
    const dir = dirname(metaFile);
    record.lwcResources = lwcResources(basename(dir), filesUnder(dir));
  }
}

/**
 * A deploy zip (Metadata API format, `<dir>/<file>` under the package root): gives a bundle's record
 * the files of its folder, `experiences/<Name>/...` or `lwc/<name>/...`.
 */
export function attachZipResources(
  type: string,
  fullName: string,
  texts: ReadonlyMap<string, string>,
  record: MdObject
): void {
  const under = (prefix: string) =>
    [...texts.entries()]
      .filter(([p]) => p.startsWith(prefix))
      .map(([p, text]) => ({ path: p.slice(prefix.length), text }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  if (type === 'ExperienceBundle')
    record.experienceResources = experienceResources(under(`experiences/${fullName}/`));
  else if (type === 'LightningComponentBundle') {
    const name = fullName.split('/')[0]!;
    record.lwcResources = lwcResources(name, under(`lwc/${name}/`));
  }
}
