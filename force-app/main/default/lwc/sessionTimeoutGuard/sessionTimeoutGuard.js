import { LightningElement, api } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import title from '@salesforce/label/c.PHI_Session_Warning_Title';
import body from '@salesforce/label/c.PHI_Session_Warning_Body';
import stay from '@salesforce/label/c.PHI_Session_Stay';
import logout from '@salesforce/label/c.PHI_Session_Logout';

export const CHANNEL = 'phi-guard-session';
/**
 * The namespace this component runs in: force-app has no namespace, so its components are in `c`.
 * Under Lightning Web Security each namespace gets synthetic storage whose keys are prefixed
 * `LSKey[<namespace>]` in the real storage ("Local Storage Limitations",
 * https://developer.salesforce.com/docs/platform/lwc/guide/security-lwsec-local-storage.html; the
 * Storage distortion in the LWS Distortion Viewer). The storage event is not distorted, so another
 * tab sees the prefixed key.
 */
export const NAMESPACE = 'c';
/** The keys a storage event for our channel can carry: plain (no LWS) or prefixed (LWS). */
const CHANNEL_KEYS = [CHANNEL, `LSKey[${NAMESPACE}]${CHANNEL}`];
const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'touchstart', 'scroll', 'mousemove'];
/** Activity is shared with other tabs at most this often. */
const BROADCAST_INTERVAL_MS = 5000;

/**
 * Automatic logoff (45 CFR 164.312(a)(2)(iii)) for the patient portal. After timeoutMinutes without
 * activity the session ends: client-side state is cleared and the browser goes to the site's
 * logout. warningMinutes before that, an accessible dialog offers to stay signed in. Activity and
 * logout are shared across tabs through BroadcastChannel, or the storage event where
 * BroadcastChannel is missing: an active tab keeps the others alive, and signing out in one tab
 * signs out all.
 */
export default class SessionTimeoutGuard extends NavigationMixin(LightningElement) {
  /** Idle minutes before logout. */
  @api timeoutMinutes = 15;
  /** Minutes before logout when the warning appears. */
  @api warningMinutes = 2;

  labels = { title, stay, logout };
  warningOpen = false;
  secondsLeft = 0;
  lastBroadcast = 0;
  loggedOut = false;
  /** Numbers this tab's messages, so each stored message differs from the last and fires a storage event. */
  sequence = 0;
  tabId = Math.random().toString(36).slice(2);

  connectedCallback() {
    this.onActivity = () => {
      if (!this.warningOpen) {
        this.activity(true);
      }
    };
    ACTIVITY_EVENTS.forEach((e) => document.addEventListener(e, this.onActivity, { passive: true }));
    this.openChannel();
    this.schedule();
  }

  disconnectedCallback() {
    ACTIVITY_EVENTS.forEach((e) => document.removeEventListener(e, this.onActivity));
    this.clearTimers();
    if (this.channel) {
      this.channel.close();
      this.channel = undefined;
    }
    if (this.onStorage) {
      window.removeEventListener('storage', this.onStorage);
    }
  }

  renderedCallback() {
    if (this.warningOpen && !this.focused) {
      const button = this.template.querySelector('button.stay');
      if (button) {
        button.focus();
        this.focused = true;
      }
    }
  }

  get countdownText() {
    return body.replace('{0}', String(this.secondsLeft));
  }

  get timeoutMs() {
    return Math.max(1, Number(this.timeoutMinutes) || 15) * 60000;
  }

  get warningMs() {
    const warning = Math.max(0, Number(this.warningMinutes) || 0) * 60000;
    return Math.min(warning, this.timeoutMs);
  }

  // Cross-tab messaging --------------------------------------------------------------------

