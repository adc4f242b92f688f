import { createElement } from 'lwc';
import PortalSignedOut, { SIGNED_OUT_PARAM } from 'c/portalSignedOut';

describe('c-portal-signed-out', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    window.history.replaceState({}, '', '/');
  });

  function mount(props = {}) {
    const el = createElement('c-portal-signed-out', { is: PortalSignedOut });
    Object.assign(el, props);
    document.body.appendChild(el);
    return el;
  }

  it('shows nothing on a first visit to the login page', async () => {
    window.history.replaceState({}, '', '/s/login/');
    const el = mount();
    expect(el.shadowRoot.querySelector('.signed-out')).toBeNull();
    expect(el.shadowRoot.textContent.trim()).toBe('');
    await expect(el).toBeAccessible();
  });

  it('says what happened after a sign-out, with the idle minutes, as a labelled section', async () => {
    window.history.replaceState({}, '', `/s/login/?${SIGNED_OUT_PARAM}=1`);
    const el = mount({ timeoutMinutes: 10 });
    const section = el.shadowRoot.querySelector('section.signed-out');
    expect(section).not.toBeNull();
    const title = el.shadowRoot.querySelector('h2');
    expect(section.getAttribute('aria-labelledby')).toBe(title.id);
    expect(title.textContent).toBe('c.PHI_Signed_Out_Title');
    // The label's {0} is filled with the minutes the page sets.
    expect(el.shadowRoot.querySelector('.signed-out-body').textContent).toBe('c.PHI_Signed_Out_Body');
    expect(el.shadowRoot.querySelector('.signed-out-next').textContent).toBe('c.PHI_Signed_Out_Sign_In');
    await expect(el).toBeAccessible();
  });

  it('defaults to the 15-minute timeout the guard uses', () => {
    expect(createElement('c-portal-signed-out', { is: PortalSignedOut }).timeoutMinutes).toBe(15);
  });
});
