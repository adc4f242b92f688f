import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http';
import {
  connect as connectTcp,
  createServer as createNetServer,
  type AddressInfo,
  type Socket
} from 'node:net';
import { Readable } from 'node:stream';
import { deflateSync, gzipSync } from 'node:zlib';
import { CallBudget, PRE_BUDGET_CALLS } from '../../src/org/guard/budget';
import { GuardError, isGuardError } from '../../src/org/guard/guard-error';
import { OrgGuard } from '../../src/org/guard';
import { PageTracker } from '../../src/org/guard/paging';
import { DEFAULT_SETTINGS, settingsFromEnv, type GuardSettings } from '../../src/org/guard/settings';
import { answerKind, checkAnswer, locatorProblem, queryProblem } from '../../src/org/guard/shapes';
import { classifyError, startError } from '../../src/org/errors';

/**
 * The org guard's parts, each against what Salesforce documents (the pages cited in scripts/src/org/guard) and a
 * plain local HTTP server: settings, answer shapes, the call budget, paging loops, and the transport's origin,
 * redirect, size, encoding and time limits. The CLI-level attacks are in ./hostile-org.test.ts.
 */
jest.setTimeout(60_000);

const ORIGIN = 'https://acme.my.salesforce.com';
const json = (body: unknown, status = 200) => ({
  statusCode: status,
  headers: { 'content-type': 'application/json;charset=UTF-8' } as Record<string, string>,
  body: JSON.stringify(body)
});
const page = (extra: Record<string, unknown> = {}) => ({
  totalSize: 1,
  done: true,
  records: [{ Id: '001' }],
  ...extra
});

