import { encryptionSettings } from '../../src/checks/enc-005-encryption-settings';
import { md, phiField, runCheck } from '../helpers/project';

const pe = (d: boolean, h: boolean, e: boolean) =>
  md.settings(
    'PlatformEncryptionSettings',
    `    <enableDeterministicEncryption>${d}</enableDeterministicEncryption>\n    <enableEncryptFieldHistory>${h}</enableEncryptFieldHistory>\n    <enableEventBusEncryption>${e}</enableEventBusEncryption>`
  );
const fields = {
  'objects/Pt__c/fields/Mrn__c.field-meta.xml': phiField('Mrn__c', {
    encryptionScheme: 'CaseSensitiveDeterministicEncryption'
  })
};

describe('ENC-005 Platform Encryption settings', () => {
  it('fires for each disabled setting, at its line', () => {
    const { findings } = runCheck(encryptionSettings, {
      ...fields,
      'settings/PlatformEncryption.settings-meta.xml': pe(false, false, true)
    });
    expect(findings.map((f) => [f.message, (f.location as { line: number }).line])).toEqual([
      ['PlatformEncryptionSettings does not enable deterministic encryption', 3],
      ['PlatformEncryptionSettings does not enable encrypted field history', 4]
    ]);
  });

  it('passes when all are enabled', () => {
    const { result } = runCheck(encryptionSettings, {
      ...fields,
      'settings/PlatformEncryption.settings-meta.xml': pe(true, true, true)
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified (and fails) when the settings are missing or malformed', () => {
    expect(runCheck(encryptionSettings, fields).result.status).toBe('not-verified');
    const { result, findings } = runCheck(encryptionSettings, {
      ...fields,
      'settings/PlatformEncryption.settings-meta.xml': '<PlatformEncryptionSettings>'
    });
    expect(result.status).toBe('not-verified');
    expect(findings[0]!.notVerified).toBe(true);
  });
});
