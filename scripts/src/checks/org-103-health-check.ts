import { orgMsg } from '../messages/org';
import type { Check } from './types';
import { finding } from './util';

const t = orgMsg.checks['ORG-103'];

/**
 * ORG-103: the Security Health Check score against the threshold (`healthCheckMinScore` in
 * config/phi-guard.json, default 80: Salesforce grades 80-89 "Very Good", 90+ "Excellent"), with the high-risk settings.
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_securityhealthcheck.htm
 */
export const healthCheckScore: Check = {
  id: 'ORG-103',
  title: t.title,
  severity: 'high',
  hipaa: ['164.308(a)(8)', '164.308(a)(1)(ii)(A)'],
  needs: ['healthCheck'],
  run(s) {
    const f = s.orgOnly.healthCheck;
    const min = s.config.healthCheckMinScore;
    if (!f.known || f.value.score >= min) return [];
    return [
      finding(this, {
        message: t.low(f.value.score, min, f.value.highRisks.length),
        remediation: t.remediation,
        component: { type: 'SecurityHealthCheck', name: 'Score' },
        location: f.value.at
      })
    ];
  }
};
