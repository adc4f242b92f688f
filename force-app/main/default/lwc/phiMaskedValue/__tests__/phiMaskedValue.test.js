import { createElement } from 'lwc';
import PhiMaskedValue from 'c/phiMaskedValue';
import { CANARY, spyConsole, expectNoCanaryLeak } from '../../../../../../jest/lwc-canary';

describe('c-phi-masked-value', () => {
  let consoleSpy;
  beforeEach(() => {
    consoleSpy = spyConsole();
  });
  afterEach(() => {
    consoleSpy.restore();
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  function mount(props) {
    const el = createElement('c-phi-masked-value', { is: PhiMaskedValue });
    Object.assign(el, props);
    document.body.appendChild(el);
    return el;
  }

  it('shows a mask, never the value, while masked', async () => {
    const el = mount({ label: 'Medication', value: CANARY });
    expect(el.shadowRoot.querySelector('.phi-mask').textContent).toBe('••••••••');
    expect(el.shadowRoot.querySelector('.phi-clear')).toBeNull();
    expect(el.shadowRoot.textContent).not.toContain(CANARY);
    expect(el.shadowRoot.querySelector('.slds-assistive-text').textContent).toBe(
      'Medication: c.PHI_Mask_Hidden'
    );
    expectNoCanaryLeak(el, consoleSpy);
    await expect(el).toBeAccessible();
  });

  it('shows the value as text only, with no attribute or title carrying it', async () => {
    const el = mount({ label: 'Medication', value: CANARY, revealed: true });
    expect(el.shadowRoot.querySelector('.phi-clear').textContent).toBe(CANARY);
    expectNoCanaryLeak(el, consoleSpy);
    await expect(el).toBeAccessible();
  });

  it('blocks copy and cut while masked, and allows them once revealed', async () => {
    const el = mount({ value: CANARY });
    const copy = new Event('copy', { bubbles: true, cancelable: true });
    el.shadowRoot.querySelector('.phi-value').dispatchEvent(copy);
    expect(copy.defaultPrevented).toBe(true);
    el.revealed = true;
    await Promise.resolve();
    const cut = new Event('cut', { bubbles: true, cancelable: true });
    el.shadowRoot.querySelector('.phi-value').dispatchEvent(cut);
    expect(cut.defaultPrevented).toBe(false);
  });

  it('uses the generic hidden text without a label', () => {
    const el = mount({});
    expect(el.shadowRoot.querySelector('.slds-assistive-text').textContent).toBe('c.PHI_Mask_Hidden');
  });
});
