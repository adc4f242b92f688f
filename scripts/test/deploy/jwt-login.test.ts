import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jwtLogin } from '../../src/deploy/jwt-login';

/**
 * `npm run org:login` in process. The Salesforce CLI is not installed here, so `sf` on the PATH is a small
 * script standing in for it (the external program, not our code): it records the arguments it got, the mode of
 * the key file and a hash of its content, and exits as told. Everything of ours runs for real, including the
 * private temporary key file and its removal (in a temporary folder the test inspects).
 */
const KEY = '-----BEGIN PRIVATE KEY-----\nnot-a-real-key-7e1c\n-----END PRIVATE KEY-----\n';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

let base: string;
let tmp: string;
let bin: string;
let record: string;
beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-jwt-test-'));
  tmp = path.join(base, 'tmp');
  bin = path.join(base, 'bin');
  record = path.join(base, 'record');
  mkdirSync(tmp);
  mkdirSync(bin);
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

function fakeSf(exit: string) {
  const script = `#!/bin/sh
key=""; prev=""
for a in "$@"; do [ "$prev" = "--jwt-key-file" ] && key="$a"; prev="$a"; printf '%s\\n' "$a" >> "$RECORD/args"; done
stat -c %a "$key" > "$RECORD/mode"
sha256sum < "$key" | cut -d' ' -f1 > "$RECORD/sha"
${exit}
`;
  writeFileSync(path.join(bin, 'sf'), script);
  chmodSync(path.join(bin, 'sf'), 0o755);
  mkdirSync(record, { recursive: true });
}

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: `${bin}:/usr/bin:/bin`,
  RECORD: record,
  SF_CLIENT_ID: 'client-id-1',
  SF_JWT_KEY: KEY,
  SF_USERNAME: 'release@example.com',
  ...extra
});

function login(e: NodeJS.ProcessEnv) {
  const errs: string[] = [];
  const code = jwtLogin(e, (l) => errs.push(l), tmp);
  return { code, errs };
}

describe('org:login (sf org login jwt)', () => {
  it('passes the client id, a private key file (mode 600) and the username; the key file is removed after', () => {
    fakeSf('exit 0');
    const r = login(env({ SF_INSTANCE_URL: 'https://test.salesforce.com', SF_ORG_ALIAS: ' ci ' }));
    expect(r).toEqual({ code: 0, errs: [] });
    const args = readFileSync(path.join(record, 'args'), 'utf8').trim().split('\n');
    const keyFile = args[args.indexOf('--jwt-key-file') + 1] as string;
    expect(args).toEqual([
      'org',
      'login',
      'jwt',
      '--client-id',
      'client-id-1',
      '--jwt-key-file',
      keyFile,
      '--username',
      'release@example.com',
      '--instance-url',
      'https://test.salesforce.com',
      '--alias',
      'ci',
      '--set-default'
    ]);
    expect(keyFile.startsWith(`${tmp}${path.sep}phi-guard-jwt-`)).toBe(true);
    expect(readFileSync(path.join(record, 'mode'), 'utf8').trim()).toBe('600');
    expect(readFileSync(path.join(record, 'sha'), 'utf8').trim()).toBe(sha(KEY));
    expect(readdirSync(tmp)).toEqual([]); // the key is gone
  });

  it("sf's failure is its exit code and one line without the key; the key file is removed all the same", () => {
    fakeSf('exit 3');
    const r = login(env());
    expect(r).toEqual({ code: 3, errs: ['org:login: sf org login jwt failed (exit 3)'] });
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('sf killed by a signal: exit 2, the signal named', () => {
    fakeSf('kill -TERM $$');
    const r = login(env());
    expect(r).toEqual({ code: 2, errs: ['org:login: sf org login jwt failed (exit SIGTERM)'] });
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('no sf on the PATH: exit 2, one line saying how to install it', () => {
    const r = login(env({ PATH: bin }));
    expect(r.code).toBe(2);
    expect(r.errs).toEqual([
      expect.stringMatching(/^org:login: cannot run sf \(ENOENT\); install the Salesforce CLI/)
    ]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('missing secrets: exit 2, the variables named, no key file written and sf never run', () => {
    fakeSf('exit 0');
    const r = login(env({ SF_JWT_KEY: ' ', SF_USERNAME: undefined }));
    expect(r).toEqual({
      code: 2,
      errs: ['org:login: missing environment variable(s) SF_JWT_KEY, SF_USERNAME']
    });
    expect(readdirSync(record)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
