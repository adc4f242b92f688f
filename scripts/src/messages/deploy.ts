/**
 * Text of the deploy command (scripts/src/deploy, scripts/src/commands/deploy.ts). Messages name components,
 * files, prerequisites, tests and counts; never a field value, a secret or a token.
 */
export const deployMsg = {
  gate: {
    header: 'Static gate (offline verify, metadata schema validation, platform rules, Apex layers)',
    verify: (passed: boolean, failOn: string, counts: string) =>
      `  verify at --fail-on ${failOn}: ${passed ? 'passed' : 'FAILED'} (${counts})`,
    forced: (reason: string) => `  verify failure overridden with --force (reason: ${reason})`,
    metadata: (problems: number, files: number) =>
      `  metadata schema validation: ${problems === 0 ? 'passed' : `FAILED, ${problems} problem(s)`} (${files} file(s))`,
    rules: (problems: number, rules: number) =>
      `  platform rules: ${problems === 0 ? 'passed' : `FAILED, ${problems} problem(s)`} (${rules} rule(s), release rules included)`,
    apex: (passed: boolean, issues: number) =>
      `  Apex layers (parser, apex-ls, PMD): ${passed ? 'passed' : `FAILED, ${issues} issue(s) or layer(s) not verified`}`,
    apexNotRun: 'not run: an earlier layer of the gate failed',
    stopped: 'Static gate failed: nothing was sent to the org.'
  },
  cache: {
    on: (dir: string, key: string) =>
      `  gate cache ${dir} (HMAC key: ${key}); verify always reruns (its verdict depends on the date)`,
    off: (why: string) => `  gate cache off (${why}): every layer runs; verify always reruns`,
    layer: (label: string, reused: boolean, why: string) => `    ${label}: ${reused ? why : `ran: ${why}`}`,
    legacy: (n: number) =>
      `    ${n} old whole-gate entr${n === 1 ? 'y' : 'ies'} (gate-*.json) ignored: unsigned, and holding verify's dated verdict`,
    labels: {
      metadata: 'metadata schema validation',
      rules: 'platform rules',
      'apex-parser': 'Apex parser',
      'apex-ls': 'apex-ls',
      pmd: 'PMD'
    } as Record<string, string>,
    verifyReruns:
      'verify always reruns: its verdict depends on the date (suppression and BAA expiry, register intervals)',
    reused: (entry: string) => `reused (${entry}, HMAC verified)`,
    missing: 'no entry for these inputs',
    edited: 'its entry was edited after it was written (the HMAC does not match); ignored',
    otherKey: 'its entry was not made with this cache key (the HMAC does not match); ignored',
    malformed: 'its entry is not a PHI Guard cache entry; ignored',
    otherInputs: 'its entry was made for other inputs; ignored',
    refused: (why: string) => `its entry ${why}; ignored`,
    uncacheable: (why: string) => `not cached: ${why}`,
    ranOff: 'cache off',
    notStored: 'not stored (the layer could not run: not verified)',
    storeFailed: (code: string) => `the new entry could not be stored (${code})`,
    linkInInputs: (file: string) => `${file} is a symbolic link (a layer's own walk may follow it)`,
    unreadableInput: (file: string, why: string | undefined) => `${file} cannot be read (${why ?? 'error'})`,
    unknownVersion: (pkg: string) => `the installed version of ${pkg} is unknown`,
    plugins:
      'sfdx-project.json declares "plugins" (apex-ls may read folders outside the package directories)',
    noCacheFlag: '--no-cache',
    shortKey:
      "PHI_GUARD_CACHE_KEY must be at least 32 characters: a random secret from the pipeline's secret store",
    noHome: 'no user cache directory: neither XDG_CACHE_HOME nor HOME is set',
    keyInProject: (dir: string) =>
      `the cache key's folder ${dir} is inside the project; the key must be one the workspace does not hold`,
    keyFile: (file: string, why: string) => `the cache key ${file} ${why}`,
    keyNotFile: 'is not a regular file',
    keyOpen: (mode: string) => `is readable by others (mode ${mode}); run chmod 600 on it`,
    keyOwner: 'belongs to another user',
    keyBad: 'is not a PHI Guard cache key (64 hex digits)',
    keyUnusable: (why: string) => `cannot be used (${why})`,
    dirOutside: (dir: string) => `${dir} leads outside the project (a symbolic link)`,
    dirNotFolder: (dir: string) => `--gate-cache ${dir}: not a folder`,
    bothFlags: '--no-cache and --gate-cache cannot be used together'
  },
  preflight: {
    header: 'Org preflight (config/org-prerequisites.json)',
    met: (id: string) => `  ok       ${id}`,
    missing: (id: string, why: string) => `  MISSING  ${id}: ${why}`,
    manual: (id: string) => `  manual   ${id}: not checkable through the API; confirm it in Setup`,
    unreadable: (what: string) => `the org did not answer the check (${what})`,
    noRows: 'no matching row',
    permissionOff: (field: string) => `${field} is not true for the deploying user`,
    typesMissing: (types: string[]) => `no active ${types.join(', ')}`,
    expired: 'the certificate has expired',
    noSeats: 'no licence with a free seat',
    needs: (component: string, ids: string[]) => `    ${component} needs ${ids.join(', ')}`,
    stopped: (n: number) =>
      `Preflight failed: ${n} prerequisite(s) missing; nothing was deployed. Provide them, or deploy with --without-shield to leave the Shield-only elements out (recorded as known gaps).`,
    badFile: (file: string, detail: string) => `${file}: ${detail}`
  },
  shield: {
    stripped: (n: number) =>
      `--without-shield: ${n} Shield-only element(s) left out of this deploy (known gaps):`,
    gap: (component: string, element: string) => `  gap: ${component} (${element})`
  },
  delta: {
    header: (ref: string, changed: number, deleted: number) =>
      `--delta ${ref}: ${changed} changed file(s), ${deleted} deleted file(s)`,
    nothing: (ref: string) => `--delta ${ref}: no metadata changed since that ref; nothing to deploy.`,
    badRef: (ref: string) => `--delta: git cannot resolve "${ref}" in this project`,
    deletionsSkipped: (n: number) =>
      `  ${n} deletion(s) not deployed (pass --allow-deletes to send them in a destructive manifest)`,
    deletion: (file: string) => `    deleted: ${file}`
  },
  deploy: {
    starting: (n: number, level: string, checkOnly: boolean) =>
      `${checkOnly ? 'Validating (checkOnly)' : 'Deploying'} ${n} component(s), test level ${level}`,
    progress: (
      status: string,
      comp: number,
      compTotal: number,
      tests: number,
      testTotal: number,
      errors: number
    ) =>
      `deploy ${status}: components ${comp}/${compTotal}, tests ${tests}/${testTotal}${errors ? `, ${errors} error(s)` : ''}`,
    id: (id: string) => `Deploy id: ${id}`,
    timedOut: (id: string, minutes: number) =>
      `The deploy did not finish within --wait ${minutes} minute(s). Deploy id: ${id}. Follow it with: phi-guard deploy resume ${id} -o <org>`,
    succeeded: (comps: number, tests: number) =>
      `Deploy succeeded: ${comps} component(s) deployed, ${tests} test(s) passed.`,
    validated: (comps: number, tests: number) =>
      `Validation succeeded (checkOnly, the org is unchanged): ${comps} component(s), ${tests} test(s) passed.`,
    failed: 'Deploy failed; the org rolled back (rollbackOnError).',
    componentFailure: (type: string, name: string, file: string, line: string, problem: string) =>
      `  component ${type} ${name} (${file}${line}): ${problem}`,
    testFailure: (cls: string, method: string, message: string) => `  test ${cls}.${method}: ${message}`,
    coverage: (pct: number) => `  coverage ${pct}% is below the 75% the org requires`,
    coverageWarning: (text: string) => `  coverage: ${text}`,
    coverageLine: (pct: number, classes: number) => `Apex coverage: ${pct}% over ${classes} class(es)`,
    badWait: (v: string) =>
      `Flag --wait must be a number of minutes greater than 0 (decimals allowed, e.g. 0.5), got "${v}"`,
    badTests: 'Flag --tests needs a comma-separated list of test class names',
    noOrg: 'Missing flag -o/--target-org: the org to deploy to.',
    forceNeedsReason:
      'Flag --force needs --reason "<text>": the evidence pack records why the verify gate was overridden.',
    resumeNeedsId: 'deploy resume needs the deploy id: phi-guard deploy resume <id> -o <org>',
    resumeFlag: (flag: string) =>
      `Flag --${flag} does not apply to deploy resume: the deploy keeps the options it was started with`,
    badId: (id: string) => `"${id}" is not a deploy id (0Af followed by 12 or 15 characters)`,
    resumed: (id: string) => `Following deploy ${id}`,
    recorded: (file: string) =>
      `  recorded for deploy resume: ${file} (gate, preflight, manifest, bundle hash)`,
    notRecorded: (code: string) =>
      `  could not record the deploy for resume (${code}); deploy resume will rebuild the manifest from the project`,
    lost: (target: string, id: string) =>
      `lost the connection to ${target} while following deploy ${id}; it may still be running there: phi-guard deploy resume ${id} -o <org>`,
    lostSending: (target: string) =>
      `lost the connection to ${target} while sending the deploy; whether the org accepted it is unknown: check Deployment Status in Setup before deploying again`,
    sdrFailed: (detail: string) => `the org refused the deploy call: ${detail}`,
    guardFollowing: (reason: string, id: string) =>
      `stopped following deploy ${id}: ${reason}; it may still be running in the org: phi-guard deploy resume ${id} -o <org>`,
    guardSending: (reason: string) =>
      `sending the deploy failed: ${reason}; whether the org accepted it is unknown: check Deployment Status in Setup before deploying again`
  },
  post: {
    header: 'Post-deploy verify (online, same org)',
    result: (passed: boolean, failed: number, notVerified: number) =>
      `  ${passed ? 'passed' : 'FAILED'}: ${failed} control(s) failed, ${notVerified} not verified`,
    control: (citation: string, title: string, status: string, checks: string) =>
      `    ${status.toUpperCase()} ${citation} ${title} [${checks}]`,
    gap: (check: string) => `    FAIL ${check}: known gap (a Shield-only element was left out)`,
    skipped: 'Post-deploy verify skipped: --dry-run leaves the org unchanged.'
  },
  pack: {
    wrote: (dir: string, files: number) => `Evidence pack: ${files} file(s) in ${dir}`,
    cannotWrite: (dir: string, code: string) => `--output-dir ${dir}: ${code}`,
    exists: (dir: string) =>
      `--output-dir ${dir} exists and is not an empty folder; choose a new folder for the evidence pack`
  },
  /** The human-readable release record in the pack (release.md, release.html). */
  release: {
    title: 'Release record',
    subtitle:
      'What went out, by whom, to which org; the gate, the preflight, tests and coverage, the post-deploy controls and the known gaps. Produced by PHI Guard from the deploy run; release.json holds the same facts.',
    verdict: {
      passed: 'PASSED: deployed and verified',
      validated: 'VALIDATED: dry run (checkOnly), the org is unchanged',
      nothing: 'NOTHING TO DEPLOY: no metadata changed since the --delta ref',
      timeout: (id: string) => `NOT FINISHED: deploy ${id} was still running when --wait ran out`,
      failed: (stage: string) => `FAILED at: ${stage}`
    },
    sections: {
      release: 'The release',
      bundle: 'What went out',
      gate: 'Static gate (before anything was sent)',
      preflight: 'Org preflight',
      tests: 'Deploy, tests and coverage',
      post: 'Post-deploy controls (online verify of the same org)',
      gaps: 'Known gaps',
      signOff: 'Sign-off'
    },
    rows: {
      target: 'Target org',
      orgUser: 'Deployed as (org user)',
      osUser: 'Run by (OS user)',
      ci: 'CI actor',
      started: 'Started',
      finished: 'Finished',
      deployId: 'Deploy id',
      mode: 'Mode',
      tests: 'Test level',
      delta: 'Delta',
      withoutShield: 'Without Shield',
      forced: 'Gate overridden (--force)',
      resumed: 'Followed with deploy resume',
      commit: 'Git commit',
      bundle: 'Bundle SHA-256',
      components: 'Components',
      destructive: 'Deletions sent',
      tool: 'Tool'
    },
    mode: (dryRun: boolean) =>
      dryRun ? 'dry run (checkOnly): validated only, the org is unchanged' : 'deploy',
    testLevel: (tests?: string[]) =>
      tests?.length ? `RunSpecifiedTests: ${tests.join(', ')}` : 'RunLocalTests (every local test)',
    delta: (ref: string, changed: number, deleted: number, sent: boolean) =>
      `changes since ${ref}: ${changed} file(s) changed, ${deleted} deleted${deleted ? (sent ? ' (deletions sent)' : ' (deletions not sent)') : ''}`,
    yes: 'yes',
    none: 'none',
    notRecorded: 'not recorded',
    notGit: 'not a git repository',
    dirty: '(with uncommitted changes)',
    notRun: (why: string) => `Not run: ${why}.`,
    stoppedBefore: (stage: string) => `the pipeline stopped at the ${stage} stage`,
    dryRunSkipped: 'a dry run leaves the org unchanged, so there is nothing to verify after it',
    resumedFrom: (file: string) =>
      `yes; the gate, preflight, manifest and bundle hash come from ${file}, recorded when the deploy started`,
    resumedRebuilt:
      "yes; no record of the deploy's start was found here, so package.xml and the bundle hash were rebuilt from the project at resume time and may differ from what was sent; the gate and preflight ran when it started",
    noManifest: 'no manifest: nothing was packaged',
    componentTypes: (types: number, members: number) => `${members} component(s) of ${types} type(s)`,
    components: (total: number, deployed: number, errors: number) =>
      `${deployed} of ${total} deployed, ${errors} error(s)`,
    gateVerify: (passed: boolean, failOn: string, counts: string, notVerified: number) =>
      `verify at --fail-on ${failOn}: ${passed ? 'passed' : 'FAILED'} (${counts}${notVerified ? `; ${notVerified} not verified` : ''})`,
    gateMetadata: (passed: boolean, problems: number, files: number) =>
      `metadata schema validation: ${passed ? 'passed' : `FAILED, ${problems} problem(s)`} (${files} file(s))`,
    gateRules: (passed: boolean, rules: number, problems: number) =>
      `platform rules: ${passed ? 'passed' : `FAILED, ${problems} problem(s)`} (${rules} rule(s), release rules included)`,
    gateApex: (passed: boolean, files: number, issues: number, notVerified: number) =>
      `Apex layers (parser, apex-ls, PMD): ${passed ? 'passed' : 'FAILED'} (${files} file(s), ${issues} issue(s), ${notVerified} layer(s) not verified)`,
    gateCached: (layers: string) =>
      `reused from the signed gate cache (HMAC verified): ${layers}; verify reran (its verdict depends on the date)`,
    gateInputs: (sha: string) => `inputs SHA-256 ${sha}`,
    gateForced: (reason: string) => `verify failure overridden with --force, reason: ${reason}`,
    noFindings: 'no findings',
    preflightCols: ['Prerequisite', 'Status', 'Blocking', 'Detail'],
    blocked: (component: string, needs: string[]) => `${component} needs ${needs.join(', ')}`,
    testsLine: (total: number, completed: number, errors: number, passed: number) =>
      `${completed} of ${total} test(s) ran: ${passed} passed, ${errors} failed`,
    coverageLine: (pct: number | undefined, classes: number) =>
      pct === undefined
        ? 'coverage: not reported'
        : `coverage ${pct}% over ${classes} class(es) (the org requires 75%)`,
    lowCoverage: (name: string, pct: number) => `${name}: ${pct}% covered`,
    testFailure: (cls: string, method: string, message: string) => `test ${cls}.${method} failed: ${message}`,
    componentFailure: (type: string, name: string, file: string, problem: string) =>
      `${type} ${name} (${file}): ${problem}`,
    postLine: (passed: boolean, failOn: string, calls: number) =>
      `${passed ? 'passed' : 'FAILED'} at --fail-on ${failOn} (${calls} API call(s))`,
    postCols: ['Control', 'Title', 'Status', 'Checks'],
    findingsBy: (rule: string, n: number) => `${rule}: ${n}`,
    gapCols: ['Component', 'Element left out', 'Needs', 'Checks that fail'],
    noGaps: 'none: every component was deployed as written',
    signOffHelp:
      'Sign below to record the review of this release: what went out, the gate, the tests and the post-deploy controls above.',
    signOff: [
      'Release manager',
      'Security or privacy officer',
      'Date',
      'Decision (accepted / rolled back / follow-up)'
    ]
  },
  jwt: {
    missing: (names: readonly string[]) => `org:login: missing environment variable(s) ${names.join(', ')}`,
    cannotRun: (code: string) =>
      `org:login: cannot run sf (${code}); install the Salesforce CLI (npm install --global @salesforce/cli)`,
    failed: (status: string) => `org:login: sf org login jwt failed (exit ${status})`
  },
  summary: {
    passed: 'Deploy pipeline passed.',
    failed: (stage: string) => `Deploy pipeline FAILED at: ${stage}.`
  }
};

