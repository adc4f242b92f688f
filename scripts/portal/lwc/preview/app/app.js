import { LightningElement, createElement } from 'lwc';
import site, { components } from '@phi-guard/site';
import RichText from 'preview/richText';
import LoginForm from 'preview/loginForm';
import ForgotPassword from 'preview/forgotPassword';
import Platform from 'preview/platform';

const TOAST_ICONS = {
  success: 'utility:success',
  error: 'utility:error',
  warning: 'utility:warning',
  info: 'utility:info'
};

/** Stand-ins for the platform components the site places (the platform draws them in an org). */
const STAND_INS = {
  'forceCommunity:richTextInline': ['preview-rich-text', RichText],
  'forceCommunity:htmlBlock': ['preview-rich-text', RichText],
  'salesforceIdentity:loginForm2': ['preview-login-form', LoginForm],
  'salesforceIdentity:forgotPassword2': ['preview-forgot-password', ForgotPassword]
};
/** Platform components with nothing to draw: SEO tags (the page title) and the auto-refresh timer. */
const INVISIBLE = new Set(['forceCommunity:seoAssistant', 'forceCommunity:autoRefresh']);

/**
 * Columns of the site's page layouts (SLDS grid; `large` is SLDS's 64em breakpoint): the regions a
 * layout puts side by side on a wide screen, stacked on a phone. Header and footer span the page.
 */
const LAYOUT_COLUMNS = {
  'siteforce:sldsTwoCol84Layout': [
    ['content', 8],
    ['sidebar', 4]
  ],
  'siteforce:sldsThreeCol363Layout': [
    ['sidebar', 3],
    ['content', 6],
    ['sidebarAlt', 3]
  ]
};

function numberParam(params, name) {
  const value = Number(params.get(name));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The site page for a path under the site (`/s/...`); the site's error page for any other. */
function pageFor(pathname) {
  const inSite = pathname.replace(/^\/s(?=\/|$)/, '') || '/';
  const byPath = (p) => p.path === inSite || p.path === `${inSite}/` || `${p.path}/` === inSite;
  return site.pages.find(byPath) || site.pages.find((p) => p.routeType === 'error') || site.pages[0];
}

/**
 * The preview page: the site's own page for the URL, drawn from the site metadata (scripts/portal/site.ts):
 * its theme layout (the header with the navigation menu and the profile menu), its page layout's regions,
 * and in each region the components the site places there, in order, with the attributes the site sets.
 * Custom components are the force-app LWCs; platform components get a preview stand-in. Query
 * parameters override a few attributes for tests (timeout, warning, reveal seconds). It plays the site
 * container's part for toasts (lightning__showtoast).
 */
export default class App extends LightningElement {
  toast;
  page = pageFor(window.location.pathname);
  mounted = false;

  connectedCallback() {
    const params = new URLSearchParams(window.location.search);
    this.overrides = {
      'c:sessionTimeoutGuard': {
        timeoutMinutes: numberParam(params, 'timeout'),
        warningMinutes: numberParam(params, 'warning')
      },
      'c:patientPrescriptions': { revealSeconds: numberParam(params, 'reveal') }
    };
    document.title = `${this.page.title} · ${site.name} (preview, fake data)`;
    this.template.addEventListener('lightning__showtoast', (event) => {
      const { title, message, variant } = event.detail || {};
      const kind = TOAST_ICONS[variant] ? variant : 'info';
      this.toast = {
        title,
        message,
        icon: TOAST_ICONS[kind],
        className: `slds-notify slds-notify_toast slds-theme_${kind}`,
        role: kind === 'error' ? 'alert' : 'status'
      };
    });
  }

  renderedCallback() {
    if (this.mounted) return;
    this.mounted = true;
    const regions = new Map(this.page.regions.map((r) => [r.name, r]));
    this.template.querySelectorAll('.region[data-region]').forEach((container) => {
      const region = regions.get(container.dataset.region);
      (region ? region.components : []).forEach((c) => {
        const el = this.mount(c);
        if (el) container.appendChild(el);
      });
    });
  }

  mount(component) {
    if (INVISIBLE.has(component.name)) return undefined;
    const ctor = components[component.name];
    if (ctor) {
      const el = createElement(`c-${kebab(component.name.slice(2))}`, { is: ctor });
      const overrides = this.overrides[component.name] || {};
      Object.entries({ ...component.attributes }).forEach(([k, v]) => {
        el[k] = v;
      });
      Object.entries(overrides).forEach(([k, v]) => {
        if (v !== undefined) el[k] = v;
      });
      el.dataset.component = component.name;
      el.classList.add('slds-show', 'slds-m-bottom_medium');
      return el;
    }
    const [tag, is] = STAND_INS[component.name] || ['preview-platform', Platform];
    const el = createElement(tag, { is });
    el.component = component;
    el.dataset.component = component.name;
    el.classList.add('slds-show', 'slds-m-bottom_medium');
    return el;
  }

  get siteName() {
    return site.name;
  }

  get menu() {
    return site.menu;
  }

  /** The theme header (forceCommunity:themeHeaderCompact) and what it holds. */
  get header() {
    const layout = this.page.themeLayout;
    const region = layout && layout.regions.find((r) => r.name === 'themeHeader');
    const compact = region && region.components.find((c) => c.name === 'forceCommunity:themeHeaderCompact');
    if (!compact) return undefined;
    const names = compact.children.map((c) => c.name);
    return {
      nav: names.includes('forceCommunity:themeNav'),
      profileMenu: names.includes('forceCommunity:customizableUserProfileMenu')
    };
  }

  get loginLayout() {
    return !!this.page.themeLayout && this.page.themeLayout.component === 'salesforceIdentity:loginBody2';
  }

  get shellClass() {
    return this.loginLayout ? 'portal portal_login slds-scope' : 'portal slds-scope';
  }

  /** Rows of region columns for the page's layout. */
  get rows() {
    const names = this.page.regions.map((r) => r.name).filter((n) => n !== 'sfdcHiddenRegion');
    const columns = LAYOUT_COLUMNS[this.page.layout] || [];
    const inColumns = new Set(columns.map(([n]) => n));
    const full = (name) => ({
      key: name,
      columns: [{ name, className: 'slds-col slds-size_1-of-1 portal-region-col' }]
    });
    const rows = [];
    const header = names.filter((n) => n === 'header');
    header.forEach((n) => rows.push(full(n)));
    const middle = columns.filter(([n]) => names.includes(n));
    if (middle.length) {
      rows.push({
        key: 'columns',
        columns: middle.map(([name, size]) => ({
          name,
          className: `slds-col slds-size_1-of-1 slds-large-size_${size}-of-12 portal-region-col`
        }))
      });
    }
    names
      .filter((n) => n !== 'header' && n !== 'footer' && !inColumns.has(n))
      .forEach((n) => rows.push(full(n)));
    names.filter((n) => n === 'footer').forEach((n) => rows.push(full(n)));
    return rows;
  }

  handleCloseToast() {
    this.toast = undefined;
  }
}
