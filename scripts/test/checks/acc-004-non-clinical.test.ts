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

describe('ACC-004: a permission set group labelled for a non-clinical persona, through the source loader', () => {
  const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
  // PermissionSetGroup: label, permissionSets, mutingPermissionSets
  // (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionsetgroup.htm)
  const group = (label: string, muting?: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSetGroup ${NS}>\n    <label>${label}</label>\n${muting ? `    <mutingPermissionSets>${muting}</mutingPermissionSets>\n` : ''}    <permissionSets>Records_Access</permissionSets>\n    <status>Updated</status>\n</PermissionSetGroup>\n`;
  const member = {
    ...rx,
    // a member with a neutral name: its persona is the group's
    'permissionsets/Records_Access.permissionset-meta.xml': md.permset(
      md.fieldPerm('Rx__c.Drug__c', true),
      'Records Access'
    )
  };

  it.each([
    'Pharmacy Support Desk',
    'Customer Support Tier 2',
    'Sales Operations',
    'Marketing',
    'Clinical Data Integration'
  ])('fires on the group labelled "%s", at the member set that grants the read', (label) => {
    const { findings } = runCheck(nonClinicalPhiRead, {
      ...member,
      'permissionsetgroups/Tier2.permissionsetgroup-meta.xml': group(label)
    });
    expect(findings.map((f) => [f.component, f.message, f.location])).toEqual([
      [
        { type: 'PermissionSetGroup', name: 'Tier2' },
        'PermissionSetGroup Tier2 (via Records_Access) (non-clinical persona) can read PHI field Rx__c.Drug__c',
        { file: 'force-app/main/default/permissionsets/Records_Access.permissionset-meta.xml', line: 4 }
      ]
    ]);
  });

  it('is quiet for a clinical group, and for a support group whose muting set takes the read away', () => {
    expect(
      runCheck(nonClinicalPhiRead, {
        ...member,
        'permissionsetgroups/Tier2.permissionsetgroup-meta.xml': group('Pharmacy Technicians')
      }).result.status
    ).toBe('pass');
    expect(
      runCheck(nonClinicalPhiRead, {
        ...member,
        'mutingpermissionsets/Mute_Rx.mutingpermissionset-meta.xml': md.raw(
          'MutingPermissionSet',
          `    <label>Mute Rx</label>\n${md.fieldPerm('Rx__c.Drug__c', true)}`
        ),
        'permissionsetgroups/Tier2.permissionsetgroup-meta.xml': group('Customer Support', 'Mute_Rx')
      }).result.status
    ).toBe('pass');
  });

  it('is not verified when the group file cannot be read', () => {
    const { result } = runCheck(nonClinicalPhiRead, {
      ...member,
      'permissionsetgroups/Tier2.permissionsetgroup-meta.xml': '<PermissionSetGroup><label>Support'
    });
    expect(result.status).toBe('not-verified');
  });
});
