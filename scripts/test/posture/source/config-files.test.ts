import { loadConfig, DEFAULT_CONFIG } from '../../../src/posture/source/config-files';
import { phiField, snapshotOf, writeProject } from '../../helpers/project';

const withConfig = (config: unknown) =>
  writeProject({
    '/config/phi-guard.json': typeof config === 'string' ? config : JSON.stringify(config, null, 2)
  });

const errorOf = (root: string) => {
  try {
    loadConfig(root);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('config/phi-guard.json', () => {
  it('absent: the defaults', () => {
    expect(loadConfig(writeProject({}))).toEqual(DEFAULT_CONFIG);
  });

  it.each([
    [{ auditServices: ['System'] }, 3, 'lists "System", a platform class every Apex file uses'],
    [{ auditServices: ['PhiAccessAudit', 'database'] }, 4, 'lists "database", a platform class'],
    [{ auditServices: [] }, 2, '"auditServices" must not be empty'],
    [{ auditorPersonas: ['auditor', 'a'] }, 4, '"auditorPersonas" entry "a" is too short'],
    [{ auditorPersonas: ['co'] }, 3, 'is too short'],
    [{ auditorPersonas: ['audit*'] }, 3, 'is not a valid name'],
    [{ auditLogObjects: ['Log'] }, 3, '"auditLogObjects" entry "Log" is not a valid name'],
    [{ retentionType: 'Policy__c' }, 2, '"retentionType" entry "Policy__c"'],
    [{ dictionaryFile: '../elsewhere.json' }, 2, 'must be a path inside the project'],
    [{ registerFile: '/etc/register.json' }, 2, 'must be a path inside the project'],
    [{ auditorPersonas: ['auditor', 'Auditor'] }, 4, 'lists "Auditor" twice'],
    [{ bogus: 1 }, 2, 'unknown key "bogus"'],
    [{ auditServices: ['Audit Service'] }, 3, '"auditServices" entry "Audit Service" is not a valid name'],
    [{ auditLogObjects: [] }, 2, '"auditLogObjects" must not be empty'],
    [{ retentionType: 'Retention__mdt', dictionaryFile: 5 }, 3, '"dictionaryFile" must be a string'],
    [{ auditServices: 'PhiAccessAudit' }, 2, 'must be an array of strings']
  ])('%j is refused at line %i', (config, line, message) => {
    const err = errorOf(withConfig(config));
    expect(err).toContain(`config/phi-guard.json:${line}: `);
    expect(err).toContain(message);
  });

  it('must be a JSON object', () => {
    expect(errorOf(withConfig('[1, 2]'))).toBe('config/phi-guard.json:1: must be a JSON object');
  });

  it('valid values of every key are accepted, "description" is free text', () => {
    const config = {
      description: 'anything',
      dictionaryFile: 'config/dictionary.json',
      registerFile: 'docs/register.json',
      suppressionsFile: 'config/accepted.json',
      auditServices: ['acme.AuditService', 'PhiAccessAudit'],
      auditLogObjects: ['Access_Log__c'],
      retentionType: 'Retention__mdt',
      auditorPersonas: ['privacy officer']
    };
    const { description, ...rest } = config;
    expect(description).toBe('anything');
    expect(loadConfig(withConfig(config))).toEqual({
      ...rest,
      keyRotationDays: 365,
      healthCheckMinScore: 80
    });
  });

  it('a JSON syntax error names the line, not the text', () => {
    const err = errorOf(withConfig('{\n  "auditServices": [CANARY-PHI-7f3a]\n}'));
    expect(err).toBe('config/phi-guard.json:2: not valid JSON');
  });

  it('is fingerprinted: changing it changes the inputs hash', () => {
    const files = { 'objects/P__c/fields/A__c.field-meta.xml': phiField('A__c') };
    const a = snapshotOf({
      ...files,
      '/config/phi-guard.json': JSON.stringify({ auditServices: ['AuditA'] })
    });
    const b = snapshotOf({
      ...files,
      '/config/phi-guard.json': JSON.stringify({ auditServices: ['AuditB'] })
    });
    expect(a.inputs).toContain('config/phi-guard.json');
    expect(a.inputsSha256).not.toBe(b.inputsSha256);
    expect(a.config.auditServices).toEqual(['AuditA']);
  });
});

describe('the data dictionary and the compliance register', () => {
  const dictionaryError = (json: unknown) => {
    try {
      snapshotOf({ '/config/phi-data-dictionary.json': JSON.stringify(json, null, 2) });
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  const registerError = (json: unknown) => {
    try {
      snapshotOf({ '/config/compliance-register.json': JSON.stringify(json, null, 2) });
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };

  it.each([
    [{}, '"fields" must be an array'],
    [{ fields: [{ field: 'NoDot', phi: true, reason: 'x y z' }] }, 'fields[0].field must be "Object.Field"'],
    [
      { fields: [{ field: 'A__c.B__c', phi: 'yes', reason: 'x y z' }] },
      'fields[0].phi must be true or false'
    ],
    [{ fields: [{ field: 'A__c.B__c', phi: true }] }, 'fields[0] (A__c.B__c) needs a reason']
  ])('dictionary %j is refused: %s', (json, message) => {
    expect(dictionaryError(json)).toContain(message);
  });

  it.each([
    [{ controls: [] }, '"controls" must be an object'],
    [
      { controls: { riskAnalysis: { date: '2026-13-45' } }, baas: [] },
      'controls.riskAnalysis.date must be a date'
    ],
    [{ controls: {} }, '"baas" must be an array'],
    [{ controls: {}, baas: [{}] }, 'baas[0].vendor is required'],
    [{ controls: {}, baas: [{ vendor: 'V', signed: 'never' }] }, 'baas[0].signed must be a date'],
    [{ controls: {}, baas: [], backups: {} }, '"backups" must be an array'],
    [{ controls: {}, baas: [], backups: [{}] }, 'backups[0].name is required']
  ])('register %j is refused: %s', (json, message) => {
    expect(registerError(json)).toContain(message);
  });

  it('a complete register is read with lines', () => {
    const snap = snapshotOf({
      '/config/compliance-register.json': JSON.stringify(
        {
          controls: { riskAnalysis: { date: '2026-09-01', evidence: 'risk-2026.pdf' } },
          baas: [{ vendor: 'Salesforce', namespace: 'sf', signed: '2026-01-01', handlesPhi: false }],
          backups: [{ name: 'Nightly', includesPhi: true, encryptionAttested: true }]
        },
        null,
        2
      )
    });
    expect(snap.register.known && snap.register.value).toMatchObject({
      items: new Map([
        ['riskAnalysis', { key: 'riskAnalysis', date: '2026-09-01', line: 3, evidence: 'risk-2026.pdf' }]
      ]),
      baas: [{ vendor: 'Salesforce', namespace: 'sf', handlesPhi: false }],
      backups: [{ name: 'Nightly', includesPhi: true, encryptionAttested: true }]
    });
  });
});
