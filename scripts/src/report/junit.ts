import type { VerifyResult } from '../engine/verify';
import { controlChecks, where } from './common';
import { escapeXml, xmlText } from './escape/xml';

/** JUnit XML for CI test tabs: one test case per HIPAA control; failures carry the findings. */
export function renderJunit(r: VerifyResult): string {
  const cases = r.controls.map((c) => {
    const findings = r.findings.filter((f) => f.hipaa.includes(c.citation) && !f.suppressed);
    const name = escapeXml(`${c.citation} ${c.title}`);
    const open = `    <testcase classname="phi-guard.hipaa" name="${name}" time="0">`;
    // Needs org: skipped, neither passed nor failed, naming the checks that did not run offline.
    if (c.status === 'requires-org' || c.status === 'not-applicable') {
      const why = c.status === 'requires-org' ? 'needs --target-org' : 'not applicable to an org';
      return `${open}\n      <skipped message="${escapeXml(`${why} (${controlChecks(c)})`)}"/>\n    </testcase>`;
    }
    if (c.status === 'pass' && findings.length === 0) return `${open}</testcase>`;
    const type = c.status === 'not-verified' ? 'not-verified' : 'finding';
    const body = findings
      .map(
        (f) =>
          `[${f.severity}] ${f.checkId} ${xmlText(`${f.component.type} ${f.component.name}`)} at ${xmlText(where(f))}: ${xmlText(f.message)}. Fix: ${xmlText(f.remediation)}`
      )
      .join('\n');
    const message = `${findings.length} finding(s); checks ${c.checks.join(', ')}`;
    return `${open}\n      <failure type="${type}" message="${escapeXml(message)}">${body}</failure>\n    </testcase>`;
  });
  const failures = r.controls.filter((c) => c.status === 'fail' || c.status === 'not-verified').length;
  const skipped = r.controls.filter(
    (c) => c.status === 'requires-org' || c.status === 'not-applicable'
  ).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="PHI Guard" tests="${r.controls.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${r.generatedAt}">`,
    `  <testsuite name="HIPAA Security Rule controls" tests="${r.controls.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${r.generatedAt}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    ''
  ].join('\n');
}
