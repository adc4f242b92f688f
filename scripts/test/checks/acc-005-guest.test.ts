import { guestPhiAccess } from '../../src/checks/acc-005-guest';
import { md, phiField, runCheck } from '../helpers/project';

const rx = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };

describe('ACC-005 guest or site access to PHI', () => {
  it('fires on object and field access for guest profiles and guest-licensed permission sets', () => {
    const { findings } = runCheck(guestPhiAccess, {
      ...rx,
      'profiles/Portal Site Guest User.profile-meta.xml': md.profile(
        md.objectPerm('Rx__c', { allowRead: true })
      ),
      'permissionsets/Checkout.permissionset-meta.xml': md.permset(
        `    <license>Guest User License</license>\n${md.fieldPerm('Rx__c.Drug__c', true)}`
      )
    });
    expect(findings.map((f) => [f.component.name, f.severity])).toEqual([
      ['Checkout', 'critical'],
      ['Portal Site Guest User', 'critical']
    ]);
  });

  it('is quiet when guests have no PHI access', () => {
    const { result } = runCheck(guestPhiAccess, {
      ...rx,
      'profiles/Site Guest.profile-meta.xml': md.profile(md.objectPerm('Product2', { allowRead: true }))
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified with a malformed profile (fail closed)', () => {
    const { result } = runCheck(guestPhiAccess, {
      ...rx,
      'profiles/Guest.profile-meta.xml': '<Profile><objectPermissions>'
    });
    expect(result.status).toBe('not-verified');
  });
});
