/**
 * The posture snapshot: one plain, read-only description of what matters for HIPAA, built from a
 * project's source (or, later, from an org). Every fact keeps its provenance. A fact the loader
 * could not establish is Unknown, with a reason, and never recorded as absent.
 */

export type Provenance = { file: string; line?: number } | { api: string; id?: string };

export type Unknown = {
  known: false;
  /** org-only: only a live org can show it; missing: the project does not declare it. */
  kind: 'org-only' | 'missing' | 'unreadable';
  reason: string;
  /** Where the evidence was expected (a project-relative file), for the finding's location. */
  expected?: string;
};
export type Known<T> = { known: true; value: T; at?: Provenance };
export type Fact<T> = Known<T> | Unknown;

export const known = <T>(value: T, at?: Provenance): Known<T> => ({ known: true, value, at });
export const unknown = (kind: Unknown['kind'], reason: string, expected?: string): Unknown => ({
  known: false,
  kind,
  reason,
  expected
});

import type { DictionaryEntry } from './phi';
import type { ExperienceBundleModel } from './site-bundle';

export type PhiBasis = 'complianceGroup' | 'dictionary' | 'heuristic';

export interface FieldFact {
  object: string;
  name: string;
  /** Object.Field */
  id: string;
  type?: string;
  label?: string;
  description?: string;
  complianceGroups: string[];
  classification?: string;
  encryptionScheme?: string;
  trackHistory?: boolean;
  /** Lookup / master-detail target. */
  referenceTo?: string;
  /** Child relationship name of a lookup / master-detail (`<relationshipName>`), for SOQL subqueries. */
  relationshipName?: string;
  standard: boolean;
  at: Provenance;
  /** Line of the encryptionScheme element, when present. */
  schemeLine?: number;
  /** Namespace of a managed package's field (or of its object): the vendor's, not the admin's. */
  namespace?: string;
}

export interface PhiVerdict {
  phi: boolean;
  basis?: PhiBasis;
  /** For heuristics: the term that matched. For the dictionary: its reason. */
  detail?: string;
  /** Heuristic match that nobody classified: "probable PHI, unclassified". */
  unclassified?: boolean;
}

export interface ObjectFact {
  name: string;
  custom: boolean;
  label?: string;
  sharingModel?: string;
  externalSharingModel?: string;
  enableHistory?: boolean;
  historyRetention?: { archiveAfterMonths?: number; archiveRetentionYears?: number };
  /** Master-detail parent(s), for ControlledByParent. */
  masters: string[];
  /** Provenance points at <sharingModel>; this is the line of <externalSharingModel>. */
  externalSharingLine?: number;
  /** Namespace of a managed package's object. */
  namespace?: string;
  at: Provenance;
}

export type SharedToKind =
  | 'allInternalUsers'
  | 'allCustomerPortalUsers'
  | 'allPartnerUsers'
  | 'guestUser'
  | 'group'
  | 'role'
  | 'roleAndSubordinates'
  | 'roleAndSubordinatesInternal'
  | 'portalRole'
  | 'portalRoleAndSubordinates'
  | 'queue'
  | 'managers'
  | 'managerSubordinates'
  | 'channelProgramGroup'
  | 'territory'
  | 'territoryAndSubordinates'
  | string;

export interface SharingRuleFact {
  object: string;
  name: string;
  kind: 'owner' | 'criteria' | 'guest' | 'territory';
  accessLevel?: string;
  sharedTo: { kind: SharedToKind; value: string }[];
  /** Fields a criteria rule filters on. */
  criteriaFields?: { field: string; file: string; line: number }[];
  at: Provenance;
}

export interface ObjectAccess {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
  line?: number;
}

