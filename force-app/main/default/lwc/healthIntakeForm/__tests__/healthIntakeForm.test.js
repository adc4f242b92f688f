import { createElement } from 'lwc';
import HealthIntakeForm from 'c/healthIntakeForm';
import submitIntake from '@salesforce/apex/HealthIntakeController.submitIntake';
import { CANARY, spyConsole, expectNoCanaryLeak } from '../../../../../../jest/lwc-canary';

const ANSWERS = require('./data/answers.json');

jest.mock('@salesforce/apex/HealthIntakeController.submitIntake', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/label/c.PHI_Intake_Success', () => ({ default: 'Received. Your reference is {0}.' }), {
  virtual: true
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('c-health-intake-form', () => {
  let consoleSpy;
  beforeEach(() => {
    consoleSpy = spyConsole();
  });
  afterEach(() => {
    consoleSpy.restore();
    jest.clearAllMocks();
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  function mount() {
    const el = createElement('c-health-intake-form', { is: HealthIntakeForm });
    document.body.appendChild(el);
    return el;
  }
  const $ = (el, sel) => el.shadowRoot.querySelector(sel);

  function type(el, sel, value) {
    const t = $(el, sel);
    t.value = value;
    t.dispatchEvent(new CustomEvent('input'));
  }
  function consent(el, checked = true) {
    const box = $(el, 'input.consent');
    box.checked = checked;
    box.dispatchEvent(new CustomEvent('change'));
  }
  async function submit(el) {
    $(el, 'form').dispatchEvent(new CustomEvent('submit', { cancelable: true }));
    await flush();
  }

  it('renders only the fields the intake API accepts, accessibly', async () => {
    const el = mount();
    const names = [...el.shadowRoot.querySelectorAll('textarea, input')].map((i) => i.name);
    expect(names).toEqual(['conditions', 'currentMedications', 'notes', 'consent']);
    await expect(el).toBeAccessible();
  });

  it('requires an answer and explicit consent, with accessible errors', async () => {
    const el = mount();
    await submit(el);
    expect($(el, '.error-summary').getAttribute('role')).toBe('alert');
    expect($(el, 'textarea.conditions').getAttribute('aria-invalid')).toBe('true');
    expect($(el, 'input.consent').getAttribute('aria-invalid')).toBe('true');
    expect(el.shadowRoot.textContent).toContain('c.PHI_Intake_Answer_Required');
    expect(el.shadowRoot.textContent).toContain('c.PHI_Intake_Consent_Required');
    expect(submitIntake).not.toHaveBeenCalled();
    await expect(el).toBeAccessible();
  });

  it('limits lines, line length and notes length', async () => {
    const el = mount();
    consent(el);
    type(el, 'textarea.conditions', Array.from({ length: 51 }, (_, i) => `c${i}`).join('\n'));
    type(el, 'textarea.medications', 'x'.repeat(201));
    type(el, 'textarea.notes', 'n'.repeat(4001));
    await submit(el);
    const text = el.shadowRoot.textContent;
    expect(text).toContain('c.PHI_Intake_Too_Many_Lines');
    expect(text).toContain('c.PHI_Intake_Line_Too_Long');
    expect(text).toContain('c.PHI_Intake_Notes_Too_Long');
    expect(submitIntake).not.toHaveBeenCalled();
  });

  it('submits minimum answers with a timestamped consent and shows only the token, then forgets the answers', async () => {
    submitIntake.mockResolvedValue(ANSWERS.token);
    const el = mount();
    type(el, 'textarea.conditions', ANSWERS.conditions);
    type(el, 'textarea.medications', ANSWERS.currentMedications);
    type(el, 'textarea.notes', ANSWERS.notes);
    consent(el);
    await submit(el);
    expect(submitIntake).toHaveBeenCalledTimes(1);
    const { answers, idempotencyKey } = submitIntake.mock.calls[0][0];
    expect(Object.keys(answers).sort()).toEqual(['conditions', 'consent', 'currentMedications', 'notes']);
    expect(answers.conditions).toEqual([`${CANARY} seasonal allergies`, 'asthma']);
    expect(answers.consent.given).toBe(true);
    expect(new Date(answers.consent.timestamp).toISOString()).toBe(answers.consent.timestamp);
    expect(idempotencyKey).toMatch(/^portal-[A-Za-z0-9-]{8,73}$/);
    expect($(el, '.confirmation').textContent).toBe(`Received. Your reference is ${ANSWERS.token}.`);
    expect(el.shadowRoot.textContent).not.toContain(CANARY);
    expectNoCanaryLeak(el, consoleSpy);
    await expect(el).toBeAccessible();

    $(el, 'button.again').click();
    await flush();
    expect($(el, 'textarea.conditions').value).toBe('');
    await submit(el);
    expect(submitIntake).toHaveBeenCalledTimes(1);
  });

  it('a new intake gets a new idempotency key; a retry of a failed one keeps it', async () => {
    submitIntake
      .mockRejectedValueOnce({ body: { message: 'consent.given must be true' } })
      .mockResolvedValue(ANSWERS.token);
    const el = mount();
    const toast = jest.fn();
    el.addEventListener('lightning__showtoast', toast);
    type(el, 'textarea.notes', 'tablets please');
    consent(el);
    await submit(el);
    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'c.PHI_Intake_Error_Title',
      variant: 'error'
    });
    await submit(el);
    const [first, second] = submitIntake.mock.calls.map((c) => c[0].idempotencyKey);
    expect(second).toBe(first);
    expect($(el, '.confirmation')).not.toBeNull();
  });

  it('falls back to a generic error message and unticking consent clears its timestamp', async () => {
    submitIntake.mockRejectedValue(new Error('offline'));
    const el = mount();
    const toast = jest.fn();
    el.addEventListener('lightning__showtoast', toast);
    type(el, 'textarea.conditions', 'asthma');
    consent(el);
    consent(el, false);
    await submit(el);
    expect(submitIntake).not.toHaveBeenCalled();
    consent(el);
    await submit(el);
    expect(toast.mock.calls[0][0].detail.message).toBe('c.PHI_Intake_Error_Title');
  });
});
