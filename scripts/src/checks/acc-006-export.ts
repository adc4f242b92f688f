import { checkText } from '../messages/checks';
import { effectiveGrants } from '../posture/effective-access';
import { isAuditorGrant } from '../posture/personas';
import type { Check, Finding } from './types';
import { finding, grantComponent, grantName, locAt } from './util';

const t = checkText['ACC-006'];
const EXPORT_PERMS: Record<string, string> = {
  ExportReport: 'Export Reports',
  DataExport: 'Weekly Data Export'
};
const EXPORT_NAMES = Object.keys(EXPORT_PERMS);

export const phiExportRights: Check = {
  id: 'ACC-006',
  title: t.title,
  severity: 'high',
  hipaa: ['164.308(a)(4)(ii)(B)', '164.312(a)(1)', '164.502(b)'],
  needs: ['grants', 'permissionSetGroups', 'fields'],
  run(s) {
    const out: Finding[] = [];
    for (const g of effectiveGrants(s)) {
      if (isAuditorGrant(g, s.config.auditorPersonas)) continue;
      // Only an export right is reported: a grant with none is not searched for PHI reads.
      if (!EXPORT_NAMES.some((perm) => g.userPermissions.has(perm))) continue;
      if (!readsPhiAlone(s, g)) continue;
      for (const [perm, label] of Object.entries(EXPORT_PERMS)) {
        const p = g.userPermissions.get(perm);
        if (!p) continue;
        // A group whose export right and PHI read both come from one member set repeats that set's finding.
        if (
          g.kind === 'PermissionSetGroup' &&
          p.via &&
          g.members.some((m) => m.name === p.via && readsPhiAlone(s, m))
        )
          continue;
        out.push(
          finding(this, {
            message: t.message(grantName(g, p.via), label),
            remediation: t.remediation,
            component: grantComponent(g),
            location: p.at ?? locAt(g.at, undefined)
          })
        );
      }
    }
    return out;
  }
};

function readsPhiAlone(
  s: Parameters<Check['run']>[0],
  m: { userPermissions: Map<string, unknown>; fields: Map<string, { read: boolean }> }
): boolean {
  if (m.userPermissions.has('ViewAllData')) return true;
  for (const [f, fp] of m.fields) if (fp.read && s.phi.get(f)?.phi) return true;
  return false;
}
