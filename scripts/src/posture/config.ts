import type { VerifyConfig } from './model';

/**
 * The verify configuration's defaults, the same for a project and an org run; a project changes
 * them in config/phi-guard.json (read by the source loader's config-files).
 */
export const DEFAULT_CONFIG: VerifyConfig = {
  dictionaryFile: 'config/phi-data-dictionary.json',
  registerFile: 'config/compliance-register.json',
  suppressionsFile: 'config/phi-guard-suppressions.json',
  auditServices: ['PhiAccessAudit'],
  auditLogObjects: ['PHI_Access_Log__c'],
  retentionType: 'PHI_Retention_Policy__mdt',
  auditorPersonas: ['auditor', 'compliance'],
  keyRotationDays: 365,
  healthCheckMinScore: 80
};

/**
 * Numeric settings and their sane ranges (whole numbers). keyRotationDays: Salesforce lets a tenant
 * secret be rotated once every 24 hours, so 1 day is the floor; 10 years the ceiling. The Health
 * Check score is a percentage, 0-100 (grades: 90+ Excellent, 80-89 Very Good, 70-79 Good; see
 * https://support.augmentt.com/support/solutions/articles/60000718983-how-is-the-salesforce-health-check-score-calculated-).
 */
export const NUMBER_RANGES: Partial<Record<keyof VerifyConfig, [number, number]>> = {
  keyRotationDays: [1, 3650],
  healthCheckMinScore: [0, 100]
};
