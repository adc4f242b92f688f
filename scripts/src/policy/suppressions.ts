import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';
import { msg } from '../messages';
import { readJson } from '../posture/source/json-file';

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
  const file = path.join(root, relFile);
  if (!existsSync(file)) return undefined;
  const { json, text } = readJson(file, relFile);
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

export function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

export function matches(s: Suppression, checkId: string, componentName: string): boolean {
  return s.checkId === checkId && globToRegExp(s.component).test(componentName);
}