export interface AccessGrantFact {
  kind: 'PermissionSet' | 'Profile' | 'MutingPermissionSet';
  name: string;
  label?: string;
  description?: string;
  license?: string;
  /** Enabled system permissions, with the line of each. */
  userPermissions: Map<string, number | undefined>;
  objects: Map<string, ObjectAccess>;
  fields: Map<string, { read: boolean; edit: boolean; line?: number }>;
  apexClasses: string[];
  /** Namespace of a managed package's permission set (the vendor's, not the admin's). */
  namespace?: string;
  /** Active users assigned (directly, or through a group for sets), when an org says so. */
  assignees?: number;
  at: Provenance;
}

/**
 * A permission set group: its effective grants are the union of its permission sets minus its
 * muting permission set. Assignment to the group counts like assignment to each set.
 */
export interface PermissionSetGroupFact {
  name: string;
  label?: string;
  permissionSets: string[];
  mutingPermissionSet?: string;
  namespace?: string;
  assignees?: number;
  at: Provenance;
}

/** A per-profile session or password policy (ProfileSessionSetting, ProfilePasswordPolicy): it overrides the org-wide value. */
export interface ProfilePolicyFact {
  kind: 'ProfileSessionSetting' | 'ProfilePasswordPolicy';
  profile: string;
  session?: SessionSettingsFact;
  password?: PasswordPolicyFact;
  at: Provenance;
}

export interface SessionSettingsFact {
  timeoutMinutes?: number;
  timeoutValue?: string;
  forceLogout?: boolean;
  httpOnly?: boolean;
  /** HTTP Strict Transport Security on Salesforce Sites and Experience Cloud sites (hstsOnForcecomSites). */
  hstsOnSites?: boolean;
  lines: Record<string, number>;
}

export interface PasswordPolicyFact {
  minLength?: number;
  complexity?: string;
  expiration?: string;
  maxLoginAttempts?: string;
  lockoutInterval?: string;
  historyRestriction?: number;
  lines: Record<string, number>;
}

export interface OauthSettingsFact {
  blockUsernamePassword?: boolean;
  blockUserAgent?: boolean;
  lines: Record<string, number>;
}

export interface EncryptionSettingsFact {
  deterministic?: boolean;
  fieldHistory?: boolean;
  eventBus?: boolean;
  lines: Record<string, number>;
}

export interface OauthAppFact {
  kind: 'ConnectedApp' | 'ExternalClientApplication';
  name: string;
  scopes: string[];
  hasOauth: boolean;
  certificate?: boolean;
  adminApproved?: boolean;
  refreshPolicy?: string;
  ipRelaxation?: string;
  at: Provenance;
  /** Per-attribute provenance (scopes, certificate, policy) where files differ. */
  where: Record<string, Provenance>;
}

export interface EndpointFact {
  kind: 'RemoteSiteSetting' | 'NamedCredential' | 'ExternalCredential';
  name: string;
  url?: string;
  disableProtocolSecurity?: boolean;
  clientCertificate?: string;
  /** The credential says it needs mutual TLS (ClientCertificate parameter, or mTLS in its text). */
  mtlsDeclared: boolean;
  description?: string;
  at: Provenance;
}

/** Where an Apex site sits: its declaring class (Outer or Outer.Inner) and whether it is test code. */
export interface ApexSiteScope {
  /** Declaring class, qualified (`Outer.Inner`); absent for triggers. */
  cls?: string;
  /** Inside a test class or a test method (`@IsTest`, `testMethod`): never a production finding. */
  test?: boolean;
  /** This statement's records pass through `Security.stripInaccessible`. */
  stripped?: boolean;
}

/** A child subquery (`(SELECT .. FROM Lab_Tests__r)`) or a semi-join (`WHERE Id IN (SELECT .. FROM Visit__c)`). */
export interface SoqlSubquery {
  kind: 'child' | 'semijoin';
  /** The FROM name as written: a child relationship name for `child`, an object for `semijoin`. */
  from: string;
  fields: string[];
}

