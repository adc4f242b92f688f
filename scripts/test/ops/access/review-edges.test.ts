import { renderConsole, renderCsv, renderHtml, renderMarkdown } from '../../../src/ops/access/render';
import { buildReview, type AccessReview } from '../../../src/ops/access/review';
import type { BaselineDiff } from '../../../src/ops/access/baseline';
import { CANARY, expectNoCanary, md, phiField, snapshotOf } from '../../helpers/project';

/**
 * The access review's less travelled routes: profiles, grants read from an org (API provenance),
 * permission set groups without a muting set, sharing rules on objects that are not PHI, and the
 * reports with user facts and a baseline diff. Snapshots come from real projects (source loader),
 * then take org-shaped facts where only an org would give them.
 */
const NOW = new Date('2026-11-26T10:00:00Z');

const base = () =>
  snapshotOf({
    'objects/Patient__c/Patient__c.object-meta.xml': md.object(),
    'objects/Patient__c/fields/Diagnosis__c.field-meta.xml': phiField('Diagnosis__c', {
      description: CANARY
    }),
    'objects/Patient__c/fields/Notes__c.field-meta.xml': phiField('Notes__c'),
    'objects/Order__c/Order__c.object-meta.xml': md.object(),
    'profiles/Nurse.profile-meta.xml': md.profile(
      [
        md.objectPerm('Patient__c', { allowRead: true }),
        md.objectPerm('Order__c', { allowRead: true }),
        md.fieldPerm('Patient__c.Notes__c', true, false)
      ].join('\n')
    ),
    'permissionsets/No_Access.permissionset-meta.xml': md.permset(
      [md.objectPerm('Patient__c', {}), md.fieldPerm('Patient__c.Diagnosis__c', false, false)].join('\n')
    ),
    'sharingRules/Order__c.sharingRules-meta.xml': md.raw(
      'SharingRules',
      `    <sharingOwnerRules>
        <fullName>Order_Share</fullName>
        <accessLevel>Edit</accessLevel>
        <label>Order Share</label>
        <sharedTo><group>Sales</group></sharedTo>
        <sharedFrom><role>Rep</role></sharedFrom>
    </sharingOwnerRules>`
    )
  });

