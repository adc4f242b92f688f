import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifySnapshot, type VerifyResult } from '../../src/engine/verify';
import { FORMATS } from '../../src/report';
import { STATUS_LABEL } from '../../src/report/common';
import { renderConsole } from '../../src/report/console';
import { md, NOW, snapshotOf, writeProject } from '../helpers/project';
import { runCli } from '../helpers/run-cli';

/**
 * Issue 19 item 10: untrusted strings (a file name, an org name) planted with newlines, a forged
 * heading, raw HTML and bidi controls, through the real source loader and every reporter. Each
 * format's escaping module must keep them on their own line, as text.
 */
const FORGED = '## 164.312(a)(2)(iv) Encryption and decryption (at rest): Pass';
const EVIL_FILE = `Dx\n${FORGED}\r${FORGED}\u2028## Forged\u202e\u001b[2J__c`;
const IMG = '<img src=x onerror=alert(1)>';

// a PHI field without encryption, in a file whose name forges headings: ENC-001 points at that file
const EVIL_PROJECT = {
  [`objects/Rx__c/fields/${EVIL_FILE}.field-meta.xml`]: md.field('Diagnosis__c', {
    complianceGroup: 'HIPAA'
  })
};

function result(): VerifyResult {
  return verifySnapshot(snapshotOf(EVIL_PROJECT), { now: NOW, failOn: 'high', version: 't' });
}
const asOrg = (r: VerifyResult): VerifyResult => ({
  ...r,
  source: { kind: 'org', alias: `prod ${IMG}\n# Org` }
});

// eslint-disable-next-line no-control-regex
const RAW = /[\r\u2028\u202e\u001b]/;
// eslint-disable-next-line no-control-regex
const RAW_IN_ROW = /[\n\r\u2028\u202e\u001b]/;

describe('untrusted strings cannot forge report structure', () => {
  const r = result();
  const location = r.findings.find((f) => f.checkId === 'ENC-001')!.location as { file: string };

  it('the planted file is really in the findings and the evidence (the attack reaches the reporters)', () => {
    expect(location.file).toContain(FORGED);
    expect(r.checks.find((c) => c.id === 'ENC-001')!.evidence.join()).toContain(FORGED);
    expect(r.controls.find((c) => c.citation === '164.312(a)(2)(iv)')!.status).toBe('fail');
  });

  it('Markdown: only the real headings start a line; the planted text stays inside its cell or list item', () => {
    const text = FORMATS.md.render(asOrg(r));
    const headings = text.split(/\r\n|\r|\n|\u2028/).filter((l) => /^ {0,3}#/.test(l));
    expect(headings).toEqual([
      '# HIPAA Security Rule evidence pack',
      '## Executive summary',
      '## Summary',
      '## Provenance',
      ...r.controls.map((c) => `## ${c.citation} ${c.title}: ${STATUS_LABEL[c.status]}`)
    ]);
    expect(text).not.toMatch(RAW);
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('HTML: the org name is text, not an element', () => {
    const text = FORMATS.html.render(asOrg(r));
    expect(text).not.toContain('<img');
    expect(text).not.toMatch(RAW);
  });

  it('console: one line per fact, no escape sequence or newline from a name', () => {
    const text = renderConsole(asOrg(r), { color: false });
    expect(text).not.toMatch(RAW);
    expect(text.split('\n').filter((l) => l.startsWith('## ') || l.startsWith('# '))).toEqual([]);
    expect(text).toContain('Dx\\n## 164.312(a)(2)(iv)');
  });

  it('CSV: one row per finding, whatever a name holds', () => {
    const rows = FORMATS.csv.render(r).split('\r\n');
    expect(rows.at(-1)).toBe('');
    expect(rows.slice(1, -1)).toHaveLength(r.findings.length);
    // eslint-disable-next-line no-control-regex
    for (const row of rows) expect(row).not.toMatch(/[\n\r\u2028\u202e\u001b]/);
  });

  it('JUnit and SARIF stay well-formed', () => {
    // eslint-disable-next-line no-control-regex
    expect(FORMATS.junit.render(r)).not.toMatch(/[\u0001-\u0008\u000b\u000c\u000e-\u001f\u202e]/);
    expect(() => JSON.parse(FORMATS.sarif.render(r))).not.toThrow();
  });
});

describe('the CLI run of issue 19 item 10: verify -d on a project with the forged file name', () => {
  jest.setTimeout(180_000);
  const out = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-injection-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('phi-guard.md has one heading per real section, the encryption control says Fail, and stdout is clean', () => {
    const root = writeProject(EVIL_PROJECT);
    const home = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-home-'));
    const run = runCli(['verify', '-d', root, '--format', 'md,csv', '--output-dir', out], {
      env: { HOME: home }
    });
    rmSync(home, { recursive: true, force: true });
    expect(run.code).toBe(1);
    const text = readFileSync(path.join(out, 'phi-guard.md'), 'utf8');
    const encryption = text
      .split(/\r\n|\r|\n|\u2028/)
      .filter((l) => /^ {0,3}#/.test(l) && l.includes('164.312(a)(2)(iv)'));
    expect(encryption).toEqual(['## 164.312(a)(2)(iv) Encryption and decryption (at rest): Fail']);
    // the forged name is in the pack, as text inside a line that is not a heading
    expect(
      text.split('\n').some((l) => l.includes('Dx') && l.includes('164.312(a)(2)(iv)') && !/^ {0,3}#/.test(l))
    ).toBe(true);
    expect(text).not.toMatch(RAW);
    expect(run.stdout + run.stderr).not.toMatch(RAW);
    for (const line of run.stdout.split('\n')) expect(line).not.toMatch(/^#/);
    for (const row of readFileSync(path.join(out, 'phi-guard.csv'), 'utf8').split('\r\n'))
      expect(row).not.toMatch(RAW_IN_ROW);
  });
});
