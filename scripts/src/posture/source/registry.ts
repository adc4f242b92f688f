/**
 * The one registry of the metadata families the loader reads. Each family names its file suffix
 * (as the Metadata API documents it, and as @salesforce/source-deploy-retrieve's metadataRegistry.json
 * lists it), its folder, the evidence kind it counts as, the collections it feeds (which get a gap
 * when one of its files cannot be read), its root element and its reader.
 *
 * Both project formats are read through it:
 * - source format: `<Name>.<suffix>-meta.xml`, anywhere under a package directory;
 * - Metadata API format: `<Name>.<suffix>` inside the family's folder (objects/Foo__c.object,
 *   profiles/Admin.profile, settings/Security.settings, ...).
 * https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_source_file_format.htm
 */
import type { CollectionKey, EvidenceKind } from '../model';
import type { XmlNode } from '../xml';
import type { LoadContext, SourceFile } from './context';
import {
  readMutingPermissionSet,
  readPermissionSet,
  readPermissionSetGroup,
  readProfile,
  readProfilePasswordPolicy,
  readProfileSessionSetting
} from './readers/access';
import { readApex } from './readers/apex';
import {
  readConnectedApp,
  readEca,
  readEcaGlobalOauth,
  readEcaOauth,
  readEcaPolicy,
  readExternalCredential,
  readNamedCredential,
  readRemoteSite
} from './readers/integrations';
import { lwcUnreadable, readLwcMeta, readLwcSource } from './readers/lwc';
import { readField, readListView, readObject } from './readers/objects';
import {
  customMetadataUnreadable,
  readCustomMetadata,
  readInstalledPackage,
  readReport
} from './readers/records';
import { readSettings, settingsUnreadable } from './readers/settings';
import {
  bundleResourceOf,
  readBundleResource,
  readCspTrustedSite,
  readCustomSite,
  readExperienceBundle,
  readNetwork
} from './readers/site';
import { readSharingRules } from './readers/sharing';

export interface Family {
  /** Metadata API type (the XML root element for XML families). */
  type: string;
  /** File suffix without the dot: `<Name>.<suffix>` (mdapi) or `<Name>.<suffix>-meta.xml` (source). */
  suffix: string;
  /** Folder of the family in Metadata API format. */
  folder: string;
  evidence: EvidenceKind;
  /** Collections this family's facts go into; an unreadable file leaves a gap in each. */
  feeds: CollectionKey[];
  /** In Metadata API format, when one file holds more (an .object file holds its fields and list views). */
  mdapiFeeds?: CollectionKey[];
  /** Formats the family exists in: a CustomField or ListView file only exists in source format. */
  formats: readonly ('source' | 'mdapi')[];
  /** XML families get the parsed root element (and the file's text); Apex and text families get the text. */
  read:
    ((ctx: LoadContext, node: XmlNode, src: SourceFile, content: string) => void) | ApexReader | TextReader;
  /** For facts that are not collections (settings, retention): what an unreadable file leaves unknown. */
  unreadable?: (ctx: LoadContext, src: SourceFile, reason: string) => void;
}

export interface ApexReader {
  apex: (ctx: LoadContext, content: string, src: SourceFile) => void;
}

/** A family read as plain text (LWC JavaScript and templates, site bundle JSON). */
export interface TextReader {
  text: (ctx: LoadContext, content: string, src: SourceFile) => void;
}

const BOTH = ['source', 'mdapi'] as const;

const xml = (
  type: string,
  suffix: string,
  folder: string,
  evidence: EvidenceKind,
  feeds: CollectionKey[],
  read: (ctx: LoadContext, node: XmlNode, src: SourceFile) => void,
  more: Partial<Family> = {}
): Family => ({ type, suffix, folder, evidence, feeds, formats: BOTH, read, ...more });

