import { networkInterfaces } from 'node:os';
import { startHostileOrg, type Attack, type HostileOrg } from '../helpers/hostile-org';
import { orgTimeouts } from '../helpers/org-timing';
import { REPO_ROOT } from '../helpers/paths';
import { runInProcess, type InProcessRun } from '../helpers/run-in-process';
import { runCliAsync } from './run-cli-async';

/**
 * The CLI against a hostile org (issue 19 items 3, 4, 5, 7 and 8; issue 24 item 4): the org emulator behind a
 * proxy with one switch per attack (../helpers/hostile-org), and a second host that records any token it gets.
 * Each attack was taken as data before the org guard (scripts/src/org/guard): a garbled answer as zero records,
 * a loop until the daily limit, the token sent to the other host, no timeout, a crash on a huge answer, and every
 * connect failure as "Could not retrieve the username". Now each is an unknown fact with its reason (its checks
 * not verified), or, where the run cannot go on, one line and exit 2.
 */
jest.setTimeout(120_000);

const NOW = '2026-11-25T12:00:00Z';
let org: HostileOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

async function hostile(attacks: Attack[], faults: string[] = []): Promise<HostileOrg> {
  org = await startHostileOrg({ faults, now: new Date(NOW) }, attacks);
  return org;
}

// Load the commands once, so no test's timing includes importing the Salesforce libraries.
beforeAll(async () => {
  await Promise.all([import('../../src/commands/verify'), import('../../src/commands/audit-log')]);
});

const cli = (o: HostileOrg, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runInProcess([...args, '-o', o.url], { env: { SF_ACCESS_TOKEN: o.token, PHI_GUARD_NOW: NOW, ...env } });

type Check = { id: string; status: string; reason?: string };
type Out = { status: number; result: { checks: Check[] } };

async function verify(o: HostileOrg, env: NodeJS.ProcessEnv = {}): Promise<{ r: InProcessRun; out: Out }> {
  const r = await cli(o, ['verify', '-d', REPO_ROOT, '--json', '--no-progress'], env);
  return { r, out: JSON.parse(r.stdout) as Out };
}

const check = (out: Out, id: string) => out.result.checks.find((c) => c.id === id)!;

/** One line on stderr, nothing on stdout, exit 2, no stack trace, no token. */
function expectOneLine(r: InProcessRun, line: RegExp, token: string) {
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(line);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toContain(token);
  expect(r.code).toBe(2);
}

describe('an answer that is not the documented one is an unknown fact, never zero records (item 3)', () => {
  it('verify: garbled InstalledSubscriberPackage and OauthToken subresponses make ORG-104 and ORG-105 not verified', async () => {
    const o = await hostile([
      { kind: 'garble', match: { soql: /FROM (InstalledSubscriberPackage|OauthToken)\b/ }, as: 'subresponse' }
    ]);
    const { r, out } = await verify(o);
    expect(check(out, 'ORG-104')).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(
        /^InstalledSubscriberPackage: \/services\/data\/v63\.0\/tooling\/query \(in a composite\): not the answer Salesforce documents \(not a query result object\)$/
      )
    });
    expect(check(out, 'ORG-105')).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(/^OauthToken: .*not the answer Salesforce documents/)
    });
    // Only those two facts: the other org checks still pass.
    for (const id of ['ORG-101', 'ORG-103', 'ORG-106']) expect(check(out, id).status).toBe('pass');
    expect(r.code).toBe(1);
    // http on this machine is expected: no "insecure protocol" line anywhere in the output (issue 21 item 6).
    expect(r.stdout + r.stderr).not.toMatch(/insecure/i);
  });

  it('verify: a 200 HTML maintenance page for a whole composite call: its facts are unknown, with the content type named', async () => {
    const o = await hostile([{ kind: 'garble', match: { soql: /FROM OauthToken\b/ }, as: 'html' }]);
    const { r, out } = await verify(o);
    expect(check(out, 'ORG-105')).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(
        /^OauthToken: \/services\/data\/v63\.0\/composite: not the answer Salesforce documents \(status 200 with content type text\/html, not JSON\)$/
      )
    });
    expect(r.code).toBe(1);
  });

  it('verify: the same page for the Tooling composite that lists the objects: the whole org is not verified', async () => {
    // That composite also reads EntityDefinition: with no object known, nothing can be verified (fail closed).
    const o = await hostile([
      { kind: 'garble', match: { soql: /FROM InstalledSubscriberPackage\b/ }, as: 'html' }
    ]);
    const { r, out } = await verify(o);
    expect(check(out, 'ORG-104')).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(/no objects/)
    });
    expect(r.code).toBe(1);
  });

  it('verify: a query result without records is refused, not read as none', async () => {
    const o = await hostile([
      { kind: 'garble', match: { soql: /FROM InstalledSubscriberPackage\b/ }, as: 'no-records' }
    ]);
    const { out } = await verify(o);
    expect(check(out, 'ORG-104')).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(/records is not a list/)
    });
  });

  it('baa check: a garbled package list is one line naming it and why, exit 2 (it said "0 installed packages", exit 0)', async () => {
    const o = await hostile([
      { kind: 'garble', match: { soql: /FROM InstalledSubscriberPackage\b/ }, as: 'text' }
    ]);
    const r = await cli(o, ['baa', 'check']);
    expectOneLine(
      r,
      /^Error: reading InstalledSubscriberPackage from the org failed: \/services\/data\/v63\.0\/tooling\/query: not the answer Salesforce documents \(the body is not valid JSON\); nothing was reported\n$/,
      o.token
    );
  });

  it('baa check: a 200 maintenance page for the OauthToken read is one line, exit 2', async () => {
    const o = await hostile([{ kind: 'garble', match: { soql: /FROM OauthToken\b/ }, as: 'html' }]);
    const r = await cli(o, ['baa', 'check']);
    expectOneLine(r, /^Error: reading OauthToken from the org failed: .*text\/html, not JSON/, o.token);
  });
});

