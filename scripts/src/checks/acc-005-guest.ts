import { checkText } from '../messages/checks';
import { effectiveGrants, type EffectiveGrant } from '../posture/effective-access';
import type { ApexFact, PostureSnapshot } from '../posture/model';
import { personaOf } from '../posture/personas';
import { reachable, touchesPhiObject } from './apex-util';
import type { Check, Finding } from './types';
import { finding, grantComponent, grantName, isPhiObject, locAt, objectName } from './util';

const t = checkText['ACC-005'];

/**
 * Guest (and portal) users reaching PHI: object and field permissions, and Apex. A guest profile or
 * permission set with access to a class that reads PHI reaches PHI whatever its object grants say,
 * because Apex runs in system mode unless it asks otherwise. Portal users may reach their own PHI
 * through Apex, but only through classes that keep sharing on.
 */
export const guestPhiAccess: Check = {
  id: 'ACC-005',
  title: t.title,
  severity: 'critical',
  hipaa: ['164.312(a)(1)', '164.312(d)'],
  needs: ['grants', 'permissionSetGroups', 'fields', 'apex'],
  run(s) {
    const out: Finding[] = [];
    const classes = new Map(s.apex.filter((a) => a.kind === 'class').map((a) => [a.name.toLowerCase(), a]));
    for (const g of effectiveGrants(s)) {
      const persona = personaOf(g);
      if (persona !== 'guest' && persona !== 'portal') continue;
      if (g.missingMembers.length) {
        out.push({
          ...finding(this, {
            message: t.groupUnknown(g.name, g.missingMembers.join(', ')),
            remediation: t.remediation,
            component: grantComponent(g),
            location: locAt(g.at, undefined)
          }),
          notVerified: true
        });
      }
      if (persona === 'guest') out.push(...guestGrants(this, s, g));
      for (const [cls, entry] of g.apexClasses) {
        const a = classes.get(cls);
        if (!a || a.isTest) continue;
        const why = apexExposure(s, a, persona);
        if (!why) continue;
        out.push(
          finding(this, {
            severity: persona === 'guest' ? 'critical' : 'high',
            message:
              persona === 'guest'
                ? t.apex(grantName(g, entry.via), a.name)
                : t.portalApex(grantName(g, entry.via), a.name, why),
            remediation: t.remediation,
            component: grantComponent(g),
            location: entry.at ?? locAt(g.at, undefined)
          })
        );
      }
    }
    return out;
  }
};

function guestGrants(check: Check, s: PostureSnapshot, g: EffectiveGrant): Finding[] {
  const out: Finding[] = [];
  for (const [object, a] of g.objects) {
    if (!isPhiObject(s, object) || !(a.read || a.create || a.edit || a.delete)) continue;
    out.push(
      finding(check, {
        message: t.message(grantName(g, a.via), `PHI object ${objectName(s, object)}`),
        remediation: t.remediation,
        component: grantComponent(g),
        location: a.at ?? locAt(g.at, a.line)
      })
    );
  }
  for (const [field, fp] of g.fields) {
    if (!(fp.read || fp.edit) || !s.phi.get(field)?.phi) continue;
    out.push(
      finding(check, {
        message: t.message(grantName(g, fp.via), `PHI field ${s.fields.get(field)?.id ?? field}`),
        remediation: t.remediation,
        component: grantComponent(g),
        location: fp.at ?? locAt(g.at, undefined)
      })
    );
  }
  return out;
}

/**
 * Why a class exposes PHI to this persona, or undefined. Guests: any class that reads PHI, directly
 * or through the classes it calls. Portal users: such a class (or one it calls) declared `without sharing`.
 */
function apexExposure(s: PostureSnapshot, a: ApexFact, persona: 'guest' | 'portal'): string | undefined {
  const reached = reachable(s, a).filter((c) => !c.isTest);
  const phi = reached.filter((c) => touchesPhiObject(s, c));
  if (!phi.length) return undefined;
  if (persona === 'guest') return 'reads PHI';
  const unshared = phi.find((c) => c.sharing === 'without');
  return unshared ? `without sharing (${unshared.name})` : undefined;
}
