import { UserError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import { OrgClient } from '../../org/client';
import { connectOrg } from '../../org/connect';
import type { OrgFailure } from '../../org/errors';

/**
 * Opens the org for an operations command through the one OrgClient: connect (alias or URL with
 * SF_ACCESS_TOKEN), then read /limits and refuse to start below the budget floor (unless the
 * caller hands the client to the org loader, which reads /limits itself).
 */
export async function openOrg(
  target: string,
  opts: { checkBudget?: boolean; apiVersion?: string } = {}
): Promise<OrgClient> {
  const conn = await connectOrg(target, process.env, opts.apiVersion);
  // After connectOrg, which refuses a malformed URL in one line (new URL would throw here first).
  const display = /^https?:\/\//i.test(target) ? new URL(target).origin : target;
  const client = new OrgClient(conn, { target: display });
  if (opts.checkBudget !== false) await client.checkBudget();
  return client;
}

/** A refused read: one line naming what was read and the platform's error code (exit 2). */
export function readFailed(what: string, f: OrgFailure): UserError {
  return new UserError(opsMsg.org.readFailed(what, String(f.status || ''), f.errorCode), 'OrgReadError');
}
