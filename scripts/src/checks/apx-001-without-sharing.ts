import { checkText } from '../messages/checks';
import type { ApexClassUnit } from '../posture/model';
import type { Check, Finding } from './types';
import { productionUnits, unitTouchesPhi } from './apex-util';
import { finding } from './util';

const t = checkText['APX-001'];

/**
 * Each class (top-level and inner) is judged by its own sharing keyword: inner classes do not
 * inherit their container's (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_keywords_sharing.htm).
 */
export const withoutSharingPhi: Check = {
  id: 'APX-001',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(1)', '164.308(a)(4)(ii)(B)'],
  needs: ['apex', 'fields', 'phi'],
  run(s) {
    const out: Finding[] = [];
    const byName = new Map<string, ApexClassUnit>();
    for (const a of s.apex) {
      for (const u of a.classes ?? []) {
        byName.set(u.name.toLowerCase(), u);
        if (!byName.has(u.name.replace(/^.*\./, '').toLowerCase()))
          byName.set(u.name.replace(/^.*\./, '').toLowerCase(), u);
      }
    }
    const inheritsWithout = (u: ApexClassUnit, depth = 0): boolean => {
      if (u.sharing === 'without') return true;
      if (u.sharing !== 'omitted' || !u.extends || depth > 5) return false;
      const parent = byName.get(u.extends.toLowerCase());
      return !!parent && inheritsWithout(parent, depth + 1);
    };
    for (const { fact, unit } of productionUnits(s)) {
      if (!unitTouchesPhi(s, fact, unit)) continue;
      let how: string | undefined;
      let severity: 'high' | 'medium' = 'high';
      // A deliberate, reviewed exception: the reason sits in a phi-guard: without-sharing comment.
      if (unit.sharing === 'without' && unit.sharingJustified) continue;
      if (unit.sharing === 'without') how = 'is declared without sharing';
      else if (inheritsWithout(unit)) how = `inherits without sharing from ${unit.extends}`;
      else if (unit.sharing === 'omitted') {
        how = unit.entryPoints.length
          ? 'declares no sharing mode on an entry point, so it runs without sharing'
          : 'declares no sharing mode (it runs without sharing when called from a trigger or a without-sharing class)';
        severity = unit.entryPoints.length ? 'high' : 'medium';
      }
      if (!how) continue;
      out.push(
        finding(this, {
          severity,
          message: t.message(unit.name, how),
          remediation: t.remediation,
          component: { type: 'ApexClass', name: unit.name },
          location: { file: fact.file, line: unit.sharingLine }
        })
      );
    }
    return out;
  }
};
