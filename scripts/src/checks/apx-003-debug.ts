import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { isProductionClass, isTestSite } from './apex-util';
import { finding, isPhiObject } from './util';

const t = checkText['APX-003'];

export const debugPhi: Check = {
  id: 'APX-003',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(1)', '164.312(b)', '164.502(b)'],
  needs: ['apex', 'fields', 'phi'],
  run(s) {
    const out: Finding[] = [];
    const phiFieldNames = new Set<string>();
    for (const [k, v] of s.phi) if (v.phi) phiFieldNames.add(k.split('.')[1]!);
    for (const a of s.apex.filter(isProductionClass)) {
      for (const d of a.debug) {
        if (isTestSite(d)) continue;
        const idents = d.args.match(/[A-Za-z_]\w*/g) ?? [];
        const field = idents.find((id) => phiFieldNames.has(id.toLowerCase()));
        // A PHI-typed variable passed whole (not rx.Id, not rows.size()) dumps every field.
        const record = idents.find(
          (id) =>
            isPhiObject(s, a.variables.get(id.toLowerCase())) &&
            new RegExp(`\\b${id}\\b(?!\\s*[.\\[])`).test(d.args)
        );
        if (!field && !record) continue;
        const what = field
          ? `PHI field ${field}`
          : `a whole ${a.variables.get(record!.toLowerCase())} record (${record})`;
        out.push(
          finding(this, {
            message: t.message(d.cls ?? a.name, what),
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
