import { guardMsg } from '../../messages/org';
import { GuardError } from './guard-error';

/**
 * The run's API call budget, checked before every request the Connection sends (REST, Tooling, Composite, SOAP
 * Metadata, SDR's deploy and its status polls), not only at start:
 * - until `/limits` has been read, at most {@link PRE_BUDGET_CALLS} requests (the identity read and `/limits`
 *   with its retries): a code path that forgets to read the budget fails loudly instead of spending freely;
 * - then the run may spend `share` of DailyApiRequests.Max (the `--min-api-share` value, default 10%), and never
 *   take the org below that same share left: the remaining count is the latest `Sforce-Limit-Info: api-usage=`
 *   header the org sent, so calls spent by others during the run count too.
 * Going past either stops the run (GUARD_BUDGET: one line, exit 2).
 * - Limits: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
 * - Sforce-Limit-Info, on every REST response except the versions root:
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
 */
export const PRE_BUDGET_CALLS = 12;

export interface BudgetView {
  /** Requests sent through the guard in this run (every attempt). */
  spent: number;
  /** Calls this run may make in all, once /limits was read. */
  limit?: number;
  /** DailyApiRequests.Max. */
  max?: number;
  /** Daily requests left now, as the org last reported it. */
  remaining?: number;
}

export class CallBudget {
  private spent = 0;
  private limit?: number;
  private floor?: number;
  private share = 0;
  private max?: number;
  /** Remaining at the /limits read, and the requests spent by then. */
  private base?: { remaining: number; spentAt: number };
  /** The latest api-usage header: used/max, and the requests spent when it arrived. */
  private header?: { used: number; max: number; spentAt: number };

  /** Called before each request: throws GUARD_BUDGET when the run may not send it. */
  spend(): void {
    if (this.limit === undefined) {
      if (this.spent >= PRE_BUDGET_CALLS)
        throw new GuardError('GUARD_BUDGET', guardMsg.budget.unread(this.spent));
    } else {
      if (this.spent >= this.limit)
        throw new GuardError('GUARD_BUDGET', guardMsg.budget.runSpent(this.spent, this.limit, this.share));
      const left = this.remaining;
      if (this.floor !== undefined && left !== undefined && left <= this.floor)
        throw new GuardError('GUARD_BUDGET', guardMsg.budget.belowFloor(left, this.max ?? 0, this.share));
    }
    this.spent++;
  }

  /** Reads `api-usage=<used>/<max>` from a Sforce-Limit-Info header, when the answer carried one. */
  observe(header: string | undefined): void {
    const m = header ? /api-usage=(\d+)\/(\d+)/.exec(header) : null;
    if (m) this.header = { used: Number(m[1]), max: Number(m[2]), spentAt: this.spent };
  }

  /** Sets the run's budget from `/limits` DailyApiRequests and the `--min-api-share` floor. */
  setFromLimits(max: number, remaining: number, share: number): void {
    this.max = max;
    this.share = share;
    this.base = { remaining, spentAt: this.spent };
    this.floor = Math.floor(share * max);
    // The run's allowance, the requests already sent included, is set once, at the first read; a later read
    // (the post-deploy verify) refreshes the remaining count and the floor, not the allowance.
    this.limit ??= Math.max(this.spent + 1, share > 0 ? Math.ceil(share * max) : this.spent + remaining);
  }

  /** Daily requests left now: the latest header, else /limits minus what this run spent since. */
  get remaining(): number | undefined {
    if (this.header && (!this.base || this.header.spentAt >= this.base.spentAt))
      return this.header.max - this.header.used;
    return this.base ? this.base.remaining - (this.spent - this.base.spentAt) : undefined;
  }

  view(): BudgetView {
    return {
      spent: this.spent,
      limit: this.limit,
      max: this.max ?? this.header?.max,
      remaining: this.remaining
    };
  }
}