  openChannel() {
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = (event) => this.receive(event.data);
    } else {
      this.onStorage = (event) => {
        if (CHANNEL_KEYS.includes(event.key) && event.newValue) {
          try {
            this.receive(JSON.parse(event.newValue));
          } catch (_ignored) {
            // Not ours: ignore malformed messages.
          }
        }
      };
      window.addEventListener('storage', this.onStorage);
    }
  }

  send(type) {
    this.sequence += 1;
    const message = { type, at: Date.now(), tab: this.tabId, n: this.sequence };
    if (this.channel) {
      this.channel.postMessage(message);
    } else {
      try {
        window.localStorage.setItem(CHANNEL, JSON.stringify(message));
      } catch (_ignored) {
        // Storage may be disabled; this tab still times out on its own.
      }
    }
  }

  receive(message) {
    if (!message || typeof message.type !== 'string') {
      return;
    }
    if (message.type === 'activity') {
      this.activity(false);
    } else if (message.type === 'logout') {
      this.logout(false);
    }
  }

  // Timers ---------------------------------------------------------------------------------

  activity(share) {
    if (this.loggedOut) {
      return;
    }
    this.warningOpen = false;
    this.focused = false;
    this.schedule();
    const now = Date.now();
    if (share && now - this.lastBroadcast >= BROADCAST_INTERVAL_MS) {
      this.lastBroadcast = now;
      this.send('activity');
    }
  }

  schedule() {
    this.clearTimers();
    /* eslint-disable @lwc/lwc/no-async-operation */
    this.warnTimer = setTimeout(() => this.showWarning(), this.timeoutMs - this.warningMs);
    this.logoutTimer = setTimeout(() => this.logout(true), this.timeoutMs);
    /* eslint-enable @lwc/lwc/no-async-operation */
  }

  clearTimers() {
    clearTimeout(this.warnTimer);
    clearTimeout(this.logoutTimer);
    clearInterval(this.countdown);
  }

  showWarning() {
    this.secondsLeft = Math.round(this.warningMs / 1000);
    this.warningOpen = true;
    this.focused = false;
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.countdown = setInterval(() => {
      this.secondsLeft = Math.max(0, this.secondsLeft - 1);
    }, 1000);
  }

  logout(share) {
    if (this.loggedOut) {
      return;
    }
    this.loggedOut = true;
    this.clearTimers();
    this.warningOpen = false;
    if (share) {
      this.send('logout');
    }
    this.clearClientState();
    // To the host's own listeners only (bubbles and composed left false): the most restrictive propagation that
    // works ("Configure Event Propagation", https://developer.salesforce.com/docs/platform/lwc/guide/events-propagation.html;
    // PMD's AvoidLwcBubblesComposedTrue).
    this.dispatchEvent(new CustomEvent('sessionend'));
    this[NavigationMixin.Navigate]({ type: 'comm__loginPage', attributes: { actionName: 'logout' } });
  }

  /**
   * What logout clears in the browser. Its own cross-tab key, by name (after the logout message
   * went out: removing it fires one more storage event, with no value, which tabs ignore); then
   * session storage. Under Lightning Web Security, clear() empties only this namespace's synthetic
   * storage: the portal components' own client state, and nothing another namespace or the page
   * outside LWS stored. The server session ends at the site's logout, where this navigates next.
   */
  clearClientState() {
    try {
      window.localStorage.removeItem(CHANNEL);
      window.sessionStorage.removeItem(CHANNEL);
      window.sessionStorage.clear();
    } catch (_ignored) {
      // Nothing to clear when storage is disabled.
    }
  }

  // Dialog ---------------------------------------------------------------------------------

  handleStay() {
    this.activity(true);
    this.send('activity');
  }

  handleLogout() {
    this.logout(true);
  }

  /** Keeps focus inside the dialog: Tab cycles between its two buttons; Escape means stay. */
  handleDialogKeydown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.handleStay();
      return;
    }
    if (event.key !== 'Tab') {
      return;
    }
    const buttons = [...this.template.querySelectorAll('.slds-modal__footer button')];
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    const active = this.template.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    } else if (!buttons.includes(active)) {
      event.preventDefault();
      first.focus();
    }
  }
}
