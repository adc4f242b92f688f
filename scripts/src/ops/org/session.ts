import { UserError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import { orgMsg } from '../../messages/org';
import { OrgClient } from '../../org/client';
import type { OrgFailure } from '../../org/errors';

const connectWarnings = new WeakMap<OrgClient, string[]>();

/**
 * Opens the org for an operations command through the one OrgClient (and so the org guard): connect (alias or
 * URL with SF_ACCESS_TOKEN), then read /limits and refuse to start below the budget floor (unless the caller
 * hands the client to the org loader, which reads /limits itself).
 */
export async function openOrg(
  target: string,
  opts: { checkBudget?: boolean; apiVersion?: string } = {}
): Promise<OrgClient> {
  const warnings: string[] = [];
  // Loaded here: the Salesforce SDK (@salesforce/core, jsforce) behind connectOrg costs most of a CLI start, and an
  // offline run (a file, the project) never uses it. OrgClient itself only holds a Connection's type.
  const { connectOrg } = await import('../../org/connect');
  const conn = await connectOrg(target, process.env, opts.apiVersion, (w) => warnings.push(w));
  // After connectOrg, which refuses a malformed URL in one line (new URL would throw here first).
  const display = /^https?:\/\//i.test(target) ? new URL(target).origin : target;
  const client = new OrgClient(conn, { target: display });
  connectWarnings.set(client, warnings);
  if (opts.checkBudget !== false) await client.checkBudget();
  return client;
}

/**
 * The lines an operations command prints on stderr after its report: what connecting warned of (each once), and
 * the API calls the run used with the daily requests left as of the end of the run.
 */
export function orgLines(client: OrgClient): string[] {
  const b = client.budgetNow;
  return [
    ...new Set(connectWarnings.get(client) ?? []),
    orgMsg.budget.used(client.callsUsed, b.remaining, b.max)
  ];
}

/**
 * A refused read: one line naming what was read and the platform's error code, or the org guard's reason (an
 * answer that is not the documented shape, too large, off the instance's origin, a paging loop) (exit 2).
 */
export function readFailed(what: string, f: OrgFailure): UserError {
  if (f.errorCode.startsWith('GUARD_'))
    return new UserError(opsMsg.org.rejected(what, f.message), 'OrgReadError');
  return new UserError(opsMsg.org.readFailed(what, String(f.status || ''), f.errorCode), 'OrgReadError');
}
