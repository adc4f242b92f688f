import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { callsAudit, isProductionClass, phiFieldsRead } from './apex-util';
import { finding, isPhiObject } from './util';

const t = checkText['AUD-003'];

/** Apex paths that read PHI: entry points (controllers, REST, invocables), batch jobs and triggers. */
export const apexPhiReadUnaudited: Check = {
  id: 'AUD-003',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(b)'],
  needs: ['apex', 'fields'],
  run(s) {
    const out: Finding[] = [];
    for (const a of s.apex.filter(isProductionClass)) {
      const isPath =
        a.entryPoints.length > 0 ||
        a.identifiers.has('database.batchable') ||
        a.identifiers.has('batchable') ||
        a.kind === 'trigger';
      if (!isPath) continue;
      const reads = a.soql.flatMap((q) => phiFieldsRead(s, q).map((f) => ({ f, line: q.line })));
      const triggerOnPhi = a.kind === 'trigger' && isPhiObject(s, a.triggerObject);
      if (reads.length === 0 && !triggerOnPhi) continue;
      if (callsAudit(s, a)) continue;
      out.push(
        finding(this, {
          message: t.message(
            a.name,
            reads.length
              ? [...new Set(reads.map((r) => r.f))].slice(0, 3).join(', ')
              : `trigger on ${a.triggerObject}`
          ),
          remediation: t.remediation,
          component: { type: a.kind === 'trigger' ? 'ApexTrigger' : 'ApexClass', name: a.name },
          location: { file: a.file, line: reads[0]?.line ?? a.sharingLine }
        })
      );
    }
    return out;
  }
};
