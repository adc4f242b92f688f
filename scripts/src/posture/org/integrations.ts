import type {
  ConnectedApp,
  ExternalCredential,
  ExtlClntAppGlobalOauthSettings,
  ExtlClntAppOauthConfigurablePolicies,
  ExtlClntAppOauthSettings,
  NamedCredential,
  RemoteSiteSetting
} from '@salesforce/types/metadata';
import type { EndpointFact, OauthAppFact } from '../model';
import { api, bool, list, obj, str, strings, type Md } from './util';

/**
 * Connected apps, external client apps, named and external credentials and remote sites, from the
 * Metadata API (listMetadata, then readMetadata 10 at a time). Secret fields (consumerSecret,
 * password, oauthToken...) are never copied into the snapshot: only the named fields below.
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappoauthsettings.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_remotesitesetting.htm
 */

export function connectedApp(md: Partial<ConnectedApp> & Md): OauthAppFact | undefined {
  const name = str(md.fullName);
  if (!name) return undefined;
  const oc = obj(md.oauthConfig);
  const policy = obj(md.oauthPolicy);
  const at = api('ConnectedApp', name);
  return {
    kind: 'ConnectedApp',
    name,
    scopes: strings(oc?.scopes),
    hasOauth: !!oc,
    certificate: oc ? !!str(oc.certificate) : undefined,
    adminApproved: oc ? bool(oc.isAdminApproved) === true : undefined,
    refreshPolicy: str(policy?.refreshTokenPolicy),
    ipRelaxation: str(policy?.ipRelaxation),
    at,
    where: { scopes: at, certificate: at, policy: at, refresh: at }
  };
}

/** Builds external client apps from their OAuth settings, global settings and policies (keyed by app name). */
export function externalClientApps(
  names: string[],
  settings: (Partial<ExtlClntAppOauthSettings> & Md)[],
  globals: (Partial<ExtlClntAppGlobalOauthSettings> & Md)[],
  policies: (Partial<ExtlClntAppOauthConfigurablePolicies> & Md)[]
): OauthAppFact[] {
  const apps = new Map<string, OauthAppFact>();
  const app = (name: string) => {
    let a = apps.get(name);
    if (!a) {
      const at = api('ExternalClientApplication', name);
      a = { kind: 'ExternalClientApplication', name, scopes: [], hasOauth: false, at, where: {} };
      apps.set(name, a);
    }
    return a;
  };
  for (const n of names) app(n);
  for (const s of settings) {
    const a = app(str(s.externalClientApplication) ?? '?');
    a.hasOauth = true;
    a.scopes = (str(s.commaSeparatedOauthScopes) ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    a.where.scopes = api('ExtlClntAppOauthSettings', str(s.fullName));
  }
  for (const g of globals) {
    const a = app(str(g.externalClientApplication) ?? '?');
    a.hasOauth = true;
    a.certificate = !!str(g.certificate);
    a.where.certificate = api('ExtlClntAppGlobalOauthSettings', str(g.fullName));
  }
  for (const p of policies) {
    const a = app(str(p.externalClientApplication) ?? '?');
    a.adminApproved = str(p.permittedUsersPolicyType) === 'AdminApprovedPreAuthorized';
    a.refreshPolicy = str(p.refreshTokenPolicyType);
    a.ipRelaxation = str(p.ipRelaxationPolicyType);
    a.where.policy = api('ExtlClntAppOauthConfigurablePolicies', str(p.fullName));
    a.where.refresh = a.where.policy;
  }
  return [...apps.values()];
}

export function remoteSite(md: Partial<RemoteSiteSetting> & Md): EndpointFact | undefined {
  const name = str(md.fullName);
  if (!name) return undefined;
  return {
    kind: 'RemoteSiteSetting',
    name,
    url: str(md.url),
    disableProtocolSecurity: bool(md.disableProtocolSecurity),
    mtlsDeclared: false,
    description: str(md.description),
    at: api('RemoteSiteSetting', name)
  };
}

export function namedCredential(md: Partial<NamedCredential> & Md): EndpointFact | undefined {
  const name = str(md.fullName);
  if (!name) return undefined;
  const params = list(md.namedCredentialParameters);
  const urlParam = params.find((p) => str(p.parameterType) === 'Url');
  const certParam = params.find((p) => str(p.parameterType) === 'ClientCertificate');
  const description = str(md.description);
  const cert = certParam
    ? (str(certParam.certificate) ?? str(certParam.parameterValue))
    : str(md.certificate);
  return {
    kind: 'NamedCredential',
    name,
    url: str(urlParam?.parameterValue) ?? str(md.endpoint),
    clientCertificate: cert,
    mtlsDeclared:
      !!certParam || /\b(mtls|mutual tls|mutual-tls)\b/i.test(`${description ?? ''} ${str(md.label) ?? ''}`),
    description,
    at: api('NamedCredential', name)
  };
}

export function externalCredential(md: Partial<ExternalCredential> & Md): EndpointFact | undefined {
  const name = str(md.fullName);
  if (!name) return undefined;
  const urlParam = list(md.externalCredentialParameters).find((p) =>
    /Url|TokenEndpoint/.test(str(p.parameterType) ?? '')
  );
  return {
    kind: 'ExternalCredential',
    name,
    url: str(urlParam?.parameterValue),
    mtlsDeclared: false,
    description: str(md.description),
    at: api('ExternalCredential', name)
  };
}
