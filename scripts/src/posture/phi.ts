import type { FieldFact, PhiVerdict } from './model';
import { boundedMemo } from './memo';

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

/**
 * Single tokens (in stemmed, singular form: see `stem`) that mark health information or a HIPAA
 * identifier on their own. Sensitive-condition terms (HIV, substance use, mental and reproductive
 * health) are here too: 42 CFR Part 2 and state laws protect them beyond HIPAA.
 */
const TERMS = new Set([
  'diagnosis',
  'diagnostic',
  'icd',
  'icd10',
  'cpt',
  'condition',
  'symptom',
  'medication',
  'medicine',
  'prescription',
  'prescriber',
  'rx',
  'dosage',
  'dose',
  'allergy',
  'treatment',
  'procedure',
  'surgery',
  'surgical',
  'clinical',
  'medical',
  'immunization',
  'vaccination',
  'vaccine',
  'pregnancy',
  'pregnant',
  'disability',
  'therapy',
  'genetic',
  'genomic',
  'biometric',
  'dob',
  'birthdate',
  'ssn',
  'mrn',
  'npi',
  'beneficiary',
  'healthplan',
  'insurance',
  'patient',
  'pathology',
  'radiology',
  'oncology',
  'prognosis',
  'hiv',
  'aids',
  'std',
  'sti',
  'hepatitis',
  'psychiatric',
  'psychiatry',
  'psychotherapy',
  'addiction',
  'opioid',
  'methadone',
  'abortion',
  'contraception',
  'contraceptive',
  'fertility',
  'ivf',
  'dialysis',
  'chemotherapy',
  'transplant'
]);

/** Multi-token identifiers and health information (stemmed, singular tokens). */
const PHRASES: string[][] = [
  ['date', 'of', 'birth'],
  ['birth', 'date'],
  ['medical', 'record'],
  ['member', 'id'],
  ['member', 'number'],
  ['social', 'security'],
  ['health', 'plan'],
  ['health', 'condition'],
  ['health', 'history'],
  ['medical', 'history'],
  ['family', 'history'],
  ['lab', 'result'],
  ['lab', 'test'],
  ['test', 'result'],
  ['policy', 'number'],
  ['policy', 'id'],
  ['group', 'number'],
  ['mental', 'health'],
  ['behavioral', 'health'],
  ['behavioural', 'health'],
  ['substance', 'use'],
  ['substance', 'abuse'],
  ['sexual', 'health'],
  ['reproductive', 'health'],
  ['sexually', 'transmitted'],
  ['blood', 'type'],
  ['blood', 'pressure'],
  ['blood', 'glucose'],
  ['heart', 'rate'],
  ['vital', 'sign'],
  ['care', 'plan'],
  ['chief', 'complaint']
];

const PHRASE_STARTS = new Set(PHRASES.map((p) => p[0]!));

/** Tokens that turn a generic clinical word into something else ("terms and conditions"). */
const DISQUALIFIERS = new Set([
  'term',
  'payment',
  'sale',
  'shipping',
  'contract',
  'warranty',
  'weather',
  'road',
  'approval',
  'escalation',
  'refund',
  'return'
]);

/** Terms that mark a patient-identifying field only together with a clinical context, not alone. */
const WEAK = new Set(['condition', 'treatment', 'dose', 'insurance', 'patient', 'npi', 'aids']);

/** Words that make a weak term an identifier or a record about the person (insurance id, patient notes). */
const WEAK_PARTNERS = new Set(['id', 'number', 'no', 'note', 'history', 'detail']);

/**
 * Singular form of a token, so plurals and common forms match one term: results → result,
 * allergies → allergy, diagnoses → diagnosis, procedures → procedure. Short tokens (ids such as
 * "ssn", "aids", "std") and words ending in "ss", "us" or "is" are kept as they are.
 */
