/**
 * Every user-facing string lives here, so wording is reviewed in one place and no message
 * interpolates a field value: only flags, file names, component names and counts.
 */
export const msg = {
  usage: {
    unknownFlag: (flag: string) => `Unknown flag: ${flag}. Run with --help for usage.`,
    badValue: (flag: string) => `Flag ${flag} needs a value. Run with --help for usage.`,
    takesNoValue: (flag: string) => `Flag ${flag} takes no value. Run with --help for usage.`,
    unexpectedArgument: (arg: string) => `Unexpected argument: ${arg}. Run with --help for usage.`,
    badChoice: (flag: string, value: string, allowed: readonly string[]) =>
      `Flag --${flag} does not accept "${value}"; expected one of: ${allowed.join(', ')}.`,
    unknownCommand: (cmd: string) =>
      `Unknown command: ${cmd}. Run phi-guard --help for the list of commands.`,
    noCommand: 'No command given. Run phi-guard --help for the list of commands.',
    badNow: (value: string) => `PHI_GUARD_NOW is not a date: ${value}`,
    badApiVersion: (value: string) =>
      `Flag --api-version must be an API version such as 63.0 (21.0 or later), got "${value}".`,
    generic: (detail: string) => `${detail}. Run with --help for usage.`
  },
  project: {
    missingDir: (dir: string) => `Project directory not found: ${dir}`,
    notADir: (dir: string) => `Not a directory: ${dir}`,
    missingProjectJson: (dir: string) =>
      `No sfdx-project.json in ${dir}; point --project-dir at an SFDX project.`,
    noPackageDirs: (file: string) => `${file}: "packageDirectories" must list at least one { "path": ... }`,
    missingPackageDir: (file: string, dir: string) => `${file}: package directory "${dir}" does not exist`
  },
  apex: {
    header: 'Apex validation (parser, apex-ls semantics, PMD Security and Performance)',
    layerClean: (layer: string, files: number) => `  ${layer}: ${files} file(s), no issues`,
    layerIssues: (layer: string, count: number) => `  ${layer}: ${count} issue(s)`,
    layerFailed: (layer: string, reason: string) => `  ${layer}: NOT VERIFIED (${reason})`,
    accepted: (issue: string) => `accepted (config/apex-ls-known-gaps.json): ${issue}`,
    noApex: 'No Apex classes or triggers found.',
    javaMissing: 'java was not found (JAVA_HOME or PATH); apex-ls and PMD need Java 11 or later',
    apexLsUnexpected: (code: number | null) => `apex-ls exited with code ${code} and no parsable report`,
    pmdFailed: (detail: string) => `PMD engine failed: ${detail}`,
    pmdUnprocessed:
      'PMD could not parse this file, so none of its rules ran on it (use syntax its parser reads)',
    pmdEngineFailed:
      'the PMD engine stopped with an error (its output is not shown, as it can quote project files), so no PMD rule result is complete',
    pmdEngineError: 'the PMD engine logged an error that names no file, so its result is not complete',
    summaryClean: 'Apex validation passed.',
    summaryFailed: (issues: number, unverified: number) =>
      `Apex validation failed: ${issues} issue(s)` +
      (unverified ? `, ${unverified} layer(s) not verified` : '') +
      '.'
  },
  facts: {
    settingsMissing: (type: string, file: string) =>
      `${type} is not in the project (expected ${file}); add it, or verify the org with --target-org`,
    settingsElementMissing: (file: string, element: string) => `${file} has no <${element}> element`,
    retentionMissing: (type: string) => `no ${type} records or type in the project`,
    registerMissing: (file: string) => `compliance register ${file} not found`,
    orgOnly: (what: string) => `only a live org can show ${what}; run with --target-org`,
    apexSyntax: (detail: string) => `Apex does not parse: ${detail}`,
    malformedXml: (detail: string) => `malformed XML: ${detail}`
  },
  engine: {
    notVerified: (reason: string) => `not verified: ${reason}`,
    /** What to do about a check that lacks evidence: offline, add it or read the org; online, the read itself failed. */
    notVerifiedRemediation: (online: boolean) =>
      online
        ? 'Let the org answer: give the running user the access the reason names (README: "Pointing it at an org"), or fix what the org is missing, then run verify -o again.'
        : 'Provide the evidence (add the metadata or register entry to the project) or verify the live org with --target-org.',
    projectOnly: 'it judges project files, and an org holds only metadata it already accepted',
    checkCrashed: (detail: string) => `the check could not run (${detail})`
  },
  report: {
    title: (dir: string) => `PHI Guard posture check: ${dir}`,
    sourceLine: (files: number, fields: number, objects: number) =>
      `Read ${files} file(s); ${fields} PHI field(s) on ${objects} object(s).`,
    controlsHeader: 'HIPAA Security Rule controls',
    findingsHeader: (n: number) => `Findings (${n})`,
    noFindings: 'No findings.',
    requiresOrgHeader:
      'Needs --target-org (not run offline; each control they cite shows NEEDS ORG, neither passed nor failed, and does not fail the run):',
    notApplicableHeader: 'Not applicable to an org (they judge project files; run verify -d on the project):',
    statusLabel: {
      pass: 'PASS',
      fail: 'FAIL',
      'not-verified': 'NOT VERIFIED',
      'requires-org': 'NEEDS ORG',
      'not-applicable': 'N/A'
    } as Record<string, string>,
    fix: 'Fix:',
    summary: (counts: Record<string, number>, failOn: string, passed: boolean) =>
      `${Object.entries(counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}. Threshold --fail-on ${failOn}: ${passed ? 'PASSED' : 'FAILED'}.`,
    belowThreshold: (controls: number, counts: [string, number][], failOn: string, highest: string) =>
      `${controls} control(s) FAIL on findings below --fail-on ${failOn} (${counts
        .map(([sev, n]) => `${n} ${sev}`)
        .join(', ')}), so the run passes; --fail-on ${highest} would fail it.`,
    progress: (done: number, total: number) => `Reading project: ${done}/${total} files`,
    suppressedHeader: (n: number) =>
      `Accepted exceptions (${n}), from the suppression register; they do not affect the exit code`,
    suppressedLine: (why: string, who: string, until: string) =>
      `${why} (approved by ${who}, expires ${until})`,
    changedSince: (ref: string, files: number) =>
      `Only findings in the ${files} file(s) changed since ${ref} are reported.`,
    /** The verify evidence pack (Markdown and HTML). */
    pack: {
      title: 'HIPAA Security Rule evidence pack',
      subtitle: '45 CFR Part 164, Subpart C: technical and administrative safeguards, verified by PHI Guard.',
      execHeading: 'Executive summary',
      verdictPassed: 'PASSED',
      verdictFailed: 'FAILED',
      failingFindings: (n: number, failOn: string) =>
        `${n} open finding(s) at or above the threshold (--fail-on ${failOn}).`,
      notVerified: (n: number) =>
        `${n} control(s) not verified: evidence is missing, and an unverified control fails (fail closed).`,
      passed: (failOn: string) =>
        `No open finding at or above --fail-on ${failOn}, and no control left unverified.`,
      needsOrg: (controls: number, checks: string[]) =>
        `${controls} control(s) need a live org (${checks.join(', ')} did not run offline): neither passed nor failed here; run verify -o <org> to judge them.`,
      controlsLine: (total: number, parts: string[]) => `Controls (${total}): ${parts.join(', ')}.`,
      findingsLine: (parts: string[]) => `Open findings: ${parts.length ? parts.join(', ') : 'none'}.`,
      acceptedLine: (n: number, next?: string) =>
        `Accepted exceptions: ${n}${n && next ? `, the first expiring ${next}` : ''}.`,
      attentionHeading: 'Needs attention first',
      openCount: (n: number) => `${n} open finding(s)`,
      more: (n: number) => `and ${n} more control(s) below`,
      provenanceHeading: 'Provenance',
      summaryHeading: 'Summary',
      subject: 'Subject',
      generated: 'Generated',
      tool: 'Tool',
      gitCommit: 'Git commit',
      gitCommitConfig: 'Git commit (project config)',
      dirty: '(with uncommitted changes)',
      noGit: 'not a git repository',
      inputs: 'Inputs',
      inputsLine: (files: number, sha: string) => `${files} file(s), SHA-256 ${sha}`,
      threshold: 'Threshold',
      thresholdLine: (failOn: string, passed: boolean) =>
        `--fail-on ${failOn}: ${passed ? 'passed' : 'failed'}`,
      configuration: 'Configuration',
      scope: 'Scope',
      scopeLine: (ref: string, files: number) => `components changed since ${ref} (${files} file(s))`,
      needsOrgControl: (checks: string) =>
        `Needs a live org: not every check of this control ran offline (${checks}), so it is neither passed nor failed here.`,
      checkedHeading: 'What was checked',
      evidence: (n: number) => `Evidence: ${n} file(s)`,
      findingsHeading: 'Findings',
      acceptedHeading: 'Accepted exceptions',
      cols: {
        control: 'Control',
        title: 'Title',
        status: 'Status',
        open: 'Open findings',
        accepted: 'Accepted exceptions',
        severity: 'Severity',
        check: 'Check',
        component: 'Component',
        location: 'Location',
        finding: 'Finding',
        remediation: 'Remediation',
        what: 'What was accepted',
        justification: 'Justification',
        approver: 'Approver',
        expires: 'Expires'
      }
    },
    wrote: (files: string[]) => `Wrote ${files.join(', ')}`,
    outputDir: (dir: string, code: string | undefined) =>
      `--output-dir ${dir}: cannot write the reports there (${code ?? 'error'})`,
    targetTaken: (dir: string, name: string, why: string) => `--output-dir ${dir}: ${name} ${why}`
  },
  policy: {
    gitMissing: 'git was not found on PATH; --changed-since needs git',
    notGit: (dir: string) => `--changed-since: ${dir} is not inside a git repository`,
    badRef: (ref: string) => `--changed-since: git does not know the ref "${ref}"`,
    suppressionTitle: 'Suppression register entry is invalid or expired',
    notArray: '"suppressions" must be an array',
    missing: (label: string, keys: readonly string[]) => `suppression ${label} is missing ${keys.join(', ')}`,
    badExpiry: (label: string, expires: string) =>
      `suppression ${label} has an invalid expiry "${expires}" (YYYY-MM-DD)`,
    expired: (label: string, expires: string) => `suppression ${label} expired on ${expires}`,
    suppressionFix:
      'Renew the exception with a new expiry and approval, complete the entry, or fix the finding and remove the entry.'
  },
  orgUnsupported: (alias: string) =>
    `--target-org ${alias}: live-org verification is not available in this version; run without -o to verify the project source.`,
  internal: (err: Error) =>
    `Internal error: ${err.message.split('\n')[0]} (set PHI_GUARD_DEBUG=1 for the stack trace and please report it)`,
  progress: (done: number, total: number, what: string) => `${what}: ${done}/${total}`
};

