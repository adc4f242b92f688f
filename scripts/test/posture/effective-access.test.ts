import { effectiveGrants, fieldAt, sharingEffectiveGrants } from '../../src/posture/effective-access';
import type { AccessGrantFact, ObjectAccess, PermissionSetGroupFact } from '../../src/posture/model';

const none: ObjectAccess = {
  read: false,
  create: false,
  edit: false,
  delete: false,
  viewAll: false,
  modifyAll: false
};

function grant(
  kind: AccessGrantFact['kind'],
  name: string,
  o: Partial<AccessGrantFact> = {}
): AccessGrantFact {
  return {
    kind,
    name,
    userPermissions: new Map(),
    objects: new Map(),
    fields: new Map(),
    apexClasses: [],
    at: { file: `permissionsets/${name}.permissionset-meta.xml` },
    ...o
  };
}

const group = (o: Partial<PermissionSetGroupFact> = {}): PermissionSetGroupFact => ({
  name: 'Support_Bundle',
  permissionSets: ['Clinical_Read', 'Case_Tools'],
  at: { file: 'permissionsetgroups/Support_Bundle.permissionsetgroup-meta.xml' },
  ...o
});

describe('effective access: groups are the union of their sets minus muting', () => {
  const clinicalRead = grant('PermissionSet', 'Clinical_Read', {
    fields: new Map([
      ['rx__c.drug__c', { read: true, edit: false, line: 7 }],
      ['rx__c.dose__c', { read: true, edit: true, line: 12 }]
    ]),
    objects: new Map([['rx__c', { ...none, read: true, line: 3 }]]),
    userPermissions: new Map([['ExportReport', 20]]),
    apexClasses: ['RxController']
  });
  const caseTools = grant('PermissionSet', 'Case_Tools', {
    objects: new Map([['rx__c', { ...none, read: true, edit: true, line: 4 }]])
  });
  const muting = grant('MutingPermissionSet', 'Support_Mute', {
    fields: new Map([['rx__c.dose__c', { read: true, edit: true, line: 5 }]]),
    userPermissions: new Map([['ExportReport', 9]])
  });

  it('unions member sets and keeps where each entry comes from', () => {
    const g = effectiveGrants({
      grants: [clinicalRead, caseTools, muting],
      permissionSetGroups: [group()]
    }).find((x) => x.kind === 'PermissionSetGroup');
    expect(g!.kind).toBe('PermissionSetGroup');
    expect(g!.fields.get('rx__c.drug__c')).toMatchObject({
      read: true,
      via: 'Clinical_Read',
      at: { file: 'permissionsets/Clinical_Read.permissionset-meta.xml', line: 7 }
    });
    expect(g!.objects.get('rx__c')).toMatchObject({ read: true, edit: true });
    expect(g!.userPermissions.has('ExportReport')).toBe(true);
    expect(g!.apexClasses.get('rxcontroller')).toMatchObject({ via: 'Clinical_Read' });
    expect(g!.missingMembers).toEqual([]);
  });

  it('removes what the muting set mutes', () => {
    const grants = effectiveGrants({
      grants: [clinicalRead, caseTools, muting],
      permissionSetGroups: [group({ mutingPermissionSet: 'Support_Mute' })]
    });
    const g = grants.find((x) => x.kind === 'PermissionSetGroup')!;
    expect(g.fields.get('rx__c.dose__c')).toMatchObject({ read: false, edit: false });
    expect(g.fields.get('rx__c.drug__c')).toMatchObject({ read: true });
    expect(g.userPermissions.has('ExportReport')).toBe(false);
    // The muting set is not a persona of its own, and the member set keeps its own access.
    expect(grants.map((x) => x.name)).toEqual(['Clinical_Read', 'Case_Tools', 'Support_Bundle']);
    expect(grants[0]!.fields.get('rx__c.dose__c')).toMatchObject({ read: true });
  });

  it("locates a field entry at its line in the grant's file, or in the member set that grants it", () => {
    const grants = effectiveGrants({ grants: [clinicalRead, caseTools], permissionSetGroups: [group()] });
    const [own, , bundle] = grants;
    const at = { file: 'permissionsets/Clinical_Read.permissionset-meta.xml', line: 12 };
    expect(fieldAt(own!, own!.fields.get('rx__c.dose__c')!)).toEqual(at);
    expect(fieldAt(bundle!, bundle!.fields.get('rx__c.dose__c')!)).toEqual(at);
    // A declared grant's entries are its own (no copy per entry); an org grant's location is its record.
    expect(own!.fields).toBe(clinicalRead.fields);
    const api = { api: 'PermissionSet', id: '0PS000000000001' };
    expect(fieldAt({ at: api }, { read: true, edit: false, line: 3 })).toBe(api);
  });

  it('names members and muting sets the project does not declare, so the group is not fully known', () => {
    const grants = effectiveGrants({
      grants: [clinicalRead],
      permissionSetGroups: [group({ mutingPermissionSet: 'Gone_Mute' })]
    });
    expect(grants.at(-1)!.missingMembers).toEqual(['Case_Tools', 'Gone_Mute']);
  });
});

describe('effective grants shared within one run of the checks', () => {
  const sets = [grant('PermissionSet', 'Clinical_Read'), grant('PermissionSet', 'Case_Tools')];
  const snap = { grants: sets, permissionSetGroups: [group()] };

  it('outside a run, each call derives a fresh list', () => {
    expect(effectiveGrants(snap)).not.toBe(effectiveGrants(snap));
    expect(effectiveGrants(snap)).toEqual(effectiveGrants(snap));
  });

  it('inside a run, the same snapshot gets the same list; another snapshot or group list its own', () => {
    sharingEffectiveGrants(() => {
      const first = effectiveGrants(snap);
      expect(effectiveGrants(snap)).toBe(first);
      const regrouped = { grants: sets, permissionSetGroups: [] };
      expect(effectiveGrants(regrouped)).not.toBe(first);
      expect(effectiveGrants(regrouped).map((g) => g.name)).toEqual(['Clinical_Read', 'Case_Tools']);
      // Nested runs do not leak into the outer one.
      sharingEffectiveGrants(() => expect(effectiveGrants(snap)).not.toBe(first));
      expect(effectiveGrants(snap)).toBe(effectiveGrants(snap));
    });
    expect(effectiveGrants(snap)).not.toBe(effectiveGrants(snap));
  });
});
