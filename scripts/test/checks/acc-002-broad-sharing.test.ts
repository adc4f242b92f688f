import { broadSharingRule } from '../../src/checks/acc-002-broad-sharing';
import { md, phiField, runCheck } from '../helpers/project';

const rule = (name: string, to: string, from = '<allInternalUsers></allInternalUsers>') =>
  `    <sharingOwnerRules>\n        <fullName>${name}</fullName>\n        <accessLevel>Read</accessLevel>\n        <label>${name}</label>\n        <sharedTo>\n            ${to}\n        </sharedTo>\n        <sharedFrom>\n            ${from}\n        </sharedFrom>\n    </sharingOwnerRules>`;
const rx = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };

describe('ACC-002 sharing rules that open PHI', () => {
  it('fires on all internal users, guests and portal roles; not on sharedFrom', () => {
    const { findings } = runCheck(broadSharingRule, {
      ...rx,
      'sharingRules/Rx__c.sharingRules-meta.xml': md.raw(
        'SharingRules',
        [
          rule('Everyone', '<allInternalUsers></allInternalUsers>'),
          rule('Portal', '<portalRoleAndSubordinates>CustomerPortal</portalRoleAndSubordinates>'),
          rule('Clinical', '<group>Clinical_Staff</group>'),
          `    <sharingGuestRules>\n        <fullName>Guests</fullName>\n        <accessLevel>Read</accessLevel>\n        <label>Guests</label>\n        <sharedTo>\n            <guestUser>site_guest</guestUser>\n        </sharedTo>\n    </sharingGuestRules>`
        ].join('\n')
      )
    });
    expect(findings.map((f) => [f.component.name, f.severity])).toEqual([
      ['Rx__c.Everyone', 'critical'],
      ['Rx__c.Guests', 'critical'],
      ['Rx__c.Portal', 'high']
    ]);
  });

  it('is quiet for a narrow group and for non-PHI objects', () => {
    const { result } = runCheck(broadSharingRule, {
      ...rx,
      'sharingRules/Rx__c.sharingRules-meta.xml': md.raw(
        'SharingRules',
        rule('Clinical', '<group>Clinical_Staff</group>')
      ),
      'sharingRules/Account.sharingRules-meta.xml': md.raw(
        'SharingRules',
        rule('All', '<allInternalUsers></allInternalUsers>')
      )
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified with a malformed sharing rules (fail closed)', () => {
    const { result } = runCheck(broadSharingRule, {
      ...rx,
      'sharingRules/Rx__c.sharingRules-meta.xml': '<SharingRules><sharingOwnerRules>'
    });
    expect(result.status).toBe('not-verified');
  });
});
