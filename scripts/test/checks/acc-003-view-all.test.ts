import { viewAllModifyAll } from '../../src/checks/acc-003-view-all';
import { md, phiField, runCheck } from '../helpers/project';

const rx = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };

describe('ACC-003 View All / Modify All', () => {
  it('fires on View All Data and on View All / Modify All records of a PHI object', () => {
    const { findings } = runCheck(viewAllModifyAll, {
      ...rx,
      'permissionsets/Power.permissionset-meta.xml': md.permset(
        [md.objectPerm('Rx__c', { allowRead: true, viewAllRecords: true }), md.userPerm('ViewAllData')].join(
          '\n'
        )
      ),
      'profiles/Ops.profile-meta.xml': md.profile(
        md.objectPerm('Rx__c', { allowRead: true, allowEdit: true, modifyAllRecords: true })
      )
    });
    expect(findings.map((f) => [f.component.name, f.severity, f.message])).toEqual([
      ['Power', 'critical', 'PermissionSet Power grants View All Data, which exposes every PHI record'],
      ['Power', 'high', 'PermissionSet Power grants View All on PHI object Rx__c'],
      ['Ops', 'high', 'Profile Ops grants Modify All on PHI object Rx__c']
    ]);
  });

  it('is quiet for plain read and for View All on non-PHI objects', () => {
    const { result } = runCheck(viewAllModifyAll, {
      ...rx,
      'permissionsets/Ok.permissionset-meta.xml': md.permset(
        [
          md.objectPerm('Rx__c', { allowRead: true }),
          md.objectPerm('Account', { allowRead: true, viewAllRecords: true })
        ].join('\n')
      )
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified with a malformed permission set (fail closed)', () => {
    const { result } = runCheck(viewAllModifyAll, {
      ...rx,
      'permissionsets/Bad.permissionset-meta.xml': '<PermissionSet><userPermissions>'
    });
    expect(result.status).toBe('not-verified');
  });
});
