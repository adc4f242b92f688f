/** --help text for the operations commands (access-review, baa, audit-log, incident). */
export const opsHelp = {
  accessReview: `Access review: who can reach which PHI object and field, and how.

USAGE
  phi-guard access-review [-d <dir>] [-o <org> [--names]] [--format csv,xlsx,md,html] [--output-dir <dir>]
                          [--baseline <file>] [--update-baseline] [--json]

FLAGS
  -d, --project-dir <dir>     SFDX project (default: current directory)
  -o, --target-org <alias>    Review an org (alias, username, or URL with SF_ACCESS_TOKEN): the grants
                              come from the org (permission sets, groups and muting, profiles, sharing
                              rules), plus user facts: users per grant, last login, inactive over 90 days,
                              frozen, integration users with UI logins (aggregates only, so the call count
                              does not grow with users). The dictionary and register stay the project's
      --api-version <n>       With -o: the API version for the org's calls, e.g. 63.0 (default 63.0)
      --names                 With -o: also list the usernames of inactive and frozen users (max 200 each)
      --format <list>         Also write reports: csv, xlsx (reviewers), md, html (with sign-off fields)
      --output-dir <dir>      Where --format writes access-review.<ext> (default: access-review)
      --baseline <file>       First run: write the baseline (a JSON file of grant keys; commit it).
                              Later runs: report additions and removals since it; exit 1 on an addition
                              not listed in its "approvals" ({grant, approver, date, reason})
      --update-baseline       Rewrite the baseline from this review (after sign-off), keeping approvals
      --json                  Print {status, result, warnings} as JSON
  -h, --help                  Show this help

SOURCES OF ACCESS
  permission sets and profiles (object and field permissions, View/Modify All Data) and sharing rules
  on PHI objects, from the same snapshot verify checks: the project's source, or with -o the org's
  (which adds permission set groups)

EXIT CODES
  0 reviewed (no unapproved addition), 1 unapproved additions or no PHI object, 2 usage or input error`,
  baa: `Business associate agreements (45 CFR 164.308(b), 164.314(a)).

USAGE
  phi-guard baa check [-d <dir>] [-o <org>] [--fail-on <severity>] [--json]

SUBCOMMANDS
  check   Compare the BAA register with installed packages and OAuth apps

Run phi-guard baa check --help for its flags.`,
  baaCheck: `Compare the BAA register ("baas" in config/compliance-register.json) with what can reach PHI.

USAGE
  phi-guard baa check [-d <dir>] [-o <org>] [--fail-on <severity>] [--json]

FLAGS
  -d, --project-dir <dir>     SFDX project (default: current directory): installed packages come from
                              its installedPackages metadata, apps from connected and external client apps
  -o, --target-org <alias>    Read installed packages (InstalledSubscriberPackage) and apps holding OAuth
                              tokens (OauthToken) from an org; the register stays the project's file
      --api-version <n>       With -o: the API version for the org's calls, e.g. 63.0 (default 63.0)
      --fail-on <severity>    Lowest severity that fails: critical, high, medium, low, info (default: high)
      --json                  Print {status, result, warnings} as JSON
  -h, --help                  Show this help

REGISTER ENTRY
  { "vendor": "...", "namespace": "pkgns", "apps": ["App_Name"], "signed": "YYYY-MM-DD",
    "expires": "YYYY-MM-DD", "handlesPhi": true, "scope": "what PHI it touches", "contact": "..." }

REPORTS
  high     a package or data-scoped app with no BAA entry; an unsigned or expired BAA; no Salesforce BAA
  medium   a BAA expiring within 30 days; an entry for a package or app no longer installed (online)
  low      an entry for a package not declared in the project (offline: the org may still have it)

EXIT CODES
  0 nothing at or above --fail-on, 1 issues at or above --fail-on or no register, 2 usage or input error`,
  incident: `Breach-notification playbook (HITECH, 45 CFR 164.400-414).

USAGE
  phi-guard incident start --discovered <YYYY-MM-DD> [--affected <n>] [--state-residents <n>]
  phi-guard incident scope --user <005...> --from <date> --to <date> (--file <log.csv> | -o <org>)

SUBCOMMANDS
  start   The notification deadlines and a Markdown checklist
  scope   Which records and fields a user touched in a window, from the PHI access log

Run phi-guard incident <subcommand> --help for its flags.`,
  incidentStart: `Print the HITECH breach-notification timeline and checklist.

USAGE
  phi-guard incident start --discovered <YYYY-MM-DD> [flags]

FLAGS
      --discovered <day>        The day the breach was discovered (or would have been, with reasonable
                                diligence), 164.404(a)(2). Required.
      --affected <n>            Individuals affected, when known (500 or more: HHS within 60 days;
                                fewer: within 60 days of the end of the calendar year)
      --state-residents <n>     The most affected residents of any one State (more than 500: media)
      --business-associate      We are the business associate: notify the covered entity (164.410)
      --markdown                Print the checklist (Markdown) instead of the timeline
      --output <file>           Also write the checklist to a file
      --json                    Print {status, result, warnings} as JSON
  -h, --help                    Show this help

EXIT CODES
  0 printed, 2 usage error`,
  incidentScope: `List what one user touched in the PHI access log in a time window: counts, record ids and
field names, never values.

USAGE
  phi-guard incident scope --user <005...> --from <date> --to <date> (--file <log.csv> | -o <org>)

FLAGS
      --user <id>               Salesforce user id (15 or 18 characters)
      --from <date>             Start of the window (YYYY-MM-DD or ISO-8601 date-time, inclusive)
      --to <date>               End of the window (exclusive)
      --file <csv>              PHI_Access_Log__c export (columns as in audit-log verify)
  -o, --target-org <alias>      Read the log from an org instead (filtered in the org on Actor_Id__c and
                                Occurred_At__c)
      --api-version <n>         With -o: the API version for the org's calls, e.g. 63.0 (default 63.0)
      --json                    Print {status, result, warnings} as JSON
  -h, --help                    Show this help

EXIT CODES
  0 printed, 2 usage or input error`,
  auditLog: `PHI access log integrity.

USAGE
  phi-guard audit-log verify --file <export.csv> [--dead-letter-file <csv>] [--start-hash <hex>]
                             [--checkpoint <json>... --public-key <pem>... --org-id <00D...>]
  phi-guard audit-log verify -o <org> [--dead-letter-object <api>] [--start-hash <hex>]
                             [--checkpoint <json>... --public-key <pem>...]
  phi-guard audit-log anchor -o <org> --key <ed25519-private.pem> --output <checkpoint.json>

SUBCOMMANDS
  verify   Recompute the SHA-256 hash chain of PHI_Access_Log__c (docs/audit-hash-format.md), hold it to
           the org's chain head and to outside checkpoints, and flag backdated or out-of-order rows
  anchor   Sign a checkpoint of the org's chain head (org id, sequence, head hash, time) with an Ed25519
           key the org never holds, to keep outside the org

Run phi-guard audit-log <subcommand> --help for its flags.`,
  auditLogVerify: `Recompute the PHI access log's SHA-256 hash chain and report every break.

USAGE
  phi-guard audit-log verify (--file <export.csv> | -o <org>) [flags]

FLAGS
      --file <csv>              A plain export of PHI_Access_Log__c ordered by Sequence__c, API names as
                                headers: Sequence__c, Occurred_At__c, Actor_Id__c, Object_Name__c,
                                Record_Id__c, Field_Names__c, Action__c, Channel__c, Purpose__c,
                                Previous_Hash__c, Hash__c, and Id, Hash_Version__c, Event_Uuid__c,
                                Dedup_Id__c, CreatedDate (v3 rows need Event_Uuid__c and Dedup_Id__c).
                                Read as a stream: any length, bounded memory.
      --dead-letter-file <csv>  Export of dead-lettered audit events (needs an Id column); each record
                                is a lost event and a break
      --start-hash <hex>        Previous_Hash__c of the first row when verifying a window (default: the
                                genesis hash, 64 zeros); use the last hash of the previous verified export
  -o, --target-org <alias>      Read PHI_Access_Log__c from an org instead, in keyset pages of 2,000 rows by
                                Sequence__c (bounded memory, one API call per page), with its chain head
                                PHI_Audit_Chain_Head__c: rows cut from the end are a break
      --dead-letter-object <api>  With -o: the dead-letter object of lost audit events; each record is a break
      --checkpoint <json>       A checkpoint from audit-log anchor (repeatable): the row at its sequence
                                must carry its hash, and the log must reach it
      --public-key <pem>        The Ed25519 public key checkpoints are signed with (repeatable); a checkpoint
                                signed by another key, or whose signature does not verify, is refused
      --org-id <00D...>         With --file and --checkpoint: the org the export came from
      --backdate-minutes <n>    Flag a row whose Occurred_At__c is more than n minutes before its CreatedDate,
                                or goes back more than n minutes from the previous row (default 5)
      --api-version <n>         With -o: the API version for the org's calls, e.g. 63.0 (default 63.0)
      --json                    Print {status, result, warnings} as JSON
      --no-progress             Do not print progress to stderr
  -h, --help                    Show this help

BREAKS
  hash-mismatch (row altered), broken-link (row removed or re-linked), sequence-gap (rows missing),
  out-of-order (a sequence repeats or goes back), lost-event (dead letter), malformed-row, unsequenced
  (rows with no Sequence__c), empty (no rows), head-missing / head-mismatch (the log does not end at
  its chain head), checkpoint-mismatch (prefix rewritten), checkpoint-truncated (tail cut),
  checkpoint-refused (signature), checkpoint-other-org; flagged for review: time-order, backdated,
  version-downgrade

EXIT CODES
  0 chain intact, 1 any break or flag, 2 usage or input error`,
  auditLogAnchor: `Sign a checkpoint of the org's PHI access log chain head, to keep outside the org.

USAGE
  phi-guard audit-log anchor -o <org> --key <ed25519-private.pem> --output <checkpoint.json>

It reads the org id, the chain head (PHI_Audit_Chain_Head__c) and the last log row, checks that the last
row is the row the head names and that its hash recomputes, and signs org id, sequence, head hash and
time with the key (Ed25519). Keep the checkpoint outside the org; audit-log verify --checkpoint holds
the log to it. The key must be one the org never holds. Nothing is written when the check fails.

FLAGS
  -o, --target-org <alias>      The org (alias, username, or URL with SF_ACCESS_TOKEN)
      --key <pem>               Ed25519 private key, PEM (openssl genpkey -algorithm ed25519)
      --output <json>           Where to write the checkpoint
      --api-version <n>         The API version for the org's calls, e.g. 63.0 (default 63.0)
      --json                    Print {status, result, warnings} as JSON
  -h, --help                    Show this help

EXIT CODES
  0 checkpoint written, 1 not anchored (head and log disagree, no head, empty log), 2 usage or input error`
};
