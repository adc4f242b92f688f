import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateApex } from '../../src/apex/validate';
import { formatIssue, type ApexIssue } from '../../src/apex/types';
import { fixture } from '../helpers/paths';
import { CANARY, expectNoCanary } from '../helpers/project';
import { processingErrorFile } from '../../src/apex/pmd';
import { getMessage } from '@salesforce/code-analyzer-pmd-engine/dist/messages';

type Validation = Awaited<ReturnType<typeof validateApex>>;
const issuesOf = (r: Validation, layer: string, file?: string): ApexIssue[] =>
  (r.layers.find((l) => l.layer === layer)?.issues ?? []).filter(
    (i) => file === undefined || i.file === file
  );
const CLASSES = 'force-app/main/default/classes';

/**
 * apex-ls and PMD each start a JVM (seconds of CPU) per validation, whatever the number of classes. Fixtures
 * whose assertions are each about their own class's issues share one validation: a temporary project holding
 * the classes of each (the first one's sfdx-project.json), with no config/ (no known-gaps file).
 */
const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function together(...names: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-guard-apex-'));
  tmpDirs.push(dir);
  fs.copyFileSync(
    fixture('apex-broken', names[0]!, 'sfdx-project.json'),
    path.join(dir, 'sfdx-project.json')
  );
  for (const name of names)
    fs.cpSync(fixture('apex-broken', name, 'force-app'), path.join(dir, 'force-app'), { recursive: true });
  return dir;
}

/**
 * One PMD run over the three PMD fixtures; one apex-ls run over the unknown field and the gap without its file; one run
 * of all three layers over the compliant class and the gap with its file (config/ of known-gap).
 */
let pmd: Promise<Validation> | undefined;
const pmdRun = () =>
  (pmd ??= validateApex(together('soql-in-loop', 'without-sharing-dml', 'pmd-unparsable'), [
    'parser',
    'pmd'
  ]));
let apexLs: Promise<Validation> | undefined;
const apexLsRun = () =>
  (apexLs ??= validateApex(together('unknown-field', 'known-gap'), ['parser', 'apex-ls']));
let clean: Promise<Validation> | undefined;
const cleanRun = () =>
  (clean ??= (() => {
    const dir = together('clean', 'known-gap');
    fs.cpSync(fixture('apex-broken', 'known-gap', 'config'), path.join(dir, 'config'), { recursive: true });
    return validateApex(dir);
  })());
const GAP = expect.objectContaining({ file: 'force-app/main/default/classes/GapPolicy.cls', line: 1 });