export const FAMILIES: readonly Family[] = [
  xml('CustomObject', 'object', 'objects', 'objects', ['objects'], readObject, {
    mdapiFeeds: ['objects', 'fields', 'filters']
  }),
  xml('CustomField', 'field', 'fields', 'fields', ['fields'], readField, { formats: ['source'] }),
  xml('ListView', 'listView', 'listViews', 'filters', ['filters'], readListView, { formats: ['source'] }),
  xml(
    'SharingRules',
    'sharingRules',
    'sharingRules',
    'sharing',
    ['sharingRules', 'filters'],
    readSharingRules
  ),
  xml('PermissionSet', 'permissionset', 'permissionsets', 'permissions', ['grants'], readPermissionSet),
  xml('Profile', 'profile', 'profiles', 'permissions', ['grants'], readProfile),
  xml(
    'MutingPermissionSet',
    'mutingpermissionset',
    'mutingpermissionsets',
    'permissions',
    ['grants'],
    readMutingPermissionSet
  ),
  xml(
    'PermissionSetGroup',
    'permissionsetgroup',
    'permissionsetgroups',
    'permissions',
    ['permissionSetGroups'],
    readPermissionSetGroup
  ),
  xml(
    'ProfileSessionSetting',
    'profileSessionSetting',
    'profileSessionSettings',
    'settings',
    ['profilePolicies'],
    readProfileSessionSetting
  ),
  xml(
    'ProfilePasswordPolicy',
    'profilePasswordPolicy',
    'profilePasswordPolicies',
    'settings',
    ['profilePolicies'],
    readProfilePasswordPolicy
  ),
  xml('', 'settings', 'settings', 'settings', [], readSettings, { unreadable: settingsUnreadable }),
  xml('ConnectedApp', 'connectedApp', 'connectedApps', 'integrations', ['apps'], readConnectedApp),
  xml('ExternalClientApplication', 'eca', 'externalClientApps', 'integrations', ['apps'], readEca),
  xml(
    'ExtlClntAppOauthSettings',
    'ecaOauth',
    'extlClntAppOauthSettings',
    'integrations',
    ['apps'],
    readEcaOauth
  ),
  xml(
    'ExtlClntAppGlobalOauthSettings',
    'ecaGlblOauth',
    'extlClntAppGlobalOauthSets',
    'integrations',
    ['apps'],
    readEcaGlobalOauth
  ),
  xml(
    'ExtlClntAppOauthConfigurablePolicies',
    'ecaOauthPlcy',
    'extlClntAppOauthPolicies',
    'integrations',
    ['apps'],
    readEcaPolicy
  ),
  xml('RemoteSiteSetting', 'remoteSite', 'remoteSiteSettings', 'integrations', ['endpoints'], readRemoteSite),
  xml(
    'NamedCredential',
    'namedCredential',
    'namedCredentials',
    'integrations',
    ['endpoints'],
    readNamedCredential
  ),
  xml(
    'ExternalCredential',
    'externalCredential',
    'externalCredentials',
    'integrations',
    ['endpoints'],
    readExternalCredential
  ),
  xml('Report', 'report', 'reports', 'filters', ['filters'], readReport),
  xml('CustomMetadata', 'md', 'customMetadata', 'retention', [], readCustomMetadata, {
    unreadable: customMetadataUnreadable
  }),
  xml('Network', 'network', 'networks', 'sites', ['sites'], readNetwork),
  xml('CustomSite', 'site', 'sites', 'sites', ['sites'], readCustomSite),
  xml('CspTrustedSite', 'cspTrustedSite', 'cspTrustedSites', 'sites', ['sites'], readCspTrustedSite),
  xml(
    'InstalledPackage',
    'installedPackage',
    'installedPackages',
    'packages',
    ['installedPackages'],
    readInstalledPackage
  ),
  // Lightning web components: the bundle's .js-meta.xml, and its .js and .html files (read as text, in the
  // lwc/ folder of either format). https://developer.salesforce.com/docs/platform/lwc/guide/create-components-meta-file.html
  xml('LightningComponentBundle', 'js', 'lwc', 'lwc', [], readLwcMeta, {
    formats: ['source'],
    unreadable: lwcUnreadable
  }),
  ...['js', 'html'].map((suffix): Family => ({
    type: 'LightningComponentBundle',
    suffix,
    folder: 'lwc',
    evidence: 'lwc',
    feeds: [],
    formats: ['mdapi'],
    read: { text: readLwcSource },
    unreadable: lwcUnreadable
  })),
  // Apex: the same .cls / .trigger text in both formats (the -meta.xml beside it is not read).
  {
    type: 'ApexClass',
    suffix: 'cls',
    folder: 'classes',
    evidence: 'apex',
    feeds: ['apex'],
    formats: BOTH,
    read: { apex: readApex }
  },
  {
    type: 'ApexTrigger',
    suffix: 'trigger',
    folder: 'triggers',
    evidence: 'apex',
    feeds: ['apex'],
    formats: BOTH,
    read: { apex: readApex }
  }
];