describe('paging that never ends stops, within the budget (item 4)', () => {
  it('audit-log verify: a nextRecordsUrl that points at itself stops at the second page, exit 2', async () => {
    const o = await hostile([
      { kind: 'loop', match: { soql: /FROM PHI_Access_Log__c\b/ }, mode: 'same-locator' }
    ]);
    const r = await cli(o, ['audit-log', 'verify']);
    expectOneLine(
      r,
      /^Error: reading PHI_Access_Log__c from the org failed: paging stopped: page 2 gives a nextRecordsUrl already followed \(a loop\); nothing was reported\n$/,
      o.token
    );
    expect(o.seen.filter((s) => s.path.includes('/query/01gLOOP')).length).toBe(1);
  });

  it('verify: pages that repeat the same records under new locators stop once they exceed totalSize; the facts are unknown', async () => {
    const o = await hostile([{ kind: 'loop', match: { soql: /FROM PermissionSet$/ }, mode: 'endless' }]);
    const { r, out } = await verify(o);
    const grants = out.result.checks.filter((c) =>
      /PermissionSet: paging stopped: the pages hold \d+ records, more than the \d+ the query reported/.test(
        c.reason ?? ''
      )
    );
    expect(grants.length).toBeGreaterThan(0);
    expect(r.code).toBe(1);
    expect(o.seen.filter((s) => s.path.includes('/query/01gLOOP')).length).toBe(1);
  });

  it('audit-log verify: endless pages under a huge totalSize stop at the run budget (10% of DailyApiRequests), exit 2', async () => {
    // budget:3000 gives the org 3,000 daily requests: the run may spend 300.
    const o = await hostile(
      [{ kind: 'loop', match: { soql: /FROM PHI_Access_Log__c\b/ }, mode: 'budget' }],
      ['budget:3000']
    );
    const r = await cli(o, ['audit-log', 'verify']);
    expectOneLine(
      r,
      /^Error: stopped after 300 API requests: this run's budget of 300 \(10% of the org's daily requests, --min-api-share\) is spent\n$/,
      o.token
    );
    // Every request counts, the identity read included: none past the budget reached the org.
    expect(o.seen.length).toBe(300);
  });

  it('verify: the same budget holds, re-checked as calls are spent', async () => {
    const o = await hostile(
      [{ kind: 'loop', match: { soql: /FROM PermissionSet$/ }, mode: 'budget' }],
      ['budget:2000']
    );
    const r = await cli(o, ['verify', '-d', REPO_ROOT, '--no-progress']);
    expectOneLine(r, /^Error: stopped after 200 API requests: this run's budget of 200/, o.token);
    expect(o.seen.length).toBe(200);
  });
});