export interface SoqlSite extends ApexSiteScope {
  line: number;
  /** Every FROM name in the query; the main object is LAST. */
  objects: string[];
  /** The main object (top-level FROM), when known. */
  object?: string;
  /** Fields of the main object's SELECT list (child subqueries are in `subqueries`). */
  fields: string[];
  /** Fields compared in the top-level WHERE clause. */
  whereFields?: string[];
  subqueries?: SoqlSubquery[];
  /** SOSL (`FIND .. RETURNING`): one site per returned object. */
  sosl?: boolean;
  /** Built at run time (Database.query, Search.query); objects and fields read from string literals. */
  dynamic?: boolean;
  /** WITH USER_MODE / WITH SECURITY_ENFORCED (inline or in the literal), or AccessLevel.USER_MODE. */
  enforced: boolean;
  systemModeJustified: boolean;
}

export interface DmlSite extends ApexSiteScope {
  line: number;
  op: string;
  /** Resolved sObject type of the target, when the loader can tell. */
  sobject?: string;
  userMode: boolean;
  systemModeJustified: boolean;
}

export type ApexEntryKind =
  'AuraEnabled' | 'RestResource' | 'HttpMethod' | 'InvocableMethod' | 'RemoteAction' | 'WebService';

/** One class declared in a file: the top-level class or an inner class, each with its own sharing. */
export interface ApexClassUnit {
  /** Qualified name: `Outer` or `Outer.Inner`. */
  name: string;
  /** Line of the `class` keyword's declaration. */
  line: number;
  sharing: 'with' | 'without' | 'inherited' | 'omitted';
  sharingLine: number;
  /** A `// phi-guard: without-sharing <reason>` comment justifies this class's `without sharing`. */
  sharingJustified?: boolean;
  extends?: string;
  /** `@IsTest` on the class or on an enclosing class. */
  isTest: boolean;
  /** Entry points declared in this class (never in test methods). */
  entryPoints: { line: number; kind: ApexEntryKind; method?: string }[];
  /** Names of test methods (`@IsTest` or `testMethod`). */
  testMethods: string[];
  /** Identifiers referenced in this class's own body (lower-cased). */
  identifiers: Set<string>;
  /** Outer class, for inner classes. */
  outer?: string;
}

export interface ApexFact {
  name: string;
  kind: 'class' | 'trigger';
  file: string;
  sharing: 'with' | 'without' | 'inherited' | 'omitted';
  sharingLine: number;
  extends?: string;
  isTest: boolean;
  /** Trigger object, for triggers. */
  triggerObject?: string;
  triggerEvents?: string[];
  soql: SoqlSite[];
  dml: DmlSite[];
  debug: ({ line: number; args: string } & ApexSiteScope)[];
  /** Entry points of the top-level class and its inner classes (see `classes` for which). */
  entryPoints: { line: number; kind: ApexEntryKind; method?: string }[];
  /** Security.stripInaccessible appears anywhere in the file (per statement: `stripped` on sites). */
  stripInaccessible: boolean;
  /** The top-level class and every inner class, each with its own sharing; empty for triggers. */
  classes?: ApexClassUnit[];
  /** Identifiers referenced (lower-cased), for "calls the audit service" and type references. */
  identifiers: Set<string>;
  /** Declared variable name (lower) -> type (as written). */
  variables: Map<string, string>;
  addsErrors: boolean;
  parseError?: { line: number; column: number; message: string };
}

/**
 * An Experience Cloud (or Salesforce) site: its Network, its CustomSite (guest profile, framing and
 * header settings) and its pages (an Aura site's ExperienceBundle). A part the site names but the
 * source or org did not give is Unknown with its reason; a part that does not exist is absent.
 * Read by the site checks (scripts/src/posture/site-facts.ts).
 */
export interface SiteFact {
  /** The Network's name, or the CustomSite's when no Network names it. */
  name: string;
  network?: NetworkFact;
  customSite?: Fact<CustomSiteFact>;
  /** The site's pages; absent for a Visualforce site. */
  pages?: Fact<SitePagesFact>;
  at: Provenance;
}

