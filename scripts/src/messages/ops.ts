import type { BreakKind, ChainBreak, CheckpointStatus, NotChecked } from '../ops/audit/chain';
import type { AnchorProblem } from '../ops/org/anchor-org';
import type { BaaIssue, BaaIssueKind } from '../ops/baa/compare';
import type { Party } from '../ops/incident/timeline';

/**
 * User-facing text for the operations commands (access-review, baa, audit-log, incident). Like
 * messages.ts, no message takes a field value: only flags, files, components, ids and counts.
 */

const usage = {
  subcommand: (cmd: string, sub: string | undefined, allowed: string[]) =>
    sub === undefined
      ? `phi-guard ${cmd} needs a subcommand: ${allowed.join(', ')}. Run phi-guard ${cmd} --help for usage.`
      : `Unknown ${cmd} subcommand: ${sub}; expected one of: ${allowed.join(', ')}.`,
  badDay: (flag: string) => `Flag --${flag} must be a calendar date YYYY-MM-DD.`,
  badDateTime: (flag: string) => `Flag --${flag} must be a date YYYY-MM-DD or an ISO-8601 date-time.`,
  badCount: (flag: string) => `Flag --${flag} must be a whole number (0 or more).`,
  futureDay: (flag: string) => `Flag --${flag} is in the future.`,
  missingFlag: (flag: string) => `Flag --${flag} is required. Run with --help for usage.`,
  needsOrg: (flag: string) => `Flag --${flag} needs -o/--target-org.`,
  conflict: (a: string, b: string) => `Flags --${a} and --${b} cannot be used together.`,
  needsOne: (a: string, b: string) => `Give either --${a} or --${b}. Run with --help for usage.`,
  wrote: (files: string[]) => `Wrote ${files.join(', ')}`,
  progressRows: (n: number) => `${n} rows checked`
};

const incident = {
  title: (day: string) => `HITECH breach-notification timeline: breach discovered ${day}`,
  checklistTitle: (day: string) => `Breach response checklist (discovered ${day})`,
  deadlinesHeading: 'Deadlines',
  cols: ['Notify', 'Required', 'No later than', 'Rule'],
  party: {
    individuals: 'Affected individuals',
    hhs: 'HHS (the Secretary)',
    media: 'Prominent media',
    'covered-entity': 'The covered entity'
  } satisfies Record<Party, string>,
  appliesYes: 'yes',
  appliesNo: 'no',
  appliesUnknown: 'depends on the count',
  due: (day: string, days: number) => `${day} (${days} days)`,
  hhsUnknownCount: (day60: string, yearEnd: string) =>
    `${day60} if 500 or more are affected; ${yearEnd} if fewer`,
  delayNote:
    'Notify without unreasonable delay: the date is the outer limit, not the target. A law-enforcement ' +
    'delay (164.412) must be documented.',
  disclaimer: 'This timeline is an aid, not legal advice; confirm dates and state-law duties with counsel.',
  steps: [
    [
      'Day 0: contain and preserve',
      [
        'Record the discovery date and how the breach was discovered (164.404(a)(2))',
        'Contain: revoke sessions and tokens, freeze the users involved, rotate exposed credentials',
        'Preserve the audit trail: run `phi-guard audit-log verify` and keep the output',
        'Scope the access: `phi-guard incident scope -o <org> --user <id> --from <day> --to <day>`',
        'Open an incident ticket and name the privacy officer who owns it'
      ]
    ],
    [
      'Within days: assess',
      [
        'Risk assessment on the four factors of 164.402(2): nature and extent of the PHI, who received it, whether it was actually acquired or viewed, how far the risk is mitigated',
        'Decide whether the PHI was unsecured (encrypted per HHS guidance is not unsecured)',
        'Count affected individuals, and the largest number resident in any one State',
        'Ask each business associate involved for its facts (164.410)'
      ]
    ],
    [
      'Notify',
      [
        'Individuals: first-class mail or agreed e-mail, with the content of 164.404(c): what happened, the kinds of PHI, steps to protect themselves, what we are doing, contact procedures',
        'Substitute notice when contact details are missing for 10 or more people (164.404(d)(2))',
        'HHS: the breach portal, within 60 days for 500 or more; otherwise the annual log',
        'Media: prominent outlets in the State when more than 500 of its residents are affected (164.406)',
        'State attorneys general and regulators where state law requires it'
      ]
    ],
    [
      'Close',
      [
        'Keep the risk assessment, notices and evidence for six years (164.530(j))',
        'Fix the cause and re-run `phi-guard verify` and `phi-guard access-review`',
        'Update the compliance register (incidentPlaybook) with the review date'
      ]
    ]
  ] as [string, string[]][],
  stepsBusinessAssociate: [
    [
      'As a business associate',
      [
        'Record the discovery date: a breach is discovered when any workforce member or agent knows of it (164.410(a)(2))',
        'Notify the covered entity without unreasonable delay, within 60 days (164.410(b))',
        'Give the covered entity the identity of each affected individual and what the 164.404(c) notice needs (164.410(c))',
        'Scope the access: `phi-guard incident scope -o <org> --user <id> --from <day> --to <day>`',
        'Follow the notification terms of the BAA, which may be shorter than 60 days'
      ]
    ]
  ] as [string, string[]][],
  signOffHeading: 'Sign-off',
  signOff: ['Privacy officer', 'Security officer', 'Date']
};

