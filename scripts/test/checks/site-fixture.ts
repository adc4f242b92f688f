import { md, phiField } from '../helpers/project';

/**
 * A small, hardened Experience Cloud site as source files, for the site checks' tests: a Network,
 * its CustomSite and guest profile, an Aura ExperienceBundle with a signed-in home page (a component
 * whose Apex reads a PHI object, and the session timeout guard) and a login page, the components,
 * the Apex and the org's session settings. Options break one thing at a time.
 */
export interface SiteOptions {
  network?: Record<string, string>;
  customSite?: Record<string, string>;
  /** Site config: guests allowed by default. */
  guests?: boolean;
  /** The home route's page access. */
  homeAccess?: string;
  /** Attributes of the guard on the home page (undefined: no guard at all). */
  guard?: Record<string, unknown> | null;
  /** Extra component names placed on the login page. */
  loginComponents?: string[];
  mainAppPage?: Record<string, unknown>;
  security?: string;
  guestProfileBody?: string;
  extra?: Record<string, string>;
}

const NET_DEFAULTS: Record<string, string> = {
  allowInternalUserLogin: 'false',
  changePasswordTemplate: 'unfiled$public/CommunityChangePasswordEmailTemplate',
  emailSenderAddress: 'noreply@example.com',
  emailSenderName: 'Portal',
  enableApexCDNCaching: 'false',
  enableGuestChatter: 'false',
  enableGuestFileAccess: 'false',
  enableGuestMemberVisibility: 'false',
  forgotPasswordTemplate: 'unfiled$public/CommunityForgotPasswordEmailTemplate',
  picassoSite: 'Portal1',
  selfRegistration: 'false',
  site: 'Portal',
  status: 'Live',
  welcomeTemplate: 'unfiled$public/CommunityWelcomeEmailTemplate'
};

const SITE_DEFAULTS: Record<string, string> = {
  active: 'true',
  allowHomePage: 'false',
  allowStandardIdeasPages: 'false',
  allowStandardLookups: 'false',
  allowStandardPortalPages: 'false',
  allowStandardSearch: 'false',
  browserXssProtection: 'true',
  clickjackProtectionLevel: 'NoFraming',
  contentSniffingProtection: 'true',
  guestProfile: 'Portal Profile',
  indexPage: 'CommunitiesLanding',
  masterLabel: 'Portal',
  referrerPolicyOriginWhenCrossOrigin: 'true',
  siteType: 'ChatterNetwork'
};

const xml = (root: string, o: Record<string, string>, extra = '') =>
  md.raw(
    root,
    Object.entries(o)
      .map(([k, v]) => `    <${k}>${v}</${k}>`)
      .join('\n') + extra
  );

const cmp = (id: string, name: string, attributes: Record<string, unknown> = {}) => ({
  componentAttributes: attributes,
  componentName: name,
  id,
  renderPriority: 'NEUTRAL',
  renditionMap: {},
  type: 'component'
});

const json = (o: unknown) => `${JSON.stringify(o, null, 2)}\n`;

const lwcMeta = (props = '') =>
  md.raw(
    'LightningComponentBundle',
    `    <apiVersion>64.0</apiVersion>\n    <isExposed>true</isExposed>\n    <targets>\n      <target>lightningCommunity__Page</target>\n      <target>lightningCommunity__Default</target>\n    </targets>${
      props
        ? `\n    <targetConfigs>\n      <targetConfig targets="lightningCommunity__Default">\n${props}\n      </targetConfig>\n    </targetConfigs>`
        : ''
    }`
  );

