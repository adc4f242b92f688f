import type { ApexEntryKind } from '../posture/model';

/** User-facing wording for the Apex checks (APX-*, AUD-003). */
export const apexText = {
  /** How an entry point is written in source: an annotation, or the `webservice` modifier. */
  entryLabel: (kind: ApexEntryKind): string =>
    kind === 'WebService' ? 'webservice' : `@${kind === 'HttpMethod' ? 'RestResource' : kind}`,
  apx004: (cls: string, label: string) =>
    `${cls}: ${label} entry point returns PHI read without user mode or stripInaccessible`,
  dynamicQuery: 'dynamic SOQL query',
  soslQuery: 'SOSL search',
  soqlQuery: 'SOQL query',
  childQuery: (relationship: string) => `SOQL child subquery (${relationship})`,
  anyPhiObject: 'a PHI object'
};
