/**
 * Where the published types lag the reference: fields the Metadata API accepts that
 * @salesforce/types 1.9.0 does not declare, and fields whose source form the WSDL types as an opaque
 * string. Data, not code: each entry names the reference page that documents the field. Add an entry
 * only with such a page (calibration on public, deployable projects is how the lag shows up).
 */
export interface AllowEntry {
  /** Complex type (as named in @salesforce/types) and the field it lacks or mistypes. */
  type: string;
  field: string;
  /** How to check the content: a scalar or schema type, or 'opaque' (any content, not checked). */
  as: string;
  url: string;
  why: string;
}

export const ALLOW_LIST: readonly AllowEntry[] = [
  {
    type: 'HistoryRetentionPolicy',
    field: 'gracePeriodDays',
    as: 'number',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_historyretentionpolicy.htm',
    why: 'documented int field of HistoryRetentionPolicy, absent from the published type'
  },
  {
    type: 'CustomField',
    field: 'displayLocationInDecimal',
    as: 'boolean',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm',
    why: 'Geolocation display flag of CustomField (decimal or degrees), absent from the published type'
  },
  {
    type: 'LightningComponentBundle',
    field: 'targetConfigs',
    as: 'opaque',
    url: 'https://developer.salesforce.com/docs/platform/lwc/guide/reference-configuration-tags.html',
    why: 'the WSDL types it as a string; in source it holds the <targetConfig> elements of the LWC configuration file'
  }
];

/**
 * Whole metadata types the published schema does not declare. Their files are mapped by SDR and
 * counted, but their content is not checked (there is nothing published to check it against).
 */
export const ALLOW_TYPES: readonly { type: string; url: string; why: string }[] = [
  ...(['Boolean', 'Integer', 'Date'] as const).map((kind) => ({
    type: `FeatureParameter${kind}`,
    url: `https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_featureparameter${kind.toLowerCase()}.htm`,
    why: 'Feature Management App parameter type, absent from @salesforce/types'
  }))
];

const types = new Set(ALLOW_TYPES.map((t) => t.type));

/** True when a root element names a type the published schema lacks but the reference documents. */
export const allowedType = (root: string): boolean => types.has(root);
