import type { CustomObject, CustomField, ListView } from '@salesforce/types/metadata';
import type { FieldFact, FilterUse, ObjectFact } from '../model';
import { api, bool, list, num, obj, pick, str, strings, type Md } from './util';

/**
 * Objects and fields from the org.
 *
 * - Every customizable object: Tooling `EntityDefinition` (QualifiedApiName, Label, sharing models).
 *   It has no queryMore, so it is paged OrgCheck-style by `DurableId > :last ORDER BY DurableId LIMIT 2000`
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_entitydefinition.htm).
 * - Every field of those objects: Tooling `FieldDefinition` by IN-lists of objects
 *   (ComplianceGroup, SecurityClassification, IsFieldHistoryTracked, DataType, Label), enough to tell PHI
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_fielddefinition.htm).
 *   FieldDefinition has no encryption column.
 * - PHI objects only: Metadata API `readMetadata('CustomObject', ...)`, which gives fields[].encryptionScheme,
 *   type and referenceTo, the sharing models, enableHistory, historyRetentionPolicy and list views
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customobject.htm,
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm).
 */

export const ENTITY_FIELDS = 'DurableId, QualifiedApiName, Label, InternalSharingModel, ExternalSharingModel';
export const FIELD_FIELDS =
  'EntityDefinition.QualifiedApiName, QualifiedApiName, Label, DataType, SecurityClassification, ComplianceGroup, IsFieldHistoryTracked';

export function entityQuery(after: string): string {
  return `SELECT ${ENTITY_FIELDS} FROM EntityDefinition WHERE IsCustomizable = true AND DurableId > '${after.replace(/'/g, "\\'")}' ORDER BY DurableId LIMIT 2000`;
}

export function objectFromEntity(r: Md): ObjectFact | undefined {
  const name = str(r.QualifiedApiName);
  if (!name) return undefined;
  return {
    name,
    custom: /__c$/i.test(name),
    label: str(r.Label),
    sharingModel: str(r.InternalSharingModel),
    externalSharingModel: str(r.ExternalSharingModel),
    masters: [],
    at: api('EntityDefinition', name)
  };
}

/**
 * FieldDefinition.DataType is the Setup display type ("Text(80)", "Long Text Area(32768)",
 * "Lookup(Account)", "Master-Detail(Patient__c)"); checks speak Metadata API types.
 */
export function metadataType(dataType: string | undefined): { type?: string; referenceTo?: string } {
  if (!dataType) return {};
  const ref = /^(Lookup|Master-Detail|Hierarchy|External Lookup|Indirect Lookup)\((.+)\)$/.exec(dataType);
  if (ref) return { type: ref[1] === 'Master-Detail' ? 'MasterDetail' : 'Lookup', referenceTo: ref[2] };
  const rules: [RegExp, string][] = [
    [/^Text \(Encrypted\)/, 'EncryptedText'],
    [/^Long Text Area/, 'LongTextArea'],
    [/^Rich Text Area/, 'Html'],
    [/^Text Area/, 'TextArea'],
    [/^Text/, 'Text'],
    [/^Date\/Time/, 'DateTime'],
    [/^Date/, 'Date'],
    [/^Time/, 'Time'],
    [/^Checkbox/, 'Checkbox'],
    [/^Currency/, 'Currency'],
    [/^Percent/, 'Percent'],
    [/^Number/, 'Number'],
    [/^Email/, 'Email'],
    [/^Phone/, 'Phone'],
    [/^URL/, 'Url'],
    [/^Picklist \(Multi-Select\)/, 'MultiselectPicklist'],
    [/^Picklist/, 'Picklist'],
    [/^Auto Number/, 'AutoNumber'],
    [/^Formula/, 'Formula'],
    [/^Geolocation/, 'Location']
  ];
  for (const [re, type] of rules) if (re.test(dataType)) return { type };
  return { type: dataType };
}

export function fieldFromDefinition(r: Md): FieldFact | undefined {
  const object = str(pick(r, 'EntityDefinition.QualifiedApiName'));
  const name = str(r.QualifiedApiName);
  if (!object || !name) return undefined;
  const { type, referenceTo } = metadataType(str(r.DataType));
  return {
    object,
    name,
    id: `${object}.${name}`,
    type,
    label: str(r.Label),
    complianceGroups: (str(r.ComplianceGroup) ?? '').split(';').filter(Boolean),
    classification: str(r.SecurityClassification),
    trackHistory: bool(r.IsFieldHistoryTracked),
    referenceTo,
    standard: !/__c$/i.test(name),
    at: api('FieldDefinition', `${object}.${name}`)
  };
}

/** The detail of one field from a CustomObject read, merged over its FieldDefinition fact. */
export function mergeField(
  object: string,
  f: Partial<CustomField> & Md,
  base: FieldFact | undefined
): FieldFact | undefined {
  const name = str(f.fullName);
  if (!name) return base;
  const groups = str(f.complianceGroup);
  return {
    object,
    name,
    id: `${object}.${name}`,
    type: str(f.type) ?? base?.type,
    label: str(f.label) ?? base?.label,
    description: str(f.description) ?? base?.description,
    complianceGroups:
      groups !== undefined ? groups.split(';').filter(Boolean) : (base?.complianceGroups ?? []),
    classification: str(f.securityClassification) ?? base?.classification,
    encryptionScheme: str(f.encryptionScheme) ?? 'None',
    trackHistory: bool(f.trackHistory) ?? base?.trackHistory,
    referenceTo: str(f.referenceTo) ?? base?.referenceTo,
    standard: !/__c$/i.test(name),
    at: api('CustomObject', `${object}.${name}`)
  };
}

/** Sharing models, history and Field Audit Trail policy from a CustomObject read, merged over the EntityDefinition fact. */
export function mergeObject(
  name: string,
  md: Partial<CustomObject> & Md,
  base: ObjectFact | undefined
): ObjectFact {
  const hrp = obj(md.historyRetentionPolicy);
  return {
    name,
    custom: /__c$/i.test(name),
    label: str(md.label) ?? base?.label,
    sharingModel: str(md.sharingModel) ?? base?.sharingModel,
    externalSharingModel: str(md.externalSharingModel) ?? base?.externalSharingModel,
    enableHistory: bool(md.enableHistory),
    historyRetention: hrp
      ? {
          archiveAfterMonths: num(hrp.archiveAfterMonths),
          archiveRetentionYears: num(hrp.archiveRetentionYears)
        }
      : undefined,
    masters: [],
    at: api('CustomObject', name)
  };
}

/** List view filters on an object (a filter on a probabilistically encrypted field fails). */
export function listViewFilters(object: string, md: Md): FilterUse[] {
  const out: FilterUse[] = [];
  for (const lv of list(md.listViews) as (Partial<ListView> & Md)[]) {
    for (const f of list(lv.filters)) {
      const field = str(f.field);
      if (!field) continue;
      out.push({
        object,
        field: field.includes('.') ? field.split('.').pop()! : field,
        where: 'ListView',
        component: `${object}.${str(lv.fullName) ?? '?'}`,
        at: api('ListView', `${object}.${str(lv.fullName) ?? '?'}`)
      });
    }
  }
  return out;
}

/** The fields listed in a CustomObject read. */
export function objectFields(md: Md): Md[] {
  return list(md.fields);
}

export { strings };
