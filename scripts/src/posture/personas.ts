import type { AccessGrantFact } from './model';
import { stem, tokenize } from './phi';

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
  clinical: boolean;
  nonClinical: boolean;
}

function read(texts: (string | undefined)[]): Reading {
  const r: Reading = { guest: false, portal: false, clinical: false, nonClinical: false };
  for (const text of texts) {
    if (!text) continue;
    const tokens = personaTokens(text);
    const used = new Set<number>();
    for (const [phrase, persona] of PHRASES) {
      for (let i = 0; i + phrase.length <= tokens.length; i++) {
        if (!phrase.every((w, j) => tokens[i + j] === w)) continue;
        phrase.forEach((_, j) => used.add(i + j));
        mark(r, persona);
      }
    }
    tokens.forEach((t, i) => {
      if (used.has(i)) return;
      if (GUEST.has(t)) r.guest = true;
      else if (PORTAL.has(t)) r.portal = true;
      else if (CLINICAL.has(t)) r.clinical = true;
      else if (NON_CLINICAL.has(t)) r.nonClinical = true;
    });
  }
  return r;
}

function mark(r: Reading, persona: Persona): void {
  if (persona === 'guest') r.guest = true;
  else if (persona === 'portal') r.portal = true;
  else if (persona === 'clinical') r.clinical = true;
  else if (persona === 'non-clinical') r.nonClinical = true;
}

const GUEST_LICENCE = /guest/i;
const PORTAL_LICENCE = /community|portal|external identity|partner/i;

/** The persona of a grant: guest first (the widest exposure), then portal, clinical, non-clinical. */
export function personaOf(g: Pick<AccessGrantFact, 'name' | 'label' | 'license'>): Persona {
  const r = read([g.name, g.label]);
  if (r.guest || GUEST_LICENCE.test(g.license ?? '')) return 'guest';
  if (r.portal || PORTAL_LICENCE.test(g.license ?? '')) return 'portal';
  if (r.clinical) return 'clinical';
  if (r.nonClinical) return 'non-clinical';
  return 'other';
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