describe('the token never leaves the instance origin (item 5)', () => {
  it('a 302 from /limits to another host is not followed: one line, exit 2, the other host gets nothing', async () => {
    const o = await hostile([{ kind: 'redirect', match: { path: /\/limits$/ }, status: 302 }]);
    const r = await cli(o, ['verify', '-d', REPO_ROOT]);
    expectOneLine(
      r,
      new RegExp(
        `^Error: cannot read the org's API limits \\(/limits\\): the org redirected /services/data/v63\\.0/limits \\(302\\) to ${o.other.url.replace('http://', '')}; not followed, the access token is only ever sent to ${o.url}\\n$`
      ),
      o.token
    );
    expect(o.other.seen).toEqual([]);
  });

  it('a 307 on a composite query call: its facts are unknown with the reason; the other host never sees a request', async () => {
    const o = await hostile([{ kind: 'redirect', match: { soql: /FROM OauthToken\b/ }, status: 307 }]);
    const { r, out } = await verify(o);
    expect(check(out, 'ORG-105')).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(
        /^OauthToken: the org redirected \/services\/data\/v63\.0\/composite \(307\) to 127\.0\.0\.1:\d+; not followed/
      )
    });
    expect(r.code).toBe(1);
    expect(o.other.seen).toEqual([]);
  });

  it('a 307 on every page of the audit log: one line, exit 2; the other host never sees a request', async () => {
    const o = await hostile([{ kind: 'redirect', match: { path: /\/query$/ }, status: 307 }]);
    const r = await cli(o, ['audit-log', 'verify']);
    expectOneLine(
      r,
      /^Error: reading PHI_Access_Log__c from the org failed: the org redirected \/services\/data\/v63\.0\/query \(307\)/,
      o.token
    );
    expect(o.other.seen).toEqual([]);
  });

  it('an absolute nextRecordsUrl on another host is refused as the locator of another origin', async () => {
    const o = await hostile([
      { kind: 'cross-host-next', match: { soql: /FROM InstalledSubscriberPackage\b/ } }
    ]);
    const { out } = await verify(o);
    expect(check(out, 'ORG-104')).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(/nextRecordsUrl points to another host, 127\.0\.0\.1:\d+/)
    });
    expect(o.other.seen).toEqual([]);
  });

  it('baa check with a 308 on the package read: exit 2, no token elsewhere', async () => {
    const o = await hostile([
      { kind: 'redirect', match: { soql: /FROM InstalledSubscriberPackage\b/ }, status: 308 }
    ]);
    const r = await cli(o, ['baa', 'check']);
    expectOneLine(
      r,
      /^Error: reading InstalledSubscriberPackage from the org failed: the org redirected/,
      o.token
    );
    expect(o.other.seen).toEqual([]);
  });
});

