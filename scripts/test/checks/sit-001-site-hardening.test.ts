import { guestPhiAccess } from '../../src/checks/acc-005-guest';
import { siteHardening } from '../../src/checks/sit-001-site-hardening';
import { CANARY, expectNoCanary, md, runCheck } from '../helpers/project';
import { siteProject } from './site-fixture';

const BUNDLE = 'force-app/main/default/experiences/Portal1';
const messages = (f: { message: string }[]) => f.map((x) => x.message);

describe('SIT-001 Experience Cloud site hardening', () => {
  it('is quiet on a hardened authenticated site', () => {
    const { result, findings } = runCheck(siteHardening, siteProject());
    expect(findings).toEqual([]);
    expect(result.status).toBe('pass');
  });

  it('is quiet when the project has no site at all (nothing exposed, nothing to judge)', () => {
    const { result } = runCheck(siteHardening, {
      'settings/Security.settings-meta.xml': md.settings('SecuritySettings', '')
    });
    expect(result.status).toBe('pass');
  });

  it.each([
    ['page access Public', { homeAccess: 'Public' }, 'page access Public'],
    ['the site default with guests allowed', { guests: true }, 'the site lets guests in'],
    ['the site default, config not stating it', { guests: undefined, homeAccess: 'UseParent' }, '']
  ])('fires critical on a PHI component a guest reaches: %s', (_, opts, why) => {
    const files = siteProject(opts);
    if (_ === 'the site default, config not stating it')
      files[`experiences/Portal1/config/portal.json`] = JSON.stringify({
        loginAppPageId: 'login-page',
        mainAppPageId: 'main-page',
        type: 'site'
      });
    const { findings } = runCheck(siteHardening, files);
    const f = findings.find((x) => x.severity === 'critical')!;
    expect(f.message).toContain('page Home is open to guests');
    expect(f.message).toContain('places rxList, which reaches PHI');
    expect(f.message).toContain(why);
    expect(f.location).toEqual({ file: `${BUNDLE}/views/home.json`, line: expect.any(Number) });
    expect(f.hipaa).toEqual(['164.312(a)(1)', '164.312(d)']);
  });

  it('a page requiring login is not a guest page even when the site lets guests in', () => {
    const { findings } = runCheck(siteHardening, siteProject({ guests: true, homeAccess: 'RequiresLogin' }));
    expect(findings).toEqual([]);
  });

  it('a component on the login page that reaches PHI fires; one that calls harmless Apex does not', () => {
    const phi = runCheck(siteHardening, siteProject({ loginComponents: ['rxList'] }));
    expect(messages(phi.findings)).toEqual([
      expect.stringContaining('page Login is open to guests (a login page)')
    ]);
    const harmless = runCheck(siteHardening, siteProject({ loginComponents: ['hello'] }));
    expect(harmless.findings).toEqual([]);
  });

  it('a component whose source is not in the project, on a guest page, is not verified (fail closed)', () => {
    const { result, findings } = runCheck(siteHardening, siteProject({ loginComponents: ['vendorWidget'] }));
    expect(result.status).toBe('not-verified');
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          notVerified: true,
          message: expect.stringContaining('whose source is not known')
        }),
        // The deployability layer rejects the page too: a placed component must exist.
        expect.objectContaining({ notVerified: true, message: expect.stringContaining('views/login.json') })
      ])
    );
  });

  it('fires on the Network settings that open the site, each at its element', () => {
    const { findings } = runCheck(
      siteHardening,
      siteProject({
        network: {
          selfRegistration: 'true',
          enableGuestChatter: 'true',
          enableGuestFileAccess: 'true',
          enableGuestMemberVisibility: 'true',
          allowInternalUserLogin: 'true',
          enableApexCDNCaching: 'true'
        }
      })
    );
    expect(findings.map((f) => [f.severity, f.component.type, f.location])).toEqual(
      expect.arrayContaining([
        [
          'high',
          'Network',
          { file: 'force-app/main/default/networks/Portal.network-meta.xml', line: expect.any(Number) }
        ]
      ])
    );
    expect(messages(findings).sort()).toEqual([
      'site Portal caches Apex responses on the content delivery network (enableApexCDNCaching)',
      'site Portal lets anyone register (selfRegistration): patient accounts must be created by the pharmacy',
      'site Portal lets guests reach files (enableGuestFileAccess)',
      'site Portal lets internal users log in with their Salesforce credentials (allowInternalUserLogin)',
      'site Portal opens Chatter to guests (enableGuestChatter)',
      'site Portal shows members to guests (enableGuestMemberVisibility)'
    ]);
    expect(findings.find((f) => f.message.includes('register'))!.hipaa).toEqual([
      '164.312(d)',
      '164.308(a)(4)(ii)(C)'
    ]);
  });

  it.each([
    ['SameOriginOnly', 'medium'],
    ['AllowAllFraming', 'high'],
    ['External', 'high']
  ])('clickjack protection %s is not the strictest level (%s)', (level, severity) => {
    const { findings } = runCheck(
      siteHardening,
      siteProject({ customSite: { clickjackProtectionLevel: level } })
    );
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      [severity, `site Portal: clickjack protection is ${level}, not NoFraming (the strictest level)`]
    ]);
  });

  it('fires on clickjack protection left unset, public standard pages and header protections off', () => {
    const files = siteProject({
      customSite: { allowStandardSearch: 'true', allowHomePage: 'true', browserXssProtection: 'false' }
    });
    files['sites/Portal.site-meta.xml'] = files['sites/Portal.site-meta.xml']!.replace(
      /\s*<clickjackProtectionLevel>NoFraming<\/clickjackProtectionLevel>/,
      ''
    );
    const { findings } = runCheck(siteHardening, files);
    expect(messages(findings)).toEqual([
      'site Portal: clickjack protection is not set (clickjackProtectionLevel), so the strictest level is not stated',
      'site Portal shows standard pages to public users (allowHomePage, allowStandardSearch)',
      'site Portal: browserXssProtection is off'
    ]);
  });

  it('fires on Relaxed CSP, an unstated CSP level, Locker off and a script in the head markup', () => {
    const relaxed = runCheck(
      siteHardening,
      siteProject({
        mainAppPage: {
          isRelaxedCSPLevel: true,
          isLockerServiceEnabled: false,
          headMarkup: `<script src="https://cdn.example.com/${CANARY}.js"></script>`
        }
      })
    );
    expect(messages(relaxed.findings).sort()).toEqual([
      'site Portal runs Relaxed CSP (isRelaxedCSPLevel), allowing inline scripts',
      'site Portal: Lightning Locker is off (isLockerServiceEnabled)',
      'site Portal: the head markup loads or runs scripts on every page'
    ]);
    expect(relaxed.findings.find((f) => f.message.includes('Relaxed'))!.location).toEqual({
      file: `${BUNDLE}/config/mainAppPage.json`,
      line: expect.any(Number)
    });
    expectNoCanary(JSON.stringify(relaxed.findings));
    const unstated = runCheck(siteHardening, siteProject({ mainAppPage: { isRelaxedCSPLevel: undefined } }));
    expect(messages(unstated.findings)).toEqual([expect.stringContaining('the CSP level is not stated')]);
  });

  it('fires on a CSP trusted site for sites, not on one for Lightning Experience only or inactive', () => {
    const trusted = (name: string, context: string | undefined, active = true) =>
      md
        .raw(
          'CspTrustedSite',
          `    <endpointUrl>https://cdn.example.com</endpointUrl>\n    <isActive>${active}</isActive>${context ? `\n    <context>${context}</context>` : ''}`
        )
        .replace(/^/, '') + (name ? '' : '');
    const { findings } = runCheck(
      siteHardening,
      siteProject({
        extra: {
          'cspTrustedSites/Cdn.cspTrustedSite-meta.xml': trusted('Cdn', 'Communities'),
          'cspTrustedSites/All.cspTrustedSite-meta.xml': trusted('All', undefined),
          'cspTrustedSites/Lex.cspTrustedSite-meta.xml': trusted('Lex', 'LEX'),
          'cspTrustedSites/Off.cspTrustedSite-meta.xml': trusted('Off', 'All', false)
        }
      })
    );
    expect(messages(findings).sort()).toEqual([
      "CSP trusted site All lets Experience Cloud sites load from a host beyond the org's own (context All)",
      "CSP trusted site Cdn lets Experience Cloud sites load from a host beyond the org's own (context Communities)"
    ]);
  });

  it('fires when HSTS on sites is off, and is not verified without the org session settings', () => {
    const off = runCheck(
      siteHardening,
      siteProject({
        security:
          '    <sessionSettings>\n        <hstsOnForcecomSites>false</hstsOnForcecomSites>\n        <sessionTimeout>FifteenMinutes</sessionTimeout>\n    </sessionSettings>'
      })
    );
    expect(off.findings.map((f) => [f.severity, f.hipaa, f.message])).toEqual([
      [
        'high',
        ['164.312(e)(1)', '164.312(e)(2)(ii)'],
        'HTTP Strict Transport Security on sites is off (SecuritySettings sessionSettings.hstsOnForcecomSites)'
      ]
    ]);
    const files = siteProject();
    delete files['settings/Security.settings-meta.xml'];
    const missing = runCheck(siteHardening, files);
    expect(missing.result.status).toBe('not-verified');
  });

  it('fires on a signed-in page without the session timeout guard', () => {
    const { findings } = runCheck(siteHardening, siteProject({ guard: null }));
    expect(findings.map((f) => [f.severity, f.hipaa, f.message])).toEqual([
      [
        'high',
        ['164.312(a)(2)(iii)'],
        'site Portal: page Home is reached signed in but places no sessionTimeoutGuard (automatic logoff)'
      ]
    ]);
  });

  it("fires when the guard outlasts the org's session or a member profile's own, and takes the guard's default", () => {
    const longer = runCheck(siteHardening, siteProject({ guard: { timeoutMinutes: 30 } }));
    expect(messages(longer.findings)).toEqual([
      'site Portal: page Home signs out after 30 idle minutes, but the org sessions end after 15'
    ]);
    const profile = runCheck(
      siteHardening,
      siteProject({
        guard: {},
        extra: {
          'profileSessionSettings/CCU.profileSessionSetting-meta.xml': md.raw(
            'ProfileSessionSetting',
            '    <profile>Customer Community User</profile>\n    <sessionTimeout>5</sessionTimeout>'
          )
        }
      })
    );
    // No attribute: the property default (15) applies, which outlasts the member profile's 5 minutes.
    expect(messages(profile.findings)).toEqual([
      'site Portal: page Home signs out after 15 idle minutes, but profile Customer Community User sessions end after 5'
    ]);
  });

  it('is not verified when the org session timeout is not known, or the guard states no timeout', () => {
    const unknownOrg = runCheck(
      siteHardening,
      siteProject({
        security:
          '    <sessionSettings>\n        <hstsOnForcecomSites>true</hstsOnForcecomSites>\n    </sessionSettings>'
      })
    );
    expect(unknownOrg.result.status).toBe('not-verified');
    expect(messages(unknownOrg.findings)).toEqual([
      expect.stringContaining('the session timeout of the org is not known')
    ]);
  });

  it('is not verified when the bundle the Network names is missing, or a page does not parse (fail closed)', () => {
    const files = siteProject();
    for (const k of Object.keys(files)) if (k.startsWith('experiences/')) delete files[k];
    const missing = runCheck(siteHardening, files);
    expect(missing.result.status).toBe('not-verified');
    expect(missing.findings[0]!.message).toContain('names ExperienceBundle Portal1, which was not read');

    const broken = siteProject();
    broken['experiences/Portal1/views/home.json'] = `{ "label": "${CANARY}", `;
    const bad = runCheck(siteHardening, broken);
    expect(bad.result.status).toBe('not-verified');
    expectNoCanary(JSON.stringify(bad.findings));
  });

  it('ACC-005 treats the site guest profile as guest, and flags Apex its guest pages do not need', () => {
    const read = runCheck(
      guestPhiAccess,
      siteProject({ guestProfileBody: md.objectPerm('Rx__c', { allowRead: true }) })
    );
    expect(read.findings.map((f) => [f.severity, f.component.name, f.message])).toEqual([
      ['critical', 'Portal Profile', 'guest or site Profile Portal Profile has access to PHI object Rx__c']
    ]);
    expect(read.findings[0]!.location).toEqual({
      file: 'force-app/main/default/profiles/Portal Profile.profile-meta.xml',
      line: expect.any(Number)
    });

    const apex = (cls: string) =>
      `    <classAccesses>\n        <apexClass>${cls}</apexClass>\n        <enabled>true</enabled>\n    </classAccesses>`;
    const extra = runCheck(guestPhiAccess, siteProject({ guestProfileBody: apex('Greeter') }));
    expect(messages(extra.findings)).toEqual([
      'guest profile Portal Profile of site Portal can run Apex class Greeter, which its login pages do not need'
    ]);
    // The login page places a component that calls Greeter: then the guest needs it.
    const needed = runCheck(
      guestPhiAccess,
      siteProject({ guestProfileBody: apex('Greeter'), loginComponents: ['hello'] })
    );
    expect(needed.findings).toEqual([]);
    // Apex that reads PHI stays critical whatever the pages need.
    const phi = runCheck(guestPhiAccess, siteProject({ guestProfileBody: apex('RxController') }));
    expect(phi.findings.map((f) => f.severity)).toContain('critical');
  });
});
