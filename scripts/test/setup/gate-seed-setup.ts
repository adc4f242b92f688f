import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SEED_ENV } from './gate-seed-env';

/**
 * Once per jest run for the scripts project: an empty folder for the run-wide seed of gate-cache entries
 * (gate-seed.ts), named to the workers in PHI_GUARD_TEST_GATE_SEED. gate-seed-teardown.ts removes it.
 */
export default function globalSetup(): void {
  process.env[SEED_ENV] = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-gate-seed-'));
}