export const deployHelp = `Deploy force-app to an org: static gate, org preflight, SDR deploy with tests, post-deploy verify, evidence pack.

USAGE
  phi-guard deploy -o <org> [-d <dir>] [flags]
  phi-guard deploy resume <deploy-id> -o <org> [flags]
  npm run deploy -- -o <org>

FLAGS
  -o, --target-org <org>    Alias, username, or instance URL (token in SF_ACCESS_TOKEN)
  --api-version <n>         API version for the org's calls, e.g. 63.0 (default 63.0)
  -d, --project-dir <dir>   SFDX project (default: .)
  --fail-on <severity>      Offline verify threshold for the gate (default: high)
  --force --reason <text>   Override a failing offline verify (only that part of the gate); recorded in the pack
  --tests <A,B>             Run these test classes (RunSpecifiedTests); default RunLocalTests
  --dry-run                 Validate only (checkOnly): the org is unchanged
  --delta <git-ref>         Deploy only the components changed since the ref
  --allow-deletes           With --delta: send deletions in a destructive manifest
  --without-shield          Leave Shield-only elements out (recorded as known gaps; their controls fail)
  --wait <minutes>          Minutes to wait for the deploy (default 33; more than 0, decimals allowed: 0.5);
                            a deploy still running then prints its id for deploy resume
  --output-dir <dir>        Evidence pack folder (default: .phi-guard/deploy-<timestamp>, git-ignored)
  --no-cache                Run every gate layer; read and write no gate cache entry
  --gate-cache <dir>        Keep the gate cache there instead of .phi-guard/cache (entries are HMAC-signed with
                            PHI_GUARD_CACHE_KEY, or a key in ~/.cache/phi-guard; verify is never cached)
  --json                    Print {status, result, warnings}
  --no-progress             No progress line on stderr

  deploy resume takes -o, --api-version, -d, --fail-on, --wait, --output-dir, --json and --no-progress; the deploy
  keeps the other options it was started with.

EXIT CODES
  0 deployed and verified, 1 gate, preflight, deploy, tests, coverage or post-deploy verify failed, 2 usage or input error`;
