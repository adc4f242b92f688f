import type { AccessGrantFact } from './model';
import { stem, tokenize } from './phi';
import { boundedMemo } from './memo';

/**
 * Who a permission set, group or profile is for, judged from its API name and label. Names are
 * tokenised (Member_Services, CustomerCareAgent, "Public Health Reporting") and each token is
 * stemmed, so plurals match (services → service); then phrases are read before single words, so
 * "customer care" is support, not clinical care, and "public health" is not the public site user.
 * Used by verify's access checks and by access-review, so both sides of a persona are decided once.
 */
export type Persona = 'guest' | 'portal' | 'clinical' | 'non-clinical' | 'other';

/** Phrases, read first, that override what their words would say alone. */
const PHRASES: [string[], Persona][] = [
  [['customer', 'care'], 'non-clinical'],
  [['customer', 'service'], 'non-clinical'],
  [['customer', 'success'], 'non-clinical'],
  [['member', 'service'], 'non-clinical'],
  [['patient', 'service'], 'non-clinical'],
  [['call', 'center'], 'non-clinical'],
  [['call', 'centre'], 'non-clinical'],
  [['help', 'desk'], 'non-clinical'],
  [['public', 'health'], 'clinical'],
  [['care', 'team'], 'clinical'],
  [['care', 'coordinator'], 'clinical'],
  [['patient', 'portal'], 'portal'],
  [['member', 'portal'], 'portal'],
  [['customer', 'community'], 'portal'],
  [['partner', 'community'], 'portal']
];

const GUEST = new Set(['guest', 'site', 'public', 'unauthenticated', 'anonymous']);
const PORTAL = new Set(['portal', 'community', 'experience']);
const CLINICAL = new Set([
  'clinical',
  'clinician',
  'pharmacist',
  'pharmacy',
  'nurse',
  'doctor',
  'physician',
  'provider',
  'prescriber',
  'therapist',
  'care',
  'medical'
]);
/** Clinical words that are adjectives: they qualify a role ("Clinical Support") rather than name one. */
const ADJECTIVES = new Set(['clinical', 'medical']);
const NON_CLINICAL = new Set([
  'support',
  'service',
  'sale',
  'marketing',
  'integration',
  'api',
  'sync',
  'agent',
  'callcenter',
  'helpdesk',
  'partner',
  'analytic',
  'billing',
  'finance',
  'fulfillment',
  'fulfilment',
  'shipping',
  'warehouse'
]);

/** Stemmed tokens of a name or label. */
export function personaTokens(text: string): string[] {
  return tokenize(text).map(stem);
}

interface Reading {
  guest: boolean;
  portal: boolean;
  /** Clinical or non-clinical, by the role word of the text (see `roleOf`). */
  role?: 'clinical' | 'non-clinical';
}

/**
 * The persona words of one name or label, in order: phrases first ("customer care" is support, not
 * care), then single words. Guest and portal words mark the text whatever else it says (the widest
 * exposure wins). Between clinical and non-clinical words the role word decides, and in an English
 * name that is the last noun, the head of the phrase: "Pharmacy Support Desk" and "Medical Records
 * Support" are support staff, "Support Nurse" is a nurse, "Care Team Integration" is an integration.
 * An adjective ("clinical", "medical") never heads a name, so it decides only when no noun does:
 * "Support - Medical Records" is support, "Medical Staff" is clinical.
 */
const readOne = boundedMemo(10_000, personaWords);

function personaWords(text: string): Reading {
  const r: Reading = { guest: false, portal: false };
  const tokens = personaTokens(text);
  const hits: { at: number; persona: Persona; adjective?: boolean }[] = [];
  const used = new Set<number>();
  for (const [phrase, persona] of PHRASES) {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      if (!phrase.every((w, j) => tokens[i + j] === w)) continue;
      phrase.forEach((_, j) => used.add(i + j));
      hits.push({ at: i + phrase.length - 1, persona });
    }
  }
  tokens.forEach((t, i) => {
    if (used.has(i)) return;
    const persona: Persona | undefined = GUEST.has(t)
      ? 'guest'
      : PORTAL.has(t)
        ? 'portal'
        : CLINICAL.has(t)
          ? 'clinical'
          : NON_CLINICAL.has(t)
            ? 'non-clinical'
            : undefined;
    if (persona) hits.push({ at: i, persona, adjective: ADJECTIVES.has(t) });
  });
  for (const h of hits) {
    if (h.persona === 'guest') r.guest = true;
    if (h.persona === 'portal') r.portal = true;
  }
  const roles = hits
    .filter((h) => h.persona === 'clinical' || h.persona === 'non-clinical')
    .sort((a, b) => a.at - b.at);
  const head = roles.filter((h) => !h.adjective).at(-1) ?? roles.at(-1);
  r.role = head?.persona as Reading['role'];
  return r;
}

/**
 * A grant's API name and label read together. A permission set group is often named neutrally and
 * labelled for its people ("Tier2", "Customer Support Tier 2"), so a non-clinical role in either text
 * marks the grant non-clinical: its PHI access is then reviewed (ACC-004), never waved through
 * because the other text sounds clinical. An auditor word exempts it (`isAuditorGrant`).
 */
function read(texts: (string | undefined)[]): Reading {
  const all = texts.filter((t): t is string => !!t).map(readOne);
  const roles = new Set(all.map((x) => x.role));
  return {
    guest: all.some((x) => x.guest),
    portal: all.some((x) => x.portal),
    role: roles.has('non-clinical') ? 'non-clinical' : roles.has('clinical') ? 'clinical' : undefined
  };
}

const GUEST_LICENCE = /guest/i;
const PORTAL_LICENCE = /community|portal|external identity|partner/i;

/** The persona of a grant: guest first (the widest exposure), then portal, clinical, non-clinical. */
export function personaOf(g: Pick<AccessGrantFact, 'name' | 'label' | 'license'>): Persona {
  const r = read([g.name, g.label]);
  if (r.guest || GUEST_LICENCE.test(g.license ?? '')) return 'guest';
  if (r.portal || PORTAL_LICENCE.test(g.license ?? '')) return 'portal';
  return r.role ?? 'other';
}

export const isGuestGrant = (g: AccessGrantFact) => personaOf(g) === 'guest';
export const isPortalGrant = (g: AccessGrantFact) => personaOf(g) === 'portal';
export const isNonClinicalGrant = (g: AccessGrantFact) => personaOf(g) === 'non-clinical';

/**
 * The auditor persona, from the configured words (config/phi-guard.json `auditorPersonas`), matched
 * as whole stemmed words or phrases: "audit" matches Compliance_Auditors only if configured as "auditor".
 */
export function isAuditorGrant(g: Pick<AccessGrantFact, 'name' | 'label'>, personas: string[]): boolean {
  const texts = [g.name, g.label ?? ''].map(personaTokens);
  return personas.some((p) => {
    const words = personaTokens(p);
    if (!words.length) return false;
    return texts.some((tokens) => {
      for (let i = 0; i + words.length <= tokens.length; i++) {
        if (words.every((w, j) => tokens[i + j] === w)) return true;
      }
      return false;
    });
  });
}
