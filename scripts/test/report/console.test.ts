import { renderConsole } from '../../src/report/console';
import { verifySnapshot } from '../../src/engine/verify';
import { md, NOW, phiField, snapshotOf } from '../helpers/project';

describe('console reporter', () => {
  const result = verifySnapshot(
    snapshotOf({
      'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c', { encryptionScheme: undefined }),
      'objects/Rx__c/Rx__c.object-meta.xml': md.object()
    }),
    { now: NOW, failOn: 'high', version: '9.9.9' }
  );

  it('groups findings by severity with check, citation, component, file:line, message and fix', () => {
    const text = renderConsole(result, { color: false });
    expect(text).toContain('CRITICAL (1)');
    expect(text).toContain('ENC-001 164.312(a)(2)(iv)  CustomField Rx__c.Drug__c');
    expect(text).toContain(
      'force-app/main/default/objects/Rx__c/fields/Drug__c.field-meta.xml:2  PHI field Rx__c.Drug__c has no encryptionScheme'
    );
    expect(text).toContain('Fix: Set <encryptionScheme>');
    expect(text).toMatch(/FAIL\s+164\.312\(a\)\(2\)\(iv\)\s+Encryption and decryption/);
    expect(text).toMatch(/NEEDS ORG\s+164\.308\(a\)\(5\)\(ii\)\(C\)/);
    expect(text).toContain('Threshold --fail-on high: FAILED.');
  });

  it('uses colour only when asked (a TTY)', () => {
    expect(renderConsole(result, { color: false })).not.toContain('\u001b[');
    expect(renderConsole(result, { color: true })).toContain('\u001b[31m');
  });
});