describe('settings from the environment', () => {
  it('defaults, and any key overridden with its unit', () => {
    expect(settingsFromEnv({})).toEqual(DEFAULT_SETTINGS);
    // The product's pace (the suite runs at its own, ../helpers/org-timing.ts): the first retry after 250 ms,
    // doubling; a deploy status poll every second, as SDR itself polls a deploy of up to 1,000 components.
    expect(DEFAULT_SETTINGS.timeouts).toMatchObject({ backoffMs: 250, deployPollMs: 1000 });
    const s = settingsFromEnv({
      PHI_GUARD_ORG_TIMEOUTS:
        'connect=2s, first-byte=1500ms,idle=1m,request=90,total=0.5m,backoff=20ms,deploy-poll=5s',
      PHI_GUARD_ORG_MAX_ANSWER: 'query=2MB,limits=10kb,composite=1GB,soap=100'
    });
    expect(s.timeouts).toEqual({
      connectMs: 2000,
      firstByteMs: 1500,
      idleMs: 60_000,
      requestMs: 90,
      totalMs: 30_000,
      backoffMs: 20,
      deployPollMs: 5000
    });
    expect(s.caps).toMatchObject({
      query: 2 * 1024 * 1024,
      limits: 10 * 1024,
      composite: 1024 ** 3,
      soap: 100
    });
  });

  it.each([
    ['PHI_GUARD_ORG_TIMEOUTS', 'connect=soon', /^PHI_GUARD_ORG_TIMEOUTS: "connect=soon" is not key=value/],
    ['PHI_GUARD_ORG_TIMEOUTS', 'connect=0s', /"connect=0s" is not key=value with a positive amount/],
    ['PHI_GUARD_ORG_TIMEOUTS', 'backoff=0', /"backoff=0" is not key=value with a positive amount/],
    [
      'PHI_GUARD_ORG_TIMEOUTS',
      'backoff=9ms',
      /"backoff=9ms" is below 10ms; each retry and deploy status poll/
    ],
    ['PHI_GUARD_ORG_TIMEOUTS', 'deploy-poll=0.005s', /"deploy-poll=0.005s" is below 10ms/],
    ['PHI_GUARD_ORG_TIMEOUTS', 'connect=5parsecs', /"connect=5parsecs"/],
    ['PHI_GUARD_ORG_TIMEOUTS', 'connect', /"connect" is not key=value/],
    [
      'PHI_GUARD_ORG_TIMEOUTS',
      'dns=1s',
      /unknown key "dns" \(known: connect, first-byte, idle, request, total, backoff, deploy-poll\)/
    ],
    ['PHI_GUARD_ORG_MAX_ANSWER', 'everything=1MB', /unknown key "everything" \(known: query, composite, soap/]
  ])('%s=%s is a usage error naming the variable', (variable, value, message) => {
    expect(() => settingsFromEnv({ [variable]: value })).toThrow(message);
  });
});

describe('answer kinds and shapes', () => {
  it('classifies each path by the answer it gets', () => {
    expect(answerKind('/services/oauth2/userinfo')).toBe('identity');
    expect(answerKind('/services/data')).toBe('identity');
    expect(answerKind('/services/data/v63.0/limits')).toBe('limits');
    expect(answerKind('/services/data/v63.0/query')).toBe('query');
    expect(answerKind('/services/data/v63.0/tooling/query/01gD0000002HU6KIAW-2000')).toBe('query');
    expect(answerKind('/services/data/v63.0/queryAll')).toBe('query');
    expect(answerKind('/services/data/v63.0/tooling/composite')).toBe('composite');
    expect(answerKind('/services/Soap/m/63.0')).toBe('soap');
    expect(answerKind('/services/data/v63.0/sobjects/Account')).toBe('other');
    expect(answerKind('/elsewhere')).toBe('other');
  });

  it('a query page: totalSize, done, records[], and a locator on this API when not done', () => {
    expect(queryProblem(page(), ORIGIN)).toBeUndefined();
    expect(
      queryProblem(page({ done: false, nextRecordsUrl: '/services/data/v63.0/query/01g-2000' }), ORIGIN)
    ).toBeUndefined();
    expect(
      queryProblem(
        page({ done: false, nextRecordsUrl: `${ORIGIN}/services/data/v63.0/query/01g-2000` }),
        ORIGIN
      )
    ).toBeUndefined();
    expect(queryProblem([], ORIGIN)).toBe('not a query result object');
    expect(queryProblem(page({ totalSize: -1 }), ORIGIN)).toBe('totalSize is not a whole number');
    expect(queryProblem(page({ done: 'yes' }), ORIGIN)).toBe('done is not true or false');
    expect(queryProblem(page({ records: {} }), ORIGIN)).toBe('records is not a list');
    expect(queryProblem(page({ records: ['x'] }), ORIGIN)).toBe('records is not a list of records');
    expect(queryProblem(page({ totalSize: 0 }), ORIGIN)).toBe('1 records in a page of a 0-record result');
    expect(queryProblem(page({ nextRecordsUrl: '/services/data/v63.0/query/x' }), ORIGIN)).toBe(
      'done is true but a next page is given'
    );
    expect(queryProblem(page({ done: false }), ORIGIN)).toBe('done is false but no nextRecordsUrl is given');
    expect(
      queryProblem(page({ done: false, nextRecordsUrl: '/services/data/v63.0/sobjects/User' }), ORIGIN)
    ).toBe('nextRecordsUrl is not a query locator of this API');
    expect(locatorProblem('https://evil.example/services/data/v63.0/query/x', ORIGIN)).toBe(
      'nextRecordsUrl points to another host, evil.example'
    );
    expect(locatorProblem('http://[', ORIGIN)).toBe('nextRecordsUrl is not a query locator of this API');
  });

  it('JSON endpoints must answer JSON; /limits, UserInfo and the versions list their fields', () => {
    const check = (path: string, answer: ReturnType<typeof json>) =>
      checkAnswer(answerKind(path), path, answer, ORIGIN);
    expect(() =>
      check('/services/data/v63.0/query', { ...json({}), headers: { 'content-type': 'text/html' } })
    ).toThrow(
      '/services/data/v63.0/query: not the answer Salesforce documents (status 200 with content type text/html, not JSON)'
    );
    expect(() => check('/services/data/v63.0/query', { ...json({}), headers: {} })).toThrow(
      /content type none, not JSON/
    );
    expect(() => check('/services/data/v63.0/query', { ...json({}), body: '{"totalSize":' })).toThrow(
      /the body is not valid JSON/
    );
    expect(
      check('/services/data/v63.0/limits', json({ DailyApiRequests: { Max: 10, Remaining: 9 }, X: {} }))
    ).toContain('Max');
    expect(() => check('/services/data/v63.0/limits', json([]))).toThrow(/not a limits answer object/);
    expect(() => check('/services/data/v63.0/limits', json({ X: 1 }))).toThrow(
      /X is not a \{Max, Remaining\} entry/
    );
    expect(() => check('/services/data/v63.0/limits', json({ DailyApiRequests: { Max: '10' } }))).toThrow(
      /DailyApiRequests is not \{Max, Remaining\} whole numbers/
    );
    expect(() => check('/services/oauth2/userinfo', json({ user_id: '005' }))).toThrow(
      /organization_id is not a string/
    );
    expect(() => check('/services/oauth2/userinfo', json('me'))).toThrow(/not a UserInfo answer object/);
    expect(check('/services/data', json([{ version: '63.0', url: '/services/data/v63.0' }]))).toContain(
      '63.0'
    );
    expect(() => check('/services/data', json({}))).toThrow(/versions is not a list/);
    // Other JSON resources: valid JSON is enough; a 204 has no body to check.
    expect(() => check('/services/data/v63.0/sobjects', { ...json({}), body: 'nope' })).toThrow(
      /not valid JSON/
    );
    expect(
      check('/services/data/v63.0/sobjects', {
        ...json({}),
        headers: { 'content-type': 'text/plain' },
        body: 'x'
      })
    ).toBe('x');
    expect(check('/services/data/v63.0/query', { statusCode: 204, headers: {}, body: '' })).toBe('');
  });

  it('a composite: one subresponse per subrequest; a query subresponse that is not a query page becomes an error', () => {
    const request = JSON.stringify({
      compositeRequest: [
        { referenceId: 'q0', url: '/services/data/v63.0/query?q=SELECT+Id+FROM+A' },
        { referenceId: 'q1', url: '/services/data/v63.0/query?q=SELECT+Id+FROM+B' }
      ]
    });
    const sub = (ref: string, body: unknown, httpStatusCode = 200) => ({
      body,
      httpHeaders: {},
      httpStatusCode,
      referenceId: ref
    });
    const path = '/services/data/v63.0/composite';
    const out = JSON.parse(
      checkAnswer(
        'composite',
        path,
        json({ compositeResponse: [sub('q0', page()), sub('q1', '<html>')] }),
        ORIGIN,
        request
      )
    ) as { compositeResponse: { httpStatusCode: number; body: { errorCode: string; message: string }[] }[] };
    expect(out.compositeResponse[0]!.httpStatusCode).toBe(200);
    expect(out.compositeResponse[1]).toMatchObject({
      httpStatusCode: 502,
      body: [
        {
          errorCode: 'GUARD_MALFORMED',
          message: expect.stringMatching(/\(in a composite\): not the answer Salesforce documents/)
        }
      ]
    });
    // An error subresponse is the platform's own answer: kept as it is.
    const refused = [{ errorCode: 'INVALID_TYPE', message: 'x' }];
    expect(
      JSON.parse(
        checkAnswer(
          'composite',
          path,
          json({ compositeResponse: [sub('q0', refused, 400), sub('q1', page())] }),
          ORIGIN,
          request
        )
      )
    ).toMatchObject({ compositeResponse: [{ httpStatusCode: 400, body: refused }, {}] });
    const bad = (body: unknown) => () => checkAnswer('composite', path, json(body), ORIGIN, request);
    expect(bad({})).toThrow(/compositeResponse is not a list/);
    expect(bad({ compositeResponse: ['x'] })).toThrow(
      /compositeResponse\[\] is not \{body, httpStatusCode, referenceId\}/
    );
    expect(bad({ compositeResponse: [sub('q0', page()), sub('q0', page())] })).toThrow(
      /unknown or repeated referenceId "q0"/
    );
    expect(bad({ compositeResponse: [sub('zz', page())] })).toThrow(/unknown or repeated referenceId "zz"/);
    expect(bad({ compositeResponse: [sub('q0', page())] })).toThrow(/1 subrequest\(s\) got no subresponse/);
    // A request body that cannot be read names no subrequest: only the envelope is judged.
    expect(
      checkAnswer('composite', path, json({ compositeResponse: [sub('q9', page())] }), ORIGIN, 'not json')
    ).toContain('q9');
  });

  it('a SOAP answer is an XML Envelope with a Body', () => {
    const soap = (body: string, type = 'text/xml;charset=UTF-8') => ({
      statusCode: 200,
      headers: { 'content-type': type },
      body
    });
    const ok =
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="x"><soapenv:Body><r/></soapenv:Body></soapenv:Envelope>';
    expect(checkAnswer('soap', '/services/Soap/m/63.0', soap(ok), ORIGIN)).toBe(ok);
    expect(() => checkAnswer('soap', '/services/Soap/m/63.0', soap(ok, 'text/html'), ORIGIN)).toThrow(
      /text\/html, not XML/
    );
    expect(() => checkAnswer('soap', '/services/Soap/m/63.0', soap('<html><body/></html>'), ORIGIN)).toThrow(
      /no SOAP Envelope with a Body/
    );
    expect(() => checkAnswer('soap', '/services/Soap/m/63.0', soap('<Envelope></Envelope>'), ORIGIN)).toThrow(
      /no SOAP Envelope/
    );
  });
});

describe('the call budget', () => {
  it('allows only a few requests before /limits is read', () => {
    const b = new CallBudget();
    for (let i = 0; i < PRE_BUDGET_CALLS; i++) b.spend();
    expect(() => b.spend()).toThrow(
      `stopped after ${PRE_BUDGET_CALLS} API requests: the run's budget was never read from /limits`
    );
  });

  it('then the share of DailyApiRequests, the requests before included, set once', () => {
    const b = new CallBudget();
    b.spend();
    b.setFromLimits(1000, 900, 0.1);
    b.setFromLimits(1000, 890, 0.1); // a later read (post-deploy verify) keeps the allowance
    for (let i = 1; i < 100; i++) b.spend();
    expect(b.view()).toMatchObject({ spent: 100, limit: 100, max: 1000 });
    expect(() => b.spend()).toThrow(
      /^stopped after 100 API requests: this run's budget of 100 \(10% of the org's daily requests/
    );
  });

  it("and the floor, from the org's own latest count (Sforce-Limit-Info), which others spend too", () => {
    const b = new CallBudget();
    b.setFromLimits(1000, 500, 0.1);
    b.spend();
    expect(b.remaining).toBe(499);
    b.observe('api-usage=880/1000; per-app-api-usage=1/10(appName=x)');
    expect(b.remaining).toBe(120);
    b.spend();
    b.observe('api-usage=900/1000');
    expect(() => b.spend()).toThrow(
      /^stopped: the org has 100 of 1000 daily API requests left, below the 10% floor/
    );
    b.observe(undefined);
    b.observe('garbage');
    expect(b.view().remaining).toBe(100);
  });

  it('with no floor (--min-api-share 0): everything left may be spent', () => {
    const b = new CallBudget();
    b.setFromLimits(10, 3, 0);
    b.spend();
    b.spend();
    b.spend();
    expect(() => b.spend()).toThrow(/budget of 3/);
    expect(new CallBudget().view()).toEqual({
      spent: 0,
      limit: undefined,
      max: undefined,
      remaining: undefined
    });
  });
});

describe('paging loops', () => {
  const next = (n: number) => `/services/data/v63.0/query/01g-${n}`;
  it('follows real paging to its end', () => {
    const t = new PageTracker();
    expect(t.add({ totalSize: 3, records: [1, 2], nextRecordsUrl: next(2) })).toBeUndefined();
    expect(t.add({ totalSize: 3, records: [3] })).toBeUndefined();
  });
  it.each([
    [
      'a repeated locator',
      [
        { totalSize: 9, records: [1], nextRecordsUrl: next(1) },
        { totalSize: 9, records: [2], nextRecordsUrl: next(1) }
      ],
      'page 2 gives a nextRecordsUrl already followed (a loop)'
    ],
    [
      'more records than totalSize',
      [
        { totalSize: 2, records: [1, 2], nextRecordsUrl: next(2) },
        { totalSize: 2, records: [3], nextRecordsUrl: next(3) }
      ],
      'the pages hold 3 records, more than the 2 the query reported'
    ],
    [
      'an empty page asking for more',
      [{ totalSize: 2, records: [], nextRecordsUrl: next(0) }],
      'page 1 holds no record yet asks for another'
    ],
    [
      'a totalSize that changes',
      [
        { totalSize: 2, records: [1], nextRecordsUrl: next(1) },
        { totalSize: 5, records: [2] }
      ],
      'totalSize changed from 2 to 5 between pages'
    ]
  ])('stops on %s', (_, pages, reason) => {
    const t = new PageTracker();
    let stop: GuardError | undefined;
    for (const p of pages) stop ??= t.add(p);
    expect(stop).toMatchObject({
      errorCode: 'GUARD_LOOP',
      guardKind: 'fact',
      message: `paging stopped: ${reason}`
    });
  });
});

describe('errors', () => {
  it('a GuardError classifies by its own kind, also as a copy', () => {
    expect(classifyError(new GuardError('GUARD_TIMEOUT', 'x'))).toMatchObject({
      kind: 'retry',
      status: 'GUARD_TIMEOUT'
    });
    expect(classifyError(new GuardError('GUARD_BUDGET', 'y', 200))).toMatchObject({
      kind: 'fatal',
      status: 200
    });
    expect(isGuardError({ errorCode: 'GUARD_LOOP', guardKind: 'fact', message: 'm' })).toBe(true);
    expect(isGuardError({ errorCode: 'INVALID_TYPE', guardKind: 'fact', message: 'm' })).toBe(false);
    expect(isGuardError(undefined)).toBe(false);
  });
  it('startError names each cause in one line, never the token', () => {
    const t = 'https://acme.example';
    expect(
      startError(
        { kind: 'fact', status: 404, errorCode: 'NOT_FOUND', message: 'no route; Bearer SECRET' },
        t,
        0,
        'SECRET'
      ).message
    ).toBe('cannot connect to https://acme.example: no route; Bearer ***');
    expect(
      startError(
        { kind: 'retry', status: 'ECONNRESET', errorCode: 'ECONNRESET', message: 'socket hang up' },
        t,
        2
      ).message
    ).toBe('cannot connect to https://acme.example: socket hang up; retried 2 time(s)');
    expect(startError({ kind: 'fact', status: 502, errorCode: 'HTTP_502', message: 'x' }, t, 0).message).toBe(
      'cannot connect to https://acme.example: the org answered with a server error (502 HTTP_502)'
    );
  });
});

/** A local server whose handler each test sets; the guard treats it as the org's origin. */
describe('the guarded transport', () => {
  let server: Server;
  let origin: string;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_, res) => res.end();
  const received: string[] = [];
  // Timers alive in this process (jest's own hook or test timeout among them): none of the guard's may outlive its
  // request, or it would keep the CLI's process alive for up to its whole length (120 s by default).
  const liveTimeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  let timeoutsBefore = 0;
  beforeAll(async () => {
    timeoutsBefore = liveTimeouts();
    server = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => (received.length = 0));

  const settings = (
    over: Partial<GuardSettings['timeouts']> = {},
    caps: Partial<GuardSettings['caps']> = {}
  ) => ({
    timeouts: { ...DEFAULT_SETTINGS.timeouts, ...over },
    caps: { ...DEFAULT_SETTINGS.caps, ...caps }
  });
  const guard = (s = settings()) => {
    const g = new OrgGuard(origin, s);
    g.budget.setFromLimits(1000, 1000, 0.5);
    return g;
  };
  const get = (
    g: OrgGuard,
    path: string,
    extra: Partial<Parameters<OrgGuard['transport']['send']>[0]> = {}
  ) => g.transport.send({ method: 'GET', url: `${origin}${path}`, ...extra });
  const answer =
    (status: number, body: string | Buffer, headers: Record<string, string> = {}) =>
    (_: IncomingMessage, res: ServerResponse) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };

  it('refuses a request for another origin before sending anything, and remembers the refusal', async () => {
    const g = guard();
    await expect(
      g.transport.send({ method: 'GET', url: 'https://evil.example/services/data/v63.0/limits' })
    ).rejects.toMatchObject({
      errorCode: 'GUARD_OFF_ORIGIN',
      message: `refused a request to evil.example: the access token is only ever sent to the org's own origin, ${origin}`
    });
    expect(g.lastRefusal?.errorCode).toBe('GUARD_OFF_ORIGIN');
    expect(g.refusalIn(new Error(`Metadata API request failed: ${g.lastRefusal!.message}`))).toBe(
      g.lastRefusal
    );
    expect(g.refusalIn(new Error('something else'))).toBeUndefined();
    await expect(g.transport.send({ method: 'GET', url: 'http://[' })).rejects.toMatchObject({
      errorCode: 'GUARD_OFF_ORIGIN'
    });
    expect(received).toEqual([]);
  });

  it('follows a redirect on the same origin (a 303 turns a POST into a GET), at most 3 times', async () => {
    handler = (req, res) => {
      if (req.url === '/a') {
        res.writeHead(303, { location: '/services/data/v63.0/sobjects' });
        return res.end();
      }
      if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' });
        return res.end();
      }
      if (req.url === '/nowhere') {
        res.writeHead(301);
        return res.end();
      }
      answer(200, '{"ok":true}')(req, res);
    };
    const g = guard();
    const r = await g.transport.send({
      method: 'POST',
      url: `${origin}/a`,
      body: 'x',
      headers: { 'content-type': 'text/plain' }
    });
    expect(r.body).toBe('{"ok":true}');
    expect(received).toEqual(['POST /a', 'GET /services/data/v63.0/sobjects']);
    await expect(get(g, '/loop')).rejects.toMatchObject({
      errorCode: 'GUARD_MALFORMED',
      message: 'the org redirected /loop more than 3 times'
    });
    await expect(get(g, '/nowhere')).rejects.toMatchObject({
      message: 'the org redirected /nowhere without a Location'
    });
  });

  it('reads gzip and deflate answers within the cap; an encoding it did not ask for, or a broken one, is refused', async () => {
    const body = JSON.stringify(page());
    handler = (req, res) => {
      if (req.url === '/gzip') return answer(200, gzipSync(body), { 'content-encoding': 'gzip' })(req, res);
      if (req.url === '/deflate')
        return answer(200, deflateSync(body), { 'content-encoding': 'deflate' })(req, res);
      if (req.url === '/br') return answer(200, body, { 'content-encoding': 'br' })(req, res);
      if (req.url === '/bomb')
        return answer(200, gzipSync(Buffer.alloc(2_000_000, 'A')), { 'content-encoding': 'gzip' })(req, res);
      answer(200, Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' })(req, res);
    };
    const g = guard(settings({}, { other: 1_000_000 }));
    expect((await get(g, '/gzip')).body).toBe(body);
    expect((await get(g, '/deflate')).body).toBe(body);
    await expect(get(g, '/br')).rejects.toThrow(
      '/br: not the answer Salesforce documents (content encoding br was not asked for)'
    );
    await expect(get(g, '/broken')).rejects.toThrow(
      '/broken: not the answer Salesforce documents (the gzip body does not decompress)'
    );
    // A small compressed body that inflates past the cap: the cap counts what it decompresses to.
    await expect(get(g, '/bomb')).rejects.toMatchObject({
      errorCode: 'GUARD_TOO_LARGE',
      message: '/bomb: the answer is larger than the 977 KB allowed for other answers; not read'
    });
  });

  it('an error answer past its cap keeps what fits: its status still counts', async () => {
    handler = answer(500, `[{"errorCode":"UNKNOWN_EXCEPTION","message":"${'x'.repeat(5000)}"}]`);
    const r = await get(guard(settings({}, { error: 100 })), '/services/data/v63.0/query');
    expect(r.statusCode).toBe(500);
    expect(r.body).toHaveLength(100);
  });

  it('sends text, bytes, URL parameters and multipart forms; refuses a stream', async () => {
    const bodies: string[] = [];
    handler = (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(`${req.headers['content-length']}:${Buffer.concat(chunks).toString()}`);
        answer(200, '{}')(req, res);
      });
    };
    const g = guard();
    const post = (body: unknown) => g.transport.send({ method: 'POST', url: `${origin}/x`, body });
    await post('text');
    await post(Buffer.from('bytes'));
    await post(new URLSearchParams({ a: '1' }));
    await post({ getBuffer: () => Buffer.from('form') });
    expect(bodies).toEqual(['4:text', '5:bytes', '3:a=1', '4:form']);
    await expect(post(Readable.from(['s']))).rejects.toThrow(
      'a request body the guard cannot send (a stream)'
    );
  });

  it('cuts each phase at its timeout: first byte, silence in the body, the whole request, the call deadline', async () => {
    handler = (req, res) => {
      if (req.url === '/silent') return; // never answers
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      if (req.url === '/stall') return; // then nothing
      const h = setInterval(() => (res.destroyed ? clearInterval(h) : res.write(' ')), 50);
    };
    const g = guard(settings({ firstByteMs: 200, idleMs: 200, requestMs: 500 }));
    await expect(get(g, '/silent')).rejects.toMatchObject({
      errorCode: 'GUARD_TIMEOUT',
      message: '/silent: the org did not answer in time (first-byte timeout, 200 ms)'
    });
    await expect(get(g, '/stall')).rejects.toThrow(
      '/stall: the org did not answer in time (idle timeout, 200 ms)'
    );
    await expect(get(g, '/drip')).rejects.toThrow(
      '/drip: the org did not answer in time (request timeout, 500 ms)'
    );
    await expect(
      g.transport.send({ method: 'GET', url: `${origin}/drip` }, Date.now() + 300)
    ).rejects.toThrow(/\/drip: no answer within the \d+ s allowed for one call with its retries/);
    await expect(
      g.transport.send({ method: 'GET', url: `${origin}/drip` }, Date.now() - 1)
    ).rejects.toMatchObject({ errorCode: 'GUARD_TIMEOUT' });
  });

  it('a host that never completes the TLS handshake: cut at the connect timeout', async () => {
    // A TCP server that accepts and never speaks TLS: for https the connection is complete only once secure.
    const held: Socket[] = [];
    const mute = createNetServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', () => resolve()));
    const tls = `https://127.0.0.1:${(mute.address() as AddressInfo).port}`;
    try {
      const g = new OrgGuard(tls, settings({ connectMs: 150 }));
      await expect(
        g.transport.send({ method: 'GET', url: `${tls}/services/oauth2/userinfo` })
      ).rejects.toMatchObject({
        errorCode: 'GUARD_TIMEOUT',
        message: '/services/oauth2/userinfo: the org did not answer in time (connect timeout, 150 ms)'
      });
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => mute.close(() => resolve()));
    }
  });

  it('hands jsforce the answer and an ended stream, and tells the caller the final status', async () => {
    handler = answer(404, '[{"errorCode":"NOT_FOUND","message":"x"}]');
    const statuses: number[] = [];
    const p = guard().transport.httpRequest(
      { method: 'GET', url: `${origin}/y` },
      { phiGuardStatus: (s) => statuses.push(s) }
    );
    expect((await p).statusCode).toBe(404);
    expect(p.stream().writableEnded).toBe(true);
    expect(statuses).toEqual([404]);
  });

  describe('through the proxy the environment names (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)', () => {
    let proxy: Server;
    let proxyUrl: string;
    const seen: string[] = [];
    let tunnelTo: number | undefined;
    beforeAll(async () => {
      proxy = createServer((req, res) => {
        // A forward proxy: the request line holds the absolute URL.
        seen.push(`${req.method} ${req.url} ${req.headers['proxy-authorization'] ?? ''}`);
        const target = new URL(req.url ?? '');
        const fwd = httpRequest(target, { method: req.method, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        req.pipe(fwd);
      });
      proxy.on('connect', (req: IncomingMessage, socket: Socket) => {
        seen.push(`CONNECT ${req.url}`);
        if (tunnelTo === undefined) {
          socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
          return;
        }
        const upstream = connectTcp(tunnelTo, '127.0.0.1', () => {
          socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.pipe(socket).pipe(upstream);
        });
        socket.on('error', () => upstream.destroy());
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
      proxyUrl = `http://user:p%40ss@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    });
    afterEach(() => {
      for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY']) delete process.env[k];
      seen.length = 0;
    });

    it('an http org: the request goes to the proxy in absolute form, with the proxy credentials', async () => {
      handler = answer(200, '{"ok":1}');
      process.env.HTTP_PROXY = proxyUrl;
      const r = await get(guard(), '/services/data/v63.0/sobjects');
      expect(r.body).toBe('{"ok":1}');
      expect(seen).toEqual([
        `GET ${origin}/services/data/v63.0/sobjects Basic ${Buffer.from('user:p@ss').toString('base64')}`
      ]);
      expect(received).toEqual(['GET /services/data/v63.0/sobjects']);
    });

    it('NO_PROXY names the hosts reached directly', async () => {
      handler = answer(200, '{}');
      process.env.HTTP_PROXY = proxyUrl;
      for (const list of ['127.0.0.1', 'example.com, 127.0.0.1:9', '*']) {
        process.env.NO_PROXY = list;
        await get(guard(), '/x');
      }
      expect(seen).toEqual([]);
      expect(received).toHaveLength(3);
    });

    it('an https org: a CONNECT tunnel to it (the proxy never sees the request); a refused tunnel is named', async () => {
      process.env.HTTPS_PROXY = proxyUrl;
      const target = 'https://127.0.0.1:8443';
      const g = new OrgGuard(target, settings({ connectMs: 500 }));
      tunnelTo = undefined;
      await expect(
        g.transport.send({ method: 'GET', url: `${target}/services/oauth2/userinfo` })
      ).rejects.toThrow(
        `the proxy 127.0.0.1:${(proxy.address() as AddressInfo).port} refused the tunnel (407)`
      );
      // A tunnel to a host that never completes TLS: the connect timeout covers the tunnel and the handshake.
      const held: Socket[] = [];
      const mute = createNetServer((socket) => held.push(socket));
      await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', () => resolve()));
      tunnelTo = (mute.address() as AddressInfo).port;
      try {
        await expect(
          g.transport.send({ method: 'GET', url: `${target}/services/oauth2/userinfo` })
        ).rejects.toMatchObject({
          errorCode: 'GUARD_TIMEOUT',
          message: '/services/oauth2/userinfo: the org did not answer in time (connect timeout, 500 ms)'
        });
      } finally {
        for (const socket of held) socket.destroy();
        await new Promise<void>((resolve) => mute.close(() => resolve()));
      }
      expect(seen).toEqual(['CONNECT 127.0.0.1:8443', 'CONNECT 127.0.0.1:8443']);
    });
  });

  it('leaves no timer running once its requests have settled (the last test of this block)', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(liveTimeouts()).toBeLessThanOrEqual(timeoutsBefore);
  });
});