export interface NetworkFact {
  name: string;
  selfRegistration?: boolean;
  guestChatter?: boolean;
  guestFileAccess?: boolean;
  guestMemberVisibility?: boolean;
  internalUserLogin?: boolean;
  apexCdnCaching?: boolean;
  status?: string;
  /** The CustomSite (`site`) and the ExperienceBundle (`picassoSite`) the Network names. */
  site?: string;
  picassoSite?: string;
  memberProfiles: string[];
  memberPermissionSets: string[];
  lines: Record<string, number>;
  at: Provenance;
}

export interface CustomSiteFact {
  name: string;
  siteType?: string;
  active?: boolean;
  guestProfile?: string;
  clickjackProtectionLevel?: string;
  /** Standard pages visible to public users (allowHomePage, allowStandardSearch, ...): those set to true. */
  publicStandardPages: string[];
  browserXssProtection?: boolean;
  contentSniffingProtection?: boolean;
  lines: Record<string, number>;
  at: Provenance;
}

/** An Aura site's pages, read from its ExperienceBundle (see ./site-bundle.ts). */
export interface SitePagesFact {
  bundle: ExperienceBundleModel;
  at: Provenance;
}

/** A CSP trusted site (CspTrustedSite): a host Lightning pages or sites may load from. */
export interface TrustedSiteFact {
  name: string;
  endpointUrl?: string;
  /** All, LEX, Communities, ... (absent: All). */
  context?: string;
  active: boolean;
  at: Provenance;
}

/**
 * A Lightning web component bundle: where it can be placed (targets), the Apex methods it imports and the
 * custom components its templates use, each with file and line.
 */
export interface LwcBundleFact {
  name: string;
  exposed: boolean;
  /** `<targets><target>` values of its .js-meta.xml (lightningCommunity__Page, lightning__AppPage, ...). */
  targets: string[];
  /** `import x from '@salesforce/apex/[namespace.]Class.method'`. */
  apexImports: { className: string; method: string; namespace?: string; at: Provenance }[];
  /** Custom components its templates use (`<c-phi-masked-value>` -> phiMaskedValue). */
  children: { name: string; at: Provenance }[];
  /**
   * Properties an Experience Builder page may set: the targetConfig for lightningCommunity__Default.
   * Read where the configuration file's text is at hand (the source loader, an org's record).
   */
  siteProperties?: Map<string, LwcProperty>;
  /** The bundle's .js-meta.xml, or its first file read when it has none. */
  at: Provenance;
}

/** A `<property>` of a component's targetConfig, as written (min and max as numbers when they are). */
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

export interface RetentionPolicyFact {
  name: string;
  object?: string;
  dateField?: string;
  months?: number;
  action?: string;
  active: boolean;
  at: Provenance;
}

export interface FilterUse {
  object: string;
  field: string;
  where: 'ListView' | 'Report' | 'SharingCriteria' | 'Apex';
  component: string;
  at: Provenance;
}

export interface RegisterItem {
  key: string;
  date?: string;
  line?: number;
  evidence?: string;
}

export interface BaaEntry {
  vendor: string;
  namespace?: string;
  signed?: string;
  expires?: string;
  handlesPhi: boolean;
  /** What PHI the vendor may touch (free text, no values), the vendor contact, and the connected or external client apps it runs. */
  scope?: string;
  contact?: string;
  apps?: string[];
  line?: number;
}

export interface BackupEntry {
  name: string;
  includesPhi: boolean;
  encryptionAttested: boolean;
  line?: number;
}

export interface ComplianceRegister {
  file: string;
  items: Map<string, RegisterItem>;
  baas: BaaEntry[];
  backups?: BackupEntry[];
  backupsLine?: number;
  /** Connected and external client apps reviewed and approved for OAuth access ("oauthApps"). */
  oauthApps?: { name: string; line?: number }[];
}

export interface InstalledPackageFact {
  namespace: string;
  versionNumber?: string;
  at: Provenance;
}

/** A Shield Platform Encryption tenant secret (TenantSecret; never its value). */
export interface TenantSecretFact {
  type: string;
  status: string;
  version?: number;
  /** ISO-8601 creation date: the key's age. */
  created?: string;
  at: Provenance;
}

