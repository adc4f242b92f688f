import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT } from '../errors';
import { deployMsg as m } from '../messages/deploy';

/**
 * `npm run org:login` in the release pipeline: the JWT bearer flow with `sf org login jwt`
 * (https://developer.salesforce.com/docs/atlas.en-us.sfdx_cli_reference.meta/sfdx_cli_reference/cli_reference_org_commands_unified.htm#cli_reference_org_login_jwt_unified).
 * The client id, the private key and the username come from the environment (repository secrets); the key is
 * written to a private temporary file for `--jwt-key-file` and removed afterwards. Nothing secret is printed.
 */
export const JWT_ENV = ['SF_CLIENT_ID', 'SF_JWT_KEY', 'SF_USERNAME'] as const;

/** The `sf org login jwt` arguments; `env` holds every JWT_ENV variable (jwtLogin checks before calling). */
export function jwtLoginArgs(env: NodeJS.ProcessEnv, keyFile: string): string[] {
  return [
    'org',
    'login',
    'jwt',
    '--client-id',
    env.SF_CLIENT_ID as string,
    '--jwt-key-file',
    keyFile,
    '--username',
    env.SF_USERNAME as string,
    '--instance-url',
    env.SF_INSTANCE_URL?.trim() || 'https://login.salesforce.com',
    '--alias',
    env.SF_ORG_ALIAS?.trim() || 'release',
    '--set-default'
  ];
}

/**
 * Runs `sf org login jwt` (found on the PATH of `env`) with the key in a private temporary file, removed
 * afterwards whatever happens. sf's stdout is not shown (it names the org and user); its stderr is (its errors).
 * `tmpRoot` is where the key's private folder is made (the system's temporary folder).
 * @returns the exit code: sf's own, or 2 when the environment is incomplete or sf cannot be started.
 */
export function jwtLogin(env: NodeJS.ProcessEnv, err: (line: string) => void, tmpRoot = os.tmpdir()): number {
  const missing = JWT_ENV.filter((k) => !env[k]?.trim());
  if (missing.length) {
    err(m.jwt.missing(missing));
    return EXIT.usage;
  }
  const dir = mkdtempSync(path.join(tmpRoot, 'phi-guard-jwt-'));
  const keyFile = path.join(dir, 'server.key');
  try {
    writeFileSync(keyFile, env.SF_JWT_KEY as string, { mode: 0o600 });
    const r = spawnSync('sf', jwtLoginArgs(env, keyFile), { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.error) {
      err(m.jwt.cannotRun(String((r.error as NodeJS.ErrnoException).code)));
      return EXIT.usage;
    }
    if (r.status !== 0) err(m.jwt.failed(String(r.status ?? r.signal)));
    return r.status ?? EXIT.usage;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = jwtLogin(process.env, (l) => process.stderr.write(`${l}\n`));
