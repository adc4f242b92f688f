import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { finding, grantComponent, isAuditorGrant, locAt } from './util';

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
  needs: ['grants', 'fields'],
  run(s) {
    const out: Finding[] = [];
    for (const g of s.grants) {
      if (isAuditorGrant(g, s.config.auditorPersonas)) continue;
      const readsPhi =
        g.userPermissions.has('ViewAllData') || [...g.fields].some(([f, fp]) => fp.read && s.phi.get(f)?.phi);
      if (!readsPhi) continue;
      for (const [perm, label] of Object.entries(EXPORT_PERMS)) {
        if (!g.userPermissions.has(perm)) continue;
        out.push(
          finding(this, {
            message: t.message(`${g.kind} ${g.name}`, label),
            remediation: t.remediation,
            component: grantComponent(g),
            location: locAt(g.at, g.userPermissions.get(perm))
          })
        );
      }
    }
    return out;
  }
};