const HEAD = 'the chain head (PHI_Audit_Chain_Head__c PHI_ACCESS_LOG)';
const ends = (b: ChainBreak) =>
  b.sequence === undefined
    ? 'the log has no row there'
    : `the log ends at sequence ${b.sequence}${b.foundHash ? ` with hash ${b.foundHash}` : ''}`;
const headAt = (b: ChainBreak) =>
  Number.isFinite(b.headSequence) && b.headHash
    ? `sequence ${b.headSequence} with hash ${b.headHash}`
    : 'no valid sequence and hash';

const auditLog = {
  title: (source: string) => `PHI access log chain: ${source}`,
  rows: (n: number, first?: number, last?: number) =>
    n === 0 ? 'Rows checked: 0' : `Rows checked: ${n} (sequence ${first} to ${last})`,
  startHash: (h: string) => `Start hash (previous of the first row): ${h}`,
  lastHash: (h: string) => `Last hash (anchor for the next window):  ${h}`,
  head: (seq: number, digest: string, id?: string) =>
    `Chain head (PHI_Audit_Chain_Head__c${id ? ` ${id}` : ''}): sequence ${Number.isFinite(seq) ? seq : 'not a number'}, hash ${digest || '(not a hash)'}`,
  noHead: 'Chain head (PHI_Audit_Chain_Head__c): none',
  rowsAfterHead: (n: number) =>
    `  ${n} row(s) written after the head was read (newer than the head read first; the head was read again after them)`,
  checkpointsHeading: 'Outside checkpoints:',
  checkpoint: (c: CheckpointStatus) =>
    `  ${c.source}: sequence ${c.sequence}, taken ${c.time}, org ${c.orgId}, key ${c.keyId.slice(0, 16)}…: ${
      {
        held: 'held',
        broken: 'BROKEN',
        refused: 'REFUSED',
        'other-org': 'ANOTHER ORG',
        uncovered: 'NOT COVERED'
      }[c.status]
    }`,
  intact: 'Chain intact: every hash recomputes, every link holds, no sequence gap, no lost event.',
  firstBreak: (what: string) => `First break: ${what}`,
  broken: (n: number) => `Chain BROKEN: ${n} break(s).`,
  notVerified: (n: number) => `Chain NOT VERIFIED: ${n} gap(s) in the evidence (no alteration found).`,
  flagged: (n: number) =>
    `Chain intact, but ${n} row(s) FLAGGED for review (time order, backdating or version); none proves an alteration.`,
  more: (n: number) => `... and ${n} more break(s) (not listed)`,
  at: {
    sequence: (n: number) => `sequence ${n}`,
    record: (id: string) => `record ${id}`,
    headRecord: (id: string) => `head record ${id}`,
    line: (n: number) => `line ${n}`
  },
  kind: {
    'hash-mismatch': () => 'hash mismatch: the row was altered after it was written',
    'broken-link': () => "broken link: Previous_Hash__c is not the previous row's Hash__c",
    'sequence-gap': (b) =>
      b.expected !== undefined && b.sequence !== undefined && b.sequence - 1 > b.expected
        ? `sequence gap: ${b.expected} to ${b.sequence - 1} missing`
        : `sequence gap: ${b.expected} missing`,
    'out-of-order': (b) => `out of order: sequence repeats or goes back (expected ${b.expected} or later)`,
    'lost-event': () => 'lost event: a dead-letter record, an access that never reached the log',
    'malformed-row': () =>
      'malformed row: no valid Sequence__c, Occurred_At__c, CreatedDate or v3 field, so its hash cannot be recomputed',
    'dead-letters-unreadable': () =>
      'not verified: the dead-letter object could not be read, so lost audit events cannot be ruled out',
    unsequenced: (b) => `${b.count} row(s) without Sequence__c: outside the chain`,
    empty: () => 'no rows: an empty log cannot show that access was audited',
    'head-missing': () =>
      `chain head missing: the log has rows but ${HEAD} does not exist, so rows cut from the end cannot be ruled out`,
    'head-mismatch': (b) =>
      `chain head mismatch: ${HEAD} says the log ends at ${headAt(b)}, but ${ends(b)}: rows were removed from the end, or the head was moved`,
    'head-duplicate': () => `chain head ambiguous: more than one record is ${HEAD}`,
    'head-unreadable': () =>
      `not verified: ${HEAD} could not be read, so rows cut from the end cannot be ruled out`,
    'checkpoint-mismatch': (b) =>
      `rewritten: checkpoint ${b.checkpoint} says sequence ${b.headSequence} had hash ${b.headHash}, but ${
        b.foundHash === undefined ? 'the log has no row at that sequence' : `the log holds ${b.foundHash}`
      }: the chain was rewritten at or before sequence ${b.headSequence}`,
    'checkpoint-truncated': (b) =>
      `tail cut: checkpoint ${b.checkpoint} says the log reached sequence ${b.headSequence}, but ${
        b.sequence === undefined ? 'it has no rows' : `it ends at sequence ${b.sequence}`
      }`,
    'checkpoint-refused': (b) =>
      `checkpoint ${b.checkpoint} refused: ${
        b.reason === 'unknown-key'
          ? 'signed by a key not given with --public-key'
          : 'its signature does not verify (forged or altered)'
      }`,
    'checkpoint-other-org': (b) => `checkpoint ${b.checkpoint} refused: it was taken of another org`,
    'checkpoint-uncovered': (b) =>
      `not verified: checkpoint ${b.checkpoint} (sequence ${b.headSequence}) lies before this window's first row; verify from an earlier start`,
    'time-order': (b) =>
      `out of time order: Occurred_At__c or CreatedDate is ${b.minutes} minute(s) before the previous row's`,
    backdated: (b) =>
      `backdated: Occurred_At__c is ${b.minutes} minute(s) before CreatedDate (an event published with an earlier time)`,
    'version-downgrade': (b) => `version downgrade: a ${b.version} row after ${b.after} rows`
  } satisfies Record<BreakKind, (b: ChainBreak) => string>,
  /** What a run cannot prove: printed with every result, so no pass is read as more than it is. */
  limits: {
    heading: 'Not proven by this run:',
    file: [
      'A CSV export cannot prove its own completeness: rows cut from the end, a forged last row with its hash recomputed, and a middle row deleted with every later row renumbered and re-chained all verify.',
      'Hold the export to an outside checkpoint (audit-log anchor; --checkpoint with --public-key) to prove it up to that checkpoint.'
    ],
    org: [
      'The hash chain is unkeyed SHA-256 and its head lives in the org: whoever can deploy there (deactivate the trigger, edit rows, recompute every hash and the head) can rewrite the log unseen.',
      'Hold the org to an outside checkpoint (audit-log anchor; --checkpoint with --public-key) to prove the log up to that checkpoint.'
    ],
    afterCheckpoint: (seq: number, time: string, org: boolean) =>
      `Rows after sequence ${seq} (the latest checkpoint held, taken ${time}) are tamper-evident only against ${
        org ? "the org's own chain head" : 'nothing outside the file'
      }; anchor again to extend the proof.`,
    accesses:
      "A chain proves the rows were not changed; it cannot show accesses that never ran through PHI Guard's Apex (docs/phi-data-flow.md)."
  },
  notChecked: {
    backdating: 'Backdated events not checked: the export has no CreatedDate column.',
    'hash-version':
      'No Hash_Version__c column: every row is read as v2, so a v3 row fails its hash. Export Hash_Version__c too.'
  } satisfies Record<NotChecked, string>,
  missingColumn: (col: string) => `missing column ${col}`,
  missingColumnFor: (col: string, version: string) => `missing column ${col} (a ${version} row needs it)`,
  badSequence: 'Sequence__c is not a whole number',
  badTime: 'Occurred_At__c is not a date-time',
  badCreated: 'CreatedDate is not a date-time',
  csvSyntax: (detail: string) => `CSV syntax error: ${detail}`,
  noHeader: 'empty file: no header row',
  unreadable: 'cannot read the file',
  notAFile: 'not a file',
  tooLarge: 'too large for a checkpoint or key file',
  badCheckpoint: (detail: string) => `not a PHI Guard checkpoint: ${detail}`,
  notPrivateKey: 'not an Ed25519 private key in PEM (PKCS #8)',
  notPublicKey: 'not an Ed25519 public key in PEM',
  isPrivateKey: 'is a private key: give the public key (openssl pkey -pubout)',
  noDeadLetters:
    'Lost events not checked: no --dead-letter-file given (export PHI_Audit_Dead_Letter__c to include them).',
  badObject: (flag: string) => `Flag --${flag} must be a custom object API name (ending __c).`,
  badHash: (flag: string) => `Flag --${flag} must be 64 lower-case hexadecimal characters.`,
  badOrgId: 'Flag --org-id must be a Salesforce org id (15 or 18 characters, starting 00D).',
  needsOrgId:
    'Flag --org-id is required with --file and --checkpoint: a CSV export does not say which org it came from.',
  needs: (flag: string, other: string) => `Flag --${flag} needs --${other}.`
};