describe('access review: profiles, org facts, groups', () => {
  it('lists profile grants, skips grants with no access and sharing rules on objects without PHI', () => {
    const r = buildReview(base(), 'proj', NOW);
    expect(r.grants.map((g) => [g.via, g.principal, g.object, g.field, g.access])).toEqual([
      ['Profile', 'Nurse', 'Patient__c', undefined, ['Read']],
      ['Profile', 'Nurse', 'Patient__c', 'Patient__c.Notes__c', ['Read']]
    ]);
    expect(r.phiFields).toBe(2);
  });

  it('grants read from an org carry the API and record id; names fall back to the field or the key', () => {
    const s = base();
    s.grants.push({
      kind: 'PermissionSet',
      name: 'Org_Set',
      userPermissions: new Map([['ModifyAllData', undefined]]),
      objects: new Map([
        [
          'patient__c',
          { read: true, create: true, edit: false, delete: false, viewAll: true, modifyAll: false }
        ]
      ]),
      // A PHI field the snapshot has no field fact for (the org hid its describe): the key is used.
      fields: new Map([['patient__c.secret__c', { read: true, edit: true }]]),
      apexClasses: [],
      assignees: 4,
      at: { api: 'PermissionSet', id: '0PS000000000001' }
    });
    s.phi.set('patient__c.secret__c', { ...s.phi.get('patient__c.notes__c')! });
    s.sharingRules.push({
      object: 'Patient__c',
      name: 'Org_Rule',
      kind: 'criteria',
      sharedTo: [],
      at: { api: 'SharingRules' }
    });
    const r = buildReview(s, 'org', NOW);
    const org = r.grants.filter((g) => g.principal === 'Org_Set' || g.principal === 'Patient__c.Org_Rule');
    expect(org.map((g) => [g.object, g.field, g.access, g.users, g.where])).toEqual([
      ['*', undefined, ['ModifyAllData'], undefined, 'PermissionSet 0PS000000000001'],
      ['Patient__c', undefined, ['Read', 'Create', 'ViewAll'], undefined, 'PermissionSet 0PS000000000001'],
      ['Patient__c', undefined, ['Read'], undefined, 'SharingRules'],
      ['patient__c', 'patient__c.secret__c', ['Read', 'Edit'], 4, 'PermissionSet 0PS000000000001']
    ]);
  });

  it('a group without a muting set grants the union of its sets; a missing member adds nothing', () => {
    const s = base();
    s.grants.push({
      kind: 'PermissionSet',
      name: 'Editor',
      userPermissions: new Map(),
      objects: new Map([
        [
          'patient__c',
          { read: true, create: false, edit: true, delete: false, viewAll: false, modifyAll: false }
        ],
        [
          'order__c',
          { read: true, create: false, edit: false, delete: false, viewAll: false, modifyAll: false }
        ]
      ]),
      fields: new Map([
        ['patient__c.diagnosis__c', { read: true, edit: true }],
        ['patient__c.notes__c', { read: false, edit: false }]
      ]),
      apexClasses: [],
      at: { api: 'PermissionSet', id: '0PS000000000002' }
    });
    s.permissionSetGroups.push({
      name: 'Care_Team',
      permissionSets: ['Editor', 'Not_Deployed'],
      at: { api: 'PermissionSetGroup', id: '0PG000000000002' }
    });
    const group = buildReview(s, 'org', NOW).grants.filter((g) => g.via === 'PermissionSetGroup');
    expect(group.map((g) => [g.object, g.field, g.access, g.where])).toEqual([
      ['Patient__c', undefined, ['Read', 'Edit'], 'PermissionSetGroup 0PG000000000002'],
      ['Patient__c', 'Patient__c.Diagnosis__c', ['Read', 'Edit'], 'PermissionSetGroup 0PG000000000002']
    ]);
  });

  it('a muting set that mutes everything leaves the group no grant', () => {
    const s = base();
    const all = { read: true, create: true, edit: true, delete: true, viewAll: true, modifyAll: true };
    s.grants.push(
      {
        kind: 'PermissionSet',
        name: 'Wide',
        userPermissions: new Map([['ViewAllData', undefined]]),
        objects: new Map([['patient__c', all]]),
        fields: new Map([['patient__c.diagnosis__c', { read: true, edit: true }]]),
        apexClasses: [],
        at: { api: 'PermissionSet' }
      },
      {
        kind: 'MutingPermissionSet',
        name: 'Mute_All',
        userPermissions: new Map([['ViewAllData', undefined]]),
        objects: new Map([['patient__c', all]]),
        fields: new Map([['patient__c.diagnosis__c', { read: true, edit: true }]]),
        apexClasses: [],
        at: { api: 'MutingPermissionSet' }
      }
    );
    s.permissionSetGroups.push({
      name: 'Muted',
      permissionSets: ['Wide'],
      mutingPermissionSet: 'Mute_All',
      at: { api: 'PermissionSetGroup' }
    });
    const r = buildReview(s, 'org', NOW);
    expect(r.grants.filter((g) => g.via === 'PermissionSetGroup')).toEqual([]);
    // The muting set itself is not a grant.
    expect(r.grants.some((g) => g.principal === 'Mute_All')).toBe(false);
  });
});

