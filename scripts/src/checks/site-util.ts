import { apexClassesOf } from '../posture/lwc';
import type { PostureSnapshot } from '../posture/model';
import { reachable, touchesPhiObject } from './apex-util';

/**
 * Whether a custom component reaches PHI: through the Apex it (or a component it nests) imports,
 * when that Apex, or a class it calls, reads or writes a PHI object. A component whose source is
 * not known (not in the project, or not readable from the org) cannot be shown to stay away from
 * PHI: it counts as unknown, and the checks fail closed on it.
 */
export function componentPhi(
  s: PostureSnapshot,
  name: string
): { verdict: 'phi' | 'none' | 'unknown'; via?: string } {
  const { classes, unknown } = apexClassesOf(name, s.lwcs);
  const byName = new Map(s.apex.filter((a) => a.kind === 'class').map((a) => [a.name.toLowerCase(), a]));
  for (const cls of [...classes].sort()) {
    const a = byName.get(cls.toLowerCase());
    if (!a) return { verdict: 'unknown', via: cls };
    if (reachable(s, a).some((c) => !c.isTest && touchesPhiObject(s, c))) return { verdict: 'phi', via: cls };
  }
  if (unknown.length) return { verdict: 'unknown', via: unknown[0] };
  return { verdict: 'none' };
}

/** Apex classes the custom components on the given pages import (directly or through nested components). */
export function apexNeededBy(s: PostureSnapshot, components: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const c of components) for (const cls of apexClassesOf(c, s.lwcs).classes) out.add(cls.toLowerCase());
  return out;
}
