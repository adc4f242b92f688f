import { emptyCollections } from '../snapshot';
import { noBundles } from './readers/lwc';
import type { ApexFactPool } from './apex/pool';
import type { SiteParts } from './readers/site';
import { msg } from '../../messages';
import { orgEventsMsg } from '../../messages/org-events';
import {
  unknown,
  type OauthAppFact,
  type PostureSnapshot,
  type ProblemFact,
  type RetentionPolicyFact,
  type VerifyConfig
} from '../model';

/** Where a reader's file sits: the component name from the file name, and both paths. */
export interface SourceFile {
  /** Component API name: the file name without its suffix (Type.Record for custom metadata). */
  name: string;
  /** Absolute path. */
  file: string;
  /** Project-relative posix path, as shown to users. */
  relFile: string;
  /** 'mdapi' for Metadata API format (Name.suffix), 'source' for source format (Name.suffix-meta.xml). */
  format: 'source' | 'mdapi';
}

/** State shared by the readers of one load: the snapshot being built and what spans several files. */
export interface LoadContext {
  snap: PostureSnapshot;
  config: VerifyConfig;
  /** OAuth apps by name: an External Client App is spread over several files. */
  apps: Map<string, OauthAppFact>;
  retention: RetentionPolicyFact[];
  retentionSeen: boolean;
  problem(p: ProblemFact): void;
  /** Reads Apex on worker threads while XML is read (see readers/apex.ts finishApex). */
  apexPool?: ApexFactPool;
  /** Site parts read so far, assembled into sites at the end (see readers/site.ts finishSites). */
  site?: SiteParts;
}

const missingSettings = (type: string, file: string) =>
  unknown('missing', msg.facts.settingsMissing(type, file), file);

/** An empty snapshot: settings not yet seen are "missing", org-only facts say they need an org. */
export function emptySnapshot(
  root: string,
  packageDirs: string[],
  config: VerifyConfig,
  register: PostureSnapshot['register'],
  layout: 'sfdx' | 'mdapi' = 'sfdx'
): PostureSnapshot {
  const dir = packageDirs[0] ?? '.';
  const settingsFile = (name: string) =>
    layout === 'mdapi'
      ? `${dir}/settings/${name}.settings`
      : `${dir}/main/default/settings/${name}.settings-meta.xml`;
  return {
    ...emptyCollections(config),
    lwc: noBundles(),
    source: { kind: 'project', root, packageDirs },
    session: missingSettings('SecuritySettings', settingsFile('Security')),
    password: missingSettings('SecuritySettings', settingsFile('Security')),
    oauth: missingSettings('OauthOidcSettings', settingsFile('OauthOidc')),
    encryption: missingSettings('PlatformEncryptionSettings', settingsFile('PlatformEncryption')),
    retention: unknown('missing', msg.facts.retentionMissing(config.retentionType)),
    register,
    orgOnly: {
      shieldLicence: unknown(
        'org-only',
        msg.facts.orgOnly('an active Shield Platform Encryption tenant secret')
      ),
      eventMonitoring: unknown('org-only', msg.facts.orgOnly('Event Monitoring log files')),
      eventSettings: unknown('org-only', msg.facts.orgOnly(orgEventsMsg.orgOnlySettings)),
      transactionPolicies: unknown('org-only', msg.facts.orgOnly(orgEventsMsg.orgOnlyPolicies)),
      loginHistory: unknown('org-only', msg.facts.orgOnly('login history and MFA enforcement')),
      packageAccess: unknown('org-only', msg.facts.orgOnly("installed packages' real access to PHI")),
      healthCheck: unknown('org-only', msg.facts.orgOnly('the Security Health Check score')),
      oauthTokens: unknown('org-only', msg.facts.orgOnly('active OAuth tokens per connected app'))
    },
    config,
    evidence: {
      fields: [],
      objects: [],
      sharing: [],
      permissions: [],
      settings: [],
      integrations: [],
      apex: [],
      lwc: [],
      filters: [],
      retention: [],
      packages: [],
      register: [],
      dictionary: [],
      sites: []
    }
  };
}

/** Numbers in metadata text; anything else is undefined. */
export const num = (s: string | undefined) =>
  s === undefined || s === '' || isNaN(Number(s)) ? undefined : Number(s);

/**
 * The namespace of a managed-package component, from its API name. Names a subscriber creates
 * cannot contain two consecutive underscores, so `ns__Name` (and `ns__Name__c`) is namespaced.
 * https://developer.salesforce.com/docs/atlas.en-us.packagingGuide.meta/packagingGuide/packaging_namespace_prefix.htm
 */
export function namespaceOf(apiName: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9]{0,14})__(.+)$/.exec(apiName);
  if (!m) return undefined;
  // Thing__c, Thing__mdt: one "__" before a type suffix is not a namespace.
  if (/^(c|r|mdt|e|b|x|xo|kav|ka|share|history|feed|chn)$/i.test(m[2]!)) return undefined;
  return m[1];
}

/**
 * A string the snapshot keeps, detached from the text of the file it was read from. V8 shares a substring's memory
 * with the whole string it was cut from (a "sliced" string, for 13 characters and more), so one label kept per file
 * would keep the whole text of every file read until the run ends (34 MB of the large bench project's 89 MB
 * snapshot). Joining forces a copy of the characters; the slice then shares that copy only.
 */
export function detached<T extends string | undefined>(s: T): T {
  return (s === undefined || s.length < 13 ? s : ` ${s}`.slice(1)) as T;
}
