/**
 * User-facing text for live-org verification (`verify --target-org`): connection, budget, API
 * failures and the org-only checks. No message interpolates a token, a record value or a PHI value:
 * only the target, object, type and field names, error codes and counts.
 */
export const orgMsg = {
  connect: {
    noToken: (url: string) =>
      `--target-org ${url}: set the access token in the SF_ACCESS_TOKEN environment variable to connect to a URL`,
    badUrl: (target: string) => `--target-org ${target}: not a valid http(s) URL`,
    notFound: (target: string) =>
      `--target-org ${target}: no org authorised with that alias or username; run sf org login web -a ${target}`,
    refused: (target: string, code: string) => `cannot connect to ${target}: ${code}`,
    failed: (target: string, detail: string) => `cannot connect to ${target}: ${detail}`,
    unavailable: (target: string, retries: number) =>
      `cannot connect to ${target}: the org is unavailable (503), retried ${retries} time(s)`,
    serverError: (target: string, status: number, code: string) =>
      `cannot connect to ${target}: the org answered with a server error (${status} ${code})`,
    noAnswer: (target: string, detail: string, retries: number) =>
      `cannot connect to ${target}: ${detail}; retried ${retries} time(s)`,
    insecure: (origin: string) =>
      `Warning: ${origin} is plain http: the access token crosses the network unencrypted; use the org's https URL`
  },
  sessionExpired: 'session expired: run sf org login',
  sourceLine: (calls: number, fields: number, objects: number) =>
    `Read the org in ${calls} API call(s); ${fields} PHI field(s) on ${objects} object(s).`,
  changedSinceWithOrg:
    '--changed-since filters findings by changed project files; it cannot be used with --target-org',
  requestLimit:
    'the org refused the request: its daily API request limit is exhausted (REQUEST_LIMIT_EXCEEDED); nothing was reported, retry when the limit resets',
  budget: {
    tooLow: (remaining: number, max: number, share: number) =>
      `the org has ${remaining} of ${max} daily API requests left (below the ${Math.round(
        share * 100
      )}% floor); not starting. Lower it with --min-api-share if you accept the risk`,
    unreadable: (detail: string) => `cannot read the org's API limits (/limits): ${detail}`,
    badShare: (value: string) => `Flag --min-api-share needs a number between 0 and 1, got "${value}"`,
    used: (calls: number, remaining?: number, max?: number) =>
      `org: ${calls} API call(s) used` +
      (remaining !== undefined && max !== undefined ? ` (${remaining} of ${max} daily requests left)` : '')
  },
  apiFailed: (what: string, status: number | string, code: string) =>
    `${what} failed after retries (${status} ${code})`,
  progress: {
    phase: (n: number, total: number, what: string) => `Reading org (${n}/${total}): ${what}`
  },
  facts: {
    invalidType: (what: string) => `${what}: the org does not have this feature (INVALID_TYPE)`,
    insufficientAccess: (what: string, permission: string) =>
      `${what}: the running user lacks ${permission} (INSUFFICIENT_ACCESS)`,
    timeout: (what: string) => `${what}: the org did not answer in time`,
    guarded: (what: string, reason: string) => `${what}: ${reason}`,
    failed: (what: string, code: string) => `${what}: the read failed (${code})`,
    emptyRecord: (type: string, name: string) =>
      `${type} ${name}: readMetadata returned an empty record (missing, or hidden from the running user)`,
    silentlyOwnRows: (what: string, permission: string) =>
      `${what}: without ${permission} the API returns only the running user's own rows`,
    noRows: (what: string) => `${what}: the API returned no rows (the running user may lack View Setup)`,
    implausiblyEmpty: (what: string) =>
      `the org returned no ${what}: an org with none is not plausible, so nothing can be verified from it`
  },
  checks: {
    'ORG-101': {
      title: 'Shield Platform Encryption: active tenant secret, rotated on schedule',
      noSecret: 'the org has no active Shield Platform Encryption tenant secret',
      stale: (type: string, days: number, interval: number) =>
        `the active ${type} tenant secret is ${days} days old (rotation interval ${interval} days)`,
      remediation:
        'Licence Shield Platform Encryption, generate a tenant secret (Setup > Platform Encryption > Key Management), and rotate each active secret at least every 365 days.'
    },
    'ORG-102': {
      title: 'PHI users: recent logins and multi-factor authentication',
      stale: (n: number, days: number) =>
        `${n} active user(s) holding PHI access have not logged in for ${days} days`,
      noMfa: (n: number) => `${n} active user(s) holding PHI access are not required to use MFA`,
      waived: (n: number) => `${n} active user(s) holding PHI access have an MFA waiver (Bypass MFA)`,
      remediation:
        'Deactivate or remove PHI access from dormant users, and require MFA for every user (Session Settings or the "Multi-Factor Authentication for User Interface Logins" permission); remove MFA waivers.'
    },
    'ORG-103': {
      title: 'Security Health Check score',
      low: (score: number, threshold: number, risks: number) =>
        `the Security Health Check score is ${score} (threshold ${threshold}); ${risks} high-risk setting(s)`,
      risk: (setting: string) => `Security Health Check: high-risk setting ${setting}`,
      remediation:
        'Fix the high-risk settings listed in Setup > Health Check until the score meets the threshold.'
    },
    'ORG-104': {
      title: 'Installed packages with PHI access have a BAA',
      noBaa: (ns: string, objects: string[]) =>
        `installed package ${ns} is granted access to PHI (${objects.join(', ')}) with no BAA entry in the compliance register`,
      remediation:
        "Sign a business associate agreement with the vendor and record it in the compliance register (baas[].namespace), or remove the package's access to PHI objects."
    },
    'ORG-105': {
      title: 'Active OAuth tokens only for registered apps',
      unregistered: (app: string, tokens: number) =>
        `${tokens} active OAuth token(s) for ${app}, an app that is not in the compliance register`,
      remediation:
        'Revoke the tokens (Setup > Connected Apps OAuth Usage), or review the app and add it to "oauthApps" in the compliance register.'
    },
    'ORG-106': {
      title: 'Event Monitoring log files available',
      none: (days: number) => `no Event Monitoring log files in the last ${days} days`,
      remediation: 'Licence Event Monitoring so PHI access through reports, APIs and exports is logged.'
    }
  }
} as const;

