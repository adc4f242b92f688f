import { createElement } from 'lwc';
import SessionTimeoutGuard, { CHANNEL, NAMESPACE } from 'c/sessionTimeoutGuard';
import { getNavigateCalledWith, resetNavigate } from 'lightning/navigation';
import { BroadcastChannel as NodeBroadcastChannel } from 'node:worker_threads';

jest.mock('@salesforce/label/c.PHI_Session_Warning_Body', () => ({ default: 'Signed out in {0} seconds.' }), {
  virtual: true
});

const MIN = 60000;
// Node's BroadcastChannel really crosses instances, like tabs; its messages travel through the
// event loop, so tests wait on setImmediate, which fake timers leave alone.
const { setImmediate: realImmediate } = jest.requireActual('node:timers');
const tick = () => new Promise((resolve) => realImmediate(resolve));
const settle = async () => {
  for (let i = 0; i < 5; i++) await tick();
};

describe('c-session-timeout-guard', () => {
  const mounted = [];
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'queueMicrotask', 'nextTick'] });
    global.BroadcastChannel = NodeBroadcastChannel;
    window.sessionStorage.setItem('draft', 'client-side state');
  });
  afterEach(() => {
    mounted.splice(0).forEach((el) => el.isConnected && document.body.removeChild(el));
    delete global.BroadcastChannel;
    window.localStorage.clear();
    window.sessionStorage.clear();
    jest.useRealTimers();
    jest.clearAllMocks();
    resetNavigate();
  });

  function mount(props = {}) {
    const el = createElement('c-session-timeout-guard', { is: SessionTimeoutGuard });
    Object.assign(el, props);
    document.body.appendChild(el);
    mounted.push(el);
    return el;
  }
  const dialog = (el) => el.shadowRoot.querySelector('section[role="alertdialog"]');

  it('warns two minutes before a 15-minute idle timeout, then logs out and clears client state', async () => {
    const el = mount();
    const ended = jest.fn();
    el.addEventListener('sessionend', ended);
    jest.advanceTimersByTime(13 * MIN - 1000);
    await Promise.resolve();
    expect(dialog(el)).toBeNull();
    jest.advanceTimersByTime(1000);
    await Promise.resolve();
    expect(dialog(el)).not.toBeNull();
    expect(el.shadowRoot.querySelector('.countdown').textContent).toBe('Signed out in 120 seconds.');
    jest.advanceTimersByTime(30000);
    await Promise.resolve();
    expect(el.shadowRoot.querySelector('.countdown').textContent).toBe('Signed out in 90 seconds.');
    jest.advanceTimersByTime(90000);
    await Promise.resolve();
    expect(getNavigateCalledWith()).toEqual({
      type: 'comm__loginPage',
      attributes: { actionName: 'logout' }
    });
    expect(ended).toHaveBeenCalledTimes(1);
    expect(window.sessionStorage.length).toBe(0);
    expect(dialog(el)).toBeNull();
  });

  it('is an accessible dialog: alertdialog, live region, focus on Stay and trapped inside', async () => {
    const el = mount({ timeoutMinutes: 5, warningMinutes: 1 });
    jest.advanceTimersByTime(4 * MIN);
    await Promise.resolve();
    const d = dialog(el);
    expect(d.getAttribute('aria-modal')).toBe('true');
    expect(el.shadowRoot.querySelector('.countdown').getAttribute('aria-live')).toBe('assertive');
    const stay = el.shadowRoot.querySelector('button.stay');
    const logout = el.shadowRoot.querySelector('button.logout');
    expect(el.shadowRoot.activeElement).toBe(stay);
    d.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true }));
    expect(el.shadowRoot.activeElement).toBe(logout);
    d.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, cancelable: true })
    );
    expect(el.shadowRoot.activeElement).toBe(stay);
    d.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(el.shadowRoot.activeElement).toBe(stay);
    jest.useRealTimers();
    await expect(el).toBeAccessible();
  });

  it('"Stay signed in" (or Escape) closes the warning and restarts the clock', async () => {
    const el = mount();
    jest.advanceTimersByTime(13 * MIN);
    await Promise.resolve();
    el.shadowRoot.querySelector('button.stay').click();
    await Promise.resolve();
    expect(dialog(el)).toBeNull();
    jest.advanceTimersByTime(13 * MIN);
    await Promise.resolve();
    dialog(el).dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true })
    );
    await Promise.resolve();
    expect(dialog(el)).toBeNull();
    jest.advanceTimersByTime(12 * MIN);
    expect(getNavigateCalledWith()).toBeUndefined();
  });

  it('activity postpones the timeout; "Sign out now" logs out at once', async () => {
    const el = mount();
    jest.advanceTimersByTime(12 * MIN);
    document.dispatchEvent(new Event('keydown'));
    jest.advanceTimersByTime(12 * MIN);
    await Promise.resolve();
    expect(dialog(el)).toBeNull();
    jest.advanceTimersByTime(1 * MIN);
    await Promise.resolve();
    el.shadowRoot.querySelector('button.logout').click();
    expect(getNavigateCalledWith()).toEqual({
      type: 'comm__loginPage',
      attributes: { actionName: 'logout' }
    });
  });

  it('an active tab keeps other tabs alive, and logging out in one tab logs out all', async () => {
    const tabA = mount();
    const tabB = mount();
    jest.advanceTimersByTime(10 * MIN);
    document.dispatchEvent(new Event('mousedown'));
    await settle();
    // Tab B heard tab A's activity through the channel and restarted its own clock.
    jest.advanceTimersByTime(10 * MIN);
    await Promise.resolve();
    expect(dialog(tabB)).toBeNull();
    const endedB = jest.fn();
    tabB.addEventListener('sessionend', endedB);
    jest.advanceTimersByTime(3 * MIN);
    await Promise.resolve();
    tabA.shadowRoot.querySelector('button.logout').click();
    await settle();
    expect(endedB).toHaveBeenCalledTimes(1);
  });

  it('falls back to the storage event where BroadcastChannel is missing', async () => {
    delete global.BroadcastChannel;
    const el = mount();
    const ended = jest.fn();
    el.addEventListener('sessionend', ended);
    jest.advanceTimersByTime(13 * MIN);
    await Promise.resolve();
    expect(dialog(el)).not.toBeNull();
    window.dispatchEvent(
      new StorageEvent('storage', { key: CHANNEL, newValue: JSON.stringify({ type: 'activity', at: 1 }) })
    );
    await Promise.resolve();
    expect(dialog(el)).toBeNull();
    window.dispatchEvent(new StorageEvent('storage', { key: CHANNEL, newValue: 'not json' }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'other', newValue: '{}' }));
    window.dispatchEvent(
      new StorageEvent('storage', { key: CHANNEL, newValue: JSON.stringify({ type: 'logout' }) })
    );
    expect(ended).toHaveBeenCalledTimes(1);
    expect(window.localStorage.getItem(CHANNEL)).toBeNull();
  });

  it('shares its own activity and logout through storage in fallback mode, then removes its key', async () => {
    delete global.BroadcastChannel;
    const setItem = jest.spyOn(Storage.prototype, 'setItem');
    mount();
    document.dispatchEvent(new Event('touchstart'));
    expect(JSON.parse(window.localStorage.getItem(CHANNEL)).type).toBe('activity');
    jest.advanceTimersByTime(15 * MIN);
    const sent = setItem.mock.calls
      .filter(([key]) => key === CHANNEL)
      .map(([, value]) => JSON.parse(value).type);
    expect(sent).toEqual(['activity', 'logout']);
    expect(window.localStorage.getItem(CHANNEL)).toBeNull();
    setItem.mockRestore();
  });

  it('hears the channel under Lightning Web Security, where another tab sees the namespaced key', async () => {
    delete global.BroadcastChannel;
    const el = mount();
    const ended = jest.fn();
    el.addEventListener('sessionend', ended);
    jest.advanceTimersByTime(13 * MIN);
    await Promise.resolve();
    expect(dialog(el)).not.toBeNull();
    const lwsKey = `LSKey[${NAMESPACE}]${CHANNEL}`;
    window.dispatchEvent(
      new StorageEvent('storage', { key: lwsKey, newValue: JSON.stringify({ type: 'activity', at: 2 }) })
    );
    await Promise.resolve();
    expect(dialog(el)).toBeNull();
    // another namespace's key with the same name is not ours: it cannot end or extend this session
    window.dispatchEvent(
      new StorageEvent('storage', {
        key: `LSKey[other]${CHANNEL}`,
        newValue: JSON.stringify({ type: 'logout' })
      })
    );
    window.dispatchEvent(new StorageEvent('storage', { key: lwsKey, newValue: null }));
    expect(ended).not.toHaveBeenCalled();
    window.dispatchEvent(
      new StorageEvent('storage', { key: lwsKey, newValue: JSON.stringify({ type: 'logout' }) })
    );
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('writes a different value for every message, so the storage event always fires', async () => {
    delete global.BroadcastChannel;
    const setItem = jest.spyOn(Storage.prototype, 'setItem');
    const el = mount();
    document.dispatchEvent(new Event('keydown'));
    jest.advanceTimersByTime(13 * MIN);
    await Promise.resolve();
    el.shadowRoot.querySelector('button.stay').click();
    const values = setItem.mock.calls.filter(([key]) => key === CHANNEL).map(([, value]) => value);
    expect(values.length).toBeGreaterThanOrEqual(3);
    expect(new Set(values).size).toBe(values.length);
    setItem.mockRestore();
  });

  it('logout clears its own keys and session storage, and nothing it did not write in local storage', async () => {
    window.localStorage.setItem('unrelated', 'kept');
    window.sessionStorage.setItem(CHANNEL, 'stale');
    mount();
    jest.advanceTimersByTime(15 * MIN);
    expect(getNavigateCalledWith()).toEqual({
      type: 'comm__loginPage',
      attributes: { actionName: 'logout' }
    });
    expect(window.sessionStorage.length).toBe(0);
    expect(window.localStorage.getItem(CHANNEL)).toBeNull();
    expect(window.localStorage.getItem('unrelated')).toBe('kept');
  });

  it('clamps odd configuration and cleans up when removed', async () => {
    const el = mount({ timeoutMinutes: 'x', warningMinutes: 99 });
    jest.advanceTimersByTime(1000);
    await Promise.resolve();
    expect(dialog(el)).not.toBeNull();
    document.body.removeChild(el);
    jest.advanceTimersByTime(20 * MIN);
    expect(getNavigateCalledWith()).toBeUndefined();
  });
});
