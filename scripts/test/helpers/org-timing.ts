import { TIMEOUTS_VAR } from '../../src/org/guard/settings';

/**
 * The suite's org pace (set for every test file by ../setup/org-timing.ts): retries of a transient failure (a 503, a
 * dropped socket) wait 10 ms before the first retry instead of 250 ms, and deploy status polls come every 50 ms
 * instead of every second. Only the pace changes, never what is proven: the same retries are sent, counted and
 * named, the same polls answered, and `--wait` and the guard's timeouts stay as each test sets them. The defaults
 * themselves are proven where they are the subject: the settings (../org/guard.test.ts), the retry schedule on a real
 * socket (../org/client.test.ts) and the deploy poll interval (../deploy/sdr-outcome.test.ts).
 */
export const SUITE_ORG_TIMING = 'backoff=10ms,deploy-poll=50ms';

/** PHI_GUARD_ORG_TIMEOUTS for a test that sets keys of its own: the suite's pace, then those keys (the last wins). */
export const orgTimeouts = (keys: string): NodeJS.ProcessEnv => ({
  [TIMEOUTS_VAR]: `${SUITE_ORG_TIMING},${keys}`
});
