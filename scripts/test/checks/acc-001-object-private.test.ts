import { phiObjectNotPrivate } from '../../src/checks/acc-001-object-private';
import { md, phiField, runCheck } from '../helpers/project';

const rx = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };

describe('ACC-001 PHI object not private', () => {
  it('fires on a public internal and external model, and through a public parent', () => {
    const { findings } = runCheck(phiObjectNotPrivate, {
      ...rx,
      'objects/Rx__c/Rx__c.object-meta.xml': md.object({
        sharingModel: 'ReadWrite',
        externalSharingModel: 'Read'
      }),
      'objects/Contact/fields/Mrn__c.field-meta.xml': phiField('Mrn__c'),
      'objects/Contact/Contact.object-meta.xml': md.object({
        sharingModel: 'ControlledByParent',
        externalSharingModel: 'ControlledByParent'
      }),
      'objects/Account/Account.object-meta.xml': md.object({
        sharingModel: 'Read',
        externalSharingModel: 'Private'
      })
    });
    expect(findings.map((f) => f.message)).toEqual([
      'Account has internal sharing model Read, and its master-detail child Contact holds PHI and follows it',
      'PHI object Contact has internal sharing model Read (via Account)',
      'PHI object Rx__c has internal sharing model ReadWrite',
      'PHI object Rx__c has external sharing model Read'
    ]);
    expect(findings[2]!.location).toEqual({
      file: 'force-app/main/default/objects/Rx__c/Rx__c.object-meta.xml',
      line: 4
    });
    // Both sides of a master-detail are judged, each in its own file: the parent to fix, the child exposed.
    expect(findings[0]!.component).toEqual({ type: 'CustomObject', name: 'Account' });
    expect(findings[0]!.location).toMatchObject({
      file: 'force-app/main/default/objects/Account/Account.object-meta.xml'
    });
    expect(findings[1]!.location).toMatchObject({
      file: 'force-app/main/default/objects/Contact/Contact.object-meta.xml'
    });
  });

  it('judges a custom master-detail child through its parent, once per parent', () => {
    const { findings } = runCheck(phiObjectNotPrivate, {
      'objects/Visit__c/Visit__c.object-meta.xml': md.object({
        sharingModel: 'ReadWrite',
        externalSharingModel: 'Private'
      }),
      'objects/Lab_Result__c/Lab_Result__c.object-meta.xml': md.object({
        sharingModel: 'ControlledByParent',
        externalSharingModel: 'ControlledByParent'
      }),
      'objects/Lab_Result__c/fields/Visit__c.field-meta.xml': md.field('Visit__c', {
        type: 'MasterDetail',
        referenceTo: 'Visit__c',
        relationshipName: 'Lab_Results',
        length: undefined
      }),
      'objects/Lab_Result__c/fields/Result__c.field-meta.xml': phiField('Result__c')
    });
    expect(findings.map((f) => [f.component.name, f.message])).toEqual([
      ['Lab_Result__c', 'PHI object Lab_Result__c has internal sharing model ReadWrite (via Visit__c)'],
      [
        'Visit__c',
        'Visit__c has internal sharing model ReadWrite, and its master-detail child Lab_Result__c holds PHI and follows it'
      ]
    ]);
  });

  it('passes private objects', () => {
    const { result } = runCheck(phiObjectNotPrivate, {
      ...rx,
      'objects/Rx__c/Rx__c.object-meta.xml': md.object()
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified when the object definition is missing or malformed (fail closed)', () => {
    const { result, findings } = runCheck(phiObjectNotPrivate, {
      ...rx,
      'objects/Rx__c/Rx__c.object-meta.xml': '<CustomObject'
    });
    expect(result.status).toBe('not-verified');
    expect(findings[0]!.message).toContain('cannot be verified');
  });
});
