import type { OrgState } from '../state';

/** Placeholder replaced by the generator below (see generateLarge). */
export function generateLarge(_state: OrgState, _now: Date): void {}
