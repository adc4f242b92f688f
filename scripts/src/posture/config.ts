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
  auditorPersonas: ['auditor', 'compliance']
};
