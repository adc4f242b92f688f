/**
 * Text of the platform-rule layer (scripts/src/platform-rules), its command (rules-validate), and the LWC
 * reader. Messages name files, lines, classes, methods, components and permission sets; never a value
 * from a file (a job name, a description, a certificate body).
 */
export const rulesMsg = {
  header: (scope: string) =>
    `Platform rules (Apex tests, LWC class access, sharing, scratch definitions, permission sets${scope})`,
  releaseScope: ', and the release rules: sample certificates',
  clean: (rules: number, files: number) => `  ${rules} rule(s) over ${files} file(s), no problems`,
  problems: (rules: number, files: number, problems: number) =>
    `  ${rules} rule(s) over ${files} file(s): ${problems} problem(s)`,
  problem: (file: string, line: number | undefined, rule: string, message: string, url: string) =>
    `${file}${line ? `:${line}` : ''}: [${rule}] ${message} (${url})`,
  summaryClean: 'Platform rules passed.',
  summaryFailed: (problems: number) => `Platform rules failed: ${problems} problem(s).`,
  unreadable: (detail: string) =>
    `cannot be read for the platform rules (${detail}); the rules it feeds are not verified`,

  titles: {
    testUserMode:
      'a test reaching user mode or a describe permission check outside System.runAs of a user it built',
    testJobName: 'System.schedule in a test with a job name production code schedules',
    lwcApexGrant: "an LWC's @AuraEnabled class not granted to the persona that uses the component",
    contactAccess:
      'an Account sharing rule giving contacts an access level while Contact is Controlled by Parent',
    scratchEventBus: 'event bus encryption turned on in a scratch org definition',
    descriptionLength: 'a permission set description over 255 characters',
    sampleCertificate: 'a JWT bearer certificate that is the shipped sample, or that nobody acknowledged'
  },

  testUserMode: {
    outside: 'outside System.runAs',
    running: 'inside System.runAs of the running (deploying) user',
    unknownUser: (why: string) => `inside System.runAs of ${why}`,
    reaches: (test: string, what: string, site: string, via: string, where: string) =>
      `test ${test} reaches ${what} at ${site}${via ? ` (via ${via})` : ''} ${where}: user mode and describe checks ` +
      'answer for the running user, and a field deployed through the Metadata API is granted to no one, the ' +
      'deploying admin included, so it fails under RunLocalTests; run it inside System.runAs of a user the test ' +
      'builds and assigns the permission sets that ship',
    unknownSet: (test: string, names: string) =>
      `test ${test} runs as a user assigned permission set(s) ${names} that do not ship in the project: the ` +
      'assignment finds nothing and the user holds no grant',
    whyParameter: 'a user passed in as a parameter',
    whyExisting: 'an existing user read from the org, whose grants the project does not control',
    whyNotBuilt: 'a user the called method does not build (no User insert, no PermissionSetAssignment)',
    whyExpression: 'a user the rule cannot follow'
  },
  testJobName: {
    same: (test: string, site: string, production: string) =>
      `test ${test} schedules a job (${site}) under the name production code schedules (${production}): job ` +
      'names are unique in the org, so once the real job is scheduled the test fails, and a class with an active ' +
      'job blocks deployments unless the org allows it; use a name only the test uses'
  },
  lwc: {
    missing: (bundle: string, className: string, method: string, audience: string, personas: string) =>
      `${bundle} (used by ${audience} users) imports ${className}.${method}, but ${
        personas
          ? `no ${audience} permission set or profile (${personas}) grants`
          : `no ${audience} persona in the project grants`
      } class access to ${className}: the call fails for them`,
    notReadOnline:
      'not verified on an org: its Lightning web components (Tooling LightningComponentBundle, LightningComponentResource) ' +
      'and Apex class grants (SetupEntityAccess) are not read online yet; verify the project with -d'
  },
  contactAccess: {
    notNone: (rule: string, level: string) =>
      `sharing rule ${rule} sets contactAccessLevel ${level} while Contact's sharing model is ControlledByParent: ` +
      'contact access then follows the account and the level cannot be set (the deploy fails); use None'
  },
  scratchEventBus: {
    on:
      'enableEventBusEncryption is on at scratch org creation, when no EventBus tenant secret can exist yet: ' +
      'creation fails; turn it on after generating the secret (README, Org prerequisites)'
  },
  descriptionLength: {
    over: (name: string, length: number) =>
      `permission set ${name} has a description of ${length} characters; the platform stores at most 255`
  },
  certificate: {
    unparsable: (component: string) =>
      `${component}: the certificate is not an X.509 certificate in PEM, so whose key it trusts cannot be told`,
    sample: (component: string, fingerprint: string) =>
      `${component}: the certificate is the sample PHI Guard ships (SHA-256 ${fingerprint}); it enables the JWT ` +
      "bearer flow for whoever holds the sample's private key. Replace it with your integration's certificate " +
      'and acknowledge its fingerprint in config/phi-guard-certificates.json',
    unacknowledged: (component: string, fingerprint: string) =>
      `${component}: certificate SHA-256 ${fingerprint} is not acknowledged: a certificate enables the JWT bearer ` +
      'flow for whoever holds its private key; record it in config/phi-guard-certificates.json ' +
      '(sha256, component, acknowledgedBy, reason) once you know who holds the key',
    badFile: (detail: string) => `not a valid certificate acknowledgement file: ${detail}`,
    entryField: (i: number, field: string) => `acknowledged[${i}].${field} is required (a non-empty string)`,
    badFingerprint: (i: number) => `acknowledged[${i}].sha256 must be a SHA-256 fingerprint (64 hex digits)`
  }
};

export const rulesHelp = `Check the project's own Apex and metadata against platform rules no schema or linter sees, offline.

USAGE
  phi-guard rules-validate [-d <dir>] [--release] [--json]

FLAGS
  -d, --project-dir <dir>   SFDX project to check (default: current directory)
      --release             Also run the release rules the deploy gate runs (sample certificates)
      --json                Print {status, result, warnings} as JSON
  -h, --help                Show this help

WHAT IS CHECKED (each problem names the file, the line and the reference page)
  - a test method reaching WITH USER_MODE, AccessLevel.USER_MODE, "as user" DML, stripInaccessible or a
    describe check (isAccessible, isUpdateable, ...), directly or through the project's classes, outside
    System.runAs of a user the test builds with the permission sets that ship
  - System.schedule in a test under a job name production code schedules
  - a Lightning web component importing an @AuraEnabled class its persona is not granted
  - an Account sharing rule with a contactAccessLevel other than None while Contact is Controlled by Parent
  - enableEventBusEncryption in a scratch org definition (config/*scratch-def.json)
  - a permission set description over 255 characters
  - with --release: a JWT bearer certificate that is the shipped sample or is not acknowledged in
    config/phi-guard-certificates.json

EXIT CODES
  0 no problems, 1 a problem, 2 usage or input error`;
