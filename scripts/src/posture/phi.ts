import type { FieldFact, PhiVerdict } from './model';

/**
 * Deciding which fields are PHI. In order: the data dictionary (an explicit yes or no, with a
 * reason); a complianceGroup of HIPAA or PHI; then name and label heuristics for the 18 HIPAA
 * identifiers and clinical terms, reported as "probable PHI, unclassified".
 */

export interface DictionaryEntry {
  field: string;
  phi: boolean;
  reason: string;
  line?: number;
}

/** Single tokens that mark health information or a HIPAA identifier on their own. */
const TERMS = new Set([
  'diagnosis',
  'diagnoses',
  'diagnostic',
  'icd',
  'icd10',
  'condition',
  'conditions',
  'symptom',
  'symptoms',
  'medication',
  'medications',
  'medicine',
  'prescription',
  'prescriptions',
  'prescriber',
  'rx',
  'dosage',
  'dose',
  'allergy',
  'allergies',
  'treatment',
  'clinical',
  'medical',
  'immunization',
  'vaccination',
  'pregnancy',
  'disability',
  'therapy',
  'genetic',
  'biometric',
  'dob',
  'birthdate',
  'ssn',
  'mrn',
  'npi',
  'beneficiary',
  'healthplan',
  'insurance',
  'patient'
]);

/** Multi-token identifiers. */
const PHRASES: string[][] = [
  ['date', 'of', 'birth'],
  ['birth', 'date'],
  ['medical', 'record'],
  ['member', 'id'],
  ['member', 'number'],
  ['social', 'security'],
  ['health', 'plan'],
  ['health', 'condition'],
  ['lab', 'result']
];

/** Tokens that turn a generic clinical word into something else ("terms and conditions"). */
const DISQUALIFIERS = new Set([
  'terms',
  'payment',
  'sale',
  'sales',
  'shipping',
  'contract',
  'warranty',
  'weather',
  'road'
]);

/** Terms that mark a patient-identifying field only together with a clinical context, not alone. */
const WEAK = new Set(['condition', 'conditions', 'treatment', 'dose', 'insurance', 'patient', 'npi']);

export function tokenize(s: string): string[] {
  return s
    .replace(/__c$|__r$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Returns the matched term, or undefined. */
export function phiHeuristic(name: string, label?: string): string | undefined {
  for (const source of [name, label ?? '']) {
    const tokens = tokenize(source);
    if (tokens.some((t) => DISQUALIFIERS.has(t))) continue;
    for (const p of PHRASES) {
      for (let i = 0; i + p.length <= tokens.length; i++) {
        if (p.every((w, j) => tokens[i + j] === w)) return p.join(' ');
      }
    }
    const strong = tokens.find((t) => TERMS.has(t) && !WEAK.has(t));
    if (strong) return strong;
    // Weak terms count only next to an identifier-like word (insurance id, patient number).
    for (let i = 0; i < tokens.length; i++) {
      if (
        WEAK.has(tokens[i]!) &&
        ['id', 'number', 'no', 'notes', 'history', 'details'].includes(tokens[i + 1] ?? '')
      ) {
        return `${tokens[i]} ${tokens[i + 1]}`;
      }
    }
  }
  return undefined;
}

const PHI_GROUPS = new Set(['hipaa', 'phi']);

const FREE_TEXT = new Set(['TextArea', 'LongTextArea', 'Html']);

/**
 * @param objectTerm heuristic match on the field's object name or label: free text on a clinical
 * object ("Patient_Diagnosis__c.Notes__c") is probable PHI too.
 */
export function classify(
  field: FieldFact,
  dictionary: Map<string, DictionaryEntry>,
  objectTerm?: string
): PhiVerdict {
  const entry = dictionary.get(field.id.toLowerCase());
  const grouped = field.complianceGroups.some((g) => PHI_GROUPS.has(g.toLowerCase()));
  if (grouped) return { phi: true, basis: 'complianceGroup' };
  if (entry)
    return entry.phi
      ? { phi: true, basis: 'dictionary', detail: entry.reason }
      : { phi: false, basis: 'dictionary', detail: entry.reason };
  const term = phiHeuristic(field.name, field.label);
  if (term) return { phi: true, basis: 'heuristic', detail: term, unclassified: true };
  if (objectTerm && !field.standard && field.type && FREE_TEXT.has(field.type)) {
    return {
      phi: true,
      basis: 'heuristic',
      detail: `free text on a ${objectTerm} object`,
      unclassified: true
    };
  }
  return { phi: false };
}
