import { auditLogMutable } from '../../src/checks/aud-004-log-mutable';
import { md, phiField, runCheck } from '../helpers/project';

const base = {
  'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c'),
  'objects/PHI_Access_Log__c/PHI_Access_Log__c.object-meta.xml': md.object({ enableHistory: false })
};
const guard = {
  'triggers/LogGuard.trigger':
    'trigger LogGuard on PHI_Access_Log__c (before update, before delete) {\n    LogGuardHandler.reject(Trigger.old);\n}\n',
  'classes/LogGuardHandler.cls':
    "public with sharing class LogGuardHandler {\n    public static void reject(List<PHI_Access_Log__c> rows) {\n        for (PHI_Access_Log__c r : rows) {\n            r.addError('The PHI access log is immutable.');\n        }\n    }\n}\n"
};

describe('AUD-004 audit log that can be altered', () => {
  it('fires on edit/delete grants and on a missing guard trigger', () => {
    const { findings } = runCheck(auditLogMutable, {
      ...base,
      'permissionsets/Ops.permissionset-meta.xml': md.permset(
        md.objectPerm('PHI_Access_Log__c', { allowRead: true, allowEdit: true, allowDelete: true })
      )
    });
    expect(findings.map((f) => f.message)).toEqual([
      'no trigger on PHI_Access_Log__c rejects updates and deletes',
      'PermissionSet Ops can delete PHI_Access_Log__c'
    ]);
  });

  it('is quiet with read-only grants and a rejecting trigger', () => {
    const { result } = runCheck(auditLogMutable, {
      ...base,
      ...guard,
      'permissionsets/Auditor.permissionset-meta.xml': md.permset(
        md.objectPerm('PHI_Access_Log__c', { allowRead: true, viewAllRecords: true })
      )
    });
    expect(result.status).toBe('pass');
  });

  it('fires when PHI exists with no log object, and when the guard never rejects', () => {
    expect(
      runCheck(auditLogMutable, { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') })
        .findings[0]!.message
    ).toBe('no PHI access-log object (PHI_Access_Log__c) in the project');
    const { findings } = runCheck(auditLogMutable, {
      ...base,
      'triggers/LogGuard.trigger': guard['triggers/LogGuard.trigger']
    });
    expect(findings.map((f) => f.message)).toEqual([
      'trigger LogGuard on PHI_Access_Log__c never calls addError, so it does not reject changes'
    ]);
  });
});
