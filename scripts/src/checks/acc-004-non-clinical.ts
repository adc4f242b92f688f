import { checkText } from '../messages/checks';
import { effectiveGrants, fieldAt } from '../posture/effective-access';
import { isAuditorGrant, personaOf } from '../posture/personas';
import type { Check, Finding } from './types';
import { finding, grantComponent, grantName } from './util';

const t = checkText['ACC-004'];

/**
 * Non-clinical personas reading PHI fields, judged on effective access: a permission set group
 * counts with the union of its sets minus its muting set. A group entry granted by a member set of
 * the same persona is reported once, on that set.
 */
export const nonClinicalPhiRead: Check = {
  id: 'ACC-004',
  title: t.title,
  severity: 'high',
  hipaa: ['164.308(a)(4)(ii)(B)', '164.312(a)(1)', '164.502(b)'],
  needs: ['grants', 'permissionSetGroups', 'fields'],
  run(s) {
    const out: Finding[] = [];
    for (const g of effectiveGrants(s)) {
      if (personaOf(g) !== 'non-clinical' || isAuditorGrant(g, s.config.auditorPersonas)) continue;
      const sameSide = new Set(g.members.filter((m) => personaOf(m) === 'non-clinical').map((m) => m.name));
      // forEach, not for...of: no entry array per field grant (a large project's non-clinical grants hold 89,000).
      g.fields.forEach((fp, field) => {
        if (!fp.read || !s.phi.get(field)?.phi || (fp.via && sameSide.has(fp.via))) return;
        out.push(
          finding(this, {
            message: t.message(grantName(g, fp.via), s.fields.get(field)?.id ?? field),
            remediation: t.remediation,
            component: grantComponent(g),
            location: fieldAt(g, fp)
          })
        );
      });
    }
    return out;
  }
};
