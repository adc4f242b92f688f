import { checkText } from '../messages/checks';
import type { PostureSnapshot, Provenance } from '../posture/model';
import type { Check, Finding } from './types';
import { finding, objectName } from './util';

const t = checkText['ACC-001'];

/** Standard parents for ControlledByParent on standard objects. */
const STANDARD_PARENT: Record<string, string> = {
  contact: 'Account',
  order: 'Account',
  case: 'Account',
  opportunity: 'Account'
};

function effective(
  s: PostureSnapshot,
  object: string,
  scope: 'sharingModel' | 'externalSharingModel',
  depth = 0
) {
  const obj = s.objects.get(object.toLowerCase());
  if (!obj)
    return { object, model: undefined as string | undefined, at: undefined as Provenance | undefined };
  const model = obj[scope] ?? (scope === 'externalSharingModel' ? obj.sharingModel : undefined);
  if (model === 'ControlledByParent' && depth < 5) {
    const parent = obj.masters[0] ?? STANDARD_PARENT[object.toLowerCase()];
    if (parent) return effective(s, parent, scope, depth + 1);
  }
  const at =
    scope === 'externalSharingModel' && obj.externalSharingLine
      ? { ...obj.at, line: obj.externalSharingLine }
      : obj.at;
  return { object: obj.name, model, at };
}

export const phiObjectNotPrivate: Check = {
  id: 'ACC-001',
  title: t.title,
  severity: 'critical',
  hipaa: ['164.312(a)(1)', '164.308(a)(4)(ii)(B)'],
  needs: ['objects', 'fields'],
  run(s) {
    const out: Finding[] = [];
    const parents = new Set<string>();
    for (const key of [...s.phiObjects].sort()) {
      const obj = s.objects.get(key);
      const name = objectName(s, key);
      for (const [scope, label] of [
        ['sharingModel', 'internal'],
        ['externalSharingModel', 'external']
      ] as const) {
        const eff = effective(s, name, scope);
        if (eff.model === undefined) {
          out.push({
            ...finding(this, {
              message: t.notVerified(eff.object),
              remediation: t.remediation,
              component: { type: 'CustomObject', name: eff.object },
              location: eff.at ?? obj?.at ?? { file: '' }
            }),
            notVerified: true
          });
          break;
        }
        if (eff.model !== 'Private') {
          out.push(
            finding(this, {
              message: t.message(
                name,
                label,
                eff.object === name ? eff.model : `${eff.model} (via ${eff.object})`
              ),
              remediation: t.remediation,
              component: { type: 'CustomObject', name },
              location: eff.object === name ? (eff.at ?? { file: '' }) : (obj?.at ?? eff.at ?? { file: '' })
            })
          );
          // Judge the parent too: its sharing model is what opens the child's PHI, and it is the
          // file to fix. A parent that holds PHI itself is reported on its own.
          const parentKey = `${eff.object.toLowerCase()}:${scope}`;
          if (eff.object !== name && !s.phiObjects.has(eff.object.toLowerCase()) && !parents.has(parentKey)) {
            parents.add(parentKey);
            out.push(
              finding(this, {
                message: t.parent(eff.object, label, eff.model, name),
                remediation: t.remediation,
                component: { type: 'CustomObject', name: eff.object },
                location: eff.at ?? { file: '' }
              })
            );
          }
        }
      }
    }
    return out;
  }
};