export function siteProject(o: SiteOptions = {}): Record<string, string> {
  const B = 'experiences/Portal1';
  const home = [cmp('c1', 'c:rxList', {})];
  const footer =
    o.guard === null ? [] : [cmp('g1', 'c:sessionTimeoutGuard', o.guard ?? { timeoutMinutes: 15 })];
  const login = [
    ...(o.loginComponents ?? []).map((n, i) => cmp(`l${i}`, `c:${n}`, {})),
    cmp('lf', 'salesforceIdentity:loginForm2', {})
  ];
  return {
    'objects/Rx__c/Rx__c.object-meta.xml': md.object(),
    'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c'),
    'classes/RxController.cls':
      'public with sharing class RxController {\n    @AuraEnabled(cacheable=true)\n    public static List<Rx__c> mine() {\n        return [SELECT Id, Drug__c FROM Rx__c WITH USER_MODE];\n    }\n}\n',
    'classes/Greeter.cls':
      "public with sharing class Greeter {\n    @AuraEnabled\n    public static String hello() {\n        return 'hi';\n    }\n}\n",
    'lwc/rxList/rxList.js-meta.xml': lwcMeta(),
    'lwc/rxList/rxList.js':
      "import { LightningElement, wire } from 'lwc';\nimport mine from '@salesforce/apex/RxController.mine';\nexport default class RxList extends LightningElement {\n  @wire(mine) rx;\n}\n",
    'lwc/rxList/rxList.html': '<template><c-rx-row></c-rx-row></template>\n',
    'lwc/rxRow/rxRow.js-meta.xml': lwcMeta(),
    'lwc/rxRow/rxRow.js':
      "import { LightningElement } from 'lwc';\nexport default class RxRow extends LightningElement {}\n",
    'lwc/rxRow/rxRow.html': '<template></template>\n',
    'lwc/hello/hello.js-meta.xml': lwcMeta(),
    'lwc/hello/hello.js':
      "import { LightningElement } from 'lwc';\nimport hello from '@salesforce/apex/Greeter.hello';\nexport default class Hello extends LightningElement {}\n",
    'lwc/hello/hello.html': '<template></template>\n',
    'lwc/sessionTimeoutGuard/sessionTimeoutGuard.js-meta.xml': lwcMeta(
      '        <property name="timeoutMinutes" type="Integer" default="15" min="1" max="120" />'
    ),
    'lwc/sessionTimeoutGuard/sessionTimeoutGuard.js':
      "import { LightningElement, api } from 'lwc';\nexport default class Guard extends LightningElement {\n  @api timeoutMinutes = 15;\n}\n",
    'lwc/sessionTimeoutGuard/sessionTimeoutGuard.html': '<template></template>\n',
    'networks/Portal.network-meta.xml': xml(
      'Network',
      { ...NET_DEFAULTS, ...o.network },
      '\n    <networkMemberGroups>\n        <profile>Customer Community User</profile>\n    </networkMemberGroups>'
    ),
    'sites/Portal.site-meta.xml': xml('CustomSite', { ...SITE_DEFAULTS, ...o.customSite }),
    'profiles/Portal Profile.profile-meta.xml': md.profile(
      `    <custom>true</custom>\n    <userLicense>Guest User License</userLicense>\n${o.guestProfileBody ?? ''}`
    ),
    'settings/Security.settings-meta.xml': md.settings(
      'SecuritySettings',
      o.security ??
        '    <sessionSettings>\n        <forceLogoutOnSessionTimeout>true</forceLogoutOnSessionTimeout>\n        <hstsOnForcecomSites>true</hstsOnForcecomSites>\n        <requireHttpOnly>true</requireHttpOnly>\n        <sessionTimeout>FifteenMinutes</sessionTimeout>\n    </sessionSettings>'
    ),
    'experiences/Portal1.site-meta.xml': md.raw(
      'ExperienceBundle',
      '    <label>Portal</label>\n    <type>ChatterNetworkPicasso</type>\n    <urlPathPrefix>portal/s</urlPathPrefix>'
    ),
    [`${B}/config/portal.json`]: json({
      isAvailableToGuests: o.guests ?? false,
      loginAppPageId: 'login-page',
      mainAppPageId: 'main-page',
      type: 'site'
    }),
    [`${B}/config/mainAppPage.json`]: json({
      currentThemeId: 'theme',
      headMarkup: '',
      id: 'main-page',
      isLockerServiceEnabled: true,
      isRelaxedCSPLevel: false,
      label: 'main',
      type: 'appPage',
      ...o.mainAppPage
    }),
    [`${B}/config/loginAppPage.json`]: json({ id: 'login-page', label: 'login', type: 'appPage' }),
    [`${B}/themes/theme.json`]: json({
      id: 'theme',
      layouts: { Inner: 'inner', Login: 'loginLayout' },
      type: 'theme',
      views: [
        { componentName: 'siteforce:themeLayoutStarter', id: 'inner', regions: [], type: 'view' },
        { componentName: 'salesforceIdentity:loginBody2', id: 'loginLayout', regions: [], type: 'view' }
      ]
    }),
    [`${B}/routes/home.json`]: json({
      activeViewId: 'home-view',
      appPageId: 'main-page',
      devName: 'Home',
      id: 'home-route',
      ...(o.homeAccess ? { pageAccess: o.homeAccess } : {}),
      routeType: 'home',
      type: 'route',
      urlPrefix: ''
    }),
    [`${B}/views/home.json`]: json({
      appPageId: 'main-page',
      componentName: 'siteforce:sldsOneColLayout',
      id: 'home-view',
      label: 'Home',
      regions: [
        { components: home, id: 'r1', regionName: 'content', type: 'region' },
        { components: footer, id: 'r2', regionName: 'footer', type: 'region' }
      ],
      themeLayoutType: 'Inner',
      type: 'view',
      viewType: 'home'
    }),
    [`${B}/routes/login.json`]: json({
      activeViewId: 'login-view',
      appPageId: 'login-page',
      devName: 'Login',
      id: 'login-route',
      routeType: 'login-home',
      type: 'route',
      urlPrefix: ''
    }),
    [`${B}/views/login.json`]: json({
      appPageId: 'login-page',
      componentName: 'siteforce:sldsOneColLayout',
      id: 'login-view',
      label: 'Login',
      regions: [{ components: login, id: 'r3', regionName: 'content', type: 'region' }],
      themeLayoutType: 'Login',
      type: 'view',
      viewType: 'login-home'
    }),
    ...o.extra
  };
}
