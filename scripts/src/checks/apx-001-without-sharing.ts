import { checkText } from '../messages/checks';
import type { ApexFact } from '../posture/model';
import type { Check, Finding } from './types';
import { isProductionClass, touchesPhiObject } from './apex-util';
import { finding } from './util';

const t = checkText['APX-001'];

export const withoutSharingPhi: Check = {
  id: 'APX-001',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(1)', '164.308(a)(4)(ii)(B)'],
  needs: ['apex', 'fields'],
  run(s) {
    const out: Finding[] = [];
    const byName = new Map(s.apex.map((a) => [a.name.toLowerCase(), a]));
    const inheritsWithout = (a: ApexFact, depth = 0): boolean => {
      if (a.sharing === 'without') return true;
      if (a.sharing !== 'omitted' || !a.extends || depth > 5) return false;
      const parent = byName.get(a.extends.toLowerCase());
      return !!parent && inheritsWithout(parent, depth + 1);
    };
    for (const a of s.apex.filter((x) => x.kind === 'class' && isProductionClass(x))) {
      if (!touchesPhiObject(s, a)) continue;
      let how: string | undefined;
      let severity: 'high' | 'medium' = 'high';
      if (a.sharing === 'without') how = 'is declared without sharing';
      else if (inheritsWithout(a)) how = `inherits without sharing from ${a.extends}`;
      else if (a.sharing === 'omitted') {
        how = a.entryPoints.length
          ? 'declares no sharing mode on an entry point, so it runs without sharing'
          : 'declares no sharing mode (it runs without sharing when called from a trigger or a without-sharing class)';
        severity = a.entryPoints.length ? 'high' : 'medium';
      }
      if (!how) continue;
      out.push(
        finding(this, {
          severity,
          message: t.message(a.name, how),
          remediation: t.remediation,
          component: { type: 'ApexClass', name: a.name },
          location: { file: a.file, line: a.sharingLine }
        })
      );
    }
    return out;
  }
};
