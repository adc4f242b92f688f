import type { EndpointFact, OauthAppFact } from '../../model';
import { bool, child, children, text, type XmlNode } from '../../xml';
import type { LoadContext, SourceFile } from '../context';

const splitScopes = (s: string | undefined) =>
  (s ?? '')
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** An External Client App is spread over several files; they meet on its name. */
function app(ctx: LoadContext, name: string, at: { file: string; line?: number }): OauthAppFact {
  let a = ctx.apps.get(name);
  if (!a) {
    a = { kind: 'ExternalClientApplication', name, scopes: [], hasOauth: false, at, where: {} };
    ctx.apps.set(name, a);
  }
  return a;
}

/** ConnectedApp (connectedApps/<Name>.connectedApp[-meta.xml]). */
export function readConnectedApp(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const relFile = src.relFile;
  const oc = child(node, 'oauthConfig');
  const policy = child(node, 'oauthPolicy');
  ctx.apps.set(`connectedapp:${src.name}`, {
    kind: 'ConnectedApp',
    name: src.name,
    scopes: children(oc, 'scopes').map((s) => s.text),
    hasOauth: !!oc,
    certificate: oc ? !!text(oc, 'certificate') : undefined,
    adminApproved: oc ? bool(oc, 'isAdminApproved') === true : undefined,
    refreshPolicy: text(policy, 'refreshTokenPolicy'),
    ipRelaxation: text(policy, 'ipRelaxation'),
    at: { file: relFile, line: node.line },
    where: {
      scopes: { file: relFile, line: children(oc, 'scopes')[0]?.line ?? oc?.line ?? node.line },
      certificate: { file: relFile, line: oc?.line ?? node.line },
      policy: { file: relFile, line: child(oc, 'isAdminApproved')?.line ?? oc?.line ?? node.line },
      refresh: { file: relFile, line: child(policy, 'refreshTokenPolicy')?.line ?? policy?.line ?? node.line }
    }
  });
}

/** ExternalClientApplication (externalClientApps/<Name>.eca[-meta.xml]). */
export function readEca(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  app(ctx, src.name, { file: src.relFile, line: node.line }).at = { file: src.relFile, line: node.line };
}

/** ExtlClntAppOauthSettings (.ecaOauth): the OAuth scopes. */
export function readEcaOauth(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const a = app(ctx, text(node, 'externalClientApplication') ?? '?', { file: src.relFile, line: node.line });
  a.hasOauth = true;
  a.scopes = splitScopes(text(node, 'commaSeparatedOauthScopes'));
  a.where.scopes = { file: src.relFile, line: child(node, 'commaSeparatedOauthScopes')?.line ?? node.line };
}

/** ExtlClntAppGlobalOauthSettings (.ecaGlblOauth): the certificate. */
export function readEcaGlobalOauth(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const a = app(ctx, text(node, 'externalClientApplication') ?? '?', { file: src.relFile, line: node.line });
  a.hasOauth = true;
  a.certificate = !!text(node, 'certificate');
  a.where.certificate = { file: src.relFile, line: node.line };
}

/** ExtlClntAppOauthConfigurablePolicies (.ecaOauthPlcy): who may use it, refresh and IP policy. */
export function readEcaPolicy(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const a = app(ctx, text(node, 'externalClientApplication') ?? '?', { file: src.relFile, line: node.line });
  a.adminApproved = text(node, 'permittedUsersPolicyType') === 'AdminApprovedPreAuthorized';
  a.refreshPolicy = text(node, 'refreshTokenPolicyType');
  a.ipRelaxation = text(node, 'ipRelaxationPolicyType');
  a.where.policy = { file: src.relFile, line: child(node, 'permittedUsersPolicyType')?.line ?? node.line };
  a.where.refresh = { file: src.relFile, line: child(node, 'refreshTokenPolicyType')?.line ?? node.line };
}

/** RemoteSiteSetting (remoteSiteSettings/<Name>.remoteSite[-meta.xml]). */
export function readRemoteSite(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  ctx.snap.endpoints.push({
    kind: 'RemoteSiteSetting',
    name: src.name,
    url: text(node, 'url'),
    disableProtocolSecurity: bool(node, 'disableProtocolSecurity'),
    mtlsDeclared: false,
    description: text(node, 'description'),
    at: { file: src.relFile, line: child(node, 'url')?.line ?? node.line }
  });
}

/** NamedCredential: the new parameter form and the legacy endpoint/certificate elements. */
export function readNamedCredential(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const params = children(node, 'namedCredentialParameters');
  const urlParam = params.find((p) => text(p, 'parameterType') === 'Url');
  const certParam = params.find((p) => text(p, 'parameterType') === 'ClientCertificate');
  const description = text(node, 'description');
  const cert = certParam
    ? (text(certParam, 'certificate') ?? text(certParam, 'parameterValue'))
    : text(node, 'certificate');
  const fact: EndpointFact = {
    kind: 'NamedCredential',
    name: src.name,
    url: text(urlParam, 'parameterValue') ?? text(node, 'endpoint'),
    clientCertificate: cert || undefined,
    mtlsDeclared:
      !!certParam ||
      /\b(mtls|mutual tls|mutual-tls)\b/i.test(`${description ?? ''} ${text(node, 'label') ?? ''}`),
    description,
    at: { file: src.relFile, line: urlParam?.line ?? child(node, 'endpoint')?.line ?? node.line }
  };
  ctx.snap.endpoints.push(fact);
}

/** ExternalCredential: its URL or token endpoint parameter. */
export function readExternalCredential(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const urlParam = children(node, 'externalCredentialParameters').find((p) =>
    /Url|TokenEndpoint/.test(text(p, 'parameterType') ?? '')
  );
  ctx.snap.endpoints.push({
    kind: 'ExternalCredential',
    name: src.name,
    url: text(urlParam, 'parameterValue'),
    mtlsDeclared: false,
    description: text(node, 'description'),
    at: { file: src.relFile, line: urlParam?.line ?? node.line }
  });
}
