import { rmSync } from 'node:fs';
import { SEED_ENV } from './gate-seed-env';

/** Removes the run's seed of gate-cache entries (gate-seed-setup.ts). */
export default function globalTeardown(): void {
  const dir = process.env[SEED_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
  delete process.env[SEED_ENV];
}
