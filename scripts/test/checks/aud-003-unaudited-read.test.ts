import { reachesAudit } from '../../src/checks/apex-util';
import { apexPhiReadUnaudited } from '../../src/checks/aud-003-unaudited-read';
import { phiField, runCheck, snapshotOf } from '../helpers/project';

const field = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };
const controller = (body: string) => `public with sharing class RxController {
    @AuraEnabled(cacheable=true)
    public static List<Rx__c> mine() {
        List<Rx__c> rows = [SELECT Id, Drug__c FROM Rx__c WITH USER_MODE LIMIT 50];
${body}
        return rows;
    }
}
`;

describe('AUD-003 PHI reads without the audit service', () => {
  it('fires on an entry point that reads PHI and never records it', () => {
    const { findings } = runCheck(apexPhiReadUnaudited, {
      ...field,
      'classes/RxController.cls': controller('')
    });
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'AUD-003',
        message: 'RxController reads PHI (Rx__c.Drug__c) but never calls the PHI access audit service',
        location: { file: 'force-app/main/default/classes/RxController.cls', line: 4 }
      })
    ]);
  });

  it('is quiet when the class, or a class it delegates to, calls the audit service', () => {
    const { result } = runCheck(apexPhiReadUnaudited, {
      ...field,
      'classes/RxController.cls': controller('        RxAuditing.record(rows);'),
      'classes/RxAuditing.cls':
        'public with sharing class RxAuditing {\n    public static void record(List<Rx__c> rows) {\n        PhiAccessAudit.recordView(rows);\n    }\n}\n'
    });
    expect(result.status).toBe('pass');
  });

  it('walks back from the audit service once, however long the delegation chain', () => {
    const chain: Record<string, string> = {};
    for (let i = 1; i <= 8; i++) {
      const call = i === 8 ? 'PhiAccessAudit.recordView(ids);' : `Step${i + 1}.run(ids);`;
      chain[`classes/Step${i}.cls`] =
        `public with sharing class Step${i} {\n    public static void run(Set<Id> ids) {\n        ${call}\n    }\n}\n`;
    }
    const files = { ...field, ...chain, 'classes/RxController.cls': controller('        Step1.run(null);') };
    expect(runCheck(apexPhiReadUnaudited, files).result.status).toBe('pass');
    const s = snapshotOf(files);
    const reached = reachesAudit(s);
    expect(reachesAudit(s)).toBe(reached);
    expect([...reached].map((a) => a.name).sort()).toEqual(
      ['RxController', ...Array.from({ length: 8 }, (_, i) => `Step${i + 1}`)].sort()
    );
  });

  it('does not analyse Apex that fails to parse (INP-001 reports it)', () => {
    const { result } = runCheck(apexPhiReadUnaudited, {
      ...field,
      'classes/RxController.cls': controller('        Integer x = ;')
    });
    expect(result.status).toBe('not-verified');
  });

  it('judges triggers: on a PHI object or reading PHI, unless they reach the audit service', () => {
    const trigger = (name: string, body: string) => ({
      [`triggers/${name}.trigger`]: `trigger ${name} on Rx__c (after insert) {\n${body}\n}\n`
    });
    const { findings } = runCheck(apexPhiReadUnaudited, {
      ...field,
      ...trigger('RxSilent', '    Integer n = Trigger.new.size();'),
      ...trigger('RxAudited', '    PhiAccessAudit.recordView(Trigger.new);'),
      'triggers/AccountRead.trigger':
        'trigger AccountRead on Account (after update) {\n    List<Rx__c> rows = [SELECT Drug__c FROM Rx__c WITH USER_MODE];\n}\n'
    });
    expect(findings.map((f) => [f.component.name, f.message, (f.location as { line: number }).line])).toEqual(
      [
        [
          'AccountRead',
          'AccountRead reads PHI (Rx__c.Drug__c) but never calls the PHI access audit service',
          2
        ],
        ['RxSilent', 'RxSilent reads PHI (trigger on Rx__c) but never calls the PHI access audit service', 1]
      ]
    );
  });
});
