import type { Severity } from '../../checks/types';
import type { BaaEntry, ComplianceRegister, Fact, Provenance } from '../../posture/model';
import { addDays, formatDay } from '../incident/timeline';

/**
 * The BAA register (config/compliance-register.json, "baas") against what can reach PHI: installed
 * packages and connected or external client apps. 45 CFR 164.308(b)(1) and 164.314(a) require a
 * business associate agreement with every vendor that creates, receives, keeps or sends PHI.
 * Pure: the command gathers packages and apps (from the source snapshot, or from an org) first.
 */
export const EXPIRY_WARNING_DAYS = 30;

export type BaaIssueKind =
  | 'not-verified'
  | 'no-salesforce-baa'
  | 'package-no-baa'
  | 'app-no-baa'
  | 'unsigned'
  | 'expired'
  | 'expiring'
  | 'stale-package'
  | 'stale-app';

export interface BaaIssue {
  kind: BaaIssueKind;
  severity: Severity;
  /** The vendor (register entries) or the package namespace / app name (what is installed). */
  subject: { type: 'BusinessAssociate' | 'InstalledPackage' | 'OauthApp' | 'Register'; name: string };
  /** Expiry date for expired and expiring entries. */
  date?: string;
  daysLeft?: number;
  location: Provenance;
}

export interface PackageInUse {
  namespace: string;
  name?: string;
  at: Provenance;
}

export interface AppInUse {
  name: string;
  /** OAuth scopes as the metadata or API names them (Api, Full, RefreshToken, ...). */
  scopes: string[];
  /** Users holding an active token (online), when known. */
  activeTokens?: number;
  at: Provenance;
}

export interface BaaInput {
  register: Fact<ComplianceRegister>;
  packages: PackageInUse[];
  apps: AppInUse[];
  /** The org holds PHI (a PHI object exists): Salesforce itself is then a business associate. */
  holdsPhi: boolean;
  /** Whether `packages`/`apps` list everything installed (an org) or only what the source declares. */
  complete: boolean;
  /** Why the app list is incomplete (online: OauthToken visibility), which makes app coverage not verified. */
  appsUnknown?: string;
  now: Date;
}

export interface BaaReport {
  registerFile?: string;
  entries: {
    vendor: string;
    namespace?: string;
    apps: string[];
    signed?: string;
    expires?: string;
    scope?: string;
    contact?: string;
    handlesPhi: boolean;
  }[];
  packages: PackageInUse[];
  apps: AppInUse[];
  issues: BaaIssue[];
}

/**
 * OAuth scopes that reach no record data: identity and token plumbing only. Any other scope (api,
 * full, web, visualforce, chatter_api, wave_api, cdp_*, ...) lets the app read data its user can
 * see. Scope names: ConnectedAppOauthConfig.scopes in the Metadata API and "OAuth Tokens and Scopes"
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_tokens_scopes.htm
 */
const IDENTITY_SCOPES = new Set([
  'openid',
  'profile',
  'email',
  'address',
  'phone',
  'id',
  'refreshtoken',
  'refresh_token',
  'offlineaccess',
  'offline_access',
  'basic'
]);

export const reachesData = (scopes: string[]) =>
  scopes.some((s) => !IDENTITY_SCOPES.has(s.toLowerCase().replace(/\s+/g, '')));

/** App names compare without case, spaces or underscores: OauthToken.AppName may be the label. */
const appKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const current = (b: BaaEntry, today: string) => !!b.signed && (!b.expires || b.expires >= today);