export function stem(token: string): string {
  if (token.length <= 4) return token;
  if (token.endsWith('oses') || token.endsWith('yses')) return `${token.slice(0, -2)}is`;
  if (token.endsWith('ies')) return `${token.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(token)) return token;
  if (/(sses|xes|ches|shes)$/.test(token)) return token.slice(0, -2);
  if (token.endsWith('s')) return token.slice(0, -1);
  return token;
}

export function tokenize(s: string): string[] {
  return s
    .replace(/__c$|__r$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Stemmed tokens of a name or label. Field names and labels repeat across a project's objects (Name, Description,
 * Phone), so each distinct string is tokenized once.
 */
const stemmedTokens = boundedMemo(100_000, (s): readonly string[] => tokenize(s).map(stem));

/**
 * `heuristicOf` remembered by name and label: a project's objects repeat the same fields (Name, Phone, Notes__c with
 * the same label), and one run classifies tens of thousands. Dropped whole at a bound, so memory stays bounded.
 */
const heuristics = new Map<string, Map<string, string | null>>();
let heuristicCount = 0;

/** Returns the matched term, or undefined. */
export function phiHeuristic(name: string, label?: string): string | undefined {
  const l = label ?? '';
  let byLabel = heuristics.get(name);
  const known = byLabel?.get(l);
  if (known !== undefined) return known ?? undefined;
  if (heuristicCount >= 100_000) {
    heuristics.clear();
    heuristicCount = 0;
    byLabel = undefined;
  }
  if (!byLabel) heuristics.set(name, (byLabel = new Map()));
  const term = heuristicOf(name, l);
  byLabel.set(l, term ?? null);
  heuristicCount++;
  return term;
}

function heuristicOf(name: string, label: string): string | undefined {
  for (const source of [name, label]) {
    const tokens = stemmedTokens(source);
    if (tokens.some((t) => DISQUALIFIERS.has(t))) continue;
    // Most names hold no phrase's first word: the phrases are searched only when one does (the same answer).
    if (tokens.some((t) => PHRASE_STARTS.has(t))) {
      for (const p of PHRASES) {
        for (let i = 0; i + p.length <= tokens.length; i++) {
          if (p.every((w, j) => tokens[i + j] === w)) return p.join(' ');
        }
      }
    }
    const strong = tokens.find((t) => TERMS.has(t) && !WEAK.has(t));
    if (strong) return strong;
    // Weak terms count only next to an identifier-like word (insurance id, patient number).
    for (let i = 0; i < tokens.length; i++) {
      if (WEAK.has(tokens[i]!) && WEAK_PARTNERS.has(tokens[i + 1] ?? '')) {
        return `${tokens[i]} ${tokens[i + 1]}`;
      }
    }
  }
  return undefined;
}

/**
 * Objects whose records are about a patient's care: every identifier on them (a name, phone,
 * address, email or date) is PHI, since it ties a person to their health information.
 */
const CLINICAL_OBJECT_TERMS = new Set([
  'patient',
  'prescription',
  'intake',
  'encounter',
  'appointment',
  'diagnosis',
  'lab',
  'medical',
  'clinical',
  'treatment',
  'immunization',
  'vaccination',
  'referral',
  'procedure',
  'allergy',
  'medication',
  'claim'
]);

/** The term that makes an object clinical, from its API name or label; undefined for other objects. */
export function clinicalObjectTerm(name: string, label?: string): string | undefined {
  for (const source of [name, label ?? '']) {
    const tokens = tokenize(source).map(stem);
    if (tokens.some((t) => DISQUALIFIERS.has(t))) continue;
    const term = tokens.find((t) => CLINICAL_OBJECT_TERMS.has(t));
    if (term) return term;
  }
  return phiHeuristic(name, label);
}

/** HIPAA identifiers (45 CFR 164.514(b)(2)) that a field name can show: names, contact details, addresses, dates. */
const IDENTIFIER_TOKENS = new Set([
  'name',
  'firstname',
  'lastname',
  'surname',
  'phone',
  'mobile',
  'fax',
  'email',
  'address',
  'street',
  'city',
  'postal',
  'postcode',
  'zip',
  'zipcode',
  'birth',
  'date',
  'dob',
  'ip'
]);
const DATE_TYPES = new Set(['Date', 'DateTime']);
const IDENTIFIER_TYPES = new Set(['Phone', 'Email', 'Date', 'DateTime']);

/** The identifier a field holds on a clinical object (by type, or a name token), else undefined. */
function identifierOf(field: FieldFact): string | undefined {
  if (field.type && IDENTIFIER_TYPES.has(field.type))
    return DATE_TYPES.has(field.type) ? 'date' : field.type.toLowerCase();
  return stemmedTokens(field.name).find((t) => IDENTIFIER_TOKENS.has(t));
}

const PHI_GROUPS = new Set(['hipaa', 'phi']);

const FREE_TEXT = new Set(['TextArea', 'LongTextArea', 'Html']);

/**
 * @param objectTerm the clinical term of the field's object (`clinicalObjectTerm`): free text and
 * identifiers (names, contact details, dates) on a clinical object ("Patient_Visit__c.Notes__c",
 * "Prescription__c.Filled_Date__c") are probable PHI too.
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
  const identifier = objectTerm && !field.standard ? identifierOf(field) : undefined;
  if (identifier) {
    return {
      phi: true,
      basis: 'heuristic',
      detail: `${identifier} on a ${objectTerm} object`,
      unclassified: true
    };
  }
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