export { checkText } from './checks';

/** Short names of the HIPAA Security Rule citations the checks map to. */
export const CITATIONS: Record<string, string> = {
  '164.306(a)(1)': 'Confidentiality, integrity and availability of ePHI',
  '164.308(a)(1)(ii)(A)': 'Risk analysis',
  '164.308(a)(1)(ii)(B)': 'Risk management',
  '164.308(a)(4)(ii)(B)': 'Access authorization',
  '164.308(a)(4)(ii)(C)': 'Access establishment and modification (access review)',
  '164.308(a)(5)(i)': 'Security awareness and training',
  '164.308(a)(5)(ii)(C)': 'Log-in monitoring',
  '164.308(a)(5)(ii)(D)': 'Password management',
  '164.308(a)(6)(i)': 'Security incident procedures',
  '164.308(a)(7)(ii)(A)': 'Data backup plan',
  '164.308(a)(7)(ii)(D)': 'Contingency plan testing',
  '164.308(a)(8)': 'Evaluation',
  '164.308(b)(1)': 'Business associate contracts',
  '164.312(a)(1)': 'Access control',
  '164.312(a)(2)(iii)': 'Automatic logoff',
  '164.312(a)(2)(iv)': 'Encryption and decryption (at rest)',
  '164.312(b)': 'Audit controls',
  '164.312(c)(1)': 'Integrity',
  '164.312(d)': 'Person or entity authentication',
  '164.312(e)(1)': 'Transmission security',
  '164.312(e)(2)(ii)': 'Encryption in transit',
  '164.314(a)(1)': 'Business associate contracts (requirements)',
  '164.316(a)': 'Policies and procedures',
  '164.316(b)(2)(i)': 'Documentation retention (six years)',
  '164.502(b)': 'Minimum necessary'
};
export const citationTitle = (c: string) => CITATIONS[c] ?? c;

