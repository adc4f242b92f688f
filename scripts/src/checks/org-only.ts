import { checkText } from '../messages/checks';
import type { PostureSnapshot } from '../posture/model';
import type { Check, FactKey } from './types';
import { finding } from './util';

/**
 * Controls only a live org can show. Offline their facts are "org-only", so the engine lists them
 * as needing --target-org. With an org, each fact is a boolean: true when the safeguard is in place.
 */
function orgCheck(
  id: 'ORG-101' | 'ORG-102' | 'ORG-103' | 'ORG-104' | 'ORG-105',
  fact: keyof PostureSnapshot['orgOnly'],
  hipaa: string[]
): Check {
  const t = checkText[id];
  return {
    id,
    title: t.title,
    severity: 'high',
    hipaa,
    needs: [fact as FactKey],
    run(s) {
      const f = s.orgOnly[fact];
      if (!f.known || f.value === true) return [];
      return [
        finding(this, {
          message: t.message(),
          remediation: t.remediation,
          component: { type: 'Org', name: fact },
          location: f.at ?? { api: fact }
        })
      ];
    }
  };
}

export const orgOnlyChecks: Check[] = [
  orgCheck('ORG-101', 'shieldLicence', ['164.312(a)(2)(iv)']),
  orgCheck('ORG-102', 'eventMonitoring', ['164.312(b)']),
  orgCheck('ORG-103', 'loginHistory', ['164.312(d)', '164.308(a)(5)(ii)(C)']),
  orgCheck('ORG-104', 'packageAccess', ['164.308(b)(1)', '164.312(a)(1)']),
  orgCheck('ORG-105', 'healthCheck', ['164.308(a)(8)'])
];
