/**
 * Semantic rules the Metadata API reference states but its WSDL (and so @salesforce/types) cannot
 * express: ranges of numbers, allowed values of string fields, fields required together. A small
 * table; each rule names the reference page that rules it.
 */
import type { XmlNode } from '../posture/xml';

export interface SemanticRule {
  id: string;
  /** The complex type whose element the rule looks at (as named in @salesforce/types). */
  type: string;
  /** The field the rule is about (the finding points at it, or at the parent if it is missing). */
  field: string;
  /** Human description, also the message: states the rule, never the offending value. */
  rule: string;
  url: string;
  /** True when the element is acceptable. `value` is the field's text, undefined when absent. */
  ok(value: string | undefined, parent: XmlNode): boolean;
}

const intIn = (min: number, max: number) => (v: string | undefined) =>
  v === undefined || (/^\s*[+-]?\d+\s*$/.test(v) && Number(v) >= min && Number(v) <= max);

const oneOf = (values: readonly string[]) => (v: string | undefined) =>
  v === undefined || values.includes(v.trim());

const text = (n: XmlNode, name: string) => n.children.find((c) => c.name === name)?.text;

const HISTORY_RETENTION =
  'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_historyretentionpolicy.htm';
const SHARING_SET =
  'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_sharingset.htm';
const TRANSACTION_SECURITY =
  'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_transactionsecuritypolicy.htm';

/** Values the reference lists for AccessMapping.userField (the user's lookup a sharing set matches on). */
export const SHARING_SET_USER_FIELDS = [
  'Account',
  'Contact',
  'Contact.RelatedAccount',
  'Manager.Account',
  'Manager.Contact'
] as const;

export const SEMANTIC_RULES: readonly SemanticRule[] = [
  {
    id: 'history-grace-period',
    type: 'HistoryRetentionPolicy',
    field: 'gracePeriodDays',
    rule: 'gracePeriodDays must be a whole number from 0 to 10',
    url: HISTORY_RETENTION,
    ok: intIn(0, 10)
  },
  {
    id: 'history-archive-after',
    type: 'HistoryRetentionPolicy',
    field: 'archiveAfterMonths',
    rule: 'archiveAfterMonths must be a whole number from 1 to 18',
    url: HISTORY_RETENTION,
    ok: intIn(1, 18)
  },
  {
    id: 'sharing-set-user-field',
    type: 'AccessMapping',
    field: 'userField',
    rule: `userField must be one of ${SHARING_SET_USER_FIELDS.join(', ')}`,
    url: SHARING_SET,
    ok: oneOf(SHARING_SET_USER_FIELDS)
  },
  {
    id: 'sharing-set-access-level',
    type: 'AccessMapping',
    field: 'accessLevel',
    rule: 'accessLevel must be Read or Edit',
    url: SHARING_SET,
    ok: oneOf(['Read', 'Edit'])
  },
  {
    id: 'transaction-security-recipient',
    type: 'TransactionSecurityNotification',
    field: 'user',
    rule: 'a notification (in-app or email) must name its recipient <user>',
    url: TRANSACTION_SECURITY,
    ok: (v, parent) =>
      !!v?.trim() || (text(parent, 'inApp') !== 'true' && text(parent, 'sendEmail') !== 'true')
  }
];

const byType = new Map<string, SemanticRule[]>();
for (const r of SEMANTIC_RULES) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);

/** The rules that apply to elements of a complex type. */
export const rulesFor = (type: string): readonly SemanticRule[] => byType.get(type) ?? [];
