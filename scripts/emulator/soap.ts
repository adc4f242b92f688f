import { parseXml, type XmlNode } from '../src/posture/xml';
import { child, children, escapeXml, local, mdToXml } from './mdxml';
import type { EmuResponse } from './http-types';
import type { OrgState } from './state';
import { SITE_MD_TYPES, siteTypeMissing } from './site';

/**
 * SOAP Metadata API (/services/Soap/m/NN.0). Envelopes use the metadata namespace
 * http://soap.sforce.com/2006/04/metadata, and each record of a read carries xsi:type.
 * - readMetadata (at most 10 names): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_readMetadata.htm
 * - listMetadata (at most 3 queries, FileProperties): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_listmetadata.htm
 * - describeMetadata (DescribeMetadataResult): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_describe.htm
 * - faults (soapenv:Fault, faultcode sf:<ExceptionCode>, HTTP 500):
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_calls_intro.htm (error handling)
 */
export const MD_NS = 'http://soap.sforce.com/2006/04/metadata';

/** Types this org answers for; names in `directoryName/suffix` form for describeMetadata. */
export const MD_TYPES: Record<string, { dir: string; suffix?: string; children?: string[] }> = {
  ApexClass: { dir: 'classes', suffix: 'cls' },
  ApexTrigger: { dir: 'triggers', suffix: 'trigger' },
  ConnectedApp: { dir: 'connectedApps', suffix: 'connectedApp' },
  CustomMetadata: { dir: 'customMetadata', suffix: 'md' },
  CustomObject: {
    dir: 'objects',
    suffix: 'object',
    children: ['CustomField', 'ValidationRule', 'ListView', 'RecordType']
  },
  ExternalClientApplication: { dir: 'externalClientApps', suffix: 'eca' },
  ExtlClntAppOauthSettings: { dir: 'extlClntAppOauthSettings', suffix: 'ecaOauth' },
  ExtlClntAppGlobalOauthSettings: { dir: 'extlClntAppGlobalOauthSets', suffix: 'ecaGlblOauth' },
  ExtlClntAppOauthConfigurablePolicies: { dir: 'extlClntAppOauthPolicies', suffix: 'ecaOauthPlcy' },
  ExternalCredential: { dir: 'externalCredentials', suffix: 'externalCredential' },
  Group: { dir: 'groups', suffix: 'group' },
  NamedCredential: { dir: 'namedCredentials', suffix: 'namedCredential' },
  PermissionSet: { dir: 'permissionsets', suffix: 'permissionset' },
  PermissionSetGroup: { dir: 'permissionsetgroups', suffix: 'permissionsetgroup' },
  PlatformEventSubscriberConfig: {
    dir: 'PlatformEventSubscriberConfigs',
    suffix: 'platformEventSubscriberConfig'
  },
  Profile: { dir: 'profiles', suffix: 'profile' },
  ProfilePasswordPolicy: { dir: 'profilePasswordPolicies', suffix: 'profilePasswordPolicy' },
  ProfileSessionSetting: { dir: 'profileSessionSettings', suffix: 'profileSessionSetting' },
  RemoteSiteSetting: { dir: 'remoteSiteSettings', suffix: 'remoteSite' },
  SharingRules: {
    dir: 'sharingRules',
    suffix: 'sharingRules',
    children: ['SharingCriteriaRule', 'SharingOwnerRule', 'SharingGuestRule']
  },
  SharingSet: { dir: 'sharingSets', suffix: 'sharingSet' },
  StaticResource: { dir: 'staticresources', suffix: 'resource' },
  TransactionSecurityPolicy: { dir: 'transactionSecurityPolicies', suffix: 'transactionSecurityPolicy' },
  CustomLabels: { dir: 'labels', suffix: 'labels' },
  LightningComponentBundle: { dir: 'lwc' },
  Settings: { dir: 'settings', suffix: 'settings' },
  ...SITE_MD_TYPES
};

/** Settings types: readMetadata('SecuritySettings', ['Security']) etc. */
export function isSettingsType(t: string): boolean {
  return t.endsWith('Settings') && t !== 'ExtlClntAppOauthSettings' && t !== 'ExtlClntAppGlobalOauthSettings';
}

export function knownType(t: string): boolean {
  return t in MD_TYPES || isSettingsType(t);
}

const SHIELD_TYPES = new Set(['PlatformEncryptionSettings', 'EncryptionKeySettings']);

export class SoapFault extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

export function envelope(bodyXml: string, header = ''): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="${MD_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    (header ? `<soapenv:Header>${header}</soapenv:Header>` : '') +
    `<soapenv:Body>${bodyXml}</soapenv:Body></soapenv:Envelope>`
  );
}

