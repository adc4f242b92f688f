import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import submitIntake from '@salesforce/apex/HealthIntakeController.submitIntake';
import title from '@salesforce/label/c.PHI_Intake_Title';
import intro from '@salesforce/label/c.PHI_Intake_Intro';
import conditions from '@salesforce/label/c.PHI_Intake_Conditions';
import medications from '@salesforce/label/c.PHI_Intake_Medications';
import notes from '@salesforce/label/c.PHI_Intake_Notes';
import consent from '@salesforce/label/c.PHI_Intake_Consent';
import submit from '@salesforce/label/c.PHI_Intake_Submit';
import consentRequired from '@salesforce/label/c.PHI_Intake_Consent_Required';
import answerRequired from '@salesforce/label/c.PHI_Intake_Answer_Required';
import tooManyLines from '@salesforce/label/c.PHI_Intake_Too_Many_Lines';
import lineTooLong from '@salesforce/label/c.PHI_Intake_Line_Too_Long';
import notesTooLong from '@salesforce/label/c.PHI_Intake_Notes_Too_Long';
import errorsSummary from '@salesforce/label/c.PHI_Intake_Errors';
import success from '@salesforce/label/c.PHI_Intake_Success';
import errorTitle from '@salesforce/label/c.PHI_Intake_Error_Title';
import again from '@salesforce/label/c.PHI_Intake_New';

const MAX_LINES = 50;
const MAX_LINE = 200;
const MAX_NOTES = 4000;

function newKey() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') {
    return `portal-${c.randomUUID()}`;
  }
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') {
    c.getRandomValues(bytes);
  } else {
    // Only an idempotency key, not a secret: uniqueness is all it needs.
    bytes.forEach((_, i) => {
      bytes[i] = Math.floor(Math.random() * 256);
    });
  }
  return `portal-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const lines = (text) =>
  (text || '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * The checkout health questionnaire, for a signed-in patient. It collects only what the intake API
 * accepts, requires explicit consent (timestamped when ticked), validates accessibly, submits
 * through Apex and shows the de-identified reference token, never the answers. The answers are
 * cleared from the component after submission.
 */
export default class HealthIntakeForm extends LightningElement {
  labels = { title, intro, conditions, medications, notes, consent, submit, again };
  values = { conditions: '', currentMedications: '', notes: '' };
  consentGiven = false;
  consentAt;
  errors = {};
  summary = '';
  submitting = false;
  token;
  idempotencyKey = newKey();

  get confirmation() {
    return success.replace('{0}', this.token);
  }

  fieldClass(name) {
    return this.errors[name]
      ? 'slds-form-element slds-has-error slds-m-bottom_small'
      : 'slds-form-element slds-m-bottom_small';
  }

  get conditionsClass() {
    return this.fieldClass('conditions');
  }
  get medicationsClass() {
    return this.fieldClass('currentMedications');
  }
  get notesClass() {
    return this.fieldClass('notes');
  }
  get consentClass() {
    return this.fieldClass('consent');
  }
  get conditionsInvalid() {
    return this.errors.conditions ? 'true' : 'false';
  }
  get medicationsInvalid() {
    return this.errors.currentMedications ? 'true' : 'false';
  }
  get notesInvalid() {
    return this.errors.notes ? 'true' : 'false';
  }
  get consentInvalid() {
    return this.errors.consent ? 'true' : 'false';
  }

  handleInput(event) {
    this.values = { ...this.values, [event.target.name]: event.target.value };
  }

  handleConsent(event) {
    this.consentGiven = event.target.checked;
    this.consentAt = this.consentGiven ? new Date().toISOString() : undefined;
  }

  validate() {
    const errors = {};
    for (const name of ['conditions', 'currentMedications']) {
      const items = lines(this.values[name]);
      if (items.length > MAX_LINES) {
        errors[name] = tooManyLines;
      } else if (items.some((l) => l.length > MAX_LINE)) {
        errors[name] = lineTooLong;
      }
    }
    if (this.values.notes.length > MAX_NOTES) {
      errors.notes = notesTooLong;
    }
    if (
      !lines(this.values.conditions).length &&
      !lines(this.values.currentMedications).length &&
      !this.values.notes.trim()
    ) {
      errors.conditions = answerRequired;
    }
    if (!this.consentGiven) {
      errors.consent = consentRequired;
    }
    return errors;
  }

  async handleSubmit(event) {
    event.preventDefault();
    this.errors = this.validate();
    if (Object.keys(this.errors).length) {
      this.summary = errorsSummary;
      return;
    }
    this.summary = '';
    const answers = { consent: { given: true, timestamp: this.consentAt } };
    const conditionList = lines(this.values.conditions);
    const medicationList = lines(this.values.currentMedications);
    if (conditionList.length) answers.conditions = conditionList;
    if (medicationList.length) answers.currentMedications = medicationList;
    if (this.values.notes.trim()) answers.notes = this.values.notes.trim();
    this.submitting = true;
    try {
      this.token = await submitIntake({ answers, idempotencyKey: this.idempotencyKey });
      this.clear();
    } catch (error) {
      this.dispatchEvent(
        new ShowToastEvent({
          title: errorTitle,
          message: (error && error.body && error.body.message) || errorTitle,
          variant: 'error'
        })
      );
    } finally {
      this.submitting = false;
    }
  }

  /** Forget every answer: component state and the form's DOM values. */
  clear() {
    this.values = { conditions: '', currentMedications: '', notes: '' };
    this.consentGiven = false;
    this.consentAt = undefined;
    this.errors = {};
    this.idempotencyKey = newKey();
    this.template.querySelectorAll('textarea').forEach((t) => {
      t.value = '';
    });
  }

  handleAgain() {
    this.token = undefined;
  }
}
