import { apexText } from '../messages/apex';
import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { guardedQuery, isProductionClass, isTestSite, mainObject, phiObjectsRead } from './apex-util';
import { finding, isPhiObject } from './util';

const t = checkText['APX-002'];

/** Each query and DML statement is judged on its own access mode (user mode, stripInaccessible). */
export const phiWithoutUserMode: Check = {
  id: 'APX-002',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(1)', '164.502(b)'],
  needs: ['apex', 'fields', 'phi'],
  run(s) {
    const out: Finding[] = [];
    for (const a of s.apex.filter(isProductionClass)) {
      const units = new Map((a.classes ?? []).map((u) => [u.name, u]));
      for (const q of a.soql) {
        if (isTestSite(q) || guardedQuery(q)) continue;
        const component = { type: a.kind === 'trigger' ? 'ApexTrigger' : 'ApexClass', name: q.cls ?? a.name };
        const what = q.sosl ? apexText.soslQuery : q.dynamic ? apexText.dynamicQuery : apexText.soqlQuery;
        if (!mainObject(q)) {
          // Dynamic text that could not be read: judged by the PHI objects its class names.
          const ids = (q.cls && units.get(q.cls)?.identifiers) || a.identifiers;
          if (![...s.phiObjects].some((o) => ids.has(o))) continue;
          out.push(
            finding(this, {
              message: t.message(q.cls ?? a.name, what, apexText.anyPhiObject),
              remediation: t.remediation,
              component,
              location: { file: a.file, line: q.line }
            })
          );
          continue;
        }
        for (const r of phiObjectsRead(s, q)) {
          out.push(
            finding(this, {
              message: t.message(q.cls ?? a.name, r.via ? apexText.childQuery(r.via) : what, r.object),
              remediation: t.remediation,
              component,
              location: { file: a.file, line: q.line }
            })
          );
        }
      }
      for (const d of a.dml) {
        if (isTestSite(d) || d.userMode || d.stripped || d.systemModeJustified || !isPhiObject(s, d.sobject))
          continue;
        out.push(
          finding(this, {
            message: t.message(d.cls ?? a.name, `${d.op} DML`, d.sobject!),
            remediation: t.remediation,
            component: { type: a.kind === 'trigger' ? 'ApexTrigger' : 'ApexClass', name: d.cls ?? a.name },
            location: { file: a.file, line: d.line }
          })
        );
      }
    }
    return out;
  }
};
