import { readXml, type XNode } from './xml';
import { child, children, escapeXml, local, mdToXml } from './mdxml';
import type { EmuResponse } from './http-types';
import type { OrgState } from './state';
import { isSettingsType, knownType, LAYOUT } from './md-layout';
import { siteTypeMissing } from './site';

export { isSettingsType, knownType };

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

const SHIELD_TYPES = new Set(['PlatformEncryptionSettings', 'EncryptionKeySettings']);

/** The fault code of a request that is not a SOAP envelope (see faultResponse). */
export const CLIENT_FAULT = 'Client';

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

/**
 * A SOAP fault. Platform errors carry `sf:<ExceptionCode>`; a request that is not a SOAP envelope at all gets the
 * SOAP 1.1 `soapenv:Client` code (https://www.w3.org/TR/2000/NOTE-SOAP-20000508/#_Toc478383510), since
 * ExceptionCode has no value for it.
 */
export function faultResponse(code: string, message: string): EmuResponse {
  const faultcode = code === CLIENT_FAULT ? 'soapenv:Client' : `sf:${code}`;
  const text = code === CLIENT_FAULT ? message : `${code}: ${message}`;
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="${MD_NS}">` +
    `<soapenv:Body><soapenv:Fault><faultcode>${faultcode}</faultcode><faultstring>${escapeXml(text)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
  return { status: 500, body: xml, contentType: 'text/xml;charset=UTF-8' };
}

export interface SoapCall {
  method: string;
  args: XNode;
  sessionId?: string;
}

export function parseSoap(body: string): SoapCall {
  let root: XNode;
  try {
    root = readXml(body);
  } catch {
    throw new SoapFault(CLIENT_FAULT, 'The request body is not well-formed XML');
  }
  const env = local(root.name) === 'Envelope' ? root : undefined;
  const bodyNode = child(env, 'Body');
  const call = bodyNode?.children[0];
  if (!env || !call) throw new SoapFault(CLIENT_FAULT, 'The request is not a SOAP envelope with a body');
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

  private read(args: XNode): string {
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

  private list(args: XNode, apiVersion: string): string {
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
      const info = LAYOUT[type] ?? { dir: 'settings', suffix: 'settings' };
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
    const objs = Object.entries(LAYOUT)
      .map(
        ([name, t]) =>
          '<metadataObjects>' +
          Object.keys(t.children ?? {})
            .map((c) => `<childXmlNames>${c}</childXmlNames>`)
            .join('') +
          `<directoryName>${t.dir}</directoryName><inFolder>false</inFolder><metaFile>${t.kind === 'content' ? 'true' : 'false'}</metaFile>` +
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
