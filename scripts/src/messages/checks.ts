/**
 * The text of every check: titles, one-line messages and remediation. Lives beside the other messages (scripts/src/messages/)
 * so all user-facing text is reviewed in one place. Messages name fields and components, never values.
 */
export const checkText = {
  'PHI-001': {
    title: 'Probable PHI left unclassified',
    message: (field: string, term: string) =>
      `${field} looks like PHI ("${term}") but has no HIPAA complianceGroup and no data-dictionary entry`,
    remediation:
      'Classify it: set complianceGroup HIPAA (and encrypt it), or list it in the PHI data dictionary with "phi": false and a reason.'
  },
  'INP-001': {
    title: 'Source that cannot be read or parsed',
    message: (detail: string) => detail,
    remediation: 'Fix the file; until then the controls it declares cannot be verified.'
  },
  'ENC-001': {
    title: 'PHI field without Platform Encryption',
    message: (field: string) => `PHI field ${field} has no encryptionScheme`,
    remediation:
      'Set <encryptionScheme> to ProbabilisticEncryption, or a Deterministic scheme if the field is filtered (Shield Platform Encryption).'
  },
  'ENC-002': {
    title: 'PHI Long Text or Rich Text not encrypted',
    message: (field: string, type: string, scheme: string | undefined) =>
      scheme && scheme !== 'None'
        ? `PHI ${type} field ${field} uses ${scheme}; Long Text and Rich Text can only be encrypted probabilistically`
        : `PHI ${type} field ${field} is not encrypted`,
    remediation: 'Set <encryptionScheme>ProbabilisticEncryption</encryptionScheme>.'
  },
  'ENC-003': {
    title: 'PHI field filtered without deterministic encryption',
    message: (field: string, where: string, component: string, scheme: string | undefined) =>
      `${field} is filtered in ${where} ${component} but its encryption is ${scheme ?? 'none'}, not deterministic`,
    remediation:
      'Use CaseInsensitiveDeterministicEncryption (or CaseSensitive where case matters), or stop filtering on the field.'
  },
  'ENC-004': {
    title: 'PHI on a standard object left unencrypted',
    message: (field: string) => `PHI field ${field} on a standard object has no encryptionScheme`,
    remediation:
      'Encrypt the field with Shield Platform Encryption (standard fields: set encryptionScheme on the field), or move the PHI to an encrypted custom field.'
  },
  'ENC-005': {
    title: 'Platform Encryption settings incomplete',
    message: (setting: string) => `PlatformEncryptionSettings does not enable ${setting}`,
    remediation:
      'In PlatformEncryption.settings-meta.xml set enableDeterministicEncryption, enableEncryptFieldHistory and enableEventBusEncryption to true.'
  },
  'TLS-001': {
    title: 'Outbound endpoint without TLS',
    message: (kind: string, name: string, why: string) => `${kind} ${name} ${why}`,
    remediation:
      'Use an https:// endpoint (TLS 1.2+) and keep protocol security enabled; prefer a Named Credential.'
  },
  'TLS-002': {
    title: 'Mutual TLS declared without a client certificate',
    message: (name: string) => `Named Credential ${name} declares mutual TLS but names no client certificate`,
    remediation: 'Add a ClientCertificate parameter naming a certificate from Certificate and Key Management.'
  },
  'ACC-001': {
    title: 'PHI object not private',
    message: (object: string, scope: string, model: string) =>
      `PHI object ${object} has ${scope} sharing model ${model}`,
    notVerified: (object: string) =>
      `the sharing model of PHI object ${object} is not in the project, so it cannot be verified`,
    remediation:
      'Set sharingModel and externalSharingModel to Private and grant access with narrow sharing rules.'
  },
  'ACC-002': {
    title: 'Sharing rule opens PHI too broadly',
    message: (rule: string, object: string, to: string) =>
      `sharing rule ${rule} shares PHI object ${object} with ${to}`,
    remediation:
      'Share PHI only with a specific public group of clinical staff; never with all users, portal roles or guests.'
  },
  'ACC-003': {
    title: 'View All / Modify All on PHI',
    message: (component: string, what: string) => `${component} grants ${what}`,
    remediation:
      'Remove View All Data, Modify All Data and View All / Modify All on PHI objects; grant record access through sharing.'
  },
  'ACC-004': {
    title: 'Non-clinical persona can read PHI',
    message: (component: string, field: string) =>
      `${component} (non-clinical persona) can read PHI field ${field}`,
    remediation: 'Remove read access to the PHI field from this persona (minimum necessary).'
  },
  'ACC-005': {
    title: 'Guest or site user can reach PHI',
    message: (component: string, what: string) => `guest or site ${component} has access to ${what}`,
    remediation:
      'Remove every PHI object and field permission from guest and site profiles and permission sets.'
  },
  'ACC-006': {
    title: 'Export rights on PHI',
    message: (component: string, perm: string) => `${component} can read PHI and holds ${perm}`,
    remediation:
      'Only the compliance auditor persona may export; remove the export permission from this persona.'
  },
  'SES-001': {
    title: 'Session timeout over 15 minutes or no forced logout',
    message: (what: string) => what,
    remediation:
      'In Security.settings-meta.xml set sessionSettings.sessionTimeout to FifteenMinutes and forceLogoutOnSessionTimeout to true.'
  },
  'SES-002': {
    title: 'Session cookies readable by JavaScript',
    message: () => 'sessionSettings.requireHttpOnly is not true',
    remediation: 'Set <requireHttpOnly>true</requireHttpOnly> in sessionSettings.'
  },
  'SES-003': {
    title: 'Weak password policy',
    message: (what: string) => `password policy: ${what}`,
    remediation:
      'Set minimumPasswordLength 12 or more, complexity with special characters, an expiry, and a lockout after at most 10 attempts.'
  },
  'OAU-001': {
    title: 'Legacy OAuth flow enabled',
    message: (flow: string) => `the OAuth ${flow} flow is not blocked`,
    remediation: 'In OauthOidc.settings-meta.xml set blockOAuthUnPwFlow and blockOAuthUsrAgtFlow to true.'
  },
  'OAU-002': {
    title: 'Integration app with over-broad OAuth policy',
    message: (kind: string, name: string, what: string) => `${kind} ${name} ${what}`,
    remediation:
      'Use the JWT bearer flow with a certificate, only the scopes needed (never full), a refresh-token expiry, and admin-approved users.'
  },
  'AUD-001': {
    title: 'PHI without history tracking',
    message: (what: string) => what,
    remediation:
      'Enable history on the object and set trackHistory on each PHI field (encrypt field history too).'
  },
  'AUD-002': {
    title: 'No history retention policy on a PHI object',
    message: (object: string) => `PHI object ${object} has no historyRetentionPolicy`,
    remediation: 'Add a historyRetentionPolicy (Field Audit Trail) keeping field history at least six years.'
  },
  'AUD-003': {
    title: 'Apex reads PHI without recording the access',
    message: (cls: string, what: string) =>
      `${cls} reads PHI (${what}) but never calls the PHI access audit service`,
    remediation:
      'Record every PHI read through the audit service (object, record ids, field names, action, channel).'
  },
  'AUD-004': {
    title: 'Audit log can be altered',
    message: (what: string) => what,
    remediation:
      'No permission may edit or delete the audit log, and a trigger on it must reject every update and delete.'
  },
  'APX-001': {
    title: 'Apex without sharing touches PHI',
    message: (cls: string, how: string) => `${cls} ${how} and touches PHI objects`,
    remediation:
      'Declare the class with sharing (or inherited sharing for utilities called only from with-sharing code).'
  },
  'APX-002': {
    title: 'PHI query or DML without user mode',
    message: (cls: string, what: string, object: string) => `${cls}: ${what} on ${object} without user mode`,
    remediation:
      'Use WITH USER_MODE / "as user" / AccessLevel.USER_MODE, or Security.stripInaccessible; justify a deliberate system-mode access with a "phi-guard: system-mode <reason>" comment.'
  },
  'APX-003': {
    title: 'PHI written to the debug log',
    message: (cls: string, what: string) => `${cls}: System.debug writes ${what}`,
    remediation: 'Never log PHI; log record ids and field names only.'
  },
  'APX-004': {
    title: 'Entry point returns PHI without FLS enforcement',
    message: (cls: string, kind: string) =>
      `${cls}: @${kind} entry point returns PHI read without user mode or stripInaccessible`,
    remediation:
      'Query WITH USER_MODE and pass results through Security.stripInaccessible before returning them.'
  },
  'LIF-001': {
    title: 'PHI kept with no retention policy',
    message: (object: string, type: string) => `PHI object ${object} has no active ${type} record`,
    remediation:
      'Add a retention policy record (date field, months, delete or anonymise) for every PHI object.'
  },
  'LIF-002': {
    title: 'Backup or export of PHI without attested encryption',
    message: (name: string) => `backup or export "${name}" includes PHI but encryption is not attested`,
    notVerified: (file: string) => `${file} has no "backups" section, so PHI backups cannot be verified`,
    remediation:
      'Attest (with evidence) that every backup and export holding PHI is encrypted at rest, in the register.'
  },
  'ORG-001': {
    title: 'Administrative safeguard missing or overdue',
    missing: (item: string) => `compliance register has no ${item}`,
    overdue: (item: string, date: string, days: number) => `${item} last done ${date}, over ${days} days ago`,
    future: (item: string, date: string) => `${item} is dated in the future (${date})`,
    remediation: 'Perform the activity and record its date and evidence in the compliance register.'
  },
  'ORG-002': {
    title: 'Business associate without a BAA',
    unsigned: (vendor: string) => `${vendor} handles PHI but has no signed BAA date`,
    expired: (vendor: string, date: string) => `the BAA with ${vendor} expired on ${date}`,
    noSalesforce: () => 'the register has no BAA with Salesforce, which hosts the PHI',
    package: (ns: string) => `installed package ${ns} has no BAA entry in the register`,
    remediation:
      'Sign a BAA with every vendor and package that touches PHI and record it in the compliance register.'
  },
  'ORG-101': {
    title: 'Shield Platform Encryption active in the org',
    message: () => 'the org has no active Shield Platform Encryption tenant secret',
    remediation: 'Licence Shield Platform Encryption and generate a tenant secret.'
  },
  'ORG-102': {
    title: 'Event Monitoring collects access logs',
    message: () => 'Event Monitoring log files are not available in the org',
    remediation: 'Licence Event Monitoring so PHI access through reports, APIs and exports is logged.'
  },
  'ORG-103': {
    title: 'MFA and login history',
    message: () => 'users log in without multi-factor authentication',
    remediation: 'Enforce MFA for every user and review login history.'
  },
  'ORG-104': {
    title: "Installed packages' access to PHI",
    message: () => 'an installed package can read PHI objects',
    remediation: 'Review package permission sets; remove PHI access or sign a BAA.'
  },
  'ORG-105': {
    title: 'Security Health Check',
    message: () => 'the Security Health Check reports high-risk settings',
    remediation: 'Fix the high-risk settings listed in Setup > Health Check.'
  }
} as const;