export const isApexFamily = (f: Family): f is Family & { read: ApexReader } => 'apex' in f.read;
export const isTextFamily = (f: Family): f is Family & { read: TextReader } => 'text' in f.read;

/**
 * Families chosen by folder rather than by suffix: an ExperienceBundle's meta file shares the
 * `.site` suffix with CustomSite and lives in experiences/; its JSON resources are read as text.
 */
const EXPERIENCE_BUNDLE: Family = xml(
  'ExperienceBundle',
  'site',
  'experiences',
  'sites',
  ['sites'],
  readExperienceBundle
);
const BUNDLE_RESOURCE: Family = {
  type: 'ExperienceBundleResource',
  suffix: 'json',
  folder: 'experiences',
  evidence: 'sites',
  feeds: ['sites'],
  formats: BOTH,
  read: readBundleResource
};

const BY_SOURCE_SUFFIX = new Map(
  FAMILIES.filter((f) => !isApexFamily(f) && !isTextFamily(f) && f.formats.includes('source')).map((f) => [
    `.${f.suffix}`,
    f
  ])
);
const BY_PLAIN_SUFFIX = new Map(
  FAMILIES.filter((f) => f.formats.includes('mdapi')).map((f) => [`.${f.suffix}`, f])
);

/** Cheap test on a file name alone, for the directory walk: could this file belong to a family? */
export function mayBeFamilyFile(name: string): boolean {
  return familyOfName(name) !== undefined || name.endsWith('.json');
}

function familyOfName(
  name: string
): { family: Family; format: 'source' | 'mdapi'; base: string } | undefined {
  if (name.endsWith('-meta.xml')) {
    const stem = name.slice(0, -'-meta.xml'.length);
    const dot = stem.lastIndexOf('.');
    const family = dot > 0 ? BY_SOURCE_SUFFIX.get(stem.slice(dot)) : undefined;
    return family && { family, format: 'source', base: stem.slice(0, dot) };
  }
  const dot = name.lastIndexOf('.');
  const family = dot > 0 ? BY_PLAIN_SUFFIX.get(name.slice(dot)) : undefined;
  if (!family) return undefined;
  return { family, format: isApexFamily(family) ? 'source' : 'mdapi', base: name.slice(0, dot) };
}

/**
 * The family of a file, from its project-relative path. A Metadata API file must sit in its
 * family's folder (so a README.md or notes.settings elsewhere is not read as metadata); a report
 * may be in a folder below reports/.
 */
export function familyOf(
  relFile: string
): { family: Family; format: 'source' | 'mdapi'; name: string } | undefined {
  const parts = relFile.split('/');
  const base = parts[parts.length - 1]!;
  const res = base.endsWith('.json') ? bundleResourceOf(relFile) : undefined;
  if (res) return { family: BUNDLE_RESOURCE, format: 'source', name: res.bundle };
  const hit = familyOfName(base);
  if (!hit) return undefined;
  if (hit.family.suffix === 'site' && parts.slice(0, -1).includes('experiences'))
    return { family: EXPERIENCE_BUNDLE, format: hit.format, name: hit.base };
  if (hit.format === 'mdapi' && !parts.slice(0, -1).includes(hit.family.folder)) return undefined;
  return { family: hit.family, format: hit.format, name: hit.base };
}