/** Human-readable byte sizes for the guard's messages. */
function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Why the org guard (scripts/src/org/guard) refused an answer or a request. Each names the path, the host or the
 * size involved, never the token, a header value or a record value.
 */
export const guardMsg = {
  badSetting: (variable: string, part: string) =>
    `${variable}: "${part}" is not key=value with a positive amount (e.g. connect=10s, query=64MB)`,
  pauseTooShort: (variable: string, part: string, minMs: number) =>
    `${variable}: "${part}" is below ${minMs}ms; each retry and deploy status poll is an API request, so the pause has a floor`,
  unknownSetting: (variable: string, key: string, known: string[]) =>
    `${variable}: unknown key "${key}" (known: ${known.join(', ')})`,
  offOrigin: (host: string, origin: string) =>
    `refused a request to ${host}: the access token is only ever sent to the org's own origin, ${origin}`,
  redirected: (path: string, status: number, host: string, origin: string) =>
    `the org redirected ${path} (${status}) to ${host}; not followed, the access token is only ever sent to ${origin}`,
  redirectWithout: (path: string) => `the org redirected ${path} without a Location`,
  tooManyRedirects: (path: string) => `the org redirected ${path} more than 3 times`,
  timeout: (path: string, phase: string, ms: number) =>
    phase === 'total'
      ? `${path}: no answer within the ${Math.round(ms / 1000)} s allowed for one call with its retries`
      : `${path}: the org did not answer in time (${phase} timeout, ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`})`,
  tooLarge: (path: string, kind: string, cap: number) =>
    `${path}: the answer is larger than the ${size(cap)} allowed for ${kind} answers; not read`,
  malformed: (path: string, reason: string) => `${path}: not the answer Salesforce documents (${reason})`,
  unsupportedBody: 'a request body the guard cannot send (a stream)',
  proxyRefused: (proxy: string, status: number) => `the proxy ${proxy} refused the tunnel (${status})`,
  shape: {
    notJson: (status: number, type: string) => `status ${status} with content type ${type}, not JSON`,
    notXml: (status: number, type: string) => `status ${status} with content type ${type}, not XML`,
    notEnvelope: 'no SOAP Envelope with a Body',
    badJson: 'the body is not valid JSON',
    notObject: (what: string) => `not ${what} object`,
    field: (name: string, expected: string) => `${name} is not ${expected}`,
    moreThanTotal: (records: number, total: number) =>
      `${records} records in a page of a ${total}-record result`,
    nextWhenDone: 'done is true but a next page is given',
    noNext: 'done is false but no nextRecordsUrl is given',
    badLocator: 'nextRecordsUrl is not a query locator of this API',
    offOriginLocator: (host: string) => `nextRecordsUrl points to another host, ${host}`,
    unknownReference: (ref: string) => `a subresponse for an unknown or repeated referenceId "${ref}"`,
    missingSubresponses: (n: number) => `${n} subrequest(s) got no subresponse`,
    encoding: (encoding: string) => `content encoding ${encoding} was not asked for`,
    badEncoding: (encoding: string) => `the ${encoding} body does not decompress`,
    cut: 'the answer was cut off'
  },
  paging: {
    stopped: (reason: string) => `paging stopped: ${reason}`,
    totalChanged: (before: number, after: number) =>
      `totalSize changed from ${before} to ${after} between pages`,
    moreThanTotal: (records: number, total: number) =>
      `the pages hold ${records} records, more than the ${total} the query reported`,
    emptyPage: (page: number) => `page ${page} holds no record yet asks for another`,
    repeated: (page: number) => `page ${page} gives a nextRecordsUrl already followed (a loop)`
  },
  budget: {
    unread: (spent: number) =>
      `stopped after ${spent} API requests: the run's budget was never read from /limits`,
    runSpent: (spent: number, limit: number, share: number) =>
      `stopped after ${spent} API requests: this run's budget of ${limit} (${Math.round(
        share * 100
      )}% of the org's daily requests, --min-api-share) is spent`,
    belowFloor: (remaining: number, max: number, share: number) =>
      `stopped: the org has ${remaining} of ${max} daily API requests left, below the ${Math.round(
        share * 100
      )}% floor (--min-api-share)`
  }
};
