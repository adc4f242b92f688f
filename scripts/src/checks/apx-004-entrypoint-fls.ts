import { apexText } from '../messages/apex';
import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { guardedQuery, phiFieldsRead, productionUnits, sitesOf } from './apex-util';
import { finding } from './util';

const t = checkText['APX-004'];

/**
 * Classes callable from outside Apex (@AuraEnabled, @RestResource, @InvocableMethod, @RemoteAction,
 * webservice) whose own queries return PHI fields without user mode or stripInaccessible.
 */
export const entryPointWithoutFls: Check = {
  id: 'APX-004',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(1)', '164.502(b)'],
  needs: ['apex', 'fields', 'phi'],
  run(s) {
    const out: Finding[] = [];
    for (const { fact, unit } of productionUnits(s)) {
      const entry = unit.entryPoints[0];
      if (!entry) continue;
      const unguarded = sitesOf(fact.soql, unit).some(
        (q) => !guardedQuery(q) && phiFieldsRead(s, q).length > 0
      );
      if (!unguarded) continue;
      out.push(
        finding(this, {
          message: apexText.apx004(unit.name, apexText.entryLabel(entry.kind)),
          remediation: t.remediation,
          component: { type: 'ApexClass', name: unit.name },
          location: { file: fact.file, line: entry.line }
        })
      );
    }
    return out;
  }
};
