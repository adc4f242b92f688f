import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findShieldElements, stripShield } from '../../src/deploy/shield';
import { FIXTURE } from './fixture-org';

const DIRS = [path.join(FIXTURE, 'force-app')];

describe('Shield-only elements', () => {
  const found = findShieldElements(FIXTURE, DIRS);
  it('finds the encryption settings, each encrypted field and each history retention policy, with what they need', () => {
    const byFile = new Map(found.map((e) => [e.file, e]));
    expect(byFile.get('force-app/main/default/settings/PlatformEncryption.settings-meta.xml')).toMatchObject({
      element: 'file',
      needs: expect.arrayContaining(['tenant-secret-probabilistic', 'manage-encryption-keys'])
    });
    expect(
      byFile.get('force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml')
    ).toMatchObject({
      element: 'encryptionScheme',
      needs: ['tenant-secret-deterministic', 'manage-encryption-keys']
    });
    expect(byFile.get('force-app/main/default/objects/Contact/Contact.object-meta.xml')).toMatchObject({
      element: 'historyRetentionPolicy',
      needs: ['field-audit-trail']
    });
    expect(found.filter((e) => e.element === 'encryptionScheme')).toHaveLength(5);
  });
  it('files each field left unencrypted under the check verify fails for it (ENC-001, ENC-002, ENC-004; ENC-003 for deterministic)', () => {
    const fields = Object.fromEntries(
      found
        .filter((e) => e.element === 'encryptionScheme')
        .map((e) => [e.file.replace(/^.*\/objects\//, ''), e.controls])
    );
    expect(fields).toEqual({
      'Contact/fields/Birthdate.field-meta.xml': ['ENC-004'],
      'Patient_Record__c/fields/Allergy_Info__c.field-meta.xml': ['ENC-001'],
      'Patient_Record__c/fields/Clinical_Notes__c.field-meta.xml': ['ENC-002'],
      'Patient_Record__c/fields/Diagnosis__c.field-meta.xml': ['ENC-001'],
      'Patient_Record__c/fields/MRN__c.field-meta.xml': ['ENC-001', 'ENC-003']
    });
  });
  it('strips them from a temporary copy only; the source stays as it is', () => {
    const copy = stripShield(FIXTURE, found);
    try {
      expect(
        existsSync(
          path.join(copy.dir, 'force-app/main/default/settings/PlatformEncryption.settings-meta.xml')
        )
      ).toBe(false);
      const mrn = 'force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml';
      expect(readFileSync(path.join(copy.dir, mrn), 'utf8')).not.toContain('encryptionScheme');
      expect(readFileSync(path.join(copy.dir, mrn), 'utf8')).toContain('<fullName>MRN__c</fullName>');
      expect(readFileSync(path.join(FIXTURE, mrn), 'utf8')).toContain('<encryptionScheme>');
      expect(findShieldElements(copy.dir, [path.join(copy.dir, 'force-app')])).toEqual([]);
    } finally {
      copy.cleanup();
    }
    expect(existsSync(copy.dir)).toBe(false);
  });
});

describe('Shield-only elements in any project', () => {
  it('a transaction security policy needs Event Monitoring; a field with encryptionScheme None needs nothing', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-shield-'));
    try {
      const src = path.join(root, 'force-app/main/default');
      mkdirSync(path.join(src, 'transactionSecurityPolicies'), { recursive: true });
      mkdirSync(path.join(src, 'objects/Lab__c/fields'), { recursive: true });
      writeFileSync(
        path.join(src, 'transactionSecurityPolicies/Guard.transactionSecurityPolicy-meta.xml'),
        '<TransactionSecurityPolicy xmlns="http://soap.sforce.com/2006/04/metadata"/>'
      );
      writeFileSync(
        path.join(src, 'objects/Lab__c/fields/Code__c.field-meta.xml'),
        '<CustomField><fullName>Code__c</fullName><encryptionScheme>None</encryptionScheme></CustomField>'
      );
      writeFileSync(
        path.join(src, 'objects/Lab__c/fields/Result__c.field-meta.xml'),
        '<CustomField><encryptionScheme> ProbabilisticEncryption </encryptionScheme></CustomField>'
      );
      writeFileSync(path.join(src, 'objects/Lab__c/Lab__c.object-meta.xml'), '<CustomObject/>');
      expect(findShieldElements(root, [path.join(root, 'force-app')])).toEqual([
        {
          file: 'force-app/main/default/objects/Lab__c/fields/Result__c.field-meta.xml',
          element: 'encryptionScheme',
          needs: ['tenant-secret-probabilistic', 'manage-encryption-keys'],
          controls: ['ENC-001']
        },
        {
          file: 'force-app/main/default/transactionSecurityPolicies/Guard.transactionSecurityPolicy-meta.xml',
          element: 'file',
          needs: ['event-monitoring'],
          controls: ['ACC-006', 'ORG-106']
        }
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
