import { TIMEOUTS_VAR } from '../../src/org/guard/settings';
import { SUITE_ORG_TIMING } from '../helpers/org-timing';

/**
 * Every test file of the scripts project runs with the suite's org pace (../helpers/org-timing.ts): short retry
 * backoff and deploy status polls, for in-process runs and for the CLI's child processes, which inherit this
 * environment. A test that proves the product's own pace removes or replaces the variable.
 */
process.env[TIMEOUTS_VAR] = SUITE_ORG_TIMING;