describe('offline Apex validation layers', () => {
  it('parser layer reports a syntax error with file, line and column', async () => {
    const r = await validateApex(fixture('apex-broken', 'syntax-error'), ['parser']);
    const issues = issuesOf(r, 'parser');
    expect(r.passed).toBe(false);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: 'force-app/main/default/classes/BrokenSyntax.cls',
      line: 6,
      layer: 'parser'
    });
    expect(formatIssue(issues[0]!)).toMatch(
      /^force-app\/main\/default\/classes\/BrokenSyntax\.cls:6:\d+ \[parser\] /
    );
  });

  it('apex-ls layer reports an unknown field with file and line, which the parser accepts', async () => {
    const r = await apexLsRun();
    expect(issuesOf(r, 'parser')).toEqual([]);
    const issues = issuesOf(r, 'apex-ls', `${CLASSES}/UnknownField.cls`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'force-app/main/default/classes/UnknownField.cls', line: 4 });
    expect(issues[0]!.message).toContain('Medical_Record_Nmbr__c');
  });

  it('PMD layer reports a SOQL query inside a loop with file and line', async () => {
    const r = await pmdRun();
    expect(issuesOf(r, 'parser')).toEqual([]);
    // The two classes' issues and the file PMD could not process, and nothing else.
    expect(issuesOf(r, 'pmd')).toHaveLength(3);
    const issues = issuesOf(r, 'pmd', `${CLASSES}/SoqlInLoop.cls`);
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'force-app/main/default/classes/SoqlInLoop.cls',
        line: 5,
        rule: 'OperationWithLimitsInLoop'
      })
    ]);
  });

  it('PMD layer reports DML in a without-sharing class with file and line', async () => {
    const r = await pmdRun();
    expect(issuesOf(r, 'parser')).toEqual([]);
    const issues = issuesOf(r, 'pmd', `${CLASSES}/WithoutSharingDml.cls`);
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'force-app/main/default/classes/WithoutSharingDml.cls',
        line: 4,
        rule: 'ApexCRUDViolation'
      })
    ]);
  });

  it('a file PMD cannot parse is an issue on that file, never a silent pass (fail closed)', async () => {
    // PMD skips the file and Code Analyzer only logs it: without this, no rule ran on it and the layer passed.
    const r = await pmdRun();
    const file = 'force-app/main/default/lwc/optionalCatch/optionalCatch.js';
    const issues = issuesOf(r, 'pmd', file);
    expect(issues).toEqual([
      expect.objectContaining({ file, line: 1, rule: 'ProcessingError', layer: 'pmd' })
    ]);
    expect(r.passed).toBe(false);
    // The parser's own text is never passed on (it can quote the file).
    expect(issues[0]!.message).toMatch(/^PMD could not parse this file/);
    expectNoCanary(JSON.stringify(r), ...issues.map(formatIssue));
  });

  it("reads the file from the engine's processing-error message, and nothing from another message", () => {
    // The form of code-analyzer-pmd-engine's ProcessingErrorForFile message (dist/messages.js).
    const message = getMessage('ProcessingErrorForFile', 'PMD', "/p/it's here.js", `  NPE ${CANARY}`);
    expect(processingErrorFile(message)).toBe("/p/it's here.js");
    expect(processingErrorFile('Failed to generate AST for /p/a.js: boom')).toBeUndefined();
    expect(processingErrorFile(getMessage('ProcessingErrorForFile', 'CPD', '/p/a.js', 'x'))).toBeUndefined();
  });

  it('all three layers pass a compliant class', async () => {
    // beside the documented gap (its class and config/), whose one apex-ls message is accepted and nothing else
    const r = await cleanRun();
    expect(r.layers.map((l) => [l.layer, l.issues.length, l.notVerified])).toEqual([
      ['parser', 0, undefined],
      ['apex-ls', 0, undefined],
      ['pmd', 0, undefined]
    ]);
    expect(r.layers.map((l) => l.accepted ?? [])).toEqual([[], [GAP], []]);
    expect(r.passed).toBe(true);
    expect(r.apexFiles).toBe(2);
  });

  it('a layer that cannot run is not verified and fails the validation (fail closed)', async () => {
    const r = await (async () => {
      const saved = process.env.JAVA_HOME;
      process.env.JAVA_HOME = '/nonexistent-jdk';
      try {
        return await validateApex(fixture('apex-broken', 'clean'), ['apex-ls']);
      } finally {
        if (saved === undefined) delete process.env.JAVA_HOME;
        else process.env.JAVA_HOME = saved;
      }
    })();
    expect(r.layers[0]!.notVerified).toMatch(/java was not found/);
    expect(r.passed).toBe(false);
  });
});

describe('apex-ls known platform gaps', () => {
  it('reports a documented gap as accepted, not as a failure', async () => {
    // (in the run it shares with the compliant class)
    const r = await cleanRun();
    const apexLsLayer = r.layers.find((l) => l.layer === 'apex-ls')!;
    expect(apexLsLayer.issues).toEqual([]);
    expect(apexLsLayer.accepted).toEqual([GAP]);
    expect(r.passed).toBe(true);
  });

  it('without the gaps file the same message fails', async () => {
    // The known-gap class without config/ (in the apex-ls run it shares with the unknown-field class).
    const r = await apexLsRun();
    const gap = issuesOf(r, 'apex-ls', `${CLASSES}/GapPolicy.cls`);
    expect(gap).toHaveLength(1);
    expect(gap[0]!.message).toContain('TxnSecurity.EventCondition');
    expect(r.layers.find((l) => l.layer === 'apex-ls')!.accepted ?? []).toEqual([]);
    expect(r.passed).toBe(false);
    // Nothing else: the unknown field's issue and this one.
    expect(issuesOf(r, 'apex-ls')).toHaveLength(2);
  });

  it('a gaps entry without a reason is an input error naming the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-guard-gap-'));
    try {
      fs.cpSync(fixture('apex-broken', 'known-gap'), dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'config', 'apex-ls-known-gaps.json'), '{"gaps":[{"message":"x"}]}');
      await expect(validateApex(dir, ['apex-ls'])).rejects.toThrow(
        'config/apex-ls-known-gaps.json: gaps[0] needs a "message" and a non-empty "reason"'
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
