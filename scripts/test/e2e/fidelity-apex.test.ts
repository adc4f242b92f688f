import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/checks/types';
import { FORMAT_NAMES } from '../../src/report';
import { lineContaining } from '../helpers/lines';
import { fixture } from '../helpers/paths';
import { CANARY, expectNoCanary } from '../helpers/canary';
import { runCli } from '../helpers/run-cli';

/**
 * Apex facts from structure, end to end: every pattern of the Apex part of issue 12 is a fixture
 * project (scripts/test/fixtures/fidelity/apex-<item>/pattern) run through the real loader and CLI,
 * with a quiet twin (…/quiet). The suite is exhaustive over Apex files: a finding located in an
 * Apex file that is not expected fails it, as does a missing one.
 */
const FA = 'force-app/main/default';
const env = { PHI_GUARD_NOW: '2026-11-25T12:00:00Z', PHI_GUARD_APEX_WORKERS: '0' };
const ITEMS = [
  'apex-inner-class',
  'apex-dynamic-soql',
  'apex-strip-per-statement',
  'apex-entry-points',
  'apex-subqueries',
  'apex-aud003',
  'apex-test-code'
];

interface Expect {
  checkId: string;
  cls: string;
  needle: string;
}

/** What each pattern must draw, at the line holding `needle` in classes/<cls>.cls. */
const EXPECTED: Record<string, Expect[]> = {
  'apex-inner-class': [
    { checkId: 'APX-001', cls: 'LabReport', needle: 'private without sharing class Worker' }
  ],
  'apex-dynamic-soql': [
    { checkId: 'APX-002', cls: 'LabSearch', needle: "Database.query('SELECT Lab_Results__c" },
    { checkId: 'APX-002', cls: 'LabSearch', needle: 'return Search.query(sosl)' }
  ],
  'apex-strip-per-statement': [
    { checkId: 'APX-002', cls: 'PatientExport', needle: 'return [SELECT Diagnosis__c' },
    { checkId: 'APX-002', cls: 'PatientExport', needle: 'update records;' }
  ],
  'apex-entry-points': [
    { checkId: 'APX-004', cls: 'InvocableLab', needle: '@InvocableMethod' },
    { checkId: 'APX-002', cls: 'InvocableLab', needle: '[SELECT Lab_Results__c' },
    { checkId: 'APX-004', cls: 'RemoteLab', needle: '@RemoteAction' },
    { checkId: 'APX-002', cls: 'RemoteLab', needle: '[SELECT Diagnosis__c' },
    { checkId: 'APX-004', cls: 'SoapLab', needle: 'webService static' },
    { checkId: 'APX-002', cls: 'SoapLab', needle: '[SELECT Diagnosis__c' }
  ],
  'apex-subqueries': [
    { checkId: 'APX-004', cls: 'BranchLabs', needle: '@AuraEnabled' },
    { checkId: 'APX-002', cls: 'BranchLabs', needle: 'List<Branch__c> rows = [' }
  ],
  'apex-aud003': [{ checkId: 'AUD-003', cls: 'IntakeController', needle: '[SELECT Diagnosis__c' }],
  'apex-test-code': [{ checkId: 'APX-002', cls: 'LegacyMixed', needle: 'insert admitted' }]
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The common metadata plus the given variant of each item, as one SFDX project. */
function project(items: string[], variant: 'pattern' | 'quiet'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `phi-guard-apex-${variant}-`));
  dirs.push(dir);
  cpSync(fixture('fidelity', 'apex-common'), dir, { recursive: true });
  for (const item of items)
    cpSync(fixture('fidelity', item, variant), path.join(dir, FA), { recursive: true });
  return dir;
}

function verify(dir: string): { findings: Finding[]; out: string } {
  const r = runCli(['verify', '-d', dir, '--json', '--no-progress'], { env });
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.code);
  const json = JSON.parse(r.stdout) as { result: { findings: Finding[] } };
  return { findings: json.result.findings, out: r.stdout + r.stderr };
}

const inApex = (f: Finding) => /\.(cls|trigger)$/.test((f.location as { file?: string }).file ?? '');
const key = (f: Finding) => {
  const loc = f.location as { file: string; line?: number };
  return `${f.checkId} ${loc.file}:${loc.line ?? '-'}`;
};

describe('verify: Apex facts from structure (fixture projects through the real CLI)', () => {
  it('reports every pattern at its file and line, and nothing else in Apex files', () => {
    const dir = project(ITEMS, 'pattern');
    const { findings } = verify(dir);
    const want = ITEMS.flatMap((item) =>
      EXPECTED[item]!.map((e) => {
        const file = `${FA}/classes/${e.cls}.cls`;
        const line = lineContaining(fixture('fidelity', item, 'pattern'), `classes/${e.cls}.cls`, e.needle);
        return `${e.checkId} ${file}:${line}`;
      })
    );
    expect(findings.filter(inApex).map(key).sort()).toEqual(want.sort());
    // The inner class is named as itself.
    expect(findings.find((f) => f.checkId === 'APX-001')?.component.name).toBe('LabReport.Worker');
  }, 180_000);

  it('the quiet twins draw no finding in any Apex file', () => {
    const { findings } = verify(project([...ITEMS, 'apex-parse-error'], 'quiet'));
    expect(findings.filter(inApex).map(key)).toEqual([]);
  }, 180_000);

  it('a broken Apex file is reported by line and kind, never echoes its text, and its checks are not verified', () => {
    const dir = project(['apex-parse-error'], 'pattern');
    expect(readdirSync(path.join(dir, FA, 'classes'))).toContain('Leaky.cls');
    const { findings, out } = verify(dir);
    const file = `${FA}/classes/Leaky.cls`;
    const line = lineContaining(
      fixture('fidelity', 'apex-parse-error', 'pattern'),
      'classes/Leaky.cls',
      'String s'
    );
    expect(findings.filter((f) => inApex(f) && !f.notVerified).map(key)).toEqual([`INP-001 ${file}:${line}`]);
    const notVerified = findings.filter((f) => inApex(f) && f.notVerified).map((f) => f.checkId);
    expect(notVerified).toEqual(expect.arrayContaining(['APX-001', 'APX-002', 'APX-004', 'AUD-003']));
    // The fixture plants the canary as an Apex identifier (dashes are not legal there).
    const planted = CANARY.replace(/-/g, '_');
    expect(out).not.toContain(planted);
    expectNoCanary(out);
    // Human output and every report format too.
    const reports = path.join(dir, 'reports');
    const human = runCli(
      ['verify', '-d', dir, '--no-progress', '--format', FORMAT_NAMES.join(','), '--output-dir', reports],
      { env }
    );
    const written = readdirSync(reports);
    expect(written.length).toBe(FORMAT_NAMES.length);
    for (const f of written) expect(readFileSync(path.join(reports, f), 'utf8')).not.toContain(planted);
    expect(human.stdout + human.stderr).not.toContain(planted);
    expect(human.stdout).toContain(`${file}:${line}`);
  }, 180_000);
});
