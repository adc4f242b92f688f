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

const PHI_FIELDS = [
  { field: 'Medication__c', label: colMedication },
  { field: 'Dosage__c', label: colDosage }
];

/**
 * The signed-in patient's prescriptions, PHI masked. Reveal shows one field at a time after the
 * patient picks a reason; the server records the reveal. The value is re-masked after
 * revealSeconds, when the page is hidden, and when the component leaves the page.
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

  get isLoading() {
    return !this.prescriptions && !this.hasError;
  }

  get isEmpty() {
    return Array.isArray(this.prescriptions) && this.prescriptions.length === 0;
  }

  get rows() {
    return (this.prescriptions || []).map((rx) => ({
      ...rx,
      cells: PHI_FIELDS.map(({ field, label }) => {
        const isRevealed = !!this.revealed && this.revealed.id === rx.id && this.revealed.field === field;
        const isAsking = !!this.asking && this.asking.id === rx.id && this.asking.field === field;
        return {
          key: `${rx.id}-${field}`,
          // Computed ids: the picker sits in the row iterator, where static ids would repeat (LWC1041).
          reasonId: `reason-${rx.id}-${field}`,
          reasonErrorId: `reason-error-${rx.id}-${field}`,
          field,
          label,
          revealed: isRevealed,
          value: isRevealed ? this.revealed.value : undefined,
          asking: isAsking,
          canReveal: !isRevealed,
          revealAria: revealAria.replace('{0}', label).replace('{1}', rx.name)
        };
      })
    }));
  }

  handleReveal(event) {
    this.remask();
    this.asking = { id: event.currentTarget.dataset.id, field: event.currentTarget.dataset.field };
    this.reason = '';
    this.reasonError = '';
  }

  handleReasonChange(event) {
    this.reason = event.target.value;
    this.reasonError = '';
  }

  handleCancel() {
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
    try {
      const value = await revealField({ prescriptionId: id, fieldName: field, reason: reasonCode });
      this.revealed = { id, field, value };
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

  remask() {
    clearTimeout(this.remaskTimer);
    this.remaskTimer = undefined;
    this.revealed = undefined;
  }
}