describe('access review reports with user facts and a baseline diff', () => {
  const review: AccessReview = {
    source: 'https://example.my.salesforce.com',
    generatedAt: '2026-11-26T10:00:00.000Z',
    phiObjects: [],
    phiFields: 0,
    grants: [
      {
        via: 'PermissionSet',
        principal: 'Admin_Plus',
        object: '*',
        access: ['ViewAllData'],
        users: 2,
        where: 'PermissionSet 0PS1'
      },
      {
        via: 'SharingRule',
        principal: 'Patient__c.Clinic_Share',
        object: 'Patient__c',
        access: ['Read'],
        sharedTo: ['group:Clinic', 'role:Nurse'],
        where: 'f.xml:3'
      },
      {
        via: 'PermissionSet',
        principal: 'Pipes|Set',
        object: 'Patient__c',
        field: 'Patient__c.Diagnosis__c',
        access: ['Read'],
        users: 0,
        where: 'multi\nline'
      }
    ],
    users: {
      activeUsers: 12,
      inactiveWithPhi: { count: 2, names: ['a@x.example', 'b@x.example'] },
      frozenWithPhi: { count: 1, names: [] },
      integrationInteractive: { count: 0 },
      lastLogin: '2026-11-25T08:00:00.000Z'
    }
  };
  const diff: BaselineDiff = {
    file: 'config/access-baseline.json',
    added: [
      {
        grant: 'PermissionSet:Admin_Plus | * | ViewAllData',
        approval: { grant: 'x', approver: 'Privacy Officer', date: '2026-11-20' }
      },
      { grant: 'SharingRule:Patient__c.Clinic_Share | Patient__c | Read -> group:Clinic,role:Nurse' }
    ],
    removed: ['Profile:Old | Patient__c | Edit'],
    unapproved: 1
  };

  it('console: every object, the rule targets, user counts, names on request and the diff', () => {
    const text = renderConsole(review, diff).split('\n');
    expect(text).toContain('PHI objects: (none)');
    expect(text).toContain('* (every object: View All Data / Modify All Data)');
    expect(text.find((l) => l.includes('Admin_Plus'))).toMatch(
      /^ {2}\(object\)\s+ViewAllData\s+PermissionSet Admin_Plus \[2 user\(s\)\]$/
    );
    expect(text.find((l) => l.includes('Clinic_Share'))).toMatch(
      /SharingRule Patient__c\.Clinic_Share -> group:Clinic, role:Nurse$/
    );
    expect(text).toContain('Active users: 12');
    expect(text).toContain('Most recent login of a user with PHI access: 2026-11-25T08:00:00.000Z');
    expect(text).toContain(
      'Users inactive for more than 90 days who still hold PHI access: 2 (a@x.example, b@x.example)'
    );
    expect(text).toContain('Frozen users who still hold PHI access: 1');
    expect(text).toContain('Since baseline config/access-baseline.json: 2 added (1 unapproved), 1 removed');
    expect(text).toContain(
      '  + PermissionSet:Admin_Plus | * | ViewAllData  (approved by Privacy Officer on 2026-11-20)'
    );
    expect(text).toContain('  - Profile:Old | Patient__c | Edit');
  });

  it('Markdown and HTML carry the diff and user facts; table cells stay one cell', () => {
    const mdText = renderMarkdown(review, diff);
    expect(mdText).toContain('## Changes since the baseline');
    expect(mdText).toContain('- Active users: 12');
    expect(mdText).toContain('| Pipes\\|Set |');
    // a line break in a value is shown as \n (issue 19 item 10: never printed raw), inside its cell
    expect(mdText).toContain('| multi\\\\nline |');
    const html = renderHtml(review, diff);
    expect(html).toContain('<h2>Changes since the baseline</h2>');
    expect(html).toContain('<li>Most recent login of a user with PHI access: 2026-11-25T08:00:00.000Z</li>');
    expect(html).toContain('<td>group:Clinic, role:Nurse</td>');
    expect(renderHtml({ ...review, users: { ...review.users!, lastLogin: undefined } })).toContain(
      'Most recent login of a user with PHI access: never'
    );
  });

  it('CSV quotes fields with commas, quotes and line breaks, and neutralises formulas', () => {
    const csv = renderCsv({
      ...review,
      grants: [
        { ...review.grants[1]!, principal: '+SUM(A1)', where: 'a "quoted"\r\nplace' },
        { ...review.grants[0]!, principal: '@cmd' }
      ]
    });
    expect(csv).toContain(
      // the line break in a value is shown, never written raw: one record per line
      `Patient__c,,Read,SharingRule,'+SUM(A1),"group:Clinic, role:Nurse",,"a ""quoted""\\r\\nplace",,\r\n`
    );
    expect(csv).toContain(`,'@cmd,`);
    expectNoCanary(csv);
  });
});
