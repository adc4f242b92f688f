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
      const readsPhi =
        g.userPermissions.has('ViewAllData') || [...g.fields].some(([f, fp]) => fp.read && s.phi.get(f)?.phi);
      if (!readsPhi) continue;
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
  return (
    m.userPermissions.has('ViewAllData') || [...m.fields].some(([f, fp]) => fp.read && !!s.phi.get(f)?.phi)
  );
}
