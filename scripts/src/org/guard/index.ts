import type { Connection } from '@salesforce/core';
import { CallBudget } from './budget';
import { isGuardError, type GuardError } from './guard-error';
import { settingsFromEnv, type GuardSettings } from './settings';
import { GuardedTransport } from './transport';

/**
 * The org guard: the one layer every org answer passes before any reader sees it, and every request before it
 * leaves. One guard per connection holds the instance's origin, the run's call budget, the timeouts and caps,
 * and the transport that enforces them (see ./transport, ./shapes, ./budget, ./paging). `connectOrg` puts it
 * under the `@salesforce/core` Connection, so the OrgClient, the org loader, the deploy follower (SDR) and every
 * operations command read the org through it; {@link guardOf} installs it on any Connection that lacks one.
 */
export class OrgGuard {
  readonly budget = new CallBudget();
  readonly transport: GuardedTransport;

  constructor(
    readonly origin: string,
    readonly settings: GuardSettings = settingsFromEnv()
  ) {
    this.transport = new GuardedTransport(origin, settings, this.budget);
  }

  /**
   * The guard's latest refusal. A library between us and the transport may wrap it into its own error with only
   * the message kept (SDR: "Metadata API request failed: <message>"): {@link refusalIn} finds it again.
   */
  get lastRefusal(): GuardError | undefined {
    return this.transport.lastRefusal;
  }

  /** The guard's refusal behind an error a library made from it, if that is what it is. */
  refusalIn(e: unknown): GuardError | undefined {
    if (isGuardError(e)) return e;
    const text = String((e as { message?: unknown })?.message ?? '');
    const last = this.transport.lastRefusal;
    return last && text.includes(last.message) ? last : undefined;
  }

  /** The epoch-ms deadline of a call started at `startedAt`, its retries included. */
  deadline(startedAt = Date.now()): number {
    return startedAt + this.settings.timeouts.totalMs;
  }
}

const guards = new WeakMap<Connection, OrgGuard>();

/** The part of jsforce's Connection the guard replaces: its HTTP transport (typed by @salesforce/core). */
type Transportable = { _transport: Connection['_transport'] };

/**
 * Installs a guard under a Connection (once): every request it sends (REST, Tooling, Composite, SOAP Metadata,
 * SDR's deploy and polls) then goes through the guard's transport.
 */
export function guardConnection(conn: Connection, guard?: OrgGuard): OrgGuard {
  const existing = guards.get(conn);
  if (existing) return existing;
  const g = guard ?? new OrgGuard(new URL(conn.instanceUrl).origin);
  (conn as unknown as Transportable)._transport = g.transport as unknown as Connection['_transport'];
  // SDR asks the Connection for the org's highest API version before a deploy; @salesforce/core answers with a
  // request and then saves the answer into the auth file (AuthInfo.save: a write and a lock under HOME). The
  // run pins its API version, so that is the answer (Connection.retrieveMaxApiVersion reads this field first).
  (conn as unknown as { maxApiVersion?: string }).maxApiVersion = conn.getApiVersion();
  guards.set(conn, g);
  return g;
}

/** The guard of a Connection, installed now if it has none. */
export function guardOf(conn: Connection): OrgGuard {
  return guards.get(conn) ?? guardConnection(conn);
}

export { GuardError, isGuardError, type GuardCode } from './guard-error';
export { PageTracker } from './paging';
export type { BudgetView } from './budget';
export { settingsFromEnv, type GuardSettings } from './settings';
