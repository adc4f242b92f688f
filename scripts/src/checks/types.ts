import { COLLECTIONS, known, type CollectionKey, type Fact, type PostureSnapshot } from '../posture/model';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const severityRank = (s: Severity) => SEVERITIES.length - SEVERITIES.indexOf(s);

export type Location = { file: string; line?: number } | { api: string; id?: string };

export interface Finding {
  checkId: string;
  severity: Severity;
  message: string;
  hipaa: string[];
  remediation: string;
  component: { type: string; name: string };
  location: Location;
  /** Set on the finding a check yields when its evidence is missing: it always fails. */
  notVerified?: boolean;
  /** Set when an entry of the suppression register accepts this finding. */
  suppressed?: { justification: string; approver: string; expires: string };
}

/** Snapshot facts a check may need; an unknown one makes the check "not verified" (or "requires org"). */
export type FactKey =
  | 'session'
  | 'password'
  | 'oauth'
  | 'encryption'
  | 'retention'
  | 'register'
  | 'lwc'
  | CollectionKey
  | keyof PostureSnapshot['orgOnly'];

export interface Check {
  id: string;
  title: string;
  severity: Severity;
  hipaa: string[];
  needs: FactKey[];
  /**
   * 'project' when the check judges a project's files and nothing an org returns: on a live org it is
   * "not applicable" (neither passed nor failed), never a vacuous pass.
   */
  scope?: 'project';
  /** Why a project-scoped check is not applicable on an org, when not the default reason. */
  scopeReason?: string;
  /**
   * Needed facts the check can judge the rest without (a subset of `needs`): when one is unknown the check
   * still runs, and the engine adds a "not verified" finding for it, so what can be shown is shown and the
   * check still fails closed.
   */
  partial?: FactKey[];
  /** Pure: snapshot in, findings out. `now` is injected for date-based checks. */
  run(snapshot: PostureSnapshot, now: Date): Finding[];
}

export const isCollection = (key: FactKey): key is CollectionKey =>
  (COLLECTIONS as readonly string[]).includes(key);

export function factOf(s: PostureSnapshot, key: FactKey): Fact<unknown> {
  if (isCollection(key)) return s.gaps[key]?.[0] ?? known(true);
  if (key in s.orgOnly) return s.orgOnly[key as keyof PostureSnapshot['orgOnly']];
  return s[key as Exclude<FactKey, CollectionKey | keyof PostureSnapshot['orgOnly']>] as Fact<unknown>;
}
