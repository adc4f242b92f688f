import { backupEncryption } from '../../src/checks/lif-002-backups';
import { InputError } from '../../src/errors';
import { phiField, runCheck } from '../helpers/project';

const register = (backups?: unknown) =>
  JSON.stringify({ controls: {}, baas: [], ...(backups === undefined ? {} : { backups }) }, null, 2);
const field = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };

describe('LIF-002 encrypted backups of PHI', () => {
  it('fires on a PHI backup without attested encryption, at its line', () => {
    const { findings } = runCheck(backupEncryption, {
      ...field,
      '/config/compliance-register.json': register([
        { name: 'Nightly CSV', includesPhi: true, encryptionAttested: false }
      ])
    });
    expect(findings).toEqual([
      expect.objectContaining({
        message: 'backup or export "Nightly CSV" includes PHI but encryption is not attested',
        location: { file: 'config/compliance-register.json', line: 6 }
      })
    ]);
  });

  it('passes attested backups; a register without a backups section is not verified', () => {
    expect(
      runCheck(backupEncryption, {
        ...field,
        '/config/compliance-register.json': register([
          { name: 'B', includesPhi: true, encryptionAttested: true }
        ])
      }).result.status
    ).toBe('pass');
    expect(
      runCheck(backupEncryption, { ...field, '/config/compliance-register.json': register() }).result.status
    ).toBe('not-verified');
  });

  it('a malformed register is an input error naming the file and line', () => {
    expect(() =>
      runCheck(backupEncryption, {
        ...field,
        '/config/compliance-register.json': '{\n  "controls": {},\n  "baas": [,]\n}'
      })
    ).toThrow(InputError);
    expect(() =>
      runCheck(backupEncryption, {
        ...field,
        '/config/compliance-register.json': '{\n  "controls": {},\n  "baas": [,]\n}'
      })
    ).toThrow(/^config\/compliance-register\.json:3: not valid JSON$/);
  });
});
