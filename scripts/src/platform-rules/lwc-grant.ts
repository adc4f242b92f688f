import { rulesMsg } from '../messages/rules';
import { APEX_GRANT_URL, classGrantOf, missingApexGrants } from '../posture/lwc';
import { grantOf } from '../posture/source/readers/access';
import type { PlatformRule } from './types';

/**
 * A Lightning web component importing an @AuraEnabled class that the persona using the component is not
 * granted: "An authenticated or guest user can access an @AuraEnabled Apex method only when the user's
 * profile or an assigned permission set allows access to the Apex class"
 * (https://developer.salesforce.com/docs/atlas.en-us.lightning.meta/lightning/apex_grant_permission.htm).
 * Apex tests cannot show it: System.runAs does not check class access. The persona of a component and of a
 * grant are decided as in verify's LWC-001 (scripts/src/posture/lwc.ts): Experience Builder targets mean the
 * portal's users, served by the portal permission sets and profiles; Lightning Experience targets mean
 * internal users; a component its parents' templates use serves their users.
 */
export const lwcApexGrantRule: PlatformRule = {
  id: 'lwc-apex-grant',
  title: rulesMsg.titles.lwcApexGrant,
  url: APEX_GRANT_URL,
  scope: 'project',
  run(project) {
    const grants = [
      ...project.docs('PermissionSet').map((d) => ({ d, kind: 'PermissionSet' as const })),
      ...project.docs('Profile').map((d) => ({ d, kind: 'Profile' as const }))
    ].map(({ d, kind }) =>
      classGrantOf(grantOf(d.node, kind, { name: d.name, file: d.file, relFile: d.file, format: 'source' }))
    );
    return missingApexGrants(project.bundles(), grants).map((m) => ({
      rule: this.id,
      file: 'file' in m.at ? m.at.file : '',
      line: 'file' in m.at ? m.at.line : undefined,
      message: rulesMsg.lwc.missing(m.bundle, m.className, m.method, m.audience, m.personas.join(', ')),
      url: this.url
    }));
  }
};