const anchor = {
  title: (source: string) => `PHI access log checkpoint: ${source}`,
  written: (file: string) => `Checkpoint written: ${file}`,
  fields: (orgId: string, sequence: number, hash: string, time: string, keyId: string) =>
    [
      `  org       ${orgId}`,
      `  sequence  ${sequence}`,
      `  head hash ${hash}`,
      `  time      ${time}`,
      `  key id    ${keyId}`
    ].join('\n'),
  keep: 'Keep it outside the org (a pipeline artifact or a commit): audit-log verify --checkpoint holds the log to it.',
  notAnchored: 'NOT ANCHORED: nothing was signed or written.',
  problem: {
    'head-unreadable': () => `${HEAD} could not be read.`,
    'head-duplicate': () => `more than one record is ${HEAD}.`,
    'head-missing': () => `${HEAD} does not exist.`,
    empty: () => 'the chain is empty: there is nothing to anchor yet.',
    'head-mismatch': (seq?: number, hash?: string, last?: number, lastHash?: string) =>
      `${HEAD} says the log ends at sequence ${seq} with hash ${hash}, but the last row is ${
        last === undefined ? 'missing' : `sequence ${last} with hash ${lastHash}`
      }. Run audit-log verify.`,
    'last-row-altered': (seq?: number) =>
      `the last row (sequence ${seq}) does not hash to its Hash__c: it was altered. Run audit-log verify.`,
    moving: () => 'the log kept growing while it was read; run anchor again.'
  } satisfies Record<AnchorProblem, (seq?: number, hash?: string, last?: number, lastHash?: string) => string>
};

