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
      'PHI object Contact has internal sharing model Read (via Account)',
      'PHI object Rx__c has internal sharing model ReadWrite',
      'PHI object Rx__c has external sharing model Read'
    ]);
    expect(findings[1]!.location).toEqual({
      file: 'force-app/main/default/objects/Rx__c/Rx__c.object-meta.xml',
      line: 4
    });
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
