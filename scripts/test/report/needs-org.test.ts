import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { REPO_ROOT } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';

/**
 * Acceptance (issue 21 item 3): offline verify of this repository's force-app shows no control as
 * PASS that has an org-only check, in any report; such a control is NEEDS ORG, listed, and the run
 * still exits 0 (needs org is not a failure offline).
 */
const out = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-needs-org-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ORG_ONLY = ['ORG-101', 'ORG-102', 'ORG-103', 'ORG-104', 'ORG-105', 'ORG-106'];
const json = runCli([
  'verify',
  '-d',
  REPO_ROOT,
  '--json',
  '--format',
  'sarif,junit,md,html',
  '--output-dir',
  out
]);
const human = runCli(['verify', '-d', REPO_ROOT]);
const result = JSON.parse(json.stdout).result as {
  controls: { citation: string; title: string; status: string; checks: string[]; needsOrg?: string[] }[];
};
const withOrgOnly = result.controls.filter((c) => c.checks.some((id) => ORG_ONLY.includes(id)));
const read = (f: string) => readFileSync(path.join(out, f), 'utf8');

describe('offline verify of force-app never shows PASS for a control with an org-only check', () => {
  it('JSON: each such control is requires-org and names its pending checks; exit 0', () => {
    expect(json.code).toBe(0);
    expect(human.code).toBe(0);
    expect(withOrgOnly.map((c) => c.citation)).toEqual(
      expect.arrayContaining(['164.312(a)(2)(iv)', '164.308(b)(1)', '164.312(b)', '164.312(a)(1)'])
    );
    for (const c of withOrgOnly)
      expect([c.citation, c.status, c.needsOrg]).toEqual([
        c.citation,
        'requires-org',
        c.checks.filter((id) => ORG_ONLY.includes(id))
      ]);
    expect(result.controls.some((c) => c.status === 'pass')).toBe(true); // the others still pass
  });

  it('console: NEEDS ORG with the pending checks, never PASS', () => {
    for (const c of withOrgOnly) {
      const line = human.stdout.split('\n').find((l) => l.includes(` ${c.citation} `))!;
      expect(line).toMatch(/^ {2}NEEDS ORG /);
      expect(line).toContain(`needs org: ${c.needsOrg!.join(', ')}]`);
    }
  });

  it('JUnit skips them; SARIF, Markdown and HTML show them as needing an org', () => {
    const junit = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testcase' }).parse(
      read('phi-guard.junit.xml')
    );
    for (const c of withOrgOnly) {
      const tc = junit.testsuites.testsuite.testcase.find((t: { '@_name': string }) =>
        t['@_name'].startsWith(`${c.citation} `)
      );
      expect(tc.skipped['@_message']).toContain('needs --target-org');
    }
    const sarif = JSON.parse(read('phi-guard.sarif')).runs[0];
    for (const c of withOrgOnly)
      expect(
        sarif.properties.controls.find((x: { citation: string }) => x.citation === c.citation).status
      ).toBe('requires-org');
    expect(
      sarif.invocations[0].toolExecutionNotifications.map(
        (n: { descriptor: { id: string } }) => n.descriptor.id
      )
    ).toEqual(ORG_ONLY);
    const md = read('phi-guard.md');
    const html = read('phi-guard.html');
    for (const c of withOrgOnly) {
      expect(md).toContain(`| ${c.citation} | ${c.title} | Needs org |`);
      expect(md).toContain(`## ${c.citation} ${c.title}: Needs org`);
      expect(html).toContain(
        `<tr><td>${c.citation}</td><td>${c.title}</td><td class="status s-requires-org">Needs org</td>`
      );
    }
  });
});
