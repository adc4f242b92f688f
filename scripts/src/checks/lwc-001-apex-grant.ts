import { checkText } from '../messages/checks';
import { rulesMsg } from '../messages/rules';
import { effectiveGrants } from '../posture/effective-access';
import { missingApexGrants, type ClassGrant } from '../posture/lwc';
import { personaOf } from '../posture/personas';
import type { Check, Finding } from './types';
import { finding, grantComponent, locAt } from './util';

const t = checkText['LWC-001'];

/**
 * Lightning web components and the class access their Apex needs. "An authenticated or guest user can
 * access an @AuraEnabled Apex method only when the user's profile or an assigned permission set allows
 * access to the Apex class" (https://developer.salesforce.com/docs/atlas.en-us.lightning.meta/lightning/apex_grant_permission.htm):
 * - a component whose users hold no grant for a class it imports is broken for them. For the patient portal
 *   that is the availability of the patients' own ePHI (164.306(a)(1): confidentiality, integrity and
 *   availability), and the access rights designed for them are not the ones granted (164.312(a)(1)). Not
 *   164.308(a)(7): that standard is the contingency plan for emergencies, not a release defect;
 * - a class granted to a guest user can be called by anyone on the internet without logging in: exposure
 *   (164.312(a)(1)). ACC-005 says, in addition, when that class reads PHI.
 *
 * Who uses a component: its targets (Experience Builder: the portal's users; Lightning Experience: internal
 * users), passed down to the components its templates use. Which grants serve them: personaOf, the same
 * reading of names, labels and licences every access check uses. Site membership (Network) is not read.
 *
 * Online the components and class grants are not read yet, so on an org the check is not applicable, with
 * that reason: never a pass (the snapshot's LWC fact is unknown online too).
 */
export const lwcApexGrant: Check = {
  id: 'LWC-001',
  title: t.title,
  severity: 'high',
  hipaa: ['164.306(a)(1)', '164.312(a)(1)'],
  needs: ['lwc', 'grants', 'permissionSetGroups', 'apex'],
  scope: 'project',
  scopeReason: rulesMsg.lwc.notReadOnline,
  run(s) {
    if (!s.lwc.known) return [];
    const out: Finding[] = [];
    const grants = effectiveGrants(s);
    const classGrants: ClassGrant[] = grants.map((g) => ({
      kind: g.kind,
      name: g.name,
      label: g.label,
      license: g.license,
      classes: new Set(g.apexClasses.keys()),
      at: g.at
    }));
    for (const m of missingApexGrants(s.lwc.value, classGrants)) {
      out.push(
        finding(this, {
          severity: m.audience === 'portal' ? 'high' : 'medium',
          message: t.missing(m.bundle, m.className, m.method, m.audience, m.personas.join(', ')),
          remediation: t.remediation,
          component: { type: 'LightningComponentBundle', name: m.bundle },
          location: locAt(m.at, undefined)
        })
      );
    }
    const classes = new Map(s.apex.filter((a) => a.kind === 'class').map((a) => [a.name.toLowerCase(), a]));
    // class names as the grants write them (the effective grants key them in lower case)
    const written = new Map(s.grants.flatMap((g) => g.apexClasses.map((c) => [c.toLowerCase(), c] as const)));
    for (const g of grants) {
      if (g.kind === 'MutingPermissionSet' || personaOf(g) !== 'guest') continue;
      for (const [cls, entry] of g.apexClasses) {
        const a = classes.get(cls);
        if (a?.isTest) continue;
        const kinds = [...new Set((a?.entryPoints ?? []).map((e) => `@${e.kind}`))];
        if (a && kinds.length === 0) continue; // no entry point: class access opens nothing
        out.push(
          finding(this, {
            hipaa: ['164.312(a)(1)'],
            message: t.guest(
              `${g.kind} ${g.name}${entry.via && entry.via !== g.name ? ` (via ${entry.via})` : ''}`,
              a?.name ?? written.get(cls) ?? cls,
              a ? t.surfaceEntryPoints(kinds.join(', ')) : t.surfaceUnknown
            ),
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
