import type {
  OauthOidcSettings,
  PlatformEncryptionSettings,
  ProfilePasswordPolicy,
  ProfileSessionSetting,
  SecuritySettings
} from '@salesforce/types/metadata';
import type {
  EncryptionSettingsFact,
  OauthSettingsFact,
  PasswordPolicyFact,
  ProfilePolicyFact,
  SessionSettingsFact
} from '../model';
import { api, bool, num, obj, str, type Md } from './util';
import { TIMEOUT_MINUTES } from '../session-timeout';

/**
 * Org-wide and per-profile settings from the Metadata API (`readMetadata`; full names are the type
 * name without "Settings"): SecuritySettings
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_securitysettings.htm),
 * OauthOidcSettings, PlatformEncryptionSettings
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_platformencryptionsettings.htm),
 * ProfileSessionSetting and ProfilePasswordPolicy
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profilesessionsetting.htm).
 */

/** No line numbers online: the provenance is the metadata type. */
const NO_LINES: Record<string, number> = {};

export function sessionOf(md: Partial<SecuritySettings> & Md): SessionSettingsFact | undefined {
  const s = obj(md.sessionSettings);
  if (!s) return undefined;
  const value = str(s.sessionTimeout);
  return {
    timeoutValue: value,
    timeoutMinutes: value ? TIMEOUT_MINUTES[value] : undefined,
    forceLogout: bool(s.forceLogoutOnSessionTimeout),
    httpOnly: bool(s.requireHttpOnly),
    hstsOnSites: bool(s.hstsOnForcecomSites),
    lines: NO_LINES
  };
}

/** Org-wide MFA for direct UI logins (sessionSettings.enableMFADirectUILoginOptIn). */
export function orgWideMfa(md: Md): boolean | undefined {
  return bool(obj(md.sessionSettings)?.enableMFADirectUILoginOptIn);
}

export function passwordOf(md: Partial<SecuritySettings> & Md): PasswordPolicyFact | undefined {
  const p = obj(md.passwordPolicies);
  if (!p) return undefined;
  return {
    minLength: num(p.minimumPasswordLength),
    complexity: str(p.complexity),
    expiration: str(p.expiration),
    maxLoginAttempts: str(p.maxLoginAttempts),
    lockoutInterval: str(p.lockoutInterval),
    historyRestriction: num(p.historyRestriction),
    lines: NO_LINES
  };
}

export function oauthOf(md: Partial<OauthOidcSettings> & Md): OauthSettingsFact {
  return {
    blockUsernamePassword: bool(md.blockOAuthUnPwFlow),
    blockUserAgent: bool(md.blockOAuthUsrAgtFlow),
    lines: NO_LINES
  };
}

export function encryptionOf(md: Partial<PlatformEncryptionSettings> & Md): EncryptionSettingsFact {
  return {
    // The WSDL spells it enableDeterministicEncryption; the doc table enableDeterministEncryption.
    deterministic: bool(md.enableDeterministicEncryption) ?? bool(md.enableDeterministEncryption),
    fieldHistory: bool(md.enableEncryptFieldHistory),
    eventBus: bool(md.enableEventBusEncryption),
    lines: NO_LINES
  };
}

export function profileSession(md: Partial<ProfileSessionSetting> & Md): ProfilePolicyFact | undefined {
  const profile = str(md.profile);
  if (!profile) return undefined;
  const minutes = num(md.sessionTimeout);
  return {
    kind: 'ProfileSessionSetting',
    profile,
    session: { timeoutMinutes: minutes, timeoutValue: str(md.sessionTimeout), lines: NO_LINES },
    at: api('ProfileSessionSetting', str(md.fullName) ?? profile)
  };
}

export function profilePassword(md: Partial<ProfilePasswordPolicy> & Md): ProfilePolicyFact | undefined {
  const profile = str(md.profile);
  if (!profile) return undefined;
  return {
    kind: 'ProfilePasswordPolicy',
    profile,
    password: {
      minLength: num(md.minimumPasswordLength),
      complexity: str(md.passwordComplexity),
      expiration: str(md.passwordExpiration),
      maxLoginAttempts: str(md.maxLoginAttempts),
      lockoutInterval: str(md.lockoutInterval),
      historyRestriction: num(md.passwordHistory),
      lines: NO_LINES
    },
    at: api('ProfilePasswordPolicy', str(md.fullName) ?? profile)
  };
}
