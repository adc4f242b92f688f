import { siteMsg } from '../messages/site';
import type { PostureSnapshot, SiteFact } from '../posture/model';
import {
  memberPages,
  customComponents,
  sitePages,
  appliesToSites,
  type SitePage
} from '../posture/site-facts';
import type { Check, Finding } from './types';
import { componentPhi } from './site-util';
import { finding, locAt } from './util';

const t = siteMsg.check;

/** The component that signs patients out after inactivity; it must sit on every signed-in page. */
export const GUARD = 'sessionTimeoutGuard';

/**
 * SIT-001: an Experience Cloud site's guest exposure and hardening, judged from its Network,
 * CustomSite and pages (offline from source, online from the Metadata API).
 *
 * - No page a guest reaches places a component that reaches PHI (page access and public access:
 *   https://help.salesforce.com/apex/HTViewHelpDoc?id=community_builder_page_access_settings.htm;
 *   login pages are always open: https://help.salesforce.com/s/articleView?id=platform.networks_public_access.htm).
 * - No self-registration, guest Chatter, guest files, guest member visibility, internal logins or
 *   Apex CDN caching (Network: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_network.htm;
 *   guest hardening: https://help.salesforce.com/apex/HTViewHelpDoc?id=platform.networks_guest_profile_best_practices.htm).
 * - Clickjack protection NoFraming, no standard pages for public users, XSS and content-sniffing
 *   protection on (CustomSite: https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-customsite.html).
 * - Strict CSP, Locker on, no script in the head markup, no CSP trusted site for sites
 *   (https://help.salesforce.com/s/articleView?id=experience.networks_security_csp_scriptlevel.htm;
 *   CspTrustedSite: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_cspTrustedSite.htm).
 * - HSTS on sites (SecuritySettings sessionSettings.hstsOnForcecomSites:
 *   https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-securitysettings.html).
 * - The session timeout guard on every page a member reaches, never outlasting the session of any
 *   member profile (the org's, or the profile's own:
 *   https://help.salesforce.com/s/articleView?id=platform.users_profiles_session.htm).
 */
export const siteHardening: Check = {
  id: 'SIT-001',
  title: t.title,
  severity: 'critical',
  hipaa: [
    '164.312(a)(1)',
    '164.312(a)(2)(iii)',
    '164.312(d)',
    '164.312(e)(1)',
    '164.312(e)(2)(ii)',
    '164.308(a)(4)(ii)(C)'
  ],
  // profilePolicies: a member profile's own session timeout (memberTimeouts), unknown when they are.
  needs: ['sites', 'profilePolicies'],
  run(s) {
    const out: Finding[] = [];
    const add = (f: Parameters<typeof finding>[1]) => out.push(finding(this, f));
    for (const site of s.sites) {
      networkFindings(site, add);
      customSiteFindings(site, add);
      if (site.pages?.known) pageFindings(this, s, site, out, add);
      // A part the site names but nobody could read: what it holds is not verified.
      for (const part of [site.customSite, site.pages])
        if (part && !part.known)
          out.push({
            ...finding(this, {
              message: part.reason,
              remediation: t.remediation,
              component: { type: site.network ? 'Network' : 'CustomSite', name: site.name },
              location: 'file' in site.at ? { file: site.at.file, line: site.at.line } : site.at
            }),
            notVerified: true
          });
    }
    const hasPages = s.sites.some((x) => x.pages?.known);
    if (hasPages || s.sites.some((x) => x.network)) {
      for (const ts of s.trustedSites.filter(appliesToSites))
        add({
          severity: 'high',
          hipaa: ['164.312(a)(1)'],
          message: t.trustedSite(ts.name, ts.context ?? 'All'),
          remediation: t.remediation,
          component: { type: 'CspTrustedSite', name: ts.name },
          location: locAt(ts.at, undefined)
        });
      if (s.session.known && s.session.value.hstsOnSites !== true)
        add({
          severity: 'high',
          hipaa: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
          message: t.hsts,
          remediation: t.remediation,
          component: { type: 'SecuritySettings', name: 'Security' },
          location: locAt(s.session.at, s.session.value.lines.hstsOnForcecomSites)
        });
      else if (!s.session.known)
        out.push({
          ...finding(this, {
            message: s.session.reason,
            remediation: t.remediation,
            component: { type: 'SecuritySettings', name: 'Security' },
            location: s.session.expected ? { file: s.session.expected } : { api: 'SecuritySettings' }
          }),
          notVerified: true
        });
    }
    return out;
  }
};

