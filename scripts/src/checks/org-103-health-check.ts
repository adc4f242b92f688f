import { orgMsg } from '../messages/org';
import type { Check } from './types';
import { finding } from './util';

const t = orgMsg.checks['ORG-103'];

/** Minimum Security Health Check score (0-100). Salesforce rates 80 and above "Excellent". */
export const HEALTH_CHECK_THRESHOLD = 80;

/**
 * ORG-103: the Security Health Check score against the threshold, with the high-risk settings.
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
    if (!f.known || f.value.score >= HEALTH_CHECK_THRESHOLD) return [];
    return [
      finding(this, {
        message: t.low(f.value.score, HEALTH_CHECK_THRESHOLD, f.value.highRisks.length),
        remediation: t.remediation,
        component: { type: 'SecurityHealthCheck', name: 'Score' },
        location: f.value.at
      })
    ];
  }
};
