import { phiObjectNotPrivate } from './acc-001-object-private';
import { broadSharingRule } from './acc-002-broad-sharing';
import { viewAllModifyAll } from './acc-003-view-all';
import { nonClinicalPhiRead } from './acc-004-non-clinical';
import { guestPhiAccess } from './acc-005-guest';
import { lwcApexGrant } from './lwc-001-apex-grant';
import { phiExportRights } from './acc-006-export';
import { phiHistoryTracking } from './aud-001-history';
import { historyRetentionPolicy } from './aud-002-retention';
import { apexPhiReadUnaudited } from './aud-003-unaudited-read';
import { auditLogMutable } from './aud-004-log-mutable';
import { withoutSharingPhi } from './apx-001-without-sharing';
import { phiWithoutUserMode } from './apx-002-user-mode';
import { debugPhi } from './apx-003-debug';
import { entryPointWithoutFls } from './apx-004-entrypoint-fls';
import { phiFieldUnencrypted } from './enc-001-phi-unencrypted';
import { phiLongTextUnencrypted } from './enc-002-long-text';
import { phiFilterNotDeterministic } from './enc-003-filter-deterministic';
import { standardObjectPhiUnencrypted } from './enc-004-standard-object';
import { encryptionSettings } from './enc-005-encryption-settings';
import { deployability } from './dep-001-deployability';
import { phiUnencryptableType } from './enc-006-unencryptable';
import { malformedSource } from './inp-001-malformed';
import { phiRetentionPolicy } from './lif-001-retention';
import { backupEncryption } from './lif-002-backups';
import { oauthLegacyFlows } from './oau-001-legacy-flows';
import { integrationAppPolicy } from './oau-002-app-policy';
import { registerItems } from './org-001-register';
import { baaCoverage } from './org-002-baa';
import { orgOnlyChecks } from './org-only';
import { probablePhi } from './phi-001-probable-phi';
import { dictionaryFieldMissing } from './phi-002-dictionary-field';
import { sessionTimeout } from './ses-001-timeout';
import { siteHardening } from './sit-001-site-hardening';
import { sessionHttpOnly } from './ses-002-httponly';
import { weakPasswordPolicy } from './ses-003-password';
import { insecureEndpoint } from './tls-001-insecure-endpoint';
import { mtlsWithoutCertificate } from './tls-002-mtls';
import type { Check } from './types';

/** Every check, in report order. One list: adding a check means adding it here. */
export const CHECKS: readonly Check[] = [
  probablePhi,
  dictionaryFieldMissing,
  malformedSource,
  deployability,
  phiFieldUnencrypted,
  phiLongTextUnencrypted,
  phiFilterNotDeterministic,
  standardObjectPhiUnencrypted,
  encryptionSettings,
  phiUnencryptableType,
  insecureEndpoint,
  mtlsWithoutCertificate,
  phiObjectNotPrivate,
  broadSharingRule,
  viewAllModifyAll,
  nonClinicalPhiRead,
  guestPhiAccess,
  siteHardening,
  phiExportRights,
  lwcApexGrant,
  sessionTimeout,
  sessionHttpOnly,
  weakPasswordPolicy,
  oauthLegacyFlows,
  integrationAppPolicy,
  phiHistoryTracking,
  historyRetentionPolicy,
  apexPhiReadUnaudited,
  auditLogMutable,
  withoutSharingPhi,
  phiWithoutUserMode,
  debugPhi,
  entryPointWithoutFls,
  phiRetentionPolicy,
  backupEncryption,
  registerItems,
  baaCoverage,
  ...orgOnlyChecks
];