type Add = (f: Parameters<typeof finding>[1]) => void;

function networkFindings(site: SiteFact, add: Add) {
  const n = site.network;
  if (!n) return;
  const at = (key: string) => locAt(n.at, n.lines[key]);
  const component = { type: 'Network', name: n.name };
  const flag = (
    on: boolean | undefined,
    key: string,
    message: string,
    severity: 'high' | 'medium',
    hipaa: string[]
  ) => {
    if (on === true)
      add({ severity, hipaa, message, remediation: t.remediation, component, location: at(key) });
  };
  flag(n.selfRegistration, 'selfRegistration', t.selfRegistration(n.name), 'high', [
    '164.312(d)',
    '164.308(a)(4)(ii)(C)'
  ]);
  flag(n.guestChatter, 'enableGuestChatter', t.guestChatter(n.name), 'high', ['164.312(a)(1)']);
  flag(n.guestFileAccess, 'enableGuestFileAccess', t.guestFiles(n.name), 'high', ['164.312(a)(1)']);
  flag(n.guestMemberVisibility, 'enableGuestMemberVisibility', t.guestMembers(n.name), 'medium', [
    '164.312(a)(1)'
  ]);
  flag(n.internalUserLogin, 'allowInternalUserLogin', t.internalLogin(n.name), 'medium', ['164.312(d)']);
  flag(n.apexCdnCaching, 'enableApexCDNCaching', t.apexCdn(n.name), 'high', ['164.312(a)(1)']);
}

function customSiteFindings(site: SiteFact, add: Add) {
  const cs = site.customSite;
  if (!cs?.known) return;
  const c = cs.value;
  const component = { type: 'CustomSite', name: c.name };
  const at = (key: string) => locAt(c.at, c.lines[key]);
  if (c.clickjackProtectionLevel !== 'NoFraming')
    add({
      severity:
        !c.clickjackProtectionLevel || c.clickjackProtectionLevel === 'SameOriginOnly' ? 'medium' : 'high',
      hipaa: ['164.312(a)(1)'],
      message: c.clickjackProtectionLevel
        ? t.clickjack(site.name, c.clickjackProtectionLevel)
        : t.clickjackUnset(site.name),
      remediation: t.remediation,
      component,
      location: at('clickjackProtectionLevel')
    });
  if (c.publicStandardPages.length)
    add({
      severity: 'medium',
      hipaa: ['164.312(a)(1)'],
      message: t.standardPages(site.name, c.publicStandardPages.join(', ')),
      remediation: t.remediation,
      component,
      location: at(c.publicStandardPages[0]!)
    });
  for (const [key, value] of [
    ['browserXssProtection', c.browserXssProtection],
    ['contentSniffingProtection', c.contentSniffingProtection]
  ] as const)
    if (value === false)
      add({
        severity: 'medium',
        hipaa: ['164.312(a)(1)'],
        message: t.headers(site.name, key),
        remediation: t.remediation,
        component,
        location: at(key)
      });
}

const pageName = (p: SitePage) => p.route?.devName ?? p.view.label ?? p.view.file;

