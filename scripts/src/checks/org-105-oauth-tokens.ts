import { orgMsg } from '../messages/org';
import type { Check, Finding } from './types';
import { finding } from './util';

const t = orgMsg.checks['ORG-105'];

/**
 * ORG-105: every app holding active OAuth tokens must be in the compliance register's reviewed
 * apps ("oauthApps"): an unreviewed app with tokens can call the API as its users.
 * OauthToken: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_oauthtoken.htm
 */
export const oauthTokensUnregistered: Check = {
  id: 'ORG-105',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(1)', '164.308(a)(4)(ii)(B)'],
  needs: ['oauthTokens', 'register'],
  run(s) {
    const f = s.orgOnly.oauthTokens;
    if (!f.known || !s.register.known) return [];
    const approved = new Set((s.register.value.oauthApps ?? []).map((a) => a.name.toLowerCase()));
    const out: Finding[] = [];
    for (const app of f.value) {
      if (app.tokens <= 0 || approved.has(app.app.toLowerCase())) continue;
      out.push(
        finding(this, {
          message: t.unregistered(app.app, app.tokens),
          remediation: t.remediation,
          component: { type: 'ConnectedApp', name: app.app },
          location: app.at
        })
      );
    }
    return out;
  }
};
