import { phiLongTextUnencrypted } from '../../src/checks/enc-002-long-text';
import { phiField, runCheck } from '../helpers/project';

describe('ENC-002 PHI Long Text / Rich Text not probabilistic', () => {
  it('fires on unencrypted and deterministic long text', () => {
    const { findings } = runCheck(phiLongTextUnencrypted, {
      'objects/Rx__c/fields/Notes__c.field-meta.xml': phiField('Notes__c', {
        type: 'LongTextArea',
        length: 4000,
        encryptionScheme: undefined
      }),
      'objects/Rx__c/fields/Body__c.field-meta.xml': phiField('Body__c', {
        type: 'Html',
        length: 4000,
        encryptionScheme: 'CaseInsensitiveDeterministicEncryption'
      })
    });
    expect(findings.map((f) => f.message)).toEqual([
      'PHI Rich Text field Rx__c.Body__c uses CaseInsensitiveDeterministicEncryption; Long Text and Rich Text can only be encrypted probabilistically',
      'PHI Long Text field Rx__c.Notes__c is not encrypted'
    ]);
  });

  it('is quiet for probabilistic long text', () => {
    const { result } = runCheck(phiLongTextUnencrypted, {
      'objects/Rx__c/fields/Notes__c.field-meta.xml': phiField('Notes__c', {
        type: 'LongTextArea',
        length: 4000
      })
    });
    expect(result.status).toBe('pass');
  });

  it('does not crash on malformed input', () => {
    const { result } = runCheck(phiLongTextUnencrypted, {
      'objects/Rx__c/fields/Notes__c.field-meta.xml': '<<<'
    });
    expect(result.status).toBe('not-verified');
  });
});
