import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { judge, loadPrerequisites } from '../../src/deploy/preflight';
import { REPO_ROOT } from '../helpers/paths';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('preflight: judging a prerequisite from its query', () => {
  it('UserPermissionAccess: every selected permission must be true', () => {
    const q = 'SELECT PermissionsManageEncryptionKeys FROM UserPermissionAccess';
    expect(judge(q, [{ PermissionsManageEncryptionKeys: true }], NOW)).toBeUndefined();
    expect(judge(q, [{ PermissionsManageEncryptionKeys: false }], NOW)).toMatch(
      /PermissionsManageEncryptionKeys is not true/
    );
    expect(judge(q, [{}], NOW)).toMatch(/not true/); // a missing column is not a pass
    expect(judge(q, [], NOW)).toBe('no matching row');
  });
  it('Type IN (...): one row of each type', () => {
    const q =
      "SELECT Type FROM TenantSecret WHERE Type IN ('EventBus', 'FieldHistory') AND Status = 'ACTIVE'";
    expect(judge(q, [{ Type: 'EventBus' }, { Type: 'FieldHistory' }], NOW)).toBeUndefined();
    expect(judge(q, [{ Type: 'EventBus' }], NOW)).toBe('no active FieldHistory');
    expect(judge(q, [], NOW)).toBe('no active EventBus, FieldHistory');
  });
  it('a certificate must not be expired; other queries need a row', () => {
    const q = "SELECT Id, DeveloperName, ExpirationDate FROM Certificate WHERE DeveloperName = 'X'";
    expect(judge(q, [{ ExpirationDate: '2027-01-01T00:00:00.000+0000' }], NOW)).toBeUndefined();
    expect(judge(q, [{ ExpirationDate: '2026-01-01T00:00:00.000+0000' }], NOW)).toBe(
      'the certificate has expired'
    );
    expect(judge(q, [{}], NOW)).toBe('the certificate has expired');
    expect(judge("SELECT Id FROM Profile WHERE Name = 'Customer Community User' LIMIT 1", [], NOW)).toBe(
      'no matching row'
    );
  });
});

describe('preflight: config/org-prerequisites.json', () => {
  it("reads this repo's checked list", () => {
    const list = loadPrerequisites(REPO_ROOT);
    expect(list.map((p) => p.id)).toEqual(
      expect.arrayContaining([
        'tenant-secret-probabilistic',
        'field-audit-trail',
        'event-monitoring',
        'mtls-certificate'
      ])
    );
  });
  it('a missing, malformed or incomplete file is one line naming the file, never its content', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-prereq-'));
    try {
      expect(() => loadPrerequisites(dir)).toThrow('config/org-prerequisites.json: not found');
      mkdirSync(path.join(dir, 'config'));
      writeFileSync(path.join(dir, 'config/org-prerequisites.json'), '{"prerequisites": [ SECRET-CANARY');
      expect(() => loadPrerequisites(dir)).toThrow(/^config\/org-prerequisites\.json: not valid JSON$/);
      writeFileSync(path.join(dir, 'config/org-prerequisites.json'), '{"prerequisites": {"id": "x"}}');
      expect(() => loadPrerequisites(dir)).toThrow(
        /^config\/org-prerequisites\.json: "prerequisites" must be a list$/
      );
      writeFileSync(path.join(dir, 'config/org-prerequisites.json'), '{"prerequisites": [{"id": "x"}]}');
      expect(() => loadPrerequisites(dir)).toThrow(
        /prerequisites\[0\] needs id, blocking, when, components and a check/
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