/** Event Monitoring: log files per event type over the last `days` days. */
export interface EventMonitoringFact {
  days: number;
  logFiles: Record<string, number>;
  at: Provenance;
}

/**
 * Event Monitoring settings (Metadata API `EventSettings`, fullName `Event`) and which real-time event
 * streams are on (`RealTimeEventSettings`, fullName `RealTimeEvent`). An element the record omits
 * stays undefined (not "off"): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_eventsettings.htm
 */
export interface EventSettingsFact {
  logGeneration?: boolean;
  /** Days event log files are kept (30-365). */
  retentionDays?: number;
  transactionSecurity?: boolean;
  /** Real-time event streams by entity name (ApiEventStream, ReportEventStream, ...); unknown when refused. */
  realTimeEvents: Fact<Record<string, boolean>>;
  at: Provenance;
}

/** A transaction security policy as the Tooling API shows it (no block message, no action config). */
export interface TransactionPolicyFact {
  name: string;
  /** Enabled | Disabled */
  state: string;
  type?: string;
  eventName?: string;
  at: Provenance;
}

/** Active users holding PHI access (through a profile, permission set or group), as counts only. */
export interface PhiUserActivityFact {
  phiUsers: number;
  /** Not logged in for `staleDays` days (or never). */
  stale: number;
  staleDays: number;
  /** Not covered by MFA: no MFA permission and no org-wide MFA; unknown when the org enforces it org-wide. */
  withoutMfa?: number;
  /** Holding an MFA waiver (Bypass MFA for UI logins). */
  mfaWaived?: number;
  orgWideMfa?: boolean;
  at: Provenance;
}

/** A managed package's declared access to PHI objects, through its own permission sets. */
export interface PackagePhiAccessFact {
  namespace: string;
  name?: string;
  /** PHI objects (API names) its permission sets can read or change. */
  objects: string[];
  at: Provenance;
}

export interface HealthCheckFact {
  score: number;
  highRisks: string[];
  at: Provenance;
}

/** Active OAuth tokens per connected app (OauthToken grouped by AppName). */
export interface OauthTokenUsageFact {
  app: string;
  tokens: number;
  at: Provenance;
}

/** Facts only a live org can show; offline they are Unknown with kind "org-only". */
export interface OrgOnlyFacts {
  shieldLicence: Fact<TenantSecretFact[]>;
  eventMonitoring: Fact<EventMonitoringFact>;
  eventSettings: Fact<EventSettingsFact>;
  transactionPolicies: Fact<TransactionPolicyFact[]>;
  loginHistory: Fact<PhiUserActivityFact>;
  packageAccess: Fact<PackagePhiAccessFact[]>;
  healthCheck: Fact<HealthCheckFact>;
  oauthTokens: Fact<OauthTokenUsageFact[]>;
}

export interface ProblemFact {
  file: string;
  line?: number;
  message: string;
}

/** The deployability layer's verdict on a project's metadata files. */
export interface DeployabilityFact {
  schemaVersion: string;
  filesChecked: number;
  /** One entry per problem: file, line, element path and kind; never the element's value. */
  problems: { file: string; line?: number; path: string; type: string; message: string }[];
}

/**
 * The collections of facts a snapshot holds (as opposed to single settings facts). A collection is
 * complete unless the loader recorded a gap for it: a source file of that family that could not be
 * read or parsed, or an org read that was refused or failed. Checks declare the collections they
 * need; a needed collection with a gap makes the check "not verified", so an unreadable guest
 * profile can never pass the guest-access check.
 */
export const COLLECTIONS = [
  'objects',
  'fields',
  'sharingRules',
  'grants',
  'permissionSetGroups',
  'profilePolicies',
  'apps',
  'endpoints',
  'apex',
  'filters',
  'installedPackages',
  // The PHI inventory: a gap when nothing in the project is PHI and there is no data dictionary,
  // so checks that protect PHI cannot pass on an inventory that was never established.
  'phi',
  // Experience Cloud sites: networks, custom sites, their pages, CSP trusted sites and the
  // Lightning web components the pages place.
  'sites'
] as const;
export type CollectionKey = (typeof COLLECTIONS)[number];