const incidentScope = {
  title: (user: string, from: string, to: string) => `PHI accessed by user ${user} from ${from} to ${to}`,
  summary: (rows: number, events: number, records: number, objects: number) =>
    `Log rows read: ${rows}; this user's access events in the window: ${events}; distinct records: ${records} on ${objects} object(s)`,
  object: (name: string, events: number, records: number) =>
    `${name}: ${events} event(s), ${records} record(s)`,
  fields: (fields: string[]) => `fields: ${fields.length ? fields.join(', ') : '(record-level access only)'}`,
  actions: (actions: string[]) => `actions: ${actions.join(', ')}`,
  none: 'No access by this user in the window (of the rows read).',
  badUser: 'Flag --user must be a Salesforce user id (15 or 18 characters, starting 005).',
  badWindow: 'Flag --to must be later than --from.'
};

const baa = {
  title: (source: string, file?: string) =>
    `BAA register check: ${source}${file ? ` (register ${file})` : ''}`,
  registerHeading: 'Register:',
  dates: (signed?: string, expires?: string) =>
    signed ? `signed ${signed}${expires ? `, expires ${expires}` : ', no expiry'}` : 'NOT SIGNED',
  noPhi: '(declared: no PHI)',
  inUse: (packages: number, apps: number) =>
    `In use: ${packages} installed package(s), ${apps} connected or external client app(s)`,
  issue: {
    'not-verified': (i: BaaIssue) =>
      i.subject.type === 'OauthApp'
        ? `not verified: apps holding tokens (${i.subject.name})`
        : `not verified: no BAA register (${i.subject.name})`,
    'no-salesforce-baa': () => 'the org holds PHI and the register has no current BAA with Salesforce',
    'package-no-baa': (i: BaaIssue) =>
      `installed package ${i.subject.name} may reach PHI and has no BAA in the register (add its namespace to an entry)`,
    'app-no-baa': (i: BaaIssue) =>
      `app ${i.subject.name} has data scopes and no BAA in the register (list it under an entry's "apps")`,
    unsigned: (i: BaaIssue) => `BAA with ${i.subject.name} is not signed`,
    expired: (i: BaaIssue) => `BAA with ${i.subject.name} expired on ${i.date}`,
    expiring: (i: BaaIssue) => `BAA with ${i.subject.name} expires on ${i.date} (in ${i.daysLeft} days)`,
    'stale-package': (i: BaaIssue) => `register entry for package ${i.subject.name}, which is not installed`,
    'stale-app': (i: BaaIssue) => `register entry for app ${i.subject.name}, which is not present`
  } satisfies Record<BaaIssueKind, (i: BaaIssue) => string>,
  passed: 'Every package and app that can reach PHI is covered by a current BAA.',
  passedWithNotes: (n: number) => `No issue at or above the threshold; ${n} note(s) above.`,
  failed: (n: number, failOn: string) => `BAA check FAILED: ${n} issue(s) at or above ${failOn}.`
};

