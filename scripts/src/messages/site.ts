/**
 * Text about Experience Cloud sites: the loaders' reasons and the site check (SIT-001). Messages
 * name sites, pages (route and view names), components, profiles and settings; never a value an
 * admin typed into a page.
 */
export const siteMsg = {
  facts: {
    siteMissing: (kind: 'CustomSite' | 'ExperienceBundle', name: string, network: string) =>
      `site ${network} names ${kind} ${name}, which was not read, so its ${kind === 'CustomSite' ? 'guest profile and framing are' : 'pages are'} not verified`,
    malformedJson: 'malformed JSON: not valid JSON',
    bundleUnreadable: (name: string, why: string) =>
      `the pages of ExperienceBundle ${name} could not be read from the org (${why}), so they are not verified`,
    emptyRecord: (type: string, name: string) =>
      `the org returned an empty ${type} record for ${name}, so the site it belongs to is not verified`
  },
  check: {
    title: 'Experience Cloud site not hardened',
    guestPhiPage: (site: string, page: string, component: string, why: string) =>
      `site ${site}: page ${page} is open to guests (${why}) and places ${component}, which reaches PHI`,
    guestUnknownPage: (site: string, page: string, component: string) =>
      `site ${site}: page ${page} is open to guests and places ${component}, whose source is not known, so it cannot be shown to stay away from PHI`,
    guestWhy: {
      login: 'a login page',
      public: 'page access Public',
      'site-default': 'the site lets guests in and the page uses the site default',
      static: 'served without a session while the site is down'
    } as Record<string, string>,
    selfRegistration: (site: string) =>
      `site ${site} lets anyone register (selfRegistration): patient accounts must be created by the pharmacy`,
    guestChatter: (site: string) => `site ${site} opens Chatter to guests (enableGuestChatter)`,
    guestFiles: (site: string) => `site ${site} lets guests reach files (enableGuestFileAccess)`,
    guestMembers: (site: string) => `site ${site} shows members to guests (enableGuestMemberVisibility)`,
    internalLogin: (site: string) =>
      `site ${site} lets internal users log in with their Salesforce credentials (allowInternalUserLogin)`,
    apexCdn: (site: string) =>
      `site ${site} caches Apex responses on the content delivery network (enableApexCDNCaching)`,
    clickjack: (site: string, level: string) =>
      `site ${site}: clickjack protection is ${level}, not NoFraming (the strictest level)`,
    clickjackUnset: (site: string) =>
      `site ${site}: clickjack protection is not set (clickjackProtectionLevel), so the strictest level is not stated`,
    standardPages: (site: string, pages: string) =>
      `site ${site} shows standard pages to public users (${pages})`,
    headers: (site: string, what: string) => `site ${site}: ${what} is off`,
    relaxedCsp: (site: string) =>
      `site ${site} runs Relaxed CSP (isRelaxedCSPLevel), allowing inline scripts`,
    cspUnset: (site: string) =>
      `site ${site}: the CSP level is not stated (isRelaxedCSPLevel), so Strict CSP is not shown`,
    headScript: (site: string) => `site ${site}: the head markup loads or runs scripts on every page`,
    lockerOff: (site: string) => `site ${site}: Lightning Locker is off (isLockerServiceEnabled)`,
    trustedSite: (name: string, context: string) =>
      `CSP trusted site ${name} lets Experience Cloud sites load from a host beyond the org's own (context ${context})`,
    hsts: 'HTTP Strict Transport Security on sites is off (SecuritySettings sessionSettings.hstsOnForcecomSites)',
    noGuard: (site: string, page: string) =>
      `site ${site}: page ${page} is reached signed in but places no sessionTimeoutGuard (automatic logoff)`,
    guardLonger: (site: string, page: string, guard: number, server: number, whose: string) =>
      `site ${site}: page ${page} signs out after ${guard} idle minutes, but ${whose} sessions end after ${server}`,
    guardUnset: (site: string, page: string) =>
      `site ${site}: page ${page} places a sessionTimeoutGuard whose idle minutes are not stated`,
    guardUnknown: (site: string, whose: string) =>
      `site ${site}: the session timeout of ${whose} is not known, so the guard's timeout cannot be matched to it`,
    memberGuest: (site: string, profile: string) => `site ${site} makes guest profile ${profile} a member`,
    remediation:
      'Harden the site in its metadata: no self-registration, no guest Chatter, files or member visibility, ' +
      'clickjackProtectionLevel NoFraming, Strict CSP (isRelaxedCSPLevel false) with no trusted sites, HSTS on sites, ' +
      'no page open to guests that places a component reaching PHI, and the session timeout guard on every signed-in page ' +
      'with the org’s timeout (README: the patient portal site).'
  },
  acc005: {
    guestApex: (profile: string, site: string, cls: string) =>
      `guest profile ${profile} of site ${site} can run Apex class ${cls}, which its login pages do not need`
  }
};
