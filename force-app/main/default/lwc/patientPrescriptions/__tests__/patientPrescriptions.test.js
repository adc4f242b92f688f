import { createElement } from 'lwc';
import PatientPrescriptions from 'c/patientPrescriptions';
import getMyPrescriptions from '@salesforce/apex/PatientPortalController.getMyPrescriptions';
import revealField from '@salesforce/apex/PatientPortalController.revealField';
import { spyConsole, expectNoCanaryLeak, CANARY } from '../../../../../../jest/lwc-canary';

const PRESCRIPTIONS = require('./data/prescriptions.json');
const REVEALED = require('./data/revealed.json');

jest.mock(
  '@salesforce/apex/PatientPortalController.getMyPrescriptions',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock('@salesforce/apex/PatientPortalController.revealField', () => ({ default: jest.fn() }), {
  virtual: true
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('c-patient-prescriptions', () => {
  let consoleSpy;
  beforeEach(() => {
    consoleSpy = spyConsole();
  });
  afterEach(() => {
    consoleSpy.restore();
    jest.clearAllMocks();
    jest.useRealTimers();
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  function mount(props = {}) {
    const el = createElement('c-patient-prescriptions', { is: PatientPrescriptions });
    Object.assign(el, props);
    document.body.appendChild(el);
    return el;
  }

  const $ = (el, sel) => el.shadowRoot.querySelector(sel);
  const $$ = (el, sel) => [...el.shadowRoot.querySelectorAll(sel)];
  const medicationCell = (el, row = 0) =>
    $$(el, 'tr.rx-row')[row].querySelector('td[data-field="Medication__c"]');

  async function startReveal(el, reason = 'refill') {
    medicationCell(el).querySelector('button.reveal').click();
    await flush();
    const select = medicationCell(el).querySelector('select.reason');
    select.value = reason;
    select.dispatchEvent(new CustomEvent('change'));
    await flush();
    medicationCell(el).querySelector('button.confirm').click();
    await flush();
  }

  it('shows a loading state until the wire answers', async () => {
    const el = mount();
    expect($(el, '.loading').textContent).toBe('c.PHI_Loading');
    await expect(el).toBeAccessible();
  });

  it('renders prescriptions with masked medication and dosage', async () => {
    const el = mount();
    getMyPrescriptions.emit(PRESCRIPTIONS);
    await flush();
    const rows = $$(el, 'tr.rx-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelector('th').textContent).toBe('RX-000101');
    const masks = $$(el, 'c-phi-masked-value');
    expect(masks).toHaveLength(4);
    expect(masks.every((m) => m.revealed === false)).toBe(true);
    expect(medicationCell(el).querySelector('button.reveal').getAttribute('aria-label')).toBe(
      'c.PHI_Reveal_Aria'
    );
    await expect(el).toBeAccessible();
  });

  it('shows the empty state', async () => {
    const el = mount();
    getMyPrescriptions.emit([]);
    await flush();
    expect($(el, '.empty').textContent).toBe('c.PHI_Empty');
    await expect(el).toBeAccessible();
  });

  it('shows a friendly error with no detail from the server', async () => {
    const el = mount();
    getMyPrescriptions.error({ message: 'System.QueryException: stack trace here' });
    await flush();
    const alert = $(el, '.load-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe('c.PHI_Load_Error');
    expect(el.shadowRoot.textContent).not.toContain('QueryException');
    await expect(el).toBeAccessible();
  });

  it('asks for a reason, reveals one field, then re-masks after the timeout', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'queueMicrotask', 'nextTick'] });
    revealField.mockResolvedValue(REVEALED.medication);
    const el = mount({ revealSeconds: 10 });
    getMyPrescriptions.emit(PRESCRIPTIONS);
    await Promise.resolve();
    medicationCell(el).querySelector('button.reveal').click();
    await Promise.resolve();
    expect(medicationCell(el).querySelector('.reason-picker')).not.toBeNull();
    // The picker's label and error are tied to it by ids computed per row and field.
    const picker = medicationCell(el).querySelector('select.reason');
    expect(picker.id).toMatch(/^reason-/);
    expect(medicationCell(el).querySelector('label').htmlFor).toBe(picker.id);
    expect(picker.getAttribute('aria-describedby')).toBe(
      medicationCell(el).querySelector('.reason-error').id
    );
    expect(picker.getAttribute('aria-describedby')).not.toBe(picker.id);

    // No reason yet: refused with an accessible message.
    medicationCell(el).querySelector('button.confirm').click();
    await Promise.resolve();
    expect(medicationCell(el).querySelector('.reason-error').textContent).toBe('c.PHI_Reason_Required');
    expect(revealField).not.toHaveBeenCalled();

    const select = medicationCell(el).querySelector('select.reason');
    select.value = 'refill';
    select.dispatchEvent(new CustomEvent('change'));
    medicationCell(el).querySelector('button.confirm').click();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(revealField).toHaveBeenCalledWith({
      prescriptionId: PRESCRIPTIONS[0].id,
      fieldName: 'Medication__c',
      reason: 'refill'
    });
    const shown = medicationCell(el).querySelector('c-phi-masked-value');
    expect(shown.revealed).toBe(true);
    expect(shown.shadowRoot.textContent).toContain(CANARY);
    // Only one field is revealed at a time.
    expect($$(el, 'c-phi-masked-value').filter((m) => m.revealed)).toHaveLength(1);
    expectNoCanaryLeak(el, consoleSpy);

    jest.advanceTimersByTime(10000);
    await Promise.resolve();
    expect(medicationCell(el).querySelector('c-phi-masked-value').revealed).toBe(false);
    expect(el.shadowRoot.textContent).not.toContain(CANARY);
  });

  it('re-masks when the page is hidden', async () => {
    revealField.mockResolvedValue(REVEALED.medication);
    const el = mount();
    getMyPrescriptions.emit(PRESCRIPTIONS);
    await flush();
    await startReveal(el);
    expect(medicationCell(el).querySelector('c-phi-masked-value').revealed).toBe(true);
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await flush();
    expect(medicationCell(el).querySelector('c-phi-masked-value').revealed).toBe(false);
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });

  it('forgets the revealed value when the user navigates away', async () => {
    revealField.mockResolvedValue(REVEALED.medication);
    const el = mount();
    getMyPrescriptions.emit(PRESCRIPTIONS);
    await flush();
    await startReveal(el);
    expect(medicationCell(el).querySelector('c-phi-masked-value').revealed).toBe(true);
    document.body.removeChild(el);
    // Coming back shows the masked value: the clear value was dropped on the way out.
    document.body.appendChild(el);
    await flush();
    expect(medicationCell(el).querySelector('c-phi-masked-value').revealed).toBe(false);
    expect(el.shadowRoot.textContent).not.toContain(CANARY);
    expectNoCanaryLeak(el, consoleSpy);
  });

  it('is accessible while asking for a reason and while a value is revealed', async () => {
    revealField.mockResolvedValue(REVEALED.medication);
    const el = mount();
    getMyPrescriptions.emit(PRESCRIPTIONS);
    await flush();
    medicationCell(el).querySelector('button.reveal').click();
    await flush();
    await expect(el).toBeAccessible();
    medicationCell(el).querySelector('button.confirm').click();
    await flush();
    await expect(el).toBeAccessible();
    const select = medicationCell(el).querySelector('select.reason');
    select.value = 'refill';
    select.dispatchEvent(new CustomEvent('change'));
    medicationCell(el).querySelector('button.confirm').click();
    await flush();
    expect(medicationCell(el).querySelector('c-phi-masked-value').revealed).toBe(true);
    await expect(el).toBeAccessible();
    expectNoCanaryLeak(el, consoleSpy);
  });

  it('cancels a reveal without calling the server', async () => {
    const el = mount();
    getMyPrescriptions.emit(PRESCRIPTIONS);
    await flush();
    medicationCell(el).querySelector('button.reveal').click();
    await flush();
    medicationCell(el).querySelector('button.cancel').click();
    await flush();
    expect(medicationCell(el).querySelector('.reason-picker')).toBeNull();
    expect(revealField).not.toHaveBeenCalled();
  });

  it('shows an error toast when the reveal fails, with the server message and no value', async () => {
    revealField.mockRejectedValue({ body: { message: 'That prescription is not available.' } });
    const el = mount();
    const toast = jest.fn();
    el.addEventListener('lightning__showtoast', toast);
    getMyPrescriptions.emit(PRESCRIPTIONS);
    await flush();
    await startReveal(el, 'question');
    expect(toast).toHaveBeenCalledTimes(1);
    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'c.PHI_Reveal_Error_Title',
      message: 'That prescription is not available.',
      variant: 'error'
    });
    expect($$(el, 'c-phi-masked-value').some((m) => m.revealed)).toBe(false);
  });

  it('falls back to a generic toast message', async () => {
    revealField.mockRejectedValue(new Error('network'));
    const el = mount();
    const toast = jest.fn();
    el.addEventListener('lightning__showtoast', toast);
    getMyPrescriptions.emit(PRESCRIPTIONS);
    await flush();
    await startReveal(el, 'treatment');
    expect(toast.mock.calls[0][0].detail.message).toBe('c.PHI_Reveal_Error_Body');
  });
});
