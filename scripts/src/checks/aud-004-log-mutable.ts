import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { reachable } from './apex-util';
import { finding, grantComponent, locAt } from './util';

const t = checkText['AUD-004'];
const LOG_NAME = /(audit|access)_?log/i;

export const auditLogMutable: Check = {
  id: 'AUD-004',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(b)', '164.312(c)(1)'],
  needs: ['apex', 'grants', 'objects'],
  run(s) {
    const out: Finding[] = [];
    const configured = new Set(s.config.auditLogObjects.map((o) => o.toLowerCase()));
    const logs = [...s.objects.values()].filter(
      (o) => configured.has(o.name.toLowerCase()) || (o.custom && LOG_NAME.test(o.name))
    );
    if (logs.length === 0) {
      if (s.phiObjects.size > 0) {
        out.push(
          finding(this, {
            message: t.message(
              `no PHI access-log object (${s.config.auditLogObjects.join(', ')}) in the project`
            ),
            remediation: t.remediation,
            component: { type: 'CustomObject', name: s.config.auditLogObjects[0] ?? 'audit log' },
            location: { file: 'sfdx-project.json' }
          })
        );
      }
      return out;
    }
    for (const log of logs) {
      const key = log.name.toLowerCase();
      for (const g of s.grants) {
        const a = g.objects.get(key);
        if (a && (a.edit || a.delete || a.modifyAll)) {
          out.push(
            finding(this, {
              message: t.message(
                `${g.kind} ${g.name} can ${a.delete || a.modifyAll ? 'delete' : 'edit'} ${log.name}`
              ),
              remediation: t.remediation,
              component: grantComponent(g),
              location: locAt(g.at, a.line)
            })
          );
        }
        if (g.userPermissions.has('ModifyAllData')) {
          out.push(
            finding(this, {
              message: t.message(
                `${g.kind} ${g.name} has Modify All Data, so it can edit or delete ${log.name}`
              ),
              remediation: t.remediation,
              component: grantComponent(g),
              location: locAt(g.at, g.userPermissions.get('ModifyAllData'))
            })
          );
        }
      }
      const guard = s.apex.find(
        (a) =>
          a.kind === 'trigger' &&
          a.triggerObject?.toLowerCase() === key &&
          (a.triggerEvents ?? []).some((e) => e.endsWith('update')) &&
          (a.triggerEvents ?? []).some((e) => e.endsWith('delete'))
      );
      if (guard && !reachable(s, guard).some((c) => c.addsErrors)) {
        out.push(
          finding(this, {
            message: t.message(
              `trigger ${guard.name} on ${log.name} never calls addError, so it does not reject changes`
            ),
            remediation: t.remediation,
            component: { type: 'ApexTrigger', name: guard.name },
            location: { file: guard.file, line: 1 }
          })
        );
      }
      if (!guard) {
        out.push(
          finding(this, {
            message: t.message(`no trigger on ${log.name} rejects updates and deletes`),
            remediation: t.remediation,
            component: { type: 'CustomObject', name: log.name },
            location: log.at
          })
        );
      }
    }
    return out;
  }
};
