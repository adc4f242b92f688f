import type { OrgState } from './state';

/**
 * Fault switches and the API budget.
 * - `unauthorized[:N]`: 401 INVALID_SESSION_ID from the Nth counted call on (default 1)
 * - `request-limit`: 403 REQUEST_LIMIT_EXCEEDED (also when the budget runs out)
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 * - `invalid-type:<feature>`: objects of a feature answer INVALID_TYPE (shield, events, psg, network, health, packages)
 * - `error-500`, `flaky-503` (every other call), `unavailable` (503 on every call: an org in maintenance)
 *   (503 Server Unavailable, same page as above)
 * - `latency:<ms>` before every answer, or `latency:<ms>:<SOAP method>` before that Metadata API call's answers only
 *   (e.g. `latency:1500:checkDeployStatus`: a deploy whose status polls are slow, the rest of the org quick)
 * - `low-budget` (95% of the daily allocation used), `budget:<max>`
 * - `user-perm-off:<Permission>`: the running user lacks it (UserPermissionAccess false; CustomizeApplication also
 *   limits OauthToken to the user's own tokens)
 * - `log-tamper:<sequence>`: that PHI_Access_Log__c row reads back altered, so its hash no longer matches
 * - `bulk-job-failed`: Bulk 2.0 query jobs end in state Failed with an errorMessage
 * - deploy switches (see deploy.ts): `deploy-component-error`, `deploy-test-failure`, `deploy-low-coverage`,
 *   `deploy-slow[:<polls>]` (InProgress for that many status polls, 5 by default)
 */
export type FaultKind = 'unauthorized' | 'request-limit' | 'error-500' | 'flaky-503';

export const FAULT_NAMES = [
  'unauthorized',
  'request-limit',
  'invalid-type',
  'error-500',
  'flaky-503',
  'unavailable',
  'latency',
  'low-budget',
  'budget',
  'deploy-component-error',
  'deploy-test-failure',
  'deploy-low-coverage',
  'deploy-slow',
  'user-perm-off',
  'log-tamper',
  'bulk-job-failed'
];

export class Faults {
  private active = new Map<string, string>();
  private used = 0;
  private max: number;
  private counted = 0;
  private flaky = 0;
  private baseFeatures: Set<string>;
  /** The SOAP method `latency` is limited to (`latency:<ms>:<method>`); every answer when unset. */
  private latencyOn?: string;
  /** The latency the emulator was started with (`--latency-ms`): what a set of faults without `latency` returns to. */
  private readonly baseLatencyMs: number;

  constructor(
    private readonly state: OrgState,
    faults: string[],
    private latencyMs: number
  ) {
    this.max = state.info.apiMax;
    this.baseFeatures = new Set(state.missingFeatures);
    this.baseLatencyMs = latencyMs;
    this.set(faults);
  }

  /** Throws on an unknown switch so a typo never silently runs a clean org. */
  static validate(f: string): void {
    const name = f.split(':')[0] as string;
    if (!FAULT_NAMES.includes(name))
      throw new Error(`unknown fault '${f}' (known: ${FAULT_NAMES.join(', ')})`);
  }

  set(faults: string[]): void {
    for (const f of faults) Faults.validate(f);
    this.active.clear();
    this.state.missingFeatures.clear();
    this.state.userPermsOff.clear();
    this.state.tamperedLogSequence = undefined;
    for (const f of this.baseFeatures) this.state.missingFeatures.add(f);
    this.max = this.state.info.apiMax;
    this.latencyMs = this.baseLatencyMs;
    this.latencyOn = undefined;
    for (const f of faults) {
      const [name, arg = ''] = f.split(/:(.*)/s) as [string, string?];
      this.active.set(name, arg);
      if (name === 'invalid-type') for (const feat of arg.split(',')) this.state.missingFeatures.add(feat);
      if (name === 'user-perm-off') for (const p of arg.split(',')) this.state.userPermsOff.add(p);
      if (name === 'log-tamper') this.state.tamperedLogSequence = Number(arg) || 1;
      if (name === 'budget') this.max = Number(arg) || this.max;
      if (name === 'latency') {
        const [ms = '', method] = arg.split(':');
        this.latencyMs = Number(ms) || 0;
        this.latencyOn = method || undefined;
      }
    }
    if (this.active.has('low-budget')) this.used = Math.max(this.used, Math.floor(this.max * 0.95));
  }

  has(name: string): boolean {
    return this.active.has(name);
  }

  reset(): void {
    this.used = 0;
    this.counted = 0;
    this.flaky = 0;
    this.set([]);
  }

  budget(): { max: number; remaining: number } {
    return { max: this.max, remaining: Math.max(0, this.max - this.used) };
  }

  count(n: number): void {
    this.used += n;
  }

  /** The switch's argument (`name:<arg>`), if the switch is on. */
  arg(name: string): string | undefined {
    return this.active.get(name);
  }

  /** Waits the latency before an answer: every answer, or only those to the SOAP method it is limited to. */
  async delay(soapMethod?: string): Promise<void> {
    if (this.latencyOn !== undefined && this.latencyOn !== soapMethod) return;
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
  }

  /** The fault that answers this request instead of the org, if any. */
  before(counted: boolean, authorised: boolean): { kind: FaultKind } | undefined {
    if (!authorised) return { kind: 'unauthorized' };
    if (!counted) return undefined;
    this.counted++;
    const from = this.active.get('unauthorized');
    if (from !== undefined && this.counted >= (Number(from) || 1)) return { kind: 'unauthorized' };
    if (this.active.has('request-limit') || this.used >= this.max) return { kind: 'request-limit' };
    if (this.active.has('error-500')) return { kind: 'error-500' };
    if (this.active.has('flaky-503') && this.flaky++ % 2 === 0) return { kind: 'flaky-503' };
    if (this.active.has('unavailable')) return { kind: 'flaky-503' };
    return undefined;
  }
}
