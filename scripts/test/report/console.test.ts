import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject } from '../../src/posture/source/loader';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { fixture } from '../helpers/paths';
import { renderConsole } from '../../src/report/console';
import { verifySnapshot } from '../../src/engine/verify';
import { md, NOW, phiField, snapshotOf } from '../helpers/project';

const result = verifySnapshot(
  snapshotOf({
    'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c', { encryptionScheme: undefined }),
    'objects/Rx__c/Rx__c.object-meta.xml': md.object()
  }),
  { now: NOW, failOn: 'high', version: '9.9.9' }
);

describe('console reporter', () => {
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

describe('console: controls that FAIL under a PASSED threshold', () => {
  it('says why in one line: their findings are below --fail-on', () => {
    // the compliant fixture with one PHI field no longer history-tracked: AUD-001 (medium) only
    const root = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-below-'));
    try {
      cpSync(fixture('posture', 'compliant'), root, { recursive: true });
      const field = path.join(
        root,
        'force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml'
      );
      writeFileSync(field, readFileSync(field, 'utf8').replace('<trackHistory>true', '<trackHistory>false'));
      const r = verifySnapshot(loadProject(loadSfdxProject(root)), {
        now: NOW,
        failOn: 'high',
        version: '9.9.9'
      });
      expect(r.passed).toBe(true);
      const failing = r.controls.filter((c) => c.status === 'fail').map((c) => c.citation);
      expect(failing).toEqual(['164.312(b)', '164.312(c)(1)']);
      const lines = renderConsole(r, { color: false }).split('\n');
      expect(lines.at(-2)).toBe('1 medium. Threshold --fail-on high: PASSED.');
      expect(lines.at(-1)).toBe(
        '2 control(s) FAIL on findings below --fail-on high (1 medium), so the run passes; --fail-on medium would fail it.'
      );
      // nothing to explain when the run failed
      expect(renderConsole(result, { color: false })).not.toContain('so the run passes');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