function pageFindings(check: Check, s: PostureSnapshot, site: SiteFact, out: Finding[], add: Add) {
  const bundle = site.pages!.known ? site.pages!.value.bundle : undefined;
  if (!bundle) return;
  const component = { type: 'ExperienceBundle', name: bundle.name };
  const pages = sitePages(bundle);

  // Guests and PHI.
  for (const p of pages.filter((x) => x.guestAccessible)) {
    for (const { name, component: placed } of customComponents(p)) {
      const phi = componentPhi(s, name);
      if (phi.verdict === 'none') continue;
      const location = { file: p.view.file, line: placed.line };
      if (phi.verdict === 'phi')
        add({
          severity: 'critical',
          hipaa: ['164.312(a)(1)', '164.312(d)'],
          message: t.guestPhiPage(site.name, pageName(p), name, t.guestWhy[p.guestReason!]!),
          remediation: t.remediation,
          component,
          location
        });
      else
        out.push({
          ...finding(check, {
            hipaa: ['164.312(a)(1)'],
            message: t.guestUnknownPage(site.name, pageName(p), name),
            remediation: t.remediation,
            component,
            location
          }),
          notVerified: true
        });
    }
  }

  // Content security of the main app page.
  const main = bundle.appPages.find((p) => p.id === bundle.config?.mainAppPageId);
  if (main) {
    const at = (key: string) => ({ file: main.file, line: main.lines[key] ?? 1 });
    if (main.isRelaxedCSPLevel !== false)
      add({
        severity: 'high',
        hipaa: ['164.312(a)(1)'],
        message: main.isRelaxedCSPLevel ? t.relaxedCsp(site.name) : t.cspUnset(site.name),
        remediation: t.remediation,
        component,
        location: at('isRelaxedCSPLevel')
      });
    if (main.isLockerServiceEnabled === false)
      add({
        severity: 'high',
        hipaa: ['164.312(a)(1)'],
        message: t.lockerOff(site.name),
        remediation: t.remediation,
        component,
        location: at('isLockerServiceEnabled')
      });
    if (/<script\b/i.test(main.headMarkup ?? ''))
      add({
        severity: 'high',
        hipaa: ['164.312(a)(1)'],
        message: t.headScript(site.name),
        remediation: t.remediation,
        component,
        location: at('headMarkup')
      });
  }

  // Automatic logoff on every page a signed-in member reaches.
  const servers = memberTimeouts(s, site);
  for (const p of memberPages(bundle, pages)) {
    const guards = customComponents(p).filter((c) => c.name === GUARD);
    if (!guards.length) {
      add({
        severity: 'high',
        hipaa: ['164.312(a)(2)(iii)'],
        message: t.noGuard(site.name, pageName(p)),
        remediation: t.remediation,
        component,
        location: { file: p.view.file, line: p.view.line }
      });
      continue;
    }
    for (const g of guards) {
      const minutes = guardMinutes(s, g.component.attributes.timeoutMinutes);
      for (const sv of servers) {
        if (sv.minutes === undefined) {
          out.push({
            ...finding(check, {
              hipaa: ['164.312(a)(2)(iii)'],
              message: t.guardUnknown(site.name, sv.whose),
              remediation: t.remediation,
              component,
              location: { file: p.view.file, line: g.component.line }
            }),
            notVerified: true
          });
        } else if (minutes === undefined || minutes > sv.minutes) {
          add({
            severity: 'high',
            hipaa: ['164.312(a)(2)(iii)'],
            message:
              minutes === undefined
                ? t.guardUnset(site.name, pageName(p))
                : t.guardLonger(site.name, pageName(p), minutes, sv.minutes, sv.whose),
            remediation: t.remediation,
            component,
            location: { file: p.view.file, line: g.component.line }
          });
        }
      }
    }
  }
}

/** The guard's idle minutes: the attribute the page sets, else the property's default. */
function guardMinutes(s: PostureSnapshot, attr: unknown): number | undefined {
  const raw = attr ?? s.lwcs.get(GUARD)?.siteProperties?.get('timeoutMinutes')?.defaultValue;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Idle minutes after which the server ends a member's session: the member profile's own session
 * setting where it has one, the org's otherwise. Unknown when the org's is not known.
 */
function memberTimeouts(s: PostureSnapshot, site: SiteFact): { whose: string; minutes?: number }[] {
  const org = s.session.known ? s.session.value.timeoutMinutes : undefined;
  const profiles = site.network?.memberProfiles ?? [];
  const out: { whose: string; minutes?: number }[] = [];
  let orgApplies = profiles.length === 0 || (site.network?.memberPermissionSets.length ?? 0) > 0;
  for (const prof of profiles) {
    const own = s.profilePolicies.find(
      (p) => p.kind === 'ProfileSessionSetting' && p.profile.toLowerCase() === prof.toLowerCase()
    );
    if (own?.session?.timeoutMinutes !== undefined)
      out.push({ whose: `profile ${prof}`, minutes: own.session.timeoutMinutes });
    else orgApplies = true;
  }
  if (orgApplies) out.push({ whose: 'the org', minutes: org });
  return out;
}
