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
 * Enumeration values the reference documents and @salesforce/types 1.9.0 omits. Only the listed values
 * are added; every other value of the enumeration is still checked against the published set.
 */
export const ALLOW_ENUM_VALUES: readonly {
  enum: string;
  values: readonly string[];
  url: string;
  why: string;
}[] = [
  {
    enum: 'SiteType',
    values: ['ChatterNetwork', 'ChatterNetworkPicasso'],
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_sitedotcom.htm',
    why:
      'an Experience Builder site is a CustomSite of type ChatterNetwork with a ChatterNetworkPicasso site ' +
      '(ExperienceBundle.type: "Only Experience Builder sites are supported, using the value ChatterNetworkPicasso", ' +
      'https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-experiencebundle.html); ' +
      'the published SiteType lists only Siteforce and Visualforce'
  }
];

const enumExtras = new Map(ALLOW_ENUM_VALUES.map((e) => [e.enum, new Set(e.values)]));

/** True when an enumeration value the published set lacks is documented (see ALLOW_ENUM_VALUES). */
export const allowedEnumValue = (enumName: string, value: string): boolean =>
  enumExtras.get(enumName)?.has(value) ?? false;

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
