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
  /** The reason picker's row, under the prescription it is about. */
  const reasonRow = (el) => $(el, 'tr.reason-row');

  async function startReveal(el, reason = 'refill') {
    medicationCell(el).querySelector('button.reveal').click();
    await flush();
    const select = reasonRow(el).querySelector('select.reason');
    select.value = reason;
    select.dispatchEvent(new CustomEvent('change'));
    await flush();
    reasonRow(el).querySelector('button.confirm').click();
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
    // The picker has its own row under the prescription, not a squeezed table cell.
    expect(medicationCell(el).querySelector('.reason-picker')).toBeNull();
    const row = reasonRow(el);
    expect(row.previousElementSibling).toBe($$(el, 'tr.rx-row')[0]);
    expect(row.querySelector('td').getAttribute('colspan')).toBe('8');
    expect(row.dataset.field).toBe('Medication__c');
    expect(medicationCell(el).querySelector('button.reveal').getAttribute('aria-expanded')).toBe('true');
    expect(medicationCell(el).querySelector('button.reveal').getAttribute('aria-controls')).toBe(row.id);
    expect(row.querySelector('legend').textContent.trim()).toBe('c.PHI_Reveal_Aria');
    // The picker's label and error are tied to it by ids computed per row.
    const picker = row.querySelector('select.reason');
    expect(picker.id).toMatch(/^reason-/);
    expect(row.querySelector('label').htmlFor).toBe(picker.id);
    expect(picker.getAttribute('aria-describedby')).toBe(row.querySelector('.reason-error').id);
    expect(picker.getAttribute('aria-describedby')).not.toBe(picker.id);

    // No reason yet: refused with an accessible message.
    row.querySelector('button.confirm').click();
    await Promise.resolve();
    expect(row.querySelector('.reason-error').textContent).toBe('c.PHI_Reason_Required');
    expect(revealField).not.toHaveBeenCalled();

    const select = reasonRow(el).querySelector('select.reason');
    select.value = 'refill';
    select.dispatchEvent(new CustomEvent('change'));
    reasonRow(el).querySelector('button.confirm').click();
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
    reasonRow(el).querySelector('button.confirm').click();
    await flush();
    await expect(el).toBeAccessible();
    const select = reasonRow(el).querySelector('select.reason');
    select.value = 'refill';
    select.dispatchEvent(new CustomEvent('change'));
    reasonRow(el).querySelector('button.confirm').click();
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
    expect(document.activeElement).toBe(el);
    expect(el.shadowRoot.activeElement).toBe(reasonRow(el).querySelector('select.reason'));
    reasonRow(el).querySelector('button.cancel').click();
    await flush();
    expect(reasonRow(el)).toBeNull();
    expect(revealField).not.toHaveBeenCalled();
    // Focus goes back to the Show button the patient started from.
    expect(el.shadowRoot.activeElement).toBe(medicationCell(el).querySelector('button.reveal'));
    expect(medicationCell(el).querySelector('button.reveal').getAttribute('aria-expanded')).toBe('false');
  });

  it('hides a revealed value on request, without calling the server, and says so', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'queueMicrotask', 'nextTick'] });
    revealField.mockResolvedValue(REVEALED.medication);
    const el = mount({ revealSeconds: 30 });
    getMyPrescriptions.emit(PRESCRIPTIONS);
    await Promise.resolve();
    medicationCell(el).querySelector('button.reveal').click();
    await Promise.resolve();
    const select = reasonRow(el).querySelector('select.reason');
    select.value = 'question';
    select.dispatchEvent(new CustomEvent('change'));
    reasonRow(el).querySelector('button.confirm').click();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    const hide = medicationCell(el).querySelector('button.hide');
    expect(hide).not.toBeNull();
    expect(hide.textContent.trim()).toBe('c.PHI_Hide');
    expect(hide.getAttribute('aria-label')).toBe('c.PHI_Hide_Aria');
    // Focus moved to Hide once the value showed; the live region names the field, never the value.
    expect(el.shadowRoot.activeElement).toBe(hide);
    const status = $(el, '.reveal-status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('c.PHI_Revealed_Status');
    expect(medicationCell(el).querySelector('button.reveal')).toBeNull();
    expect(revealField).toHaveBeenCalledTimes(1);

    hide.click();
    await Promise.resolve();
    expect(medicationCell(el).querySelector('c-phi-masked-value').revealed).toBe(false);
    expect(el.shadowRoot.textContent).not.toContain(CANARY);
    expect(status.textContent).toBe('c.PHI_Hidden_Status');
    // Hiding is not a reveal: no second server call, and the timer is gone with the value.
    expect(revealField).toHaveBeenCalledTimes(1);
    expect(el.shadowRoot.activeElement).toBe(medicationCell(el).querySelector('button.reveal'));
    jest.advanceTimersByTime(60000);
    await Promise.resolve();
    expect(revealField).toHaveBeenCalledTimes(1);
    expect($$(el, 'c-phi-masked-value').some((m) => m.revealed)).toBe(false);
    expectNoCanaryLeak(el, consoleSpy);
    jest.useRealTimers();
    await expect(el).toBeAccessible();
  });

  it('the reveal timer still re-masks when Hide is not used, and focus on Hide moves to Show', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'queueMicrotask', 'nextTick'] });
    revealField.mockResolvedValue(REVEALED.medication);
    const el = mount({ revealSeconds: 5 });
    getMyPrescriptions.emit(PRESCRIPTIONS);
    await Promise.resolve();
    medicationCell(el).querySelector('button.reveal').click();
    await Promise.resolve();
    const select = reasonRow(el).querySelector('select.reason');
    select.value = 'refill';
    select.dispatchEvent(new CustomEvent('change'));
    reasonRow(el).querySelector('button.confirm').click();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(el.shadowRoot.activeElement).toBe(medicationCell(el).querySelector('button.hide'));
    jest.advanceTimersByTime(5000);
    await Promise.resolve();
    await Promise.resolve();
    expect(medicationCell(el).querySelector('c-phi-masked-value').revealed).toBe(false);
    expect(el.shadowRoot.activeElement).toBe(medicationCell(el).querySelector('button.reveal'));
  });

  it('stacks rows into labelled lines on narrow screens: every cell carries its column label', async () => {
    const el = mount();
    getMyPrescriptions.emit(PRESCRIPTIONS);
    await flush();
    expect($(el, 'table').classList.contains('slds-max-medium-table_stacked-horizontal')).toBe(true);
    const cells = [...$$(el, 'tr.rx-row')[0].children];
    expect(cells.map((c) => c.dataset.label)).toEqual([
      'c.PHI_Col_Prescription',
      'c.PHI_Col_Status',
      'c.PHI_Col_Written',
      'c.PHI_Col_Expires',
      'c.PHI_Col_Refills',
      'c.PHI_Col_Order',
      'c.PHI_Col_Medication',
      'c.PHI_Col_Dosage'
    ]);
    // One tbody per prescription, so its reason row stays with it.
    expect($$(el, 'tbody.rx-group')).toHaveLength(2);
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
