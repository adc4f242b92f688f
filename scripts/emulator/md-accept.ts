/**
 * What the emulator's Metadata API accepts in one metadata XML file: the element tree checked against the WSDL
 * types (wsdl-types.ts), as an org's deploy checks it. An element the type does not have, a value outside an
 * enumeration, a malformed boolean or number, or text where the type wants elements fails the component, naming
 * the file, line and column. Values from the file are never copied into a problem (they can hold PHI or secrets).
 *
 * Lexical forms are XML Schema's (https://www.w3.org/TR/xmlschema-2/): xsd:boolean is true, false, 1 or 0;
 * xsd:int and xsd:double are decimal numbers with an optional exponent (and INF, -INF, NaN for double).
 *
 * Where the published WSDL types lag the reference, the emulator follows the reference; each such place is in
 * WSDL_LAG below with the page that documents it. (This is the emulator's own table, kept apart from the
 * project's deployability allow-list: a test compares both layers' verdicts.)
 */
import { allFields, extendsType, metadataTypes, type WsdlField, type WsdlTypes } from './wsdl-types';
import { localName, type XNode } from './xml';

export interface AcceptProblem {
  line: number;
  column: number;
  problem: string;
}

export const MD_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

interface LagEntry {
  type: string;
  field: string;
  /** How the field is read: 'opaque' (any content), a scalar, or added enumeration values. */
  as: 'opaque' | 'number' | 'boolean' | { extraValues: string[] };
  url: string;
}

/** Fields the reference documents and the published WSDL types lack or type too narrowly. */
export const WSDL_LAG: readonly LagEntry[] = [
  {
    // The WSDL types targetConfigs as base64Binary; in a bundle's .js-meta.xml it holds <targetConfig> elements.
    type: 'LightningComponentBundle',
    field: 'targetConfigs',
    as: 'opaque',
    url: 'https://developer.salesforce.com/docs/platform/lwc/guide/reference-configuration-tags.html'
  },
  {
    type: 'HistoryRetentionPolicy',
    field: 'gracePeriodDays',
    as: 'number',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_historyretentionpolicy.htm'
  },
  {
    // "Only Experience Builder sites that use the value ChatterNetworkPicasso are supported."
    type: 'ExperienceBundle',
    field: 'type',
    as: { extraValues: ['ChatterNetworkPicasso'] },
    url: 'https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html'
  },
  {
    // An Experience Builder site's CustomSite is of type ChatterNetwork (its Experience bundle ChatterNetworkPicasso);
    // the SiteDotCom page lists both SiteType values, the published enumeration only Siteforce and Visualforce.
    type: 'CustomSite',
    field: 'siteType',
    as: { extraValues: ['ChatterNetwork', 'ChatterNetworkPicasso'] },
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_sitedotcom.htm'
  }
];

/**
 * Ranges a reference page states that an XML Schema type cannot: "You can set a minimum of 1 month and a maximum of
 * 18 months" for HistoryRetentionPolicy.archiveAfterMonths,
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_historyretentionpolicy.htm
 */
const RANGES: readonly { type: string; field: string; min: number; max: number }[] = [
  { type: 'HistoryRetentionPolicy', field: 'archiveAfterMonths', min: 1, max: 18 }
];

const BOOLEAN = /^(true|false|1|0)$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_DOUBLE = /^(-?INF|NaN)$/;

/** The declared fields of a type, with the lag table applied. */
function fieldsFor(types: WsdlTypes, type: string): Record<string, WsdlField | LagEntry> {
  const out: Record<string, WsdlField | LagEntry> = { ...allFields(types, type) };
  for (const e of WSDL_LAG) if (extendsType(types, type, e.type)) out[e.field] = e;
  return out;
}

const isLag = (f: WsdlField | LagEntry): f is LagEntry => 'as' in f;

/**
 * Checks a metadata file's tree against its type. `type` is the metadata type the zip's layout and package.xml
 * give the file; for Settings any `<Name>Settings` root extending Metadata is accepted.
 */
export function acceptMetadata(
  root: XNode,
  type: string,
  types: WsdlTypes = metadataTypes()
): AcceptProblem[] {
  const problems: AcceptProblem[] = [];
  const at = (n: XNode, problem: string) => problems.push({ line: n.line, column: n.column, problem });
  const rootName = localName(root.name);
  const ns = root.attrs.xmlns;
  if (ns !== undefined && ns !== MD_NAMESPACE)
    at(root, `Error parsing file: the root element is not in the namespace ${MD_NAMESPACE}`);
  const settings =
    type === 'Settings' && /Settings$/.test(rootName) && extendsType(types, rootName, 'Metadata');
  if (!settings && rootName !== type) {
    at(root, `Error parsing file: the root element must be ${type}`);
    return problems;
  }
  if (!types.complex.has(rootName)) {
    at(root, `Error parsing file: ${rootName} is not a Metadata API type`);
    return problems;
  }
  walk(root, rootName);
  return problems;

  function walk(node: XNode, typeName: string): void {
    const declared = node.attrs['xsi:type'];
    const actual = declared && types.complex.has(localName(declared)) ? localName(declared) : typeName;
    const fields = fieldsFor(types, actual);
    for (const c of node.children) {
      const name = localName(c.name);
      const f = fields[name];
      if (!f) {
        at(
          c,
          `Error parsing file: Element {${MD_NAMESPACE}}${name} invalid at this location in type ${actual}`
        );
        continue;
      }
      if (isLag(f)) {
        if (f.as === 'opaque') continue;
        if (typeof f.as === 'object') {
          const declaredEnum = allFields(types, actual)[name];
          const values = new Set([...(types.enums.get(declaredEnum?.type ?? '') ?? []), ...f.as.extraValues]);
          leaf(c, name, () => values.has(c.text), `a value ${actual}.${name} does not allow`);
        } else scalar(c, name, f.as);
        continue;
      }
      value(c, name, f);
      const range = RANGES.find((r) => r.field === name && extendsType(types, actual, r.type));
      if (range && c.text !== '' && !(Number(c.text) >= range.min && Number(c.text) <= range.max))
        at(c, `${range.type}.${name} must be from ${range.min} to ${range.max}`);
    }
  }

  function leaf(n: XNode, name: string, ok: () => boolean, what: string): void {
    if (n.children.length)
      return void at(n, `Error parsing file: ${name} holds elements, a value was expected`);
    // An empty element reads as "not set" (retrieved source carries them).
    if (n.text !== '' && !ok()) at(n, `Error parsing file: ${name} has ${what}`);
  }

  function scalar(n: XNode, name: string, kind: string): void {
    if (kind === 'boolean') leaf(n, name, () => BOOLEAN.test(n.text), 'a value that is not a boolean');
    else if (kind === 'number')
      leaf(
        n,
        name,
        () => DECIMAL.test(n.text) || SPECIAL_DOUBLE.test(n.text),
        'a value that is not a number'
      );
    else leaf(n, name, () => true, '');
  }

  function value(n: XNode, name: string, f: WsdlField): void {
    if (f.type === 'any') return;
    if (f.type === 'string' || f.type === 'number' || f.type === 'boolean') return scalar(n, name, f.type);
    const values = types.enums.get(f.type);
    if (values) return leaf(n, name, () => values.has(n.text), `a value outside the enumeration ${f.type}`);
    if (!types.complex.has(f.type)) return; // declared but not defined: nothing to check against
    if (!n.children.length && n.text !== '')
      return void at(n, `Error parsing file: ${name} holds text, elements of ${f.type} were expected`);
    walk(n, f.type);
  }
}
