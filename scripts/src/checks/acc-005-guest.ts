import { checkText } from '../messages/checks';
import { siteMsg } from '../messages/site';
import { customComponents, sitePages } from '../posture/site-facts';
import { effectiveGrants, fieldAt, type EffectiveGrant } from '../posture/effective-access';
import type { ApexFact, PostureSnapshot } from '../posture/model';
import { personaOf } from '../posture/personas';
import { reachable, touchesPhiObject } from './apex-util';
import { apexNeededBy } from './site-util';
import type { Check, Finding } from './types';
import { finding, grantComponent, grantName, isPhiObject, locAt, objectName } from './util';

const t = checkText['ACC-005'];

/**
 * Guest (and portal) users reaching PHI: object and field permissions, and Apex. A guest profile or
 * permission set with access to a class that reads PHI reaches PHI whatever its object grants say,
 * because Apex runs in system mode unless it asks otherwise. Portal users may reach their own PHI
 * through Apex, but only through classes that keep sharing on.
 *
 * A site's guest profile (CustomSite guestProfile) is a guest profile whatever its name says, and it
 * may run no Apex beyond what the site's guest pages (its login pages, and any public page) place:
 * https://help.salesforce.com/apex/HTViewHelpDoc?id=platform.networks_guest_profile_best_practices.htm
 */
export const guestPhiAccess: Check = {
  id: 'ACC-005',
  title: t.title,
  severity: 'critical',
  hipaa: ['164.312(a)(1)', '164.312(d)'],
  needs: ['grants', 'permissionSetGroups', 'fields', 'apex', 'sites'],
  run(s) {
    const out: Finding[] = [];
    const classes = new Map(s.apex.filter((a) => a.kind === 'class').map((a) => [a.name.toLowerCase(), a]));
    const siteGuests = siteGuestProfiles(s);
    for (const g of effectiveGrants(s)) {
      const site = g.kind === 'Profile' ? siteGuests.get(g.name.toLowerCase()) : undefined;
      const persona = site ? 'guest' : personaOf(g);
      if (persona !== 'guest' && persona !== 'portal') continue;
      if (g.missingMembers.length) {
        out.push({
          ...finding(this, {
            message: t.groupUnknown(g.name, g.missingMembers.join(', ')),
            remediation: t.remediation,
            component: grantComponent(g),
            location: locAt(g.at, undefined)
          }),
          notVerified: true
        });
      }
      if (persona === 'guest') out.push(...guestGrants(this, s, g));
      if (site) out.push(...siteGuestApex(this, g, site, classes));
      for (const [cls, entry] of g.apexClasses) {
        const a = classes.get(cls);
        if (!a || a.isTest) continue;
        const why = apexExposure(s, a, persona);
        if (!why) continue;
        out.push(
          finding(this, {
            severity: persona === 'guest' ? 'critical' : 'high',
            message:
              persona === 'guest'
                ? t.apex(grantName(g, entry.via), a.name)
                : t.portalApex(grantName(g, entry.via), a.name, why),
            remediation: t.remediation,
            component: grantComponent(g),
            location: entry.at ?? locAt(g.at, undefined)
          })
        );
      }
    }
    return out;
  }
};

interface SiteGuest {
  site: string;
  /** Apex classes (lower case) the site's guest pages need; undefined when its pages are not known. */
  needed?: Set<string>;
}

/** Each site's guest profile (lower-case name) with the Apex its guest pages place. */
function siteGuestProfiles(s: PostureSnapshot): Map<string, SiteGuest> {
  const out = new Map<string, SiteGuest>();
  for (const site of s.sites) {
    const profile = site.customSite?.known ? site.customSite.value.guestProfile : undefined;
    if (!profile) continue;
    let needed: Set<string> | undefined = new Set();
    if (site.pages?.known) {
      const guestPages = sitePages(site.pages.value.bundle).filter((p) => p.guestAccessible);
      needed = apexNeededBy(
        s,
        guestPages.flatMap((p) => customComponents(p).map((c) => c.name))
      );
    } else if (site.pages) needed = undefined;
    out.set(profile.toLowerCase(), { site: site.name, needed });
  }
  return out;
}

/** Apex a site's guest profile may run beyond what its guest pages need. */
function siteGuestApex(
  check: Check,
  g: EffectiveGrant,
  site: SiteGuest,
  classes: Map<string, ApexFact>
): Finding[] {
  const out: Finding[] = [];
  for (const [cls, entry] of g.apexClasses) {
    if (site.needed?.has(cls)) continue;
    const f = finding(check, {
      severity: 'high',
      message: siteMsg.acc005.guestApex(g.name, site.site, classes.get(cls)?.name ?? cls),
      remediation: t.remediation,
      component: grantComponent(g),
      location: entry.at ?? locAt(g.at, undefined)
    });
    out.push(site.needed ? f : { ...f, notVerified: true });
  }
  return out;
}

function guestGrants(check: Check, s: PostureSnapshot, g: EffectiveGrant): Finding[] {
  const out: Finding[] = [];
  for (const [object, a] of g.objects) {
    if (!isPhiObject(s, object) || !(a.read || a.create || a.edit || a.delete)) continue;
    out.push(
      finding(check, {
        message: t.message(grantName(g, a.via), `PHI object ${objectName(s, object)}`),
        remediation: t.remediation,
        component: grantComponent(g),
        location: a.at ?? locAt(g.at, a.line)
      })
    );
  }
  for (const [field, fp] of g.fields) {
    if (!(fp.read || fp.edit) || !s.phi.get(field)?.phi) continue;
    out.push(
      finding(check, {
        message: t.message(grantName(g, fp.via), `PHI field ${s.fields.get(field)?.id ?? field}`),
        remediation: t.remediation,
        component: grantComponent(g),
        location: fieldAt(g, fp)
      })
    );
  }
  return out;
}

/**
 * Why a class exposes PHI to this persona, or undefined. Guests: any class that reads PHI, directly
 * or through the classes it calls. Portal users: such a class (or one it calls) declared `without sharing`.
 */
function apexExposure(s: PostureSnapshot, a: ApexFact, persona: 'guest' | 'portal'): string | undefined {
  const reached = reachable(s, a).filter((c) => !c.isTest);
  const phi = reached.filter((c) => touchesPhiObject(s, c));
  if (!phi.length) return undefined;
  if (persona === 'guest') return 'reads PHI';
  const unshared = phi.find((c) => c.sharing === 'without');
  return unshared ? `without sharing (${unshared.name})` : undefined;
}
