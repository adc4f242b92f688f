/** The variable naming the jest run's seed of gate-cache entries (gate-seed.ts); a module of its own, so the global
 * set-up and teardown load none of the product's code. */
export const SEED_ENV = 'PHI_GUARD_TEST_GATE_SEED';
