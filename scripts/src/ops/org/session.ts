import { UserError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import { OrgClient } from '../../org/client';
import { connectOrg } from '../../org/connect';
import type { OrgFailure } from '../../org/errors';

/**
 * Opens the org for an operations command through the one OrgClient: connect (alias or URL with
 * SF_ACCESS_TOKEN), then read /limits and refuse to start below the budget floor.
 */
export async function openOrg(target: string): Promise<OrgClient> {
  const client = new OrgClient(await connectOrg(target), { target });
  await client.checkBudget();
  return client;
}

/** A refused read: one line naming what was read and the platform's error code (exit 2). */
export function readFailed(what: string, f: OrgFailure): UserError {
  return new UserError(opsMsg.org.readFailed(what, String(f.status || ''), f.errorCode), 'OrgReadError');
}
