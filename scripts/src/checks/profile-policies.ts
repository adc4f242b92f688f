import type { PostureSnapshot, ProfilePolicyFact } from '../posture/model';
import { isPhiField, isPhiObject } from './util';

/**
 * Per-profile policies (ProfileSessionSetting, ProfilePasswordPolicy) override the org-wide values
 * for that profile's users
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profilepasswordpolicy.htm).
 * The session and password checks judge each one that applies to a PHI persona. A policy whose
 * profile the project does not declare cannot be shown to stay away from PHI, so it counts (fail closed).
 */
export function phiProfilePolicies(
  s: PostureSnapshot,
  kind: ProfilePolicyFact['kind']
): { policy: ProfilePolicyFact; declared: boolean }[] {
  const profiles = s.grants.filter((g) => g.kind === 'Profile');
  const out: { policy: ProfilePolicyFact; declared: boolean }[] = [];
  for (const policy of s.profilePolicies.filter((p) => p.kind === kind)) {
    const want = policy.profile.toLowerCase();
    const profile = profiles.find((g) => g.name.toLowerCase() === want || g.label?.toLowerCase() === want);
    if (!profile) {
      out.push({ policy, declared: false });
      continue;
    }
    // Any way in counts: View or Modify All Data, any access to a PHI object, any access to a PHI field.
    const readsPhi =
      profile.userPermissions.has('ViewAllData') ||
      profile.userPermissions.has('ModifyAllData') ||
      [...profile.objects].some(
        ([o, a]) => (a.read || a.edit || a.viewAll || a.modifyAll) && isPhiObject(s, o)
      ) ||
      [...profile.fields].some(([f, a]) => {
        const [object, field] = f.split('.');
        return (a.read || a.edit) && !!object && !!field && isPhiField(s, object, field);
      });
    if (readsPhi) out.push({ policy, declared: true });
  }
  return out;
}
