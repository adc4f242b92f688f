import { buildFinding, type FindingInput } from '../engine/findings';
import type { EffectiveGrant } from '../posture/effective-access';
import type { FieldFact, PostureSnapshot, Provenance } from '../posture/model';
import type { Check, Finding, Location } from './types';

/** Builds a finding for a check, defaulting severity and citations from the check. */
export function finding(check: Check, f: FindingInput): Finding {
  return buildFinding(check, f);
}

export const phiFields = (s: PostureSnapshot): FieldFact[] => {
  // forEach over the map: no array of 20,000 entries, and none per entry, for each check that asks.
  const out: FieldFact[] = [];
  s.fields.forEach((f, k) => {
    if (s.phi.get(k)?.phi) out.push(f);
  });
  return out;
};

/**
 * The namespace of a managed package's component (`ns__Field__c`, `ns__Object__c`), else undefined.
 * A namespaced component is the vendor's: its defects feed the BAA check (ORG-002), not the admin's own.
 */
export function namespaceOf(apiName: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9]*)__[A-Za-z0-9_]*?[A-Za-z0-9]__(c|r|mdt|e|x|b)$/.exec(apiName);
  return m ? m[1] : undefined;
}

/** PHI fields the admin owns (not a managed package's namespaced fields). */
export const ownPhiFields = (s: PostureSnapshot): FieldFact[] =>
  phiFields(s).filter((f) => !namespaceOf(f.name));

/**
 * Custom field types Shield Platform Encryption can encrypt: "Which Custom Fields Can I Encrypt?"
 * (https://help.salesforce.com/s/articleView?id=xcloud.security_pe_custom_fields.htm): Email, Phone,
 * Text, Text Area, Text Area (Long), Text Area (Rich), URL, Date, Date/Time. Classic encrypted text
 * (EncryptedText) is encrypted by its own type.
 */
export const ENCRYPTABLE_TYPES = new Set([
  'Email',
  'Phone',
  'Text',
  'TextArea',
  'LongTextArea',
  'Html',
  'Url',
  'Date',
  'DateTime',
  'EncryptedText'
]);

/** A custom field whose declared type Shield cannot encrypt (Number, Checkbox, Picklist, Lookup, …). */
export const unencryptable = (f: FieldFact): boolean =>
  !f.standard && !!f.type && !ENCRYPTABLE_TYPES.has(f.type);

export const isPhiObject = (s: PostureSnapshot, object: string | undefined) =>
  !!object && s.phiObjects.has(object.toLowerCase());

export const isPhiField = (s: PostureSnapshot, object: string, field: string) =>
  !!s.phi.get(`${object}.${field}`.toLowerCase())?.phi;

export const LONG_TEXT_TYPES = new Set(['LongTextArea', 'Html']);

export const STANDARD_OBJECT = (name: string) => !/__(c|mdt|e|x|b)$/i.test(name);

export const grantComponent = (g: Pick<EffectiveGrant, 'kind' | 'name'>) => ({ type: g.kind, name: g.name });

/** "PermissionSetGroup Support_Bundle (via Clinical_Read)": names the member set that grants the access. */
export const grantName = (g: Pick<EffectiveGrant, 'kind' | 'name'>, via?: string) =>
  `${g.kind} ${g.name}${via && via !== g.name ? ` (via ${via})` : ''}`;
export const fieldComponent = (f: FieldFact) => ({ type: 'CustomField', name: f.id });

/** The object's API name as written in source (snapshot keys are lower-case). */
export function objectName(s: PostureSnapshot, key: string): string {
  const k = key.toLowerCase();
  const obj = s.objects.get(k);
  if (obj) return obj.name;
  for (const f of s.fields.values()) if (f.object.toLowerCase() === k) return f.object;
  return key;
}

/** A location in the same file as `at`, at another line (an element inside the component's file). */
export function locAt(at: Provenance | undefined, line: number | undefined): Location {
  if (!at) return { file: '', line };
  return 'file' in at ? { file: at.file, line: line ?? at.line } : at;
}

/**
 * One finding per settings flag that is not true, located at the flag's own element.
 * @param flags [value, what the message names, XML element]
 */
export function flagsNotTrue(
  check: Check,
  flags: [boolean | undefined, string, string][],
  settings: { at?: Provenance; lines: Record<string, number> },
  component: { type: string; name: string },
  text: { message: (what: string) => string; remediation: string }
): Finding[] {
  return flags
    .filter(([value]) => value !== true)
    .map(([, what, element]) =>
      finding(check, {
        message: text.message(what),
        remediation: text.remediation,
        component,
        location: locAt(settings.at, settings.lines[element])
      })
    );
}
