import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gateInputsHash, runGate } from '../../src/deploy/gate';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { breakSchema, FIXTURE } from './fixture-org';

/**
 * The static gate's inputs hash and its --gate-cache. The project here has a metadata schema problem, so the
 * gate stops before the Apex layers (the slow JVM part) and each computation is quick.
 */
const NOW = new Date('2026-11-25T12:00:00Z');
let work: string;
let dir: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-gate-'));
  dir = path.join(work, 'project');
  cpSync(FIXTURE, dir, { recursive: true });
  breakSchema(dir);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('gate inputs hash', () => {
  it('changes with any input file, the threshold and --force; is stable otherwise', () => {
    const project = loadSfdxProject(dir);
    const h = gateInputsHash(project, 'high');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(gateInputsHash(project, 'high')).toBe(h);
    expect(gateInputsHash(project, 'medium')).not.toBe(h);
    expect(gateInputsHash(project, 'high', true)).not.toBe(h);
    const cfg = path.join(dir, 'config/phi-guard-suppressions.json');
    const before = readFileSync(cfg, 'utf8');
    writeFileSync(cfg, `${before} `);
    try {
      expect(gateInputsHash(project, 'high')).not.toBe(h);
    } finally {
      writeFileSync(cfg, before);
    }
  });
});

describe('--gate-cache', () => {
  it('stores a result, reuses it for the same inputs, and never trusts an unreadable or mismatched entry', async () => {
    const project = loadSfdxProject(dir);
    const cacheDir = path.join(work, 'cache');
    const first = await runGate(project, { failOn: 'high', now: NOW, cacheDir });
    expect(first).toMatchObject({ passed: false, metadata: { passed: false } });
    expect(first.cachedFrom).toBeUndefined();
    const entry = path.join(cacheDir, `gate-${first.inputsSha256}.json`);
    expect(readdirSync(cacheDir)).toEqual([path.basename(entry)]); // no temporary file left
    const stored = JSON.parse(readFileSync(entry, 'utf8')) as Record<string, unknown>;
    expect(stored).toEqual({
      inputsSha256: first.inputsSha256,
      verify: first.verify,
      metadata: first.metadata,
      rules: first.rules,
      apex: first.apex
    });

    const again = await runGate(project, { failOn: 'high', now: NOW, cacheDir });
    expect(again.cachedFrom).toBe(entry);
    expect({ ...again, cachedFrom: undefined }).toEqual({ ...first, cachedFrom: undefined });

    // a doctored entry: a "passed" result under this name, for other inputs, is not used
    writeFileSync(
      entry,
      JSON.stringify({
        ...stored,
        inputsSha256: '0'.repeat(64),
        metadata: { passed: true, filesChecked: 0, problems: [] }
      })
    );
    const mismatched = await runGate(project, { failOn: 'high', now: NOW, cacheDir });
    expect(mismatched.cachedFrom).toBeUndefined();
    expect(mismatched.metadata.passed).toBe(false);
    expect(JSON.parse(readFileSync(entry, 'utf8'))).toEqual(stored); // recomputed and stored again

    // an entry written before the platform-rule layer existed is recomputed, not taken as a pass
    const { rules: _rules, ...withoutRules } = stored;
    writeFileSync(entry, JSON.stringify(withoutRules));
    const older = await runGate(project, { failOn: 'high', now: NOW, cacheDir });
    expect(older.cachedFrom).toBeUndefined();
    expect(older.rules).toEqual(first.rules);

    writeFileSync(entry, '{ not json');
    const unreadable = await runGate(project, { failOn: 'high', now: NOW, cacheDir });
    expect(unreadable.cachedFrom).toBeUndefined();
    expect(unreadable.passed).toBe(false);
    expect(JSON.parse(readFileSync(entry, 'utf8'))).toEqual(stored);
  });

  it('--force overrides only the verify part: a schema problem still fails the gate', async () => {
    const project = loadSfdxProject(dir);
    const r = await runGate(project, { failOn: 'high', now: NOW, force: { reason: 'x' } });
    expect(r.verify.passed).toBe(false);
    expect(r.forced).toEqual({ reason: 'x' });
    expect(r.metadata.passed).toBe(false);
    expect(r.apex.notVerified).toEqual(['not run: an earlier layer of the gate failed']);
    expect(r.passed).toBe(false);
  });
});

describe('the platform-rule layer in the gate', () => {
  it('runs the release rules: a certificate nobody acknowledged fails the gate, and --force does not override it', async () => {
    const copy = path.join(work, 'unacknowledged');
    cpSync(FIXTURE, copy, { recursive: true });
    rmSync(path.join(copy, 'config', 'phi-guard-certificates.json'));
    const r = await runGate(loadSfdxProject(copy), { failOn: 'high', now: NOW, force: { reason: 'x' } });
    expect(r.rules).toMatchObject({
      passed: false,
      rules: expect.arrayContaining(['sample-certificate', 'test-user-mode'])
    });
    expect(r.rules.problems).toEqual([
      expect.stringMatching(
        /^force-app\/main\/default\/connectedApps\/Ecommerce_Sync\.connectedApp-meta\.xml:7: \[sample-certificate\] ConnectedApp Ecommerce_Sync: certificate SHA-256 [0-9A-F:]{95} is not acknowledged.*\(https:\/\/developer\.salesforce\.com\/docs\/atlas\.en-us\.api_meta\.meta\/api_meta\/meta_extlclntappglobaloauthsettings\.htm\)$/
      )
    ]);
    expect(r.apex.notVerified).toEqual(['not run: an earlier layer of the gate failed']);
    expect(r.passed).toBe(false);
  });

  it('passes the rules on the fixture, whose certificate is acknowledged', async () => {
    const r = await runGate(loadSfdxProject(dir), { failOn: 'high', now: NOW });
    expect(r.rules).toEqual({ passed: true, rules: expect.any(Array), problems: [] });
  });
});