export function compareBaas(input: BaaInput): BaaReport {
  const issues: BaaIssue[] = [];
  if (!input.register.known) {
    issues.push({
      kind: 'not-verified',
      severity: 'high',
      subject: { type: 'Register', name: input.register.expected ?? 'compliance register' },
      location: { file: input.register.expected ?? '' }
    });
    return { entries: [], packages: input.packages, apps: input.apps, issues };
  }
  const reg = input.register.value;
  const today = formatDay(input.now);
  const soon = formatDay(addDays(new Date(`${today}T00:00:00Z`), EXPIRY_WARNING_DAYS));
  const at = (b: BaaEntry): Provenance => ({ file: reg.file, line: b.line });
  const vendor = (b: BaaEntry) => ({ type: 'BusinessAssociate' as const, name: b.vendor });

  for (const b of reg.baas) {
    if (!b.handlesPhi) continue;
    if (!b.signed) issues.push({ kind: 'unsigned', severity: 'high', subject: vendor(b), location: at(b) });
    else if (b.expires && b.expires < today)
      issues.push({
        kind: 'expired',
        severity: 'high',
        subject: vendor(b),
        date: b.expires,
        location: at(b)
      });
    else if (b.expires && b.expires <= soon) {
      const daysLeft = Math.round((Date.parse(b.expires) - Date.parse(today)) / 86_400_000);
      issues.push({
        kind: 'expiring',
        severity: 'medium',
        subject: vendor(b),
        date: b.expires,
        daysLeft,
        location: at(b)
      });
    }
  }
  if (input.holdsPhi && !reg.baas.some((b) => /salesforce/i.test(b.vendor) && current(b, today))) {
    issues.push({
      kind: 'no-salesforce-baa',
      severity: 'high',
      subject: { type: 'BusinessAssociate', name: 'Salesforce' },
      location: { file: reg.file, line: 1 }
    });
  }

  const byNamespace = new Map(
    reg.baas.filter((b) => b.namespace).map((b) => [b.namespace!.toLowerCase(), b])
  );
  for (const p of input.packages) {
    if (byNamespace.has(p.namespace.toLowerCase())) continue;
    issues.push({
      kind: 'package-no-baa',
      severity: 'high',
      subject: { type: 'InstalledPackage', name: p.namespace },
      location: p.at
    });
  }
  if (input.appsUnknown)
    issues.push({
      kind: 'not-verified',
      severity: 'high',
      subject: { type: 'OauthApp', name: input.appsUnknown },
      location: { api: 'OauthToken' }
    });
  const byApp = new Map<string, BaaEntry>();
  for (const b of reg.baas) for (const a of b.apps ?? []) byApp.set(appKey(a), b);
  for (const a of input.apps) {
    if (!reachesData(a.scopes) || byApp.has(appKey(a.name))) continue;
    if (a.activeTokens === 0) continue;
    issues.push({
      kind: 'app-no-baa',
      severity: 'high',
      subject: { type: 'OauthApp', name: a.name },
      location: a.at
    });
  }

  const installed = new Set(input.packages.map((p) => p.namespace.toLowerCase()));
  const appNames = new Set(input.apps.map((a) => appKey(a.name)));
  // Offline the project may not declare every installed package, so a missing one is only a hint.
  const staleSeverity: Severity = input.complete ? 'medium' : 'low';
  for (const b of reg.baas) {
    if (b.namespace && !installed.has(b.namespace.toLowerCase()))
      issues.push({
        kind: 'stale-package',
        severity: staleSeverity,
        subject: { type: 'InstalledPackage', name: b.namespace },
        location: at(b)
      });
    for (const a of b.apps ?? [])
      if (!appNames.has(appKey(a)))
        issues.push({
          kind: 'stale-app',
          severity: staleSeverity,
          subject: { type: 'OauthApp', name: a },
          location: at(b)
        });
  }

  return {
    registerFile: reg.file,
    entries: reg.baas.map((b) => ({
      vendor: b.vendor,
      namespace: b.namespace,
      apps: b.apps ?? [],
      signed: b.signed,
      expires: b.expires,
      scope: b.scope,
      contact: b.contact,
      handlesPhi: b.handlesPhi
    })),
    packages: input.packages,
    apps: input.apps,
    issues
  };
}
