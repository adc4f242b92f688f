import path from 'node:path';
import { InputError } from '../errors';
import { msg } from '../messages';
import { readProjectJsonIfPresent } from '../posture/source/json-file';

/**
 * The suppression register: accepted exceptions, each with a justification, an approver and an
 * expiry. Suppressed findings stay in every report but leave the exit code alone. An expired or
 * incomplete entry suppresses nothing and is itself a finding (POL-001).
 */
export interface Suppression {
  checkId: string;
  /** Glob over the finding's component name: * matches any run of characters, ? one character. */
  component: string;
  justification: string;
  approver: string;
  expires: string;
  line?: number;
}

export interface SuppressionProblem {
  line?: number;
  message: string;
  component: string;
}

export interface SuppressionRegister {
  file: string;
  valid: Suppression[];
  problems: SuppressionProblem[];
}

const REQUIRED = ['checkId', 'component', 'justification', 'approver', 'expires'] as const;

export function loadSuppressions(root: string, relFile: string, now: Date): SuppressionRegister | undefined {
  const read = readProjectJsonIfPresent(root, path.join(root, relFile), relFile);
  if (!read) return undefined;
  const { json, text } = read;
  const list = (json as { suppressions?: unknown }).suppressions;
  if (!Array.isArray(list)) throw new InputError(relFile, 1, msg.policy.notArray);
  const out: SuppressionRegister = { file: relFile, valid: [], problems: [] };
  // Entries are flat objects: the i-th "{" after the array's "[" opens the i-th entry.
  let from = text.indexOf('[', Math.max(0, text.indexOf('"suppressions"')));
  list.forEach((raw, i) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    const at = text.indexOf('{', from + 1);
    const line = at >= 0 ? text.slice(0, at).split('\n').length : undefined;
    if (at >= 0) from = at;
    const label =
      typeof e.checkId === 'string'
        ? `${e.checkId} ${String(e.component ?? '')}`.trim()
        : `suppressions[${i}]`;
    const missing = REQUIRED.filter((k) => typeof e[k] !== 'string' || !(e[k] as string).trim());
    if (missing.length) {
      out.problems.push({
        line,
        component: label,
        message: msg.policy.missing(label, missing)
      });
      return;
    }
    const expires = e.expires as string;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expires) || isNaN(Date.parse(expires))) {
      out.problems.push({
        line,
        component: label,
        message: msg.policy.badExpiry(label, expires)
      });
      return;
    }
    // An entry is valid through the end of its expiry day (UTC).
    if (Date.parse(expires) + 86_400_000 <= now.getTime()) {
      out.problems.push({ line, component: label, message: msg.policy.expired(label, expires) });
      return;
    }
    out.valid.push({
      checkId: e.checkId as string,
      component: e.component as string,
      justification: e.justification as string,
      approver: e.approver as string,
      expires,
      line
    });
  });
  return out;
}

/**
 * Matches a component name against a suppression glob: `*` any run of characters (none included), `?` exactly one,
 * everything else literal, case-insensitive. Linear by construction, never a regular expression: the pattern is
 * split at its stars into literal segments (`?` inside them); the first must match at the start, the last at the
 * end, and each one between is taken at its leftmost match after the previous one. Taking the leftmost match is
 * always safe (a later match leaves less room for the rest, never more), so no position is ever revisited: the
 * scan moves forward through the name once per segment, at most |name| x |segment| character comparisons in all.
 * A 17-star pattern against a 46-character name costs a few hundred comparisons (a backtracking regular
 * expression took 167 s on it: issue 19, item 9).
 *
 * `steps`, when given, counts character comparisons, so tests measure the work done rather than the time.
 */
export function globMatch(glob: string, name: string, steps?: { count: number }): boolean {
  const p = Array.from(glob.toLowerCase());
  const s = Array.from(name.toLowerCase());
  const segments: string[][] = [[]];
  for (const c of p) {
    if (c === '*') segments.push([]);
    else segments.at(-1)!.push(c);
  }
  const at = (seg: string[], i: number): boolean => {
    for (let k = 0; k < seg.length; k++) {
      if (steps) steps.count++;
      if (seg[k] !== '?' && seg[k] !== s[i + k]) return false;
    }
    return true;
  };
  const first = segments[0]!;
  if (segments.length === 1) return s.length === first.length && at(first, 0);
  const last = segments.at(-1)!;
  if (first.length + last.length > s.length) return false;
  if (!at(first, 0) || !at(last, s.length - last.length)) return false;
  let pos = first.length;
  const end = s.length - last.length;
  for (const seg of segments.slice(1, -1)) {
    let found = -1;
    for (let i = pos; i + seg.length <= end; i++) {
      if (at(seg, i)) {
        found = i;
        break;
      }
    }
    if (found < 0) return false;
    pos = found + seg.length;
  }
  return true;
}

export function matches(s: Suppression, checkId: string, componentName: string): boolean {
  return s.checkId === checkId && globMatch(s.component, componentName);
}
