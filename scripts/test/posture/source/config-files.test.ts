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
    [{ auditServices: 'PhiAccessAudit' }, 2, 'must be an array of strings']
  ])('%j is refused at line %i', (config, line, message) => {
    const err = errorOf(withConfig(config));
    expect(err).toContain(`config/phi-guard.json:${line}: `);
    expect(err).toContain(message);
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
