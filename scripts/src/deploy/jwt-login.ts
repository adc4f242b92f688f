import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm run org:login` in the release pipeline: the JWT bearer flow with `sf org login jwt`
 * (https://developer.salesforce.com/docs/atlas.en-us.sfdx_cli_reference.meta/sfdx_cli_reference/cli_reference_org_commands_unified.htm#cli_reference_org_login_jwt_unified).
 * The client id, the private key and the username come from the environment (repository secrets); the key is
 * written to a private temporary file for `--jwt-key-file` and removed afterwards. Nothing secret is printed.
 */
export const JWT_ENV = ['SF_CLIENT_ID', 'SF_JWT_KEY', 'SF_USERNAME'] as const;

export function jwtLoginArgs(env: NodeJS.ProcessEnv, keyFile: string): string[] {
  const missing = JWT_ENV.filter((k) => !env[k]?.trim());
  if (missing.length) throw new Error(`org:login: missing environment variable(s) ${missing.join(', ')}`);
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

function main(): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-jwt-'));
  const keyFile = path.join(dir, 'server.key');
  try {
    const args = jwtLoginArgs(process.env, keyFile);
    writeFileSync(keyFile, process.env.SF_JWT_KEY as string, { mode: 0o600 });
    const r = spawnSync('sf', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) process.stderr.write(`org:login: sf org login jwt failed (exit ${r.status})\n`);
    return r.status ?? 2;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main();
