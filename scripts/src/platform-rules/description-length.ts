import { rulesMsg } from '../messages/rules';
import type { PlatformRule, RuleProblem } from './types';

/**
 * Permission set descriptions over 255 characters. Metadata API, PermissionSet: "description: The
 * permission set description. Limited to 255 characters"
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionset.htm); the
 * PermissionSet object's Description is a string(255). Counted as the platform stores it: the element's
 * text with entities decoded, whitespace included (a formatter's indentation counts).
 */
export const DESCRIPTION_URL =
  'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionset.htm';

const ENTITY = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

export const descriptionLengthRule: PlatformRule = {
  id: 'permission-set-description-length',
  title: rulesMsg.titles.descriptionLength,
  url: DESCRIPTION_URL,
  scope: 'project',
  run(project) {
    const out: RuleProblem[] = [];
    for (const d of project.docs('PermissionSet')) {
      const el = d.node.children.find((c) => c.name === 'description');
      if (!el) continue;
      // the raw element content (the parser trims text), entities counted as one character each
      const lines = d.text.split('\n');
      const from = lines.slice(0, el.line - 1).join('\n').length;
      const m = /<description>([\s\S]*?)<\/description>/.exec(d.text.slice(from));
      const length = [...(m?.[1] ?? el.text).replace(ENTITY, '_')].length;
      if (length <= 255) continue;
      out.push({
        rule: this.id,
        file: d.file,
        line: el.line,
        message: rulesMsg.descriptionLength.over(d.name, length),
        url: this.url
      });
    }
    return out;
  }
};