describe('every request is bounded in time, and so is a call with its retries (item 7)', () => {
  it('a server that sends headers, then one byte every 100 ms: cut at the request timeout, retried within the total', async () => {
    // Each byte comes well within the idle timeout: only the request timeout (500 ms here) can cut it.
    const o = await hostile([{ kind: 'slow', match: { path: /\/limits$/ }, everyMs: 100 }]);
    const started = Date.now();
    const r = await cli(o, ['verify', '-d', REPO_ROOT], orgTimeouts('request=500ms,total=1500ms'));
    expectOneLine(
      r,
      /^Error: cannot connect to http:\/\/127\.0\.0\.1:\d+: \/services\/data\/v63\.0\/limits: (the org did not answer in time \(request timeout, 500 ms\)|no answer within the 2 s allowed for one call with its retries); retried [1-4] time\(s\)\n$/,
      o.token
    );
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('a silent server on one read: the fact is unknown after the first-byte timeout; the run goes on', async () => {
    const o = await hostile([{ kind: 'silent', match: { soql: /FROM OauthToken\b/ } }]);
    const started = Date.now();
    const { r, out } = await verify(o, orgTimeouts('first-byte=200ms,total=1s'));
    expect(check(out, 'ORG-105')).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(/first-byte timeout, 200 ms|allowed for one call with its retries/)
    });
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a silent org at connect: one line naming the timeout, bounded by the total', async () => {
    const o = await hostile([{ kind: 'silent', match: { path: /./ } }]);
    const started = Date.now();
    const r = await cli(o, ['audit-log', 'verify'], orgTimeouts('first-byte=150ms,total=800ms'));
    expectOneLine(
      r,
      /^Error: cannot connect to .*userinfo: (the org did not answer in time \(first-byte timeout, 150 ms|no answer within the 1 s allowed)/,
      o.token
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('a huge answer is refused at its cap, never read whole (item 8)', () => {
  it('a 600 MB query answer (the cap set to 1 MB here): the fact is unknown, the run goes on', async () => {
    const o = await hostile([
      { kind: 'huge', match: { soql: /FROM OauthToken\b/ }, bytes: 600 * 1024 * 1024 }
    ]);
    const { r, out } = await verify(o, { PHI_GUARD_ORG_MAX_ANSWER: 'composite=1MB,query=1MB' });
    expect(check(out, 'ORG-105')).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(/larger than the 1 MB allowed for composite answers; not read/)
    });
    expect(r.code).toBe(1);
  });

  it('a /limits answer declaring 400 MB is refused before it is read: one line, exit 2', async () => {
    const o = await hostile([
      { kind: 'huge', match: { path: /\/limits$/ }, bytes: 400 * 1024 * 1024, declared: true }
    ]);
    const r = await cli(o, ['verify', '-d', REPO_ROOT]);
    expectOneLine(
      r,
      /^Error: cannot read the org's API limits \(\/limits\): \/services\/data\/v63\.0\/limits: the answer is larger than the 1 MB allowed for limits answers; not read\n$/,
      o.token
    );
  });

  it('as a child process, with the default caps: a 600 MB /limits answer is one line and exit 2, no stack trace', async () => {
    const o = await hostile([{ kind: 'huge', match: { path: /\/limits$/ }, bytes: 600 * 1024 * 1024 }]);
    const r = await runCliAsync(['verify', '-o', o.url, '-d', REPO_ROOT], {
      env: { SF_ACCESS_TOKEN: o.token, PHI_GUARD_NOW: NOW }
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `Error: cannot read the org's API limits (/limits): /services/data/v63.0/limits: the answer is larger than the 1 MB allowed for limits answers; not read\n`
    );
  });
});

describe('connect failures name their cause (issue 24 item 4)', () => {
  it.each([
    [
      403,
      /^Error: the org refused the request: its daily API request limit is exhausted \(REQUEST_LIMIT_EXCEEDED\)/
    ],
    [
      500,
      /^Error: cannot connect to http:\/\/127\.0\.0\.1:\d+: the org answered with a server error \(500 UNKNOWN_EXCEPTION\)\n$/
    ],
    [
      503,
      /^Error: cannot connect to http:\/\/127\.0\.0\.1:\d+: the org is unavailable \(503\), retried 4 time\(s\)\n$/
    ]
  ] as const)(
    'HTTP %i from every endpoint, the identity read included: one line naming it',
    async (status, line) => {
      const o = await hostile([{ kind: 'status', match: { path: /./ }, status }]);
      const r = await cli(o, ['audit-log', 'verify']);
      expectOneLine(r, line, o.token);
      expect(r.stderr).not.toMatch(/Could not retrieve the username/);
    }
  );

  it.each([
    ['request-limit', /^Error: the org refused the request: its daily API request limit is exhausted/],
    [
      'error-500',
      /^Error: cannot connect to .*: the org answered with a server error \(500 UNKNOWN_EXCEPTION\)\n$/
    ],
    ['unavailable', /^Error: cannot connect to .*: the org is unavailable \(503\), retried 4 time\(s\)\n$/]
  ])(
    "the emulator's %s fault at the first counted call: one line naming it, for deploy too",
    async (fault, line) => {
      const o = await hostile([], [fault]);
      for (const args of [
        ['verify', '-d', REPO_ROOT],
        ['deploy', 'resume', '0Af000000000001AAA', '--wait', '0.1']
      ]) {
        const r = await cli(o, args);
        expectOneLine(r, line, o.token);
      }
    }
  );
});

describe('the lines around the report (issue 21 item 6)', () => {
  it('the API-call line gives the daily requests left as of the end of the run', async () => {
    const o = await hostile([]);
    const r = await cli(o, ['verify', '-d', REPO_ROOT, '--no-progress']);
    const counted = o.emu.requests().filter((e) => e.apiCall).length;
    const max = o.emu.state.info.apiMax;
    expect(r.stderr).toMatch(
      new RegExp(`^org: \\d+ API call\\(s\\) used \\(${max - counted} of ${max} daily requests left\\)$`, 'm')
    );
  });

  it('plain http to a host that is not this machine: one warning, once, on stderr, before the calls line', async () => {
    const ip = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!ip) throw new Error('no non-loopback IPv4 address on this machine to test the warning with');
    const o = (org = await startHostileOrg({ now: new Date(NOW), host: ip }));
    const r = await cli(o, ['audit-log', 'verify']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/insecure|plain http/i);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `Warning: ${o.url} is plain http: the access token crosses the network unencrypted; use the org's https URL`,
      expect.stringMatching(/^org: \d+ API call\(s\) used/)
    ]);
  });
});