export function faultResponse(code: string, message: string): EmuResponse {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="${MD_NS}">` +
    `<soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${escapeXml(`${code}: ${message}`)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
  return { status: 500, body: xml, contentType: 'text/xml;charset=UTF-8' };
}

export interface SoapCall {
  method: string;
  args: XmlNode;
  sessionId?: string;
}

export function parseSoap(body: string): SoapCall {
  let root: XmlNode;
  try {
    root = parseXml(body);
  } catch {
    throw new SoapFault('INVALID_XML', 'The request body is not well-formed XML');
  }
  const env = local(root.name) === 'Envelope' ? root : undefined;
  const bodyNode = child(env, 'Body');
  const call = bodyNode?.children[0];
  if (!env || !call) throw new SoapFault('INVALID_XML', 'No SOAP body');
  const sessionId = child(child(child(env, 'Header'), 'SessionHeader'), 'sessionId')?.text.trim();
  return { method: local(call.name), args: call, sessionId };
}

export type SoapHandler = (call: SoapCall) => string;

/** Handles the read-side Metadata API calls; returns the response body XML (inside soapenv:Body). */
export class MetadataReads {
  constructor(private readonly state: OrgState) {}

  handle(call: SoapCall, apiVersion: string): string | undefined {
    switch (call.method) {
      case 'readMetadata':
        return this.read(call.args);
      case 'listMetadata':
        return this.list(call.args, apiVersion);
      case 'describeMetadata':
        return this.describe();
      default:
        return undefined;
    }
  }

  /**
   * Types that read back empty: not provisioned in this profile, or part of a feature the org lacks (without Shield,
   * PlatformEncryptionSettings is "empty or absent" per /work/shared/org-api-map.md section 2).
   */
  private hidden(type: string): boolean {
    if (this.state.emptyMetadataTypes.has(type)) return true;
    return this.state.missingFeatures.has('shield') && SHIELD_TYPES.has(type);
  }

  private read(args: XmlNode): string {
    const type = child(args, 'type')?.text.trim() ?? '';
    const names = children(args, 'fullNames').map((n) => n.text.trim());
    if (!knownType(type) || siteTypeMissing(this.state.missingFeatures, type))
      throw new SoapFault('INVALID_TYPE', `This type of metadata is not available for this organization`);
    if (names.length > 10)
      throw new SoapFault('EXCEEDED_ID_LIMIT', `Too many ids: ${names.length}, limit is 10`);
    const store = this.hidden(type) ? undefined : this.state.metadata.get(type);
    const records = names
      .map((n) => {
        const rec = store?.get(n);
        if (!rec) return `<records xsi:type="${type}"/>`;
        const inner = mdToXml('records', { fullName: n, ...rec });
        return inner.replace(/^<records>/, `<records xsi:type="${type}">`);
      })
      .join('');
    return `<readMetadataResponse><result>${records}</result></readMetadataResponse>`;
  }

  private list(args: XmlNode, apiVersion: string): string {
    const queries = children(args, 'queries');
    if (queries.length > 3)
      throw new SoapFault('EXCEEDED_ID_LIMIT', `Too many queries: ${queries.length}, limit is 3`);
    const out: string[] = [];
    for (const q of queries) {
      const type = child(q, 'type')?.text.trim() ?? '';
      const folder = child(q, 'folder')?.text.trim();
      void folder;
      if (!knownType(type) || siteTypeMissing(this.state.missingFeatures, type))
        throw new SoapFault('INVALID_TYPE', `Unknown type: ${type}`);
      if (this.hidden(type)) continue;
      const store = this.state.metadata.get(type);
      const info = MD_TYPES[type] ?? { dir: 'settings', suffix: 'settings' };
      for (const [name] of [...(store ?? new Map()).entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const id = fakeId(type, name);
        out.push(
          '<result>' +
            `<createdById>${this.state.info.userId}</createdById><createdByName>Ada Admin</createdByName>` +
            `<createdDate>2026-01-15T10:00:00.000Z</createdDate>` +
            `<fileName>${escapeXml(`${info.dir}/${name}${info.suffix ? `.${info.suffix}` : ''}`)}</fileName>` +
            `<fullName>${escapeXml(name)}</fullName><id>${id}</id>` +
            `<lastModifiedById>${this.state.info.userId}</lastModifiedById><lastModifiedByName>Ada Admin</lastModifiedByName>` +
            `<lastModifiedDate>2026-01-15T10:00:00.000Z</lastModifiedDate><manageableState>unmanaged</manageableState>` +
            `<type>${type}</type></result>`
        );
      }
    }
    void apiVersion;
    return `<listMetadataResponse>${out.join('')}</listMetadataResponse>`;
  }

  private describe(): string {
    const objs = Object.entries(MD_TYPES)
      .map(
        ([name, t]) =>
          '<metadataObjects>' +
          (t.children ?? []).map((c) => `<childXmlNames>${c}</childXmlNames>`).join('') +
          `<directoryName>${t.dir}</directoryName><inFolder>false</inFolder><metaFile>${t.suffix === 'cls' || t.suffix === 'trigger' || t.suffix === 'resource' ? 'true' : 'false'}</metaFile>` +
          (t.suffix ? `<suffix>${t.suffix}</suffix>` : '') +
          `<xmlName>${name}</xmlName></metadataObjects>`
      )
      .join('');
    return (
      `<describeMetadataResponse><result>${objs}<organizationNamespace></organizationNamespace>` +
      '<partialSaveAllowed>true</partialSaveAllowed><testRequired>false</testRequired></result></describeMetadataResponse>'
    );
  }
}

function fakeId(type: string, name: string): string {
  let h = 0;
  for (const ch of `${type}:${name}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return `0Xx${h.toString(36).padStart(12, '0').slice(0, 12)}AAA`;
}
