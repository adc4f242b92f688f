import { thresholdsMsg } from '../messages/config-thresholds';
import { orgMsg } from '../messages/org';
import type { Check, Finding } from './types';
import { finding } from './util';

const t = orgMsg.checks['ORG-101'];

/**
 * ORG-101: Shield Platform Encryption is licensed and in use (an ACTIVE "Data" tenant secret), and
 * each active secret is younger than the rotation interval (`keyRotationDays` in
 * config/phi-guard.json, default 365; Salesforce allows rotation every 24 hours). TenantSecret fields:
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_tenantsecret.htm
 */
export const shieldTenantSecret: Check = {
  id: 'ORG-101',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(2)(iv)'],
  needs: ['shieldLicence'],
  run(s, now) {
    const f = s.orgOnly.shieldLicence;
    if (!f.known) return [];
    const active = f.value.filter((x) => x.status === 'ACTIVE');
    const maxDays = s.config.keyRotationDays;
    const remediation = thresholdsMsg.keyRotationRemediation(maxDays);
    const out: Finding[] = [];
    if (!active.some((x) => x.type === 'Data')) {
      out.push(
        finding(this, {
          message: t.noSecret,
          remediation,
          component: { type: 'TenantSecret', name: 'Data' },
          location: f.at ?? { api: 'TenantSecret' }
        })
      );
    }
    for (const x of active) {
      const created = x.created ? Date.parse(x.created) : NaN;
      const days = Math.floor((now.getTime() - created) / 86_400_000);
      if (isNaN(created) || days <= maxDays) continue;
      out.push(
        finding(this, {
          message: t.stale(x.type, days, maxDays),
          remediation,
          component: { type: 'TenantSecret', name: `${x.type} v${x.version ?? '?'}` },
          location: x.at
        })
      );
    }
    return out;
  }
};
