import { LightningElement } from 'lwc';

const TOAST_ICONS = {
  success: 'utility:success',
  error: 'utility:error',
  warning: 'utility:warning',
  info: 'utility:info'
};

function numberParam(params, name) {
  const value = Number(params.get(name));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The preview page: a portal-like shell around the three portal components, built from
 * lightning-base-components and SLDS. It plays the site container's part: it shows the toasts the
 * components fire (lightning__showtoast). Query parameters set the components' public properties
 * (timeout, warning, reveal seconds); the fixture layer reads the others (README: portal).
 */
export default class App extends LightningElement {
  toast;
  timeoutMinutes = 15;
  warningMinutes = 2;
  revealSeconds = 30;

  connectedCallback() {
    const params = new URLSearchParams(window.location.search);
    this.timeoutMinutes = numberParam(params, 'timeout') || this.timeoutMinutes;
    this.warningMinutes = numberParam(params, 'warning') || this.warningMinutes;
    this.revealSeconds = numberParam(params, 'reveal') || this.revealSeconds;
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

  handleCloseToast() {
    this.toast = undefined;
  }
}
