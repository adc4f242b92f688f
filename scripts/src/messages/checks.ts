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
  'DEP-001': {
    title: 'Metadata the Metadata API would reject',
    message: (path: string, what: string, more: number) =>
      `<${path}> ${what}` +
      (more ? `; and ${more} more problem(s) in this file (phi-guard metadata-validate lists them)` : ''),
    remediation:
      'Fix the element against the Metadata API reference; until the file deploys, the controls it declares are not verified.'
  },
  'PHI-002': {
    title: 'Data-dictionary field with no metadata in the project',
    message: (field: string) =>
      `the data dictionary lists ${field} as PHI, but the project has no metadata for it, so its encryption, classification and access cannot be verified`,
    remediation:
      'Retrieve the field into the project (sf project retrieve start -m CustomField:Object.Field), or remove the dictionary entry if the field no longer exists.'
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
    deterministic: 'deterministic encryption',
    fieldHistory: 'encrypted field history',
    eventBus: 'event bus encryption',
    remediation:
      'In PlatformEncryption.settings-meta.xml set enableDeterministicEncryption, enableEncryptFieldHistory and enableEventBusEncryption to true.'
  },
  'ENC-006': {
    title: 'PHI in a field type Shield cannot encrypt',
    message: (field: string, type: string) =>
      `PHI field ${field} is of type ${type}, which Shield Platform Encryption cannot encrypt`,
    remediation:
      'Compensate: restrict the field with field-level security to clinical personas, keep it out of portal pages, list views and reports, and mask it in the UI; or store the value in an encryptable type (Text, Text Area, Email, Phone, URL, Date, Date/Time).'
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
      'Set sharingModel and externalSharingModel to Private and grant access with narrow sharing rules.',
    parent: (parent: string, scope: string, model: string, child: string) =>
      `${parent} has ${scope} sharing model ${model}, and its master-detail child ${child} holds PHI and follows it`
  },
  'ACC-002': {
    title: 'Sharing rule opens PHI too broadly',
    message: (rule: string, object: string, to: string) =>
      `sharing rule ${rule} shares PHI object ${object} with ${to}`,
    /** Who a rule shares with, by `sharedTo` kind. */
    audience: {
      allInternalUsers: 'all internal users',
      allCustomerPortalUsers: 'all customer portal users',
      allPartnerUsers: 'all partner users',
      guestUser: 'the guest user',
      portalRole: 'a portal role',
      portalRoleAndSubordinates: 'a portal role and subordinates',
      roleAndSubordinates: 'a role and all its subordinates',
      roleAndSubordinatesInternal: 'a role and all its internal subordinates',
      role: 'a role (check it is not above clinical staff)',
      managerSubordinates: 'a manager and subordinates'
    } as Record<string, string>,
    group: (name: string) => `group ${name}`,
    guests: 'guest users',
    named: (who: string, name: string) => `${who} (${name})`,
    remediation:
      'Share PHI only with a specific public group of clinical staff; never with all users, portal roles or guests.'
  },
  'ACC-003': {
    title: 'View All / Modify All on PHI',
    message: (component: string, what: string) => `${component} grants ${what}`,
    allData: (perm: 'ViewAllData' | 'ModifyAllData') =>
      `${perm === 'ViewAllData' ? 'View All Data' : 'Modify All Data'}, which exposes every PHI record`,
    allRecords: (modifyAll: boolean, object: string) =>
      `${modifyAll ? 'Modify All' : 'View All'} on PHI object ${object}`,
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
    apex: (component: string, cls: string) =>
      `guest or site ${component} can run Apex class ${cls}, which reads PHI`,
    portalApex: (component: string, cls: string, how: string) =>
      `portal ${component} can run Apex class ${cls}, which reads PHI ${how}`,
    groupUnknown: (group: string, members: string) =>
      `permission set group ${group} includes ${members}, which the project does not declare, so its access cannot be verified`,
    remediation:
      'Remove every PHI object and field permission, and access to Apex that reads PHI, from guest and site profiles and permission sets; portal users reach PHI only through `with sharing` Apex in user mode.'
  },
  'LWC-001': {
    title: 'Lightning web components can call their Apex, and guests cannot',
    missing: (bundle: string, cls: string, method: string, audience: string, personas: string) =>
      `${bundle}, used by ${audience} users, imports ${cls}.${method}, but ${
        personas
          ? `none of the ${audience} grants (${personas}) gives`
          : `no ${audience} permission set or profile gives`
      } class access to ${cls}, so the call fails for them`,
    guest: (grant: string, cls: string, surface: string) =>
      `guest ${grant} has class access to ${cls}: ${surface} can be called without logging in`,
    surfaceEntryPoints: (kinds: string) => `its ${kinds} methods`,
    surfaceUnknown: 'a class the project does not declare, whose methods',
    remediation:
      "Grant the class (classAccesses) to the permission set or profile of the component's users; remove class access from guest profiles and permission sets."
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
      'In Security.settings-meta.xml set sessionSettings.sessionTimeout to FifteenMinutes and forceLogoutOnSessionTimeout to true.',
    /** A profile's own session setting (ProfileSessionSetting.sessionTimeout, minutes) that reaches PHI. */
    profile: (
      profile: string,
      declared: boolean,
      minutes: number | undefined,
      orgMinutes: number | undefined
    ) =>
      `profile ${profile}${declared ? ', which reads PHI,' : ' (not in the project, so assumed to reach PHI)'} overrides the session timeout with ${minutes === undefined ? 'no value' : `${minutes} minutes`}` +
      (minutes !== undefined && orgMinutes !== undefined && minutes > orgMinutes
        ? `, longer than the org-wide ${orgMinutes} minutes and`
        : ',') +
      ' over 15 minutes',
    profileRemediation:
      "Set sessionTimeout in the profile's ProfileSessionSetting (profileSessionSettings/<Profile>.profileSessionSetting-meta.xml) to 15 or less; it overrides the org-wide timeout for that profile."
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
    kind: { ConnectedApp: 'Connected App', ExternalClientApplication: 'External Client App' } as Record<
      string,
      string
    >,
    fullScope: 'requests the full scope',
    refreshForever: 'issues refresh tokens valid until revoked',
    noRefreshPolicy: 'declares no refresh-token policy (the default is valid until revoked)',
    selfAuthorize: 'is open to all users who self-authorize (not admin-approved)',
    noCertificate: 'has no certificate, so it cannot use the JWT bearer flow',
    ipRelaxed: (policy: string) => `relaxes IP restrictions (${policy})`,
    remediation:
      'Use the JWT bearer flow with a certificate, only the scopes needed (never full), a refresh-token expiry, and admin-approved users.'
  },
  'AUD-001': {
    title: 'PHI without history tracking',
    message: (what: string) => what,
    object: (object: string) => `PHI object ${object} does not enable field history`,
    field: (field: string) => `PHI field ${field} is not history-tracked`,
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
    trigger: (object: string) => `trigger on ${object}`,
    remediation:
      'Record every PHI read through the audit service (object, record ids, field names, action, channel).'
  },
  'AUD-004': {
    title: 'Audit log can be altered',
    message: (what: string) => what,
    noLog: (objects: string[]) => `no PHI access-log object (${objects.join(', ')}) in the project`,
    canChange: (grant: string, verb: 'edit' | 'delete', log: string) => `${grant} can ${verb} ${log}`,
    modifyAll: (grant: string, log: string) =>
      `${grant} has Modify All Data, so it can edit or delete ${log}`,
    guardNeverRejects: (trigger: string, log: string) =>
      `trigger ${trigger} on ${log} never calls addError, so it does not reject changes`,
    noGuard: (log: string) => `no trigger on ${log} rejects updates and deletes`,
    remediation:
      'No permission may edit or delete the audit log, and a trigger on it must reject every update and delete.'
  },
  'APX-001': {
    title: 'Apex without sharing touches PHI',
    message: (cls: string, how: string) => `${cls} ${how} and touches PHI objects`,
    without: 'is declared without sharing',
    inherits: (parent: string) => `inherits without sharing from ${parent}`,
    omittedEntry: 'declares no sharing mode on an entry point, so it runs without sharing',
    omitted:
      'declares no sharing mode (it runs without sharing when called from a trigger or a without-sharing class)',
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
    field: (field: string) => `PHI field ${field}`,
    record: (type: string, variable: string) => `a whole ${type} record (${variable})`,
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
    managed: (ns: string, what: string) =>
      `managed package ${ns} holds or reaches PHI (${what}) and has no BAA entry in the register`,
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