export const help = {
  root: `PHI Guard: prove a Salesforce org's HIPAA Security Rule posture.

USAGE
  phi-guard <command> [flags]
  npm run <command> -- [flags]         (npm run verify, deploy, access-review, baa, audit-log, incident)
  sf phi-guard <command> [flags]       (the sf plugin, after sf plugins link .)

COMMANDS
  verify          Check an SFDX project's security posture against HIPAA-mapped controls
  apex-validate   Validate Apex offline: parser, apex-ls semantics, PMD Security and Performance
  metadata-validate  Check every metadata file against the Metadata API types, offline
  rules-validate  Check the project's Apex and metadata against platform rules (tests, LWC class access, ...)
  access-review   Who can reach which PHI object and field, and how; reviewer reports; drift
  baa check       The BAA register against installed packages and OAuth apps
  audit-log verify  Recompute the PHI access log's hash chain (export file or org)
  incident        Breach playbook: start (HITECH timeline, checklist), scope (what a user touched)
  deploy          Release: static gate, org preflight, deploy with tests, post-deploy verify, evidence pack

GLOBAL FLAGS
  -h, --help      Show help for a command
  -v, --version   Show the version

EXIT CODES
  0 clean, 1 findings at or above the threshold, 2 usage or input error

Run phi-guard <command> --help for a command's flags.`,
  apexValidate: `Validate the project's Apex offline, in three layers.

USAGE
  phi-guard apex-validate [-d <dir>] [--layers parser,apex-ls,pmd] [--json]

FLAGS
  -d, --project-dir <dir>   SFDX project to check (default: current directory)
      --layers <list>       Comma-separated subset of: parser, apex-ls, pmd (default: all)
      --json                Print {status, result, warnings} as JSON
  -h, --help                Show this help

LAYERS
  parser    @apexdevtools/apex-parser: syntax errors, file:line:col
  apex-ls   apex-ls semantic check: unknown types, fields and methods (needs Java 11+)
  pmd       PMD 7 via Salesforce Code Analyzer: Security and Performance categories,
            ApexCRUDViolation, ApexSharingViolations, ApexSOQLInjection (needs Java 11+)

A layer that cannot run is reported NOT VERIFIED and fails the command.`,
  verify: `Check an SFDX project's HIPAA security posture.

USAGE
  phi-guard verify [-d <dir>] [-o <org>] [--fail-on <severity>] [--json]

FLAGS
  -d, --project-dir <dir>     SFDX project to check (default: current directory). Every package
                              directory in its sfdx-project.json is read.
  -o, --target-org <org>      Verify a live org: an alias or username from "sf org login web", or an
                              http(s) instance URL with the access token in SF_ACCESS_TOKEN
      --api-version <n>       With -o: the API version for the org's calls, e.g. 63.0 (default 63.0)
      --min-api-share <n>     With -o: refuse to start when less than this share of the org's daily
                              API requests remains (0..1, default 0.1)
      --format <list>         Also write reports: sarif, junit, md, html, csv (comma-separated)
      --output-dir <dir>      Where --format writes its files (default: phi-guard-report)
      --changed-since <ref>   Report only findings in files changed since a git ref (pull requests);
                              the whole project is still loaded
      --fail-on <severity>    Lowest severity that fails the run: critical, high, medium, low, info
                              (default: high). A control that is not verified always fails.
      --json                  Print {status, result, warnings} as JSON
      --no-progress           Do not print progress to stderr
  -h, --help                  Show this help

FILES (in the project)
  config/phi-data-dictionary.json     which fields are PHI (or not), with reasons
  config/compliance-register.json     administrative safeguards, BAAs and backups, with dates
  config/phi-guard-suppressions.json  accepted exceptions: checkId, component glob, justification,
                                      approver, expires (an expired or incomplete entry is a finding)

EXIT CODES
  0 no finding at or above --fail-on and every in-scope control verified
  1 findings at or above --fail-on, or a control not verified
  2 usage or input error`
};