const accessReview = {
  title: (source: string) => `PHI access review: ${source}`,
  generated: (at: string) => `Generated ${at}`,
  summary: (grants: number, objects: number, fields: number) =>
    `${grants} grant(s) reach PHI: ${objects} PHI object(s), ${fields} PHI field(s).`,
  phiObjects: (names: string[]) => `PHI objects: ${names.length ? names.join(', ') : '(none)'}`,
  allObjects: '* (every object: View All Data / Modify All Data)',
  usersCount: (n: number) => `${n} user(s)`,
  usersHeading: 'Users',
  usersOffline:
    'User counts, last login, inactive (over 90 days), frozen and integration users need an org (-o); the source shows grants only.',
  activeUsers: (n: number) => `Active users: ${n}`,
  lastLogin: (at?: string) => `Most recent login of a user with PHI access: ${at ?? 'never'}`,
  inactive: (n: number) => `Users inactive for more than 90 days who still hold PHI access: ${n}`,
  frozen: (n: number) => `Frozen users who still hold PHI access: ${n}`,
  integration: (n: number) =>
    `Users of an integration permission set with an interactive (UI) login in the last 90 days: ${n}`,
  grantsHeading: 'Grants',
  decisionHelp:
    'For each grant, the reviewer records Keep or Revoke and a note; revoked grants are removed in the org.',
  columns: [
    'Object',
    'Field',
    'Access',
    'Via',
    'Principal',
    'Shared to',
    'Users',
    'Declared in',
    'Decision (Keep/Revoke)',
    'Notes'
  ],
  keep: 'Keep',
  revoke: 'Revoke',
  signOffHeading: 'Sign-off',
  signOff: ['Reviewer', 'Role', 'Date', 'Decision (approved / changes required)'],
  diffHeading: 'Changes since the baseline',
  diffTitle: (file: string, added: number, removed: number, unapproved: number) =>
    `Since baseline ${file}: ${added} added (${unapproved} unapproved), ${removed} removed`,
  approvedBy: (who: string, date: string) => `(approved by ${who} on ${date})`,
  unapprovedTag: '(NOT APPROVED)',
  baselineWritten: (file: string, n: number) => `Baseline written: ${file} (${n} grant key(s)). Commit it.`,
  baselineClean: 'No unapproved additions since the baseline.',
  baselineFailed: (n: number) => `Access review FAILED: ${n} unapproved addition(s) since the baseline.`,
  baselineVersion: 'not an access baseline (expected "version": 1)',
  baselineGrants: '"grants" must be an array of grant keys',
  baselineApprovals: '"approvals" must be an array',
  baselineApproval: (i: number) => `approvals[${i}] needs "grant", "approver" and "date" (YYYY-MM-DD)`,
  noPhi: 'No PHI object found: nothing to review, and an empty review is not evidence.'
};

const org = {
  readFailed: (what: string, status: string, code: string) =>
    `reading ${what} from the org failed (${`${status} ${code}`.trim()}); nothing was reported`,
  rejected: (what: string, reason: string) =>
    `reading ${what} from the org failed: ${reason}; nothing was reported`,
  noOrgId: 'reading Organization from the org failed (no org id in the answer); nothing was reported'
};

export const opsMsg = { usage, incident, auditLog, anchor, incidentScope, baa, accessReview, org };
