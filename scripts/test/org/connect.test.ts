import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { rmSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { startEmulator, type Emulator } from '../../emulator/server';
import { connectOrg, TokenAuthInfo } from '../../src/org/connect';
import { REPO_ROOT } from '../helpers/paths';
import { runInProcess, type InProcessRun } from '../helpers/run-in-process';
import { ORG_NOW, runCliAsync, tempHome, withHome } from './run-cli-async';

/**
 * Every way `-o/--target-org` connects, or refuses to, through the real CLI entry in this process:
 * a URL with SF_ACCESS_TOKEN, a URL without it, a malformed URL, a port nobody listens on, a server
 * that drops the connection, a web server that is not Salesforce, an expired session, and an alias
 * authorised by the real `sf org login access-token` in a temporary HOME (resolved by @salesforce/core's
 * `Org.create`). Each failure is one line and exit 2, and never shows the token.
 *
 * HOME in process: see `withHome` (./run-cli-async): jest's per-file copy of process.env never
 * reaches os.homedir(), so HOME is set on the worker's real environment for the run.
 */
jest.setTimeout(120_000);

const TOKEN_CANARY = '00Dcanary0000000!AQcanarySecretPartThatMustNeverAppear1234';
const homes: string[] = [];
const servers: (Server | NetServer)[] = [];
let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});
afterAll(async () => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
  for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
});

const home = () => {
  const h = tempHome();
  homes.push(h);
  return h;
};

