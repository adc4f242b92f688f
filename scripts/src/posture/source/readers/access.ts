import type { AccessGrantFact, PasswordPolicyFact, SessionSettingsFact } from '../../model';
import { bool, child, children, text, type XmlNode } from '../../xml';
import { detached, namespaceOf, num, type LoadContext, type SourceFile } from '../context';

/**
 * One <fieldPermissions> element into `fields`: the first <field>, <readable> and <editable> in one pass over its
 * children, as text() and bool() would find them (a large project's sets and profiles hold hundreds of thousands).
 */
function fieldGrant(fields: AccessGrantFact['fields'], c: XmlNode) {
  let field: XmlNode | undefined;
  let readable: XmlNode | undefined;
  let editable: XmlNode | undefined;
  for (const e of c.children) {
    if (e.name === 'field') field ??= e;
    else if (e.name === 'readable') readable ??= e;
    else if (e.name === 'editable') editable ??= e;
  }
  fields.set((field?.text ?? '?').toLowerCase(), {
    read: readable?.text === 'true',
    edit: editable?.text === 'true',
    line: c.line
  });
}

/** A profile or permission set's grants, from its XML (also read by the platform-rule layer). */
export function grantOf(node: XmlNode, kind: AccessGrantFact['kind'], src: SourceFile): AccessGrantFact {
  // One pass over the root's children (a profile can hold tens of thousands): each element in document order, the
  // first of a single-valued one kept, as text() and children() would give them.
  let label: XmlNode | undefined;
  let description: XmlNode | undefined;
  let license: XmlNode | undefined;
  let userLicense: XmlNode | undefined;
  const g: AccessGrantFact = {
    kind,
    name: src.name,
    label: undefined,
    description: undefined,
    license: undefined,
    userPermissions: new Map(),
    objects: new Map(),
    fields: new Map(),
    apexClasses: [],
    namespace: namespaceOf(src.name),
    at: { file: src.relFile, line: node.line }
  };
  for (const c of node.children) {
    switch (c.name) {
      case 'label':
        label ??= c;
        break;
      case 'description':
        description ??= c;
        break;
      case 'license':
        license ??= c;
        break;
      case 'userLicense':
        userLicense ??= c;
        break;
      case 'userPermissions':
        if (bool(c, 'enabled')) g.userPermissions.set(detached(text(c, 'name') ?? '?'), c.line);
        break;
      case 'objectPermissions':
        g.objects.set((text(c, 'object') ?? '?').toLowerCase(), {
          read: !!bool(c, 'allowRead'),
          create: !!bool(c, 'allowCreate'),
          edit: !!bool(c, 'allowEdit'),
          delete: !!bool(c, 'allowDelete'),
          viewAll: !!bool(c, 'viewAllRecords'),
          modifyAll: !!bool(c, 'modifyAllRecords'),
          line: c.line
        });
        break;
      case 'fieldPermissions':
        fieldGrant(g.fields, c);
        break;
      case 'classAccesses':
        if (bool(c, 'enabled')) g.apexClasses.push(detached(text(c, 'apexClass') ?? '?'));
        break;
    }
  }
  // Kept for the whole run: detached from the file's text (a profile can be megabytes).
  g.label = detached(label?.text);
  g.description = detached(description?.text);
  g.license = detached(license?.text ?? userLicense?.text);
  return g;
}

/** PermissionSet (permissionsets/<Name>.permissionset[-meta.xml]). */
export function readPermissionSet(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  ctx.snap.grants.push(grantOf(node, 'PermissionSet', src));
}

/** Profile (profiles/<Name>.profile[-meta.xml]). */
export function readProfile(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  ctx.snap.grants.push(grantOf(node, 'Profile', src));
}

/**
 * MutingPermissionSet: the same elements as a permission set; what it enables is switched off in
 * the group that holds it. https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_mutingpermissionset.htm
 */
export function readMutingPermissionSet(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  ctx.snap.grants.push(grantOf(node, 'MutingPermissionSet', src));
}

