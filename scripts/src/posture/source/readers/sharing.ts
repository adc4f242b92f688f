import type { SharingRuleFact } from '../../model';
import { child, children, text, type XmlNode } from '../../xml';
import type { LoadContext, SourceFile } from '../context';

const KINDS: [string, SharingRuleFact['kind']][] = [
  ['sharingOwnerRules', 'owner'],
  ['sharingCriteriaRules', 'criteria'],
  ['sharingGuestRules', 'guest'],
  ['sharingTerritoryRules', 'territory']
];

/**
 * SharingRules: one file per object (sharingRules/<Object>.sharingRules[-meta.xml]), the same
 * content in both formats. https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_sharingrules.htm
 */
export function readSharingRules(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const object = src.name;
  for (const [tag, kind] of KINDS) {
    for (const r of children(node, tag)) {
      const to = child(r, 'sharedTo');
      const rule: SharingRuleFact = {
        object,
        name: text(r, 'fullName') ?? '?',
        kind,
        accessLevel: text(r, 'accessLevel'),
        sharedTo: (to?.children ?? []).map((c) => ({ kind: c.name, value: c.text })),
        at: { file: src.relFile, line: r.line },
        criteriaFields: children(r, 'criteriaItems').map((c) => ({
          field: text(c, 'field') ?? '',
          file: src.relFile,
          line: c.line
        }))
      };
      ctx.snap.sharingRules.push(rule);
      for (const f of rule.criteriaFields ?? []) {
        ctx.snap.filters.push({
          object,
          field: f.field,
          where: 'SharingCriteria',
          component: `${object}.${rule.name}`,
          at: { file: f.file, line: f.line }
        });
      }
    }
  }
}