/** Records that a collection is incomplete, with the reason (and the file or API it came from). */
export function addGap(snapshot: PostureSnapshot, key: CollectionKey, gap: Unknown): void {
  (snapshot.gaps[key] ??= []).push(gap);
}

export interface PostureSnapshot {
  source:
    | { kind: 'project'; root: string; packageDirs: string[] }
    | { kind: 'org'; alias: string; instanceUrl?: string; apiVersion?: string; apiCalls?: number };
  objects: Map<string, ObjectFact>;
  fields: Map<string, FieldFact>;
  phi: Map<string, PhiVerdict>;
  /** The PHI data dictionary (keys lower-case Object.Field), so entries with no field metadata can be reported. */
  dictionary: { file: string; entries: Map<string, DictionaryEntry> };
  /** Object names with at least one PHI field (classified, dictionary or heuristic). */
  phiObjects: Set<string>;
  sharingRules: SharingRuleFact[];
  grants: AccessGrantFact[];
  permissionSetGroups: PermissionSetGroupFact[];
  profilePolicies: ProfilePolicyFact[];
  session: Fact<SessionSettingsFact>;
  password: Fact<PasswordPolicyFact>;
  oauth: Fact<OauthSettingsFact>;
  encryption: Fact<EncryptionSettingsFact>;
  apps: OauthAppFact[];
  endpoints: EndpointFact[];
  apex: ApexFact[];
  /** Lightning web components; unknown where they could not be read (online: not read from an org yet). */
  lwc: Fact<LwcBundleFact[]>;
  filters: FilterUse[];
  retention: Fact<RetentionPolicyFact[]>;
  register: Fact<ComplianceRegister>;
  installedPackages: InstalledPackageFact[];
  /** Experience Cloud and Salesforce sites, with their pages. */
  sites: SiteFact[];
  trustedSites: TrustedSiteFact[];
  /**
   * Lightning web components by bundle name, for the site checks. From source: the same bundles as `lwc`
   * (with their site properties); from an org: the components the sites' pages place, and those they nest.
   */
  lwcs: Map<string, LwcBundleFact>;
  /** Facts only a live org can show. */
  orgOnly: OrgOnlyFacts;
  /** Malformed files: reported as findings, the rest of the project is still checked. */
  problems: ProblemFact[];
  /** Files the Metadata API would reject (scripts/src/metadata); absent for an org snapshot. */
  deployability?: DeployabilityFact;
  /** Incomplete collections (see COLLECTIONS); empty when every collection was read in full. */
  gaps: Partial<Record<CollectionKey, Unknown[]>>;
  config: VerifyConfig;
  /** Number of files read, for evidence and progress. */
  filesRead: number;
  inputs: string[];
  /** SHA-256 over every input file (path and content, in read order): the evidence pack's fingerprint. */
  inputsSha256: string;
  /** Files read per kind of fact, so reports can say which files each control was checked against. */
  evidence: Record<EvidenceKind, string[]>;
}

export type EvidenceKind =
  | 'fields'
  | 'objects'
  | 'sharing'
  | 'permissions'
  | 'settings'
  | 'integrations'
  | 'apex'
  | 'lwc'
  | 'filters'
  | 'retention'
  | 'packages'
  | 'register'
  | 'dictionary'
  | 'sites';

export interface VerifyConfig {
  dictionaryFile: string;
  registerFile: string;
  suppressionsFile: string;
  auditServices: string[];
  auditLogObjects: string[];
  retentionType: string;
  auditorPersonas: string[];
  /** ORG-101: days after which an active tenant secret must have been rotated. */
  keyRotationDays: number;
  /** ORG-103: the lowest acceptable Security Health Check score (0-100). */
  healthCheckMinScore: number;
}
