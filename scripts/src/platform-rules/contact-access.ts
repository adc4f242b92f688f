import { rulesMsg } from '../messages/rules';
import { child, text } from '../posture/xml';
import type { PlatformRule, RuleProblem } from './types';

/**
 * Account sharing rules that give contacts an access level of their own while Contact is Controlled by
 * Parent. Under Controlled by Parent "all access to contacts is determined by the user's access to the
 * contact's account" (Help, "Considerations for Sharing and Accessing Contacts":
 * https://help.salesforce.com/apex/HTViewHelpDoc?id=sales.contacts_sharing_considerations.htm), and the
 * contact access level of an account share cannot be created or updated then (Object Reference,
 * AccountShare.ContactAccessLevel:
 * https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-accountshare.html).
 * The Metadata API requires `contactAccessLevel` on every rule's `accountSettings` (None, Read or Edit), so
 * None is the only value that fits. Judged when the project declares Contact's sharing model; an org's
 * own model is not known offline.
 */
export const CONTACT_ACCESS_URL =
  'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-accountshare.html';

const RULE_KINDS = [
  'sharingOwnerRules',
  'sharingCriteriaRules',
  'sharingTerritoryRules',
  'sharingGuestRules'
];

export const contactAccessRule: PlatformRule = {
  id: 'contact-access-controlled-by-parent',
  title: rulesMsg.titles.contactAccess,
  url: CONTACT_ACCESS_URL,
  scope: 'project',
  run(project) {
    const contact = project.docs('CustomObject').find((d) => d.name === 'Contact');
    if (text(contact?.node, 'sharingModel') !== 'ControlledByParent') return [];
    const out: RuleProblem[] = [];
    for (const d of project.docs('SharingRules')) {
      if (d.name !== 'Account') continue;
      for (const rule of d.node.children.filter((c) => RULE_KINDS.includes(c.name))) {
        const level = child(child(rule, 'accountSettings'), 'contactAccessLevel');
        if (!level || level.text === 'None' || level.text === '') continue;
        out.push({
          rule: this.id,
          file: d.file,
          line: level.line,
          message: rulesMsg.contactAccess.notNone(text(rule, 'fullName') ?? rule.name, level.text),
          url: this.url
        });
      }
    }
    return out;
  }
};
