import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixture } from '../../helpers/paths';
import { runCliNonBlocking } from '../../helpers/run-cli';

/**
 * The fact reader's lexer (lex.ts) loads ApexLexer and antlr4 only for a source the direct scanner gives up on. Each
 * verify runs as a child process from the bundle, as users run it, with a preload that lists the npm packages it
 * loaded; the run with a class the scanner gives up on lists them, so the probe sees them. The tokens either way are
 * held to ApexLexer's in fast-lex.test.ts and antlr-lex.test.ts.
 */
jest.setTimeout(180_000);

const ANTLR = ['@apexdevtools/apex-parser', 'antlr4'];

interface Finding {
  checkId: string;
  location?: { file?: string; line?: number };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-lex-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the fact reader's lexer", () => {
  it('loads ApexLexer and antlr4 only when the scanner gives up on a source, with the same findings', async () => {
    const project = fixture('posture', 'compliant');
    const withDate = path.join(dir, 'with-date');
    cpSync(project, withDate, { recursive: true });
    // Valid Apex the scanner leaves to ApexLexer (a date-time literal in inline SOQL), with a query on a PHI object
    // in system mode, which APX-002 reports only if ApexLexer's tokens reached the fact reader.
    const cls = path.join(withDate, 'force-app', 'main', 'default', 'classes', 'DatedQuery');
    writeFileSync(
      `${cls}.cls`,
      'public with sharing class DatedQuery {\n    public static Integer since() {\n' +
        '        return [SELECT COUNT() FROM Patient_Record__c WHERE CreatedDate > 2020-01-01T00:00:00Z];\n' +
        '    }\n}\n'
    );
    writeFileSync(
      `${cls}.cls-meta.xml`,
      '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
        '    <apiVersion>64.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n'
    );
    const [plain, dated] = await Promise.all([
      runCliNonBlocking(['verify', '-d', project, '--json'], { packages: true }),
      runCliNonBlocking(['verify', '-d', withDate, '--json'], { packages: true })
    ]);
    for (const r of [plain, dated]) {
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.own).toContain('dist/main.js');
    }
    expect(plain.packages!.filter((p) => ANTLR.includes(p))).toEqual([]);
    expect(dated.packages!.filter((p) => ANTLR.includes(p))).toEqual(ANTLR);
    expect(plain.code).toBe(0);
    expect(dated.code).toBe(1);
    const findings = (JSON.parse(dated.stdout) as { result: { findings: Finding[] } }).result.findings;
    expect(findings.map((f) => [f.checkId, f.location?.file, f.location?.line])).toEqual([
      ['APX-002', 'force-app/main/default/classes/DatedQuery.cls', 3]
    ]);
  });
});
