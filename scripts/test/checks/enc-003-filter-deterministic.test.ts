import { phiFilterNotDeterministic } from '../../src/checks/enc-003-filter-deterministic';
import { phiFieldUnencrypted } from '../../src/checks/enc-001-phi-unencrypted';
import { CANARY, md, phiField, runCheck } from '../helpers/project';

const listView = (field: string) =>
  md.raw(
    'ListView',
    `    <fullName>ByMrn</fullName>\n    <filterScope>Everything</filterScope>\n    <filters>\n        <field>${field}</field>\n        <operation>equals</operation>\n        <value>${CANARY}</value>\n    </filters>\n    <label>By MRN</label>`
  );

describe('ENC-003 PHI filtered without deterministic encryption', () => {
  it('fires for list views, report filters, sharing criteria and Apex WHERE clauses', () => {
    const { findings } = runCheck(phiFilterNotDeterministic, {
      'objects/Pt__c/fields/Mrn__c.field-meta.xml': phiField('Mrn__c'),
      'objects/Pt__c/listViews/ByMrn.listView-meta.xml': listView('Mrn__c'),
      'reports/PHI/Mrn_Report.report-meta.xml': md.raw(
        'Report',
        `    <filter>\n        <criteriaItems>\n            <column>Pt__c.Mrn__c</column>\n            <operator>equals</operator>\n            <value>${CANARY}</value>\n        </criteriaItems>\n    </filter>\n    <name>Mrn</name>`
      ),
      'classes/PtSelector.cls': `public with sharing class PtSelector {\n    public static List<Pt__c> byMrn(String m) {\n        return [SELECT Id FROM Pt__c WHERE Mrn__c = :m WITH USER_MODE];\n    }\n}\n`
    });
    expect(findings.map((f) => [f.component.type, f.location])).toEqual([
      ['ApexClass', { file: 'force-app/main/default/classes/PtSelector.cls', line: 3 }],
      [
        'ListView',
        { file: 'force-app/main/default/objects/Pt__c/listViews/ByMrn.listView-meta.xml', line: 5 }
      ],
      ['Report', { file: 'force-app/main/default/reports/PHI/Mrn_Report.report-meta.xml', line: 4 }]
    ]);
    for (const f of findings) expect(f.message).not.toContain(CANARY);
  });

  it('is quiet when the filtered PHI field is deterministic', () => {
    const { result } = runCheck(phiFilterNotDeterministic, {
      'objects/Pt__c/fields/Mrn__c.field-meta.xml': phiField('Mrn__c', {
        encryptionScheme: 'CaseSensitiveDeterministicEncryption'
      }),
      'objects/Pt__c/listViews/ByMrn.listView-meta.xml': listView('Mrn__c')
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified with a malformed list view (fail closed)', () => {
    const { result } = runCheck(phiFilterNotDeterministic, {
      'objects/Pt__c/fields/Mrn__c.field-meta.xml': phiField('Mrn__c'),
      'objects/Pt__c/listViews/ByMrn.listView-meta.xml': '<ListView><filters><field>Mrn__c</field></ListView>'
    });
    expect(result.status).toBe('not-verified');
  });

  it('does not repeat ENC-001: an unencrypted filtered field is reported once, by ENC-001', () => {
    const files = {
      'objects/Pt__c/Pt__c.object-meta.xml': md.object(),
      'objects/Pt__c/fields/Mrn__c.field-meta.xml': phiField('Mrn__c', { encryptionScheme: undefined }),
      'objects/Pt__c/listViews/ByMrn.listView-meta.xml': listView('Mrn__c')
    };
    expect(runCheck(phiFilterNotDeterministic, files).result.status).toBe('pass');
    expect(runCheck(phiFieldUnencrypted, files).findings.map((f) => f.component.name)).toEqual([
      'Pt__c.Mrn__c'
    ]);
  });
});
