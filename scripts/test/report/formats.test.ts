import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { XMLParser } from 'fast-xml-parser';
import { fixture, REPO_ROOT } from '../helpers/paths';
import { CANARY } from '../helpers/project';
import { runCli } from '../helpers/run-cli';
import { runInProcess } from '../helpers/run-in-process';

const env = { PHI_GUARD_NOW: '2026-11-25T12:00:00Z' };
const out = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-formats-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const run = runCli(
  [
    'verify',
    '-d',
    fixture('posture', 'noncompliant'),
    '--json',
    '--format',
    'sarif,junit,md,html,csv',
    '--output-dir',
    out
  ],
  { env }
);
const result = JSON.parse(run.stdout).result as {
  findings: { checkId: string }[];
  controls: { citation: string; status: string }[];
};
const read = (name: string) => readFileSync(path.join(out, name), 'utf8');

describe('one run writes every report format', () => {
  it('writes one file per format and reports them in warnings', () => {
    expect(run.code).toBe(1);
    expect(readdirSync(out).sort()).toEqual([
      'phi-guard.csv',
      'phi-guard.html',
      'phi-guard.junit.xml',
      'phi-guard.md',
      'phi-guard.sarif'
    ]);
    expect(JSON.parse(run.stdout).warnings[0]).toMatch(/^Wrote /);
  });

  it('SARIF validates against the SARIF 2.1.0 JSON schema, with rule metadata and locations', () => {
    const schema = JSON.parse(
      readFileSync(
        path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
        'utf8'
      )
    );
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const sarif = JSON.parse(read('phi-guard.sarif'));
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const run0 = sarif.runs[0];
    expect(run0.results).toHaveLength(result.findings.length);
    const rule = run0.tool.driver.rules.find((r: { id: string }) => r.id === 'ENC-001');
    expect(rule.help.text).toContain('45 CFR 164.312(a)(2)(iv)');
    expect(rule.defaultConfiguration.level).toBe('error');
    const enc = run0.results.find((r: { ruleId: string }) => r.ruleId === 'ENC-001');
    expect(enc.locations[0].physicalLocation.artifactLocation.uri).toMatch(
      /^force-app\/main\/default\/objects\//
    );
    expect(enc.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  });

  it('JUnit has one test case per control, failures carrying the findings', () => {
    const xml = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testcase' }).parse(
      read('phi-guard.junit.xml')
    );
    const suite = xml.testsuites.testsuite;
    expect(suite.testcase).toHaveLength(result.controls.length);
    const failing = result.controls.filter((c) => c.status === 'fail' || c.status === 'not-verified').length;
    expect(Number(suite['@_failures'])).toBe(failing);
    const access = suite.testcase.find((t: { '@_name': string }) =>
      t['@_name'].startsWith('164.312(a)(2)(iii)')
    );
    expect(access.failure['#text']).toContain('SES-001');
    const skipped = suite.testcase.filter((t: { skipped?: unknown }) => t.skipped);
    expect(skipped.length).toBeGreaterThan(0);
  });

  it('CSV has a header and one row per finding, quoted per RFC 4180', () => {
    const lines = read('phi-guard.csv').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'checkId,severity,hipaa,componentType,component,file,line,message,remediation,status,suppressionJustification,approver,expires'
    );
    expect(lines.filter((l) => /^[A-Z]{3}-\d{3},/.test(l))).toHaveLength(result.findings.length);
  });

  it('the Markdown evidence pack has provenance, a summary table and control sections', () => {
    const md = read('phi-guard.md');
    expect(md).toMatch(/\| Inputs \| \d+ file\(s\), SHA-256 [0-9a-f]{64} \|/);
    expect(md).toMatch(/\| Git commit \| ([0-9a-f]{40}|not a git repository) \|/);
    expect(md).toContain('| Control | Title | Status | Open findings | Accepted exceptions |');
    expect(md).toContain('## 164.312(a)(2)(iii) Automatic logoff: Fail');
    expect(md).toMatch(
      /Evidence: \d+ file\(s\): .*`force-app\/main\/default\/settings\/Security\.settings-meta\.xml`/
    );
  });

  it('HTML is self-contained: no external scripts, styles, images or links', () => {
    const html = read('phi-guard.html');
    expect(html).not.toMatch(/<(script|link|img)\b/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).toContain('@media print');
  });

  it('no report carries a PHI value from the fixtures', () => {
    for (const f of readdirSync(out)) expect([f, read(f).includes(CANARY)]).toEqual([f, false]);
  });

  // The two refusals go through the real entry in this process (the same stderr bytes and exit code); that a
  // refusal is exit 2 and one line on a real process is cli.test.ts's and bin.test.ts's to show.
  it('an unwritable output directory is an input error and writes nothing', async () => {
    const file = path.join(out, 'not-a-dir');
    writeFileSync(file, 'x');
    const bad = await runInProcess(
      [
        'verify',
        '-d',
        fixture('posture', 'compliant'),
        '--format',
        'csv',
        '--output-dir',
        path.join(file, 'sub')
      ],
      { env }
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--output-dir');
  });

  it('rejects an unknown format naming the flag', async () => {
    const bad = await runInProcess(['verify', '--format', 'pdf']);
    expect([bad.code, bad.stderr.trim()]).toEqual([
      2,
      'Error: Flag --format does not accept "pdf"; expected one of: sarif, junit, md, html, csv.'
    ]);
  });
});
