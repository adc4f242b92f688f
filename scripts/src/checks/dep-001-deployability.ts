import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { finding } from './util';

const t = checkText['DEP-001'];

/**
 * A metadata file the Metadata API would reject (scripts/src/metadata): one finding per file, at
 * the first rejected element. The loader also marks what the file feeds as incomplete, so the
 * controls that rely on it are not verified.
 */
export const deployability: Check = {
  id: 'DEP-001',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(c)(1)', '164.308(a)(8)'],
  needs: [],
  // An org holds only metadata it already accepted; this judges project files before they deploy.
  scope: 'project',
  run(s) {
    const byFile = new Map<string, NonNullable<typeof s.deployability>['problems']>();
    for (const p of s.deployability?.problems ?? []) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
    const out: Finding[] = [];
    for (const [file, problems] of byFile) {
      const p = problems[0]!;
      out.push(
        finding(this, {
          message: t.message(p.path || p.type || 'file', p.message, problems.length - 1),
          remediation: t.remediation,
          component: { type: p.type || 'File', name: file },
          location: { file, line: p.line }
        })
      );
    }
    return out;
  }
};
