/**
 * Where each metadata type the emulator's org knows lives in a deploy zip: its directory, its file suffix and how
 * its files make a component. This one table feeds describeMetadata (soap.ts) and the deploy reader
 * (package-zip.ts). Each row names the reference page whose "File Suffix and Directory Location" section it follows
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/<page>).
 *
 * Kinds:
 * - xml: one file `<dir>/<fullName>.<suffix>` whose root element is the type;
 * - content: a body file `<dir>/<fullName>.<suffix>` with its `-meta.xml` beside it (metaFile true);
 * - settings: `settings/<Name>.settings`, root `<Name>Settings`, package.xml type Settings, member <Name>;
 * - lwc, aura: a bundle folder `<dir>/<bundle>/` (rules in package-zip.ts);
 * - experience: `experiences/<site>.site-meta.xml` with the site's JSON folder `experiences/<site>/`;
 * - digitalExperience: `digitalExperiences/<workspaceType>/<name>/` with `<name>.digitalExperience-meta.xml`.
 * Child types (CustomField, ValidationRule, ...) live inside their parent's file under `childField`.
 */
export type LayoutKind = 'xml' | 'content' | 'settings' | 'lwc' | 'aura' | 'experience' | 'digitalExperience';

export interface TypeLayout {
  dir: string;
  suffix?: string;
  kind: LayoutKind;
  /** Reference page (under api_meta/). */
  page: string;
  /** Child types: type name -> the parent's element that holds them. */
  children?: Record<string, string>;
}

const BASE = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/';
export const pageUrl = (page: string) => (page.startsWith('https://') ? page : `${BASE}${page}`);

const xml = (dir: string, suffix: string, page: string, children?: Record<string, string>): TypeLayout => ({
  dir,
  suffix,
  kind: 'xml',
  page,
  ...(children ? { children } : {})
});

