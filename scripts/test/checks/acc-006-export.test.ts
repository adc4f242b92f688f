import { phiExportRights } from '../../src/checks/acc-006-export';
import { md, phiField, runCheck } from '../helpers/project';

const rx = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };

describe('ACC-006 export rights on PHI', () => {
  it('fires when a PHI reader can export reports or data', () => {
    const { findings } = runCheck(phiExportRights, {
      ...rx,
      'permissionsets/Pharmacist.permissionset-meta.xml': md.permset(
        [md.fieldPerm('Rx__c.Drug__c', true), md.userPerm('ExportReport'), md.userPerm('DataExport')].join(
          '\n'
        )
      )
    });
    expect(findings.map((f) => f.message)).toEqual([
      'PermissionSet Pharmacist can read PHI and holds Export Reports',
      'PermissionSet Pharmacist can read PHI and holds Weekly Data Export'
    ]);
  });

  it('is quiet for the auditor, and for exporters without PHI', () => {
    const { result } = runCheck(phiExportRights, {
      ...rx,
      'permissionsets/Compliance_Auditor.permissionset-meta.xml': md.permset(
        [md.fieldPerm('Rx__c.Drug__c', true), md.userPerm('ExportReport')].join('\n')
      ),
      'permissionsets/Sales.permissionset-meta.xml': md.permset(md.userPerm('ExportReport'))
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified with a malformed permission set (fail closed)', () => {
    const { result } = runCheck(phiExportRights, {
      ...rx,
      'permissionsets/X.permissionset-meta.xml': 'not xml'
    });
    expect(result.status).toBe('not-verified');
  });
});
