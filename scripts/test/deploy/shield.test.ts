import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findShieldElements, stripShield } from '../../src/deploy/shield';
import { writePack } from '../../src/deploy/pack';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { FIXTURE } from './fixture-org';

const DIRS = [path.join(FIXTURE, 'force-app')];

describe('Shield-only elements', () => {
  const found = findShieldElements(FIXTURE, DIRS);
  it('finds the encryption settings, each encrypted field and each history retention policy, with what they need', () => {
    const byFile = new Map(found.map((e) => [e.file, e]));
    expect(byFile.get('force-app/main/default/settings/PlatformEncryption.settings-meta.xml')).toMatchObject({
      element: 'file',
      needs: expect.arrayContaining(['tenant-secret-probabilistic', 'manage-encryption-keys'])
    });
    expect(
      byFile.get('force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml')
    ).toMatchObject({
      element: 'encryptionScheme',
      needs: ['tenant-secret-deterministic', 'manage-encryption-keys']
    });
    expect(byFile.get('force-app/main/default/objects/Contact/Contact.object-meta.xml')).toMatchObject({
      element: 'historyRetentionPolicy',
      needs: ['field-audit-trail']
    });
    expect(found.filter((e) => e.element === 'encryptionScheme')).toHaveLength(5);
  });
  it('strips them from a temporary copy only; the source stays as it is', () => {
    const copy = stripShield(FIXTURE, found);
    try {
      expect(
        existsSync(
          path.join(copy.dir, 'force-app/main/default/settings/PlatformEncryption.settings-meta.xml')
        )
      ).toBe(false);
      const mrn = 'force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml';
      expect(readFileSync(path.join(copy.dir, mrn), 'utf8')).not.toContain('encryptionScheme');
      expect(readFileSync(path.join(copy.dir, mrn), 'utf8')).toContain('<fullName>MRN__c</fullName>');
      expect(readFileSync(path.join(FIXTURE, mrn), 'utf8')).toContain('<encryptionScheme>');
      expect(findShieldElements(copy.dir, [path.join(copy.dir, 'force-app')])).toEqual([]);
    } finally {
      copy.cleanup();
    }
    expect(existsSync(copy.dir)).toBe(false);
  });
});

describe('evidence pack writer', () => {
  it('writes every file or none; refuses a non-empty folder', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-pack-'));
    try {
      const out = path.join(base, 'pack');
      expect(writePack(out, { 'a.json': '{}', 'b.xml': '<x/>' })).toHaveLength(2);
      expect(readdirSync(out).sort()).toEqual(['a.json', 'b.xml']);
      expect(() => writePack(out, { 'c.json': '{}' })).toThrow(/exists and is not an empty folder/);
      expect(readdirSync(out).sort()).toEqual(['a.json', 'b.xml']);
      const blocked = path.join(base, 'file');
      writeFileSync(blocked, 'x');
      expect(() => writePack(path.join(blocked, 'pack'), { 'a.json': '{}' })).toThrow(/--output-dir/);
      expect(readdirSync(base).sort()).toEqual(['file', 'pack']); // no temporary folder left behind
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
