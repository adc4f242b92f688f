import { baselineOf, diffBaseline } from '../../../src/ops/access/baseline';
import { renderCsv, renderHtml, renderMarkdown } from '../../../src/ops/access/render';
import { buildReview, grantKeys } from '../../../src/ops/access/review';
import { CANARY, expectNoCanary, md, phiField, snapshotOf } from '../../helpers/project';

const NOW = new Date('2026-11-26T10:00:00Z');

/** A project with PHI on Patient__c, granted by a permission set, a profile and a sharing rule. */
const files = (extra: Record<string, string> = {}) => ({
  'objects/Patient__c/Patient__c.object-meta.xml': md.object(),
  'objects/Patient__c/fields/Diagnosis__c.field-meta.xml': phiField('Diagnosis__c', { description: CANARY }),
  'objects/Patient__c/fields/Shoe_Size__c.field-meta.xml': md.field('Shoe_Size__c', {
    complianceGroup: 'PII'
  }),
  'permissionsets/Clinician.permissionset-meta.xml': md.permset(
    [
      md.objectPerm('Patient__c', { allowRead: true, allowEdit: true }),
      md.fieldPerm('Patient__c.Diagnosis__c', true, true),
      md.fieldPerm('Patient__c.Shoe_Size__c', true)
    ].join('\n')
  ),
  'permissionsets/Admin_Plus.permissionset-meta.xml': md.permset(md.userPerm('ViewAllData')),
  'permissionsets/Marketing.permissionset-meta.xml': md.permset(
    md.objectPerm('Account', { allowRead: true })
  ),
  'sharingRules/Patient__c.sharingRules-meta.xml': md.raw(
    'SharingRules',
    `    <sharingOwnerRules>
        <fullName>Clinic_Share</fullName>
        <accessLevel>Read</accessLevel>
        <label>Clinic Share</label>
        <sharedTo><group>Clinic</group></sharedTo>
        <sharedFrom><role>Nurse</role></sharedFrom>
    </sharingOwnerRules>`
  ),
  ...extra
});

describe('access review from the source snapshot', () => {
  const review = buildReview(snapshotOf(files()), 'proj', NOW);

  it('lists every route to PHI: permission set (object, field), View All Data, sharing rule; not non-PHI grants', () => {
    expect(review.phiObjects).toEqual(['Patient__c']);
    expect(review.grants.map((g) => [g.object, g.field, g.via, g.principal, g.access, g.sharedTo])).toEqual([
      ['*', undefined, 'PermissionSet', 'Admin_Plus', ['ViewAllData'], undefined],
      ['Patient__c', undefined, 'PermissionSet', 'Clinician', ['Read', 'Edit'], undefined],
      ['Patient__c', undefined, 'SharingRule', 'Patient__c.Clinic_Share', ['Read'], ['group:Clinic']],
      ['Patient__c', 'Patient__c.Diagnosis__c', 'PermissionSet', 'Clinician', ['Read', 'Edit'], undefined]
    ]);
    expect(review.grants[1]!.where).toMatch(
      /^force-app\/main\/default\/permissionsets\/Clinician\.permissionset-meta\.xml:\d+$/
    );
  });

  it('a permission set group grants the union of its sets minus its muting set', () => {
    const s = snapshotOf(files());
    const clinician = s.grants.find((g) => g.name === 'Clinician')!;
    s.grants.push({
      kind: 'MutingPermissionSet',
      name: 'Mute_Edit',
      userPermissions: new Map(),
      objects: new Map([
        [
          'patient__c',
          { read: false, create: false, edit: true, delete: false, viewAll: false, modifyAll: false }
        ]
      ]),
      fields: new Map([['patient__c.diagnosis__c', { read: false, edit: true }]]),
      apexClasses: [],
      at: { api: 'MutingPermissionSet', id: '0QM000000000001' }
    });
    s.permissionSetGroups.push({
      name: 'Clinic_Group',
      permissionSets: [clinician.name, 'Admin_Plus'],
      mutingPermissionSet: 'Mute_Edit',
      assignees: 7,
      at: { api: 'PermissionSetGroup', id: '0PG000000000001' }
    });
    const group = buildReview(s, 'proj', NOW).grants.filter((g) => g.via === 'PermissionSetGroup');
    expect(group.map((g) => [g.object, g.field, g.access, g.users])).toEqual([
      ['*', undefined, ['ViewAllData'], 7],
      ['Patient__c', undefined, ['Read'], 7],
      ['Patient__c', 'Patient__c.Diagnosis__c', ['Read'], 7]
    ]);
  });

  it('keys one access level per baseline entry', () => {
    expect(grantKeys(review.grants[2]!)).toEqual([
      'SharingRule:Patient__c.Clinic_Share | Patient__c | Read -> group:Clinic'
    ]);
    expect(baselineOf(review).grants).toHaveLength(6);
  });

  it('diffs two states: additions (approved or not) and removals', () => {
    const base = baselineOf(review);
    const later = buildReview(
      snapshotOf(
        files({
          'permissionsets/Clinician.permissionset-meta.xml': md.permset(
            [
              md.objectPerm('Patient__c', { allowRead: true, allowEdit: true, allowDelete: true }),
              md.fieldPerm('Patient__c.Diagnosis__c', true, true)
            ].join('\n')
          ),
          'permissionsets/Marketing.permissionset-meta.xml': md.permset(
            md.fieldPerm('Patient__c.Diagnosis__c', true)
          ),
          'permissionsets/Admin_Plus.permissionset-meta.xml': md.permset(md.userPerm('ApiEnabled'))
        })
      ),
      'proj',
      NOW
    );
    const d = diffBaseline(
      'b.json',
      {
        ...base,
        approvals: [
          {
            grant: 'PermissionSet:Clinician | Patient__c | Delete',
            approver: 'Privacy Officer',
            date: '2026-11-20'
          }
        ]
      },
      later
    );
    expect(d.added.map((a) => [a.grant, !!a.approval])).toEqual([
      ['PermissionSet:Clinician | Patient__c | Delete', true],
      ['PermissionSet:Marketing | Patient__c.Diagnosis__c | Read', false]
    ]);
    expect(d.removed).toEqual(['PermissionSet:Admin_Plus | * | ViewAllData']);
    expect(d.unapproved).toBe(1);
  });

  it('renders CSV (formula-safe), Markdown and HTML with sign-off fields, and no field value', () => {
    const csv = renderCsv({ ...review, grants: [{ ...review.grants[0]!, principal: '=HYPERLINK("x")' }] });
    expect(csv.split('\r\n')[1]).toContain(`"'=HYPERLINK(""x"")"`);
    const mdText = renderMarkdown(review);
    expect(mdText).toContain(
      '| Object | Field | Access | Via | Principal | Shared to | Users | Declared in | Decision (Keep/Revoke) | Notes |'
    );
    expect(mdText).toContain('- Reviewer: ____________________');
    const html = renderHtml(review);
    expect(html).toContain('<th scope="row">Reviewer</th>');
    expect(html).toContain('&#9744; Keep &#9744; Revoke');
    expectNoCanary(csv, mdText, html);
  });
});
