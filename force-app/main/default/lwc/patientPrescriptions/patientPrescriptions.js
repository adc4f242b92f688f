import { LightningElement, api, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getMyPrescriptions from '@salesforce/apex/PatientPortalController.getMyPrescriptions';
import revealField from '@salesforce/apex/PatientPortalController.revealField';
import title from '@salesforce/label/c.PHI_Prescriptions_Title';
import loading from '@salesforce/label/c.PHI_Loading';
import empty from '@salesforce/label/c.PHI_Empty';
import loadError from '@salesforce/label/c.PHI_Load_Error';
import colPrescription from '@salesforce/label/c.PHI_Col_Prescription';
import colStatus from '@salesforce/label/c.PHI_Col_Status';
import colWritten from '@salesforce/label/c.PHI_Col_Written';
import colExpires from '@salesforce/label/c.PHI_Col_Expires';
import colRefills from '@salesforce/label/c.PHI_Col_Refills';
import colOrder from '@salesforce/label/c.PHI_Col_Order';
import colMedication from '@salesforce/label/c.PHI_Col_Medication';
import colDosage from '@salesforce/label/c.PHI_Col_Dosage';
import reveal from '@salesforce/label/c.PHI_Reveal';
import revealAria from '@salesforce/label/c.PHI_Reveal_Aria';
import reasonPrompt from '@salesforce/label/c.PHI_Reason_Prompt';
import reasonPlaceholder from '@salesforce/label/c.PHI_Reason_Placeholder';
import reasonRefill from '@salesforce/label/c.PHI_Reason_Refill';
import reasonQuestion from '@salesforce/label/c.PHI_Reason_Question';
import reasonTreatment from '@salesforce/label/c.PHI_Reason_Treatment';
import reasonRequired from '@salesforce/label/c.PHI_Reason_Required';
import confirm from '@salesforce/label/c.PHI_Reveal_Confirm';
import cancel from '@salesforce/label/c.PHI_Cancel';
import revealErrorTitle from '@salesforce/label/c.PHI_Reveal_Error_Title';
import revealErrorBody from '@salesforce/label/c.PHI_Reveal_Error_Body';
import hide from '@salesforce/label/c.PHI_Hide';
import hideAria from '@salesforce/label/c.PHI_Hide_Aria';
import revealedStatus from '@salesforce/label/c.PHI_Revealed_Status';
import hiddenStatus from '@salesforce/label/c.PHI_Hidden_Status';

const PHI_FIELDS = [
  { field: 'Medication__c', label: colMedication },
  { field: 'Dosage__c', label: colDosage }
];

const format = (label, ...args) => args.reduce((text, arg, i) => text.replace(`{${i}}`, arg), label);

/**
 * The signed-in patient's prescriptions, PHI masked. Reveal shows one field at a time after the
 * patient picks a reason; the server records the reveal. The value is re-masked after
 * revealSeconds, when the patient chooses Hide (no server call: hiding is not a reveal), when the
 * page is hidden, and when the component leaves the page.
 *
 * Layout: the reason picker has its own full-width row under the prescription it is about, so it
 * is never squeezed into a table cell; below the medium breakpoint the table stacks each row into
 * labelled lines (SLDS `slds-max-medium-table_stacked`, which reads each cell's `data-label`).
 * Focus follows the patient: to the picker when asked, to Hide once shown, back to Show when
 * hidden or cancelled. A polite live region says what was shown or hidden (names, never values).
 */
export default class PatientPrescriptions extends LightningElement {
  /** Seconds a revealed value stays visible. */
  @api revealSeconds = 30;

  labels = {
    title,
    loading,
    empty,
    loadError,
    colPrescription,
    colStatus,
    colWritten,
    colExpires,
    colRefills,
    colOrder,
    colMedication,
    colDosage,
    reveal,
    hide,
    reasonPrompt,
    reasonPlaceholder,
    confirm,
    cancel
  };
  reasons = [
    { value: 'refill', label: reasonRefill },
    { value: 'question', label: reasonQuestion },
    { value: 'treatment', label: reasonTreatment }
  ];

  prescriptions;
  hasError = false;
  asking;
  reason = '';
  reasonError = '';
  revealed;
  remaskTimer;
  /** What the live region says: which detail was shown or hidden, never its value. */
  status = '';
  /** The control to focus after the next render: { id, field, control: 'reason' | 'hide' | 'reveal' }. */
  pendingFocus;

  @wire(getMyPrescriptions)
  wiredPrescriptions({ data, error }) {
    if (data) {
      this.prescriptions = data;
      this.hasError = false;
    } else if (error) {
      this.prescriptions = undefined;
      this.hasError = true;
    }
  }

  connectedCallback() {
    this.onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        this.remask();
      }
    };
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('pagehide', this.onVisibility);
  }

  disconnectedCallback() {
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('pagehide', this.onVisibility);
    this.remask();
  }

  renderedCallback() {
    if (!this.pendingFocus) {
      return;
    }
    const { id, field, control } = this.pendingFocus;
    const selector =
      control === 'reason'
        ? `select.reason[data-id="${id}"][data-field="${field}"]`
        : `button.${control}[data-id="${id}"][data-field="${field}"]`;
    const target = this.template.querySelector(selector);
    if (target) {
      this.pendingFocus = undefined;
      target.focus();
    }
  }

  get isLoading() {
    return !this.prescriptions && !this.hasError;
  }

  get isEmpty() {
    return Array.isArray(this.prescriptions) && this.prescriptions.length === 0;
  }

  get rows() {
    return (this.prescriptions || []).map((rx) => {
      const asking = !!this.asking && this.asking.id === rx.id ? this.asking : undefined;
      const askingLabel = asking && PHI_FIELDS.find((f) => f.field === asking.field).label;
      return {
        ...rx,
        asking: !!asking,
        // Computed ids: the picker sits in the row iterator, where static ids would repeat (LWC1041).
        reasonId: `reason-${rx.id}`,
        reasonErrorId: `reason-error-${rx.id}`,
        reasonRowId: `reason-row-${rx.id}`,
        askingField: asking ? asking.field : undefined,
        askingLegend: asking ? format(revealAria, askingLabel, rx.name) : undefined,
        cells: PHI_FIELDS.map(({ field, label }) => {
          const isRevealed = !!this.revealed && this.revealed.id === rx.id && this.revealed.field === field;
          const isAsking = !!asking && asking.field === field;
          return {
            key: `${rx.id}-${field}`,
            field,
            label,
            revealed: isRevealed,
            value: isRevealed ? this.revealed.value : undefined,
            asking: isAsking ? 'true' : 'false',
            controls: isAsking ? `reason-row-${rx.id}` : undefined,
            canReveal: !isRevealed,
            revealAria: format(revealAria, label, rx.name),
            hideAria: format(hideAria, label, rx.name)
          };
        })
      };
    });
  }

  handleReveal(event) {
    const { id, field } = event.currentTarget.dataset;
    this.remask();
    this.asking = { id, field };
    this.reason = '';
    this.reasonError = '';
    this.pendingFocus = { id, field, control: 'reason' };
  }

  handleReasonChange(event) {
    this.reason = event.target.value;
    this.reasonError = '';
  }

  handleCancel() {
    if (this.asking) {
      this.pendingFocus = { ...this.asking, control: 'reveal' };
    }
    this.asking = undefined;
    this.reasonError = '';
  }

  async handleConfirm(event) {
    if (!this.reason) {
      this.reasonError = reasonRequired;
      return;
    }
    const { id, field } = event.currentTarget.dataset;
    const reasonCode = this.reason;
    this.asking = undefined;
    this.pendingFocus = { id, field, control: 'reveal' };
    try {
      const value = await revealField({ prescriptionId: id, fieldName: field, reason: reasonCode });
      this.revealed = { id, field, value };
      this.status = format(
        revealedStatus,
        this.fieldLabel(field),
        this.rxName(id),
        String(this.revealSeconds)
      );
      this.pendingFocus = { id, field, control: 'hide' };
      // eslint-disable-next-line @lwc/lwc/no-async-operation
      this.remaskTimer = setTimeout(() => this.remask(), this.revealSeconds * 1000);
    } catch (error) {
      this.dispatchEvent(
        new ShowToastEvent({
          title: revealErrorTitle,
          message: (error && error.body && error.body.message) || revealErrorBody,
          variant: 'error'
        })
      );
    }
  }

  /** The patient hides the value again: a local re-mask, no server call, so nothing to audit. */
  handleHide() {
    this.remask();
  }

  fieldLabel(field) {
    const hit = PHI_FIELDS.find((f) => f.field === field);
    return hit ? hit.label : field;
  }

  rxName(id) {
    const rx = (this.prescriptions || []).find((r) => r.id === id);
    return rx ? rx.name : '';
  }

  remask() {
    clearTimeout(this.remaskTimer);
    this.remaskTimer = undefined;
    const was = this.revealed;
    this.revealed = undefined;
    if (!was) {
      return;
    }
    this.status = format(hiddenStatus, this.fieldLabel(was.field), this.rxName(was.id));
    // Focus on the Hide button (gone once masked) moves to the cell's Show button.
    const active = this.template.activeElement;
    if (active && active.classList && active.classList.contains('hide')) {
      this.pendingFocus = { id: was.id, field: was.field, control: 'reveal' };
    }
  }
}