/** `verify -o <target>` in process, with the given environment and a fresh HOME unless one is given. */
function verify(target: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<InProcessRun> {
  const dir = env.HOME ?? home();
  return withHome(dir, () =>
    runInProcess(['verify', '-o', target, '-d', REPO_ROOT, '--no-progress', ...args], {
      env: {
        SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
        SF_DISABLE_LOG_FILE: 'true',
        PHI_GUARD_NOW: ORG_NOW,
        SF_ACCESS_TOKEN: undefined,
        ...env,
        HOME: dir
      }
    })
  );
}

/** One line on stderr, nothing on stdout, exit 2, and no part of the token anywhere. */
function expectOneLineExit2(run: InProcessRun, line: string | RegExp, token?: string) {
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  if (typeof line === 'string') expect(run.stderr).toBe(`Error: ${line}\n`);
  else expect(run.stderr).toMatch(line);
  expect(run.code).toBe(2);
  if (token) {
    expect(run.stderr).not.toContain(token);
    expect(run.stderr).not.toContain(token.split('!')[1]);
  }
}

/** A free local port with nothing listening on it. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

async function listen<S extends Server | NetServer>(srv: S): Promise<string> {
  servers.push(srv);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
}

describe('-o with a URL and SF_ACCESS_TOKEN', () => {
  it('connects with the token, pins the API version, reads only the identity, and warns of nothing on loopback', async () => {
    emu = await startEmulator({ profile: 'compliant', port: 0 });
    const warnings: string[] = [];
    const conn = await connectOrg(`${emu.url}/some/path`, { SF_ACCESS_TOKEN: emu.token }, '62.0', (w) =>
      warnings.push(w)
    );
    expect(conn.getApiVersion()).toBe('62.0');
    expect(conn.instanceUrl).toBe(emu.url);
    expect(conn.getUsername()).toBe(emu.state.info.username);
    expect(conn.getAuthInfoFields().orgId).toBe(emu.state.info.orgId);
    // http on this machine (the emulator) is expected: no "insecure protocol" line in anyone's output.
    expect(warnings).toEqual([]);
    // The connection is authenticated: userinfo was read with the token, and nothing else (no User record,
    // no versions list: the run pins its API version), and nothing was written.
    expect(emu.requests().map((e) => [e.path, e.status])).toEqual([['/services/oauth2/userinfo', 200]]);
  });

  it('plain http to another host: one warning per origin, naming it, never the token', async () => {
    // This machine's own non-loopback address (a local server on it), so no request leaves the machine.
    const ip = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!ip) throw new Error('no non-loopback IPv4 address on this machine to test the warning with');
    const srv = createHttpServer((_, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]));
    });
    servers.push(srv);
    await new Promise<void>((resolve) => srv.listen(0, ip, () => resolve()));
    const target = `http://${ip}:${(srv.address() as AddressInfo).port}`;
    const warnings: string[] = [];
    for (let i = 0; i < 2; i++)
      await expect(
        connectOrg(target, { SF_ACCESS_TOKEN: TOKEN_CANARY }, undefined, (w) => warnings.push(w))
      ).rejects.toThrow('session expired: run sf org login');
    expect(warnings).toEqual([
      `Warning: ${target} is plain http: the access token crosses the network unencrypted; use the org's https URL`
    ]);
    expect(warnings.join('')).not.toContain(TOKEN_CANARY);
  });

  it('the token lives in memory only: the AuthInfo keeps nothing, and offers only the access-token flow', async () => {
    const auth = new TokenAuthInfo({
      username: 'u@x.example',
      orgId: '00D000000000001AAA',
      userId: '005000000000001AAA',
      accessToken: TOKEN_CANARY,
      instanceUrl: 'https://x.my.salesforce.com',
      loginUrl: 'https://x.my.salesforce.com'
    });
    await auth.init();
    expect(await auth.save()).toBe(auth);
    expect(auth.update()).toBe(auth);
    expect(auth.getUsername()).toBe('u@x.example');
    expect(auth.getFields()).toMatchObject({ orgId: '00D000000000001AAA', isDevHub: false });
    expect(auth.getConnectionOptions()).toEqual({
      accessToken: TOKEN_CANARY,
      instanceUrl: 'https://x.my.salesforce.com',
      loginUrl: 'https://x.my.salesforce.com'
    });
    expect([auth.isUsingAccessToken(), auth.isAccessTokenFlow()]).toEqual([true, true]);
    expect([auth.isJwt(), auth.isOauth(), auth.isRefreshTokenFlow()]).toEqual([false, false, false]);
  });

  it('without SF_ACCESS_TOKEN: one line naming the variable, before any request', async () => {
    emu = await startEmulator({ profile: 'compliant', port: 0 });
    const run = await verify(`${emu.url}/path`, {});
    expectOneLineExit2(
      run,
      `--target-org ${emu.url}: set the access token in the SF_ACCESS_TOKEN environment variable to connect to a URL`
    );
    expect(emu.requests()).toEqual([]);
  });

  it('a malformed URL is a usage error naming the flag', async () => {
    const run = await verify('http://[::1', { SF_ACCESS_TOKEN: TOKEN_CANARY });
    expectOneLineExit2(run, '--target-org http://[::1: not a valid http(s) URL', TOKEN_CANARY);
  });

  it('a port nobody listens on: "cannot connect ... ECONNREFUSED", before @salesforce/core retries', async () => {
    const target = `http://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const run = await verify(target, { SF_ACCESS_TOKEN: TOKEN_CANARY }, ['--json']);
    // --json: the error is the JSON envelope on stdout, exit 2, no result.
    const out = JSON.parse(run.stdout) as { status: number; message: string; result?: unknown };
    expect(out).toMatchObject({ status: 2, message: `cannot connect to ${target}: ECONNREFUSED` });
    expect(out.result).toBeUndefined();
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain(TOKEN_CANARY);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a server that drops every connection: one line, the socket error named, no token', async () => {
    let connections = 0;
    const target = await listen(
      createServer((socket) => {
        connections++;
        socket.destroy();
      })
    );
    // A scaled clock (backoff=80ms): the identity read is retried 4 times, after 80 + 160 + 320 + 640 ms.
    const started = Date.now();
    const run = await verify(target, {
      SF_ACCESS_TOKEN: TOKEN_CANARY,
      PHI_GUARD_ORG_TIMEOUTS: 'backoff=80ms'
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
    expectOneLineExit2(run, new RegExp(`^Error: cannot connect to ${target}: .+\\n$`), TOKEN_CANARY);
    expect(connections).toBe(5);
  });

  it('a host that drops the first request and then goes away: the retry names ECONNREFUSED', async () => {
    // The first connection is accepted and dropped (a reset socket: transient, retried); then the server is
    // gone, so the retry is refused, which ends the connect in one line.
    const srv = createServer((socket) => {
      socket.destroy();
      srv.close();
    });
    const target = await listen(srv);
    servers.pop();
    const run = await verify(target, { SF_ACCESS_TOKEN: TOKEN_CANARY });
    expectOneLineExit2(run, `cannot connect to ${target}: ECONNREFUSED`, TOKEN_CANARY);
  });

  it('a web server that is not Salesforce (404 everywhere): one line, and an echoed token is redacted', async () => {
    // A misconfigured proxy that echoes the request headers into its error page: whatever
    // @salesforce/core puts in its message, the token never reaches the terminal.
    const target = await listen(
      createHttpServer((req, res) => {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify([{ errorCode: 'NOT_FOUND', message: `no route; ${req.headers.authorization}` }])
        );
      })
    );
    const run = await verify(target, { SF_ACCESS_TOKEN: TOKEN_CANARY });
    expectOneLineExit2(run, new RegExp(`^Error: cannot connect to ${target}: .+\\n$`), TOKEN_CANARY);
  });

  it('an expired or revoked token: "session expired: run sf org login", exit 2, no token', async () => {
    emu = await startEmulator({ profile: 'compliant', port: 0 });
    const run = await verify(emu.url, { SF_ACCESS_TOKEN: TOKEN_CANARY });
    expectOneLineExit2(run, 'session expired: run sf org login', TOKEN_CANARY);
    expect(emu.requests().map((e) => [e.path, e.status])).toEqual([['/services/oauth2/userinfo', 401]]);
  });
});

describe('-o with an alias authorised by sf org login (Org.create)', () => {
  let aliasHome: string;
  let aliasEmu: Emulator;
  beforeAll(async () => {
    aliasEmu = await startEmulator({ profile: 'compliant', port: 0, now: new Date(ORG_NOW) });
    aliasHome = home();
    // The real sf CLI (a devDependency) writes the auth file, the key and the alias under HOME.
    const login = await runCliInHome(aliasHome, aliasEmu);
    if (login.code !== 0) throw new Error(`sf org login access-token failed: exit ${login.code}`);
  });
  afterAll(async () => {
    await aliasEmu.stop();
  });

  it('reads the org through the alias, with no token in the environment or the output', async () => {
    aliasEmu.reset();
    const run = await verify('phi-emu', { HOME: aliasHome }, ['--json']);
    const out = JSON.parse(run.stdout) as {
      status: number;
      result: { source: { kind: string; alias: string; instanceUrl: string } };
    };
    expect(out.result.source).toMatchObject({ kind: 'org', alias: 'phi-emu' });
    // The auth file holds "http://127.0.0.1:<port>/": our reads still go to /services/... (a
    // "//services/..." request target would not reach the API, and /limits would be unreadable).
    expect(out.result.source.instanceUrl).toBe(aliasEmu.url);
    const limits = aliasEmu.requests().find((e) => e.path === '/services/data/v63.0/limits');
    expect(limits?.status).toBe(200);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(aliasEmu.token);
    expect(aliasEmu.requests().filter((e) => e.apiCall).length).toBeGreaterThan(5);
  });

  it('an alias nobody authorised: one line telling how to log in', async () => {
    const run = await verify('no-such-alias', { HOME: aliasHome });
    expectOneLineExit2(
      run,
      '--target-org no-such-alias: no org authorised with that alias or username; run sf org login web -a no-such-alias'
    );
  });

  it('an empty HOME (never logged in) is the same one line', async () => {
    const run = await verify('phi-emu', {});
    expectOneLineExit2(
      run,
      '--target-org phi-emu: no org authorised with that alias or username; run sf org login web -a phi-emu'
    );
  });

  it("the alias's session has expired: session expired, exit 2, no report", async () => {
    aliasEmu.setFaults(['unauthorized']);
    try {
      const run = await verify('phi-emu', { HOME: aliasHome });
      expectOneLineExit2(run, 'session expired: run sf org login', aliasEmu.token);
    } finally {
      aliasEmu.setFaults([]);
    }
  });
});

/** `sf org login access-token --alias phi-emu` against the emulator, with HOME set to `dir`. */
function runCliInHome(dir: string, org: Emulator) {
  return runCliAsync(
    ['org', 'login', 'access-token', '--instance-url', org.url, '--alias', 'phi-emu', '--no-prompt'],
    {
      sf: true,
      env: {
        HOME: dir,
        SF_ACCESS_TOKEN: org.token,
        SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
        SF_DISABLE_TELEMETRY: 'true',
        SF_AUTOUPDATE_DISABLE: 'true',
        SF_SKIP_NEW_VERSION_CHECK: 'true'
      }
    }
  );
}