/**
 * PermissionSetGroup: <permissionSets> and <mutingPermissionSets>, one name per element.
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionsetgroup.htm
 */
export function readPermissionSetGroup(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  ctx.snap.permissionSetGroups.push({
    name: src.name,
    label: text(node, 'label'),
    permissionSets: children(node, 'permissionSets').map((c) => c.text),
    mutingPermissionSet: text(node, 'mutingPermissionSets'),
    namespace: namespaceOf(src.name),
    at: { file: src.relFile, line: node.line }
  });
}

/** Element name -> line, under the org-wide element names the session and password checks use. */
function linesAs(node: XmlNode, names: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of node.children) out[names[c.name] ?? c.name] = c.line;
  return out;
}

/**
 * ProfileSessionSetting (profileSessionSettings/<Name>.profileSessionSetting[-meta.xml]):
 * sessionTimeout in minutes and forceLogout override the org-wide session settings for the profile.
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profilesessionsetting.htm
 */
export function readProfileSessionSetting(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const minutes = num(text(node, 'sessionTimeout'));
  const session: SessionSettingsFact = {
    timeoutMinutes: minutes,
    timeoutValue: minutes === undefined ? undefined : `${minutes} minutes`,
    forceLogout: bool(node, 'forceLogout'),
    lines: linesAs(node, { forceLogout: 'forceLogoutOnSessionTimeout' })
  };
  ctx.snap.profilePolicies.push({
    kind: 'ProfileSessionSetting',
    profile: text(node, 'profile') ?? src.name,
    session,
    at: { file: src.relFile, line: child(node, 'sessionTimeout')?.line ?? node.line }
  });
}

// ProfilePasswordPolicy stores integers where SecuritySettings' PasswordPolicies has enums; they are
// mapped to the org-wide names so one check judges both.
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profilepasswordpolicy.htm
const COMPLEXITY = [
  'NoRestriction',
  'AlphaNumeric',
  'SpecialCharacters',
  'UpperLowerCaseNumeric',
  'UpperLowerCaseNumericSpecialCharacters'
];
const EXPIRATION: Record<number, string> = {
  0: 'Never',
  30: 'ThirtyDays',
  60: 'SixtyDays',
  90: 'NinetyDays',
  180: 'SixMonths',
  365: 'OneYear'
};
const ATTEMPTS: Record<number, string> = {
  0: 'NoLimit',
  3: 'ThreeAttempts',
  5: 'FiveAttempts',
  10: 'TenAttempts'
};
const LOCKOUT: Record<number, string> = {
  0: 'Forever',
  15: 'FifteenMinutes',
  30: 'ThirtyMinutes',
  60: 'SixtyMinutes'
};
const mapped = (table: Record<number, string> | string[], v: number | undefined) =>
  v === undefined ? undefined : ((table as Record<number, string>)[v] ?? String(v));

/** ProfilePasswordPolicy (profilePasswordPolicies/<Name>.profilePasswordPolicy[-meta.xml]). */
export function readProfilePasswordPolicy(ctx: LoadContext, node: XmlNode, src: SourceFile) {
  const password: PasswordPolicyFact = {
    minLength: num(text(node, 'minimumPasswordLength')),
    complexity: mapped(COMPLEXITY, num(text(node, 'passwordComplexity'))),
    expiration: mapped(EXPIRATION, num(text(node, 'passwordExpiration'))),
    maxLoginAttempts: mapped(ATTEMPTS, num(text(node, 'maxLoginAttempts'))),
    lockoutInterval: mapped(LOCKOUT, num(text(node, 'lockoutInterval'))),
    historyRestriction: num(text(node, 'passwordHistory')),
    lines: linesAs(node, {
      passwordComplexity: 'complexity',
      passwordExpiration: 'expiration',
      passwordHistory: 'historyRestriction'
    })
  };
  ctx.snap.profilePolicies.push({
    kind: 'ProfilePasswordPolicy',
    profile: text(node, 'profile') ?? src.name,
    password,
    at: { file: src.relFile, line: node.line }
  });
}
