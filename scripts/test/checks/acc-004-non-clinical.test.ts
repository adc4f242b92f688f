import { nonClinicalPhiRead } from '../../src/checks/acc-004-non-clinical';
import { md, phiField, runCheck } from '../helpers/project';

const rx = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };

describe('ACC-004 non-clinical persona reads PHI', () => {
  it('fires for support, sales, marketing and integration personas', () => {
    const { findings } = runCheck(nonClinicalPhiRead, {
      ...rx,
      'permissionsets/Customer_Support.permissionset-meta.xml': md.permset(
        md.fieldPerm('Rx__c.Drug__c', true)
      ),
      'permissionsets/Marketing_User.permissionset-meta.xml': md.permset(
        md.fieldPerm('Rx__c.Drug__c', true, true)
      ),
      'profiles/Integration Profile.profile-meta.xml': md.profile(md.fieldPerm('Rx__c.Drug__c', true))
    });
    expect(findings.map((f) => f.component.name).sort()).toEqual([
      'Customer_Support',
      'Integration Profile',
      'Marketing_User'
    ]);
    expect(findings[0]!.location).toEqual(expect.objectContaining({ line: 4 }));
  });

  it('is quiet for clinical personas and for non-readable grants', () => {
    const { result } = runCheck(nonClinicalPhiRead, {
      ...rx,
      'permissionsets/Clinical_Staff.permissionset-meta.xml': md.permset(
        md.fieldPerm('Rx__c.Drug__c', true, true)
      ),
      'permissionsets/Customer_Support.permissionset-meta.xml': md.permset(
        md.fieldPerm('Rx__c.Drug__c', false)
      )
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified with a malformed permission set (fail closed)', () => {
    const { result } = runCheck(nonClinicalPhiRead, {
      ...rx,
      'permissionsets/Support.permissionset-meta.xml': '<PermissionSet>'
    });
    expect(result.status).toBe('not-verified');
  });
});
