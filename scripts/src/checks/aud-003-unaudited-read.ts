import { checkText } from '../messages/checks';
import type { ApexFact, PostureSnapshot } from '../posture/model';
import type { Check, Finding } from './types';
import {
  isProductionClass,
  isTestSite,
  phiFieldsRead,
  productionUnits,
  reachesAudit,
  sitesOf
} from './apex-util';
import { finding, isPhiObject } from './util';

const t = checkText['AUD-003'];

/**
 * Apex paths that read PHI (entry points, batch jobs, triggers) must reach the audit service.
 * Reachability is one reverse walk from the audit service per snapshot (reachesAudit).
 */
export const apexPhiReadUnaudited: Check = {
  id: 'AUD-003',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(b)'],
  needs: ['apex', 'fields', 'phi'],
  run(s) {
    const out: Finding[] = [];
    const audited = reachesAudit(s);
    const report = (
      fact: ApexFact,
      name: string,
      type: string,
      reads: { f: string; line: number }[],
      fallback: string,
      line: number
    ) =>
      out.push(
        finding(this, {
          message: t.message(
            name,
            reads.length ? [...new Set(reads.map((r) => r.f))].slice(0, 3).join(', ') : fallback
          ),
          remediation: t.remediation,
          component: { type, name },
          location: { file: fact.file, line: reads[0]?.line ?? line }
        })
      );
    for (const { fact, unit } of productionUnits(s)) {
      const isPath = unit.entryPoints.length > 0 || unit.identifiers.has('batchable');
      if (!isPath || audited.has(fact)) continue;
      const reads = readsOf(s, sitesOf(fact.soql, unit));
      if (reads.length) report(fact, unit.name, 'ApexClass', reads, '', unit.line);
    }
    for (const a of s.apex.filter((x) => x.kind === 'trigger' && isProductionClass(x))) {
      if (audited.has(a)) continue;
      const reads = readsOf(
        s,
        a.soql.filter((q) => !isTestSite(q))
      );
      if (reads.length === 0 && !isPhiObject(s, a.triggerObject)) continue;
      report(a, a.name, 'ApexTrigger', reads, `trigger on ${a.triggerObject}`, a.sharingLine);
    }
    return out;
  }
};

const readsOf = (s: PostureSnapshot, sites: ApexFact['soql']) =>
  sites.flatMap((q) => phiFieldsRead(s, q).map((f) => ({ f, line: q.line })));