export const LAYOUT: Record<string, TypeLayout> = {
  ApexClass: { dir: 'classes', suffix: 'cls', kind: 'content', page: 'meta_classes.htm' },
  ApexTrigger: { dir: 'triggers', suffix: 'trigger', kind: 'content', page: 'meta_triggers.htm' },
  ApexPage: { dir: 'pages', suffix: 'page', kind: 'content', page: 'meta_pages.htm' },
  ApexComponent: { dir: 'components', suffix: 'component', kind: 'content', page: 'meta_component.htm' },
  StaticResource: {
    dir: 'staticresources',
    suffix: 'resource',
    kind: 'content',
    page: 'meta_staticresource.htm'
  },
  LightningComponentBundle: { dir: 'lwc', kind: 'lwc', page: 'meta_lightningcomponentbundle.htm' },
  AuraDefinitionBundle: { dir: 'aura', kind: 'aura', page: 'meta_auradefinitionbundle.htm' },
  ExperienceBundle: {
    dir: 'experiences',
    suffix: 'site',
    kind: 'experience',
    page: 'https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html'
  },
  DigitalExperienceBundle: {
    dir: 'digitalExperiences',
    suffix: 'digitalExperience',
    kind: 'digitalExperience',
    page: 'meta_digitalexperiencebundle.htm'
  },
  Settings: { dir: 'settings', suffix: 'settings', kind: 'settings', page: 'meta_settings.htm' },
  CustomObject: xml('objects', 'object', 'customobject.htm', {
    CustomField: 'fields',
    ValidationRule: 'validationRules',
    ListView: 'listViews',
    RecordType: 'recordTypes',
    FieldSet: 'fieldSets',
    CompactLayout: 'compactLayouts',
    WebLink: 'webLinks',
    BusinessProcess: 'businessProcesses',
    Index: 'indexes'
  }),
  CustomLabels: xml('labels', 'labels', 'meta_customlabels.htm', { CustomLabel: 'labels' }),
  SharingRules: xml('sharingRules', 'sharingRules', 'meta_sharingrules.htm', {
    SharingCriteriaRule: 'sharingCriteriaRules',
    SharingOwnerRule: 'sharingOwnerRules',
    SharingGuestRule: 'sharingGuestRules'
  }),
  Audience: xml('audience', 'audience', 'meta_audience.htm'),
  BrandingSet: xml('brandingSets', 'brandingSet', 'meta_brandingset.htm'),
  CspTrustedSite: xml('cspTrustedSites', 'cspTrustedSite', 'meta_csptrustedsite.htm'),
  CustomMetadata: xml('customMetadata', 'md', 'meta_custommetadata.htm'),
  CustomPermission: xml('customPermissions', 'customPermission', 'meta_custompermission.htm'),
  CustomTab: xml('tabs', 'tab', 'meta_tab.htm'),
  CustomApplication: xml('applications', 'app', 'meta_customapplication.htm'),
  CustomSite: xml('sites', 'site', 'meta_sites.htm'),
  ConnectedApp: xml('connectedApps', 'connectedApp', 'meta_connectedapp.htm'),
  ExternalClientApplication: xml('externalClientApps', 'eca', 'meta_externalclientapplication.htm'),
  ExtlClntAppOauthSettings: xml('extlClntAppOauthSettings', 'ecaOauth', 'meta_extlclntappoauthsettings.htm'),
  ExtlClntAppGlobalOauthSettings: xml(
    'extlClntAppGlobalOauthSets',
    'ecaGlblOauth',
    'meta_extlclntappglobaloauthsettings.htm'
  ),
  ExtlClntAppOauthConfigurablePolicies: xml(
    'extlClntAppOauthPolicies',
    'ecaOauthPlcy',
    'meta_extlclntappoauthconfigurablepolicies.htm'
  ),
  ExternalCredential: xml('externalCredentials', 'externalCredential', 'meta_externalcredential.htm'),
  FlexiPage: xml('flexipages', 'flexipage', 'meta_flexipage.htm'),
  Group: xml('groups', 'group', 'meta_group.htm'),
  InstalledPackage: xml('installedPackages', 'installedPackage', 'meta_installedpackage.htm'),
  Layout: xml('layouts', 'layout', 'meta_layout.htm'),
  NamedCredential: xml('namedCredentials', 'namedCredential', 'meta_namedcredential.htm'),
  NavigationMenu: xml('navigationMenus', 'navigationMenu', 'meta_navigationmenu.htm'),
  Network: xml('networks', 'network', 'meta_network.htm'),
  PermissionSet: xml('permissionsets', 'permissionset', 'meta_permissionset.htm'),
  PermissionSetGroup: xml('permissionsetgroups', 'permissionsetgroup', 'meta_permissionsetgroup.htm'),
  PlatformEventSubscriberConfig: xml(
    'PlatformEventSubscriberConfigs',
    'platformEventSubscriberConfig',
    'meta_platformeventsubscriberconfig.htm'
  ),
  Profile: xml('profiles', 'profile', 'meta_profile.htm'),
  ProfilePasswordPolicy: xml(
    'profilePasswordPolicies',
    'profilePasswordPolicy',
    'meta_profilepasswordpolicy.htm'
  ),
  ProfileSessionSetting: xml(
    'profileSessionSettings',
    'profileSessionSetting',
    'meta_profilesessionsetting.htm'
  ),
  Queue: xml('queues', 'queue', 'meta_queues.htm'),
  RemoteSiteSetting: xml('remoteSiteSettings', 'remoteSite', 'meta_remotesitesetting.htm'),
  SharingSet: xml('sharingSets', 'sharingSet', 'meta_sharingset.htm'),
  TransactionSecurityPolicy: xml(
    'transactionSecurityPolicies',
    'transactionSecurityPolicy',
    'meta_transactionsecuritypolicy.htm'
  )
};

/** The parent type and its element for a child type (CustomField -> CustomObject.fields). */
export function parentOf(childType: string): { parent: string; field: string } | undefined {
  for (const [parent, l] of Object.entries(LAYOUT))
    if (l.children?.[childType]) return { parent, field: l.children[childType] as string };
  return undefined;
}

/** Settings types read as `<Name>Settings` (readMetadata('SecuritySettings', ['Security'])). */
export function isSettingsType(t: string): boolean {
  return t.endsWith('Settings') && !(t in LAYOUT);
}

export function knownType(t: string): boolean {
  return t in LAYOUT || isSettingsType(t);
}
