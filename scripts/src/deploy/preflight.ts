import path from 'node:path';
import { CONFIG_FILE_CAP, readTextIfPresent } from '../files/read';
import { UserError } from '../errors';
import { deployMsg as m } from '../messages/deploy';
import type { OrgClient } from '../org/client';

/**
 * The org preflight: each prerequisite of config/org-prerequisites.json (written by the force-app issue) that is
 * checked before a deploy is read from the org with its own query, and judged against its `expect`. A query the
 * org refuses (INVALID_TYPE for a Shield object in an org without Shield, a field the user cannot see) means the
 * prerequisite is missing: fail closed. Manual items are listed, never claimed as met.
 * - TenantSecret: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_tenantsecret.htm
 * - UserPermissionAccess (the running user's effective permissions):
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_userpermissionaccess.htm
 * - Certificate (Tooling API): https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_certificate.htm
 */
export interface Prerequisite {
  id: string;
  description: string;
  blocking: boolean;
  when: 'before' | 'after';
  check: { api: 'soql' | 'tooling' | 'manual'; query?: string; expect?: string; step?: string };
  components: string[];
  reference: string;
}

export interface PrerequisiteStatus {
  id: string;
  status: 'met' | 'missing' | 'manual';
  /** Why it is missing (what the org answered), never a value read from a record. */
  reason?: string;
  blocking: boolean;
  reference: string;
}

export const PREREQUISITES_FILE = 'config/org-prerequisites.json';

export function loadPrerequisites(root: string): Prerequisite[] {
  const file = path.join(root, PREREQUISITES_FILE);
  // Through the file rules (scripts/src/files/read.ts): a regular file inside the project, within the config cap.
  const text = readTextIfPresent(file, { display: PREREQUISITES_FILE, cap: CONFIG_FILE_CAP, root });
  if (text === undefined)
    throw new UserError(m.preflight.badFile(PREREQUISITES_FILE, 'not found'), 'InputError');
  let json: { prerequisites?: unknown };
  try {
    json = JSON.parse(text) as { prerequisites?: unknown };
  } catch {
    throw new UserError(m.preflight.badFile(PREREQUISITES_FILE, 'not valid JSON'), 'InputError');
  }
  const list = json.prerequisites;
  if (!Array.isArray(list))
    throw new UserError(
      m.preflight.badFile(PREREQUISITES_FILE, '"prerequisites" must be a list'),
      'InputError'
    );
  list.forEach((p: Partial<Prerequisite>, i) => {
    const api = p?.check?.api;
    const ok =
      typeof p?.id === 'string' &&
      typeof p.blocking === 'boolean' &&
      (p.when === 'before' || p.when === 'after') &&
      Array.isArray(p.components) &&
      (api === 'manual' || ((api === 'soql' || api === 'tooling') && typeof p.check?.query === 'string'));
    if (!ok)
      throw new UserError(
        m.preflight.badFile(
          PREREQUISITES_FILE,
          `prerequisites[${i}] needs id, blocking, when, components and a check`
        ),
        'InputError'
      );
  });
  return list as Prerequisite[];
}

/** Reads every `before` prerequisite from the org (one composite round for all the queries). */
export async function runPreflight(
  client: OrgClient,
  prerequisites: Prerequisite[],
  now: Date
): Promise<PrerequisiteStatus[]> {
  const before = prerequisites.filter((p) => p.when === 'before');
  const queried = before.filter((p) => p.check.api !== 'manual');
  const answers = await client.queryMany(
    queried.map((p) => ({ soql: p.check.query as string, tooling: p.check.api === 'tooling' }))
  );
  return before.map((p) => {
    const base = { id: p.id, blocking: p.blocking, reference: p.reference };
    if (p.check.api === 'manual') return { ...base, status: 'manual' as const };
    const a = answers[queried.indexOf(p)]!;
    if (!a.ok)
      return { ...base, status: 'missing' as const, reason: m.preflight.unreadable(a.failure.errorCode) };
    const reason = judge(p.check.query as string, a.records, now);
    return reason ? { ...base, status: 'missing' as const, reason } : { ...base, status: 'met' as const };
  });
}

/**
 * Judges the rows a prerequisite's query returned, from the query itself:
 * - `FROM UserPermissionAccess`: every selected Permissions* field is true;
 * - `Type IN (...)`: one row of each type;
 * - a selected ExpirationDate: a row not expired;
 * - selected TotalLicenses and UsedLicenses (UserLicense): a row with a free seat
 *   (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_userlicense.htm);
 * - otherwise: at least one row.
 * @returns the reason it is missing, or undefined when met.
 */
export function judge(query: string, rows: Record<string, unknown>[], now: Date): string | undefined {
  if (/\bFROM\s+UserPermissionAccess\b/i.test(query)) {
    const fields =
      /SELECT\s+(.*?)\s+FROM/is
        .exec(query)?.[1]
        ?.split(',')
        .map((f) => f.trim()) ?? [];
    const row = rows[0];
    if (!row) return m.preflight.noRows;
    const off = fields.filter((f) => row[f] !== true);
    return off.length ? m.preflight.permissionOff(off.join(', ')) : undefined;
  }
  const inList = /\bType\s+IN\s*\(([^)]*)\)/i.exec(query)?.[1];
  if (inList) {
    const want = [...inList.matchAll(/'([^']+)'/g)].map((x) => x[1] as string);
    const have = new Set(rows.map((r) => r.Type));
    const lacking = want.filter((t) => !have.has(t));
    return lacking.length ? m.preflight.typesMissing(lacking) : undefined;
  }
  if (rows.length === 0) return m.preflight.noRows;
  if (/\bTotalLicenses\b/.test(query)) {
    const free = rows.some(
      (r) =>
        typeof r.TotalLicenses === 'number' &&
        typeof r.UsedLicenses === 'number' &&
        r.TotalLicenses > r.UsedLicenses
    );
    return free ? undefined : m.preflight.noSeats;
  }
  if (/\bExpirationDate\b/.test(query)) {
    const valid = rows.some((r) => typeof r.ExpirationDate === 'string' && new Date(r.ExpirationDate) > now);
    return valid ? undefined : m.preflight.expired;
  }
  return undefined;
}
