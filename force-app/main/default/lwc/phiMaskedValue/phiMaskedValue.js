import { LightningElement, api } from 'lwc';
import hiddenLabel from '@salesforce/label/c.PHI_Mask_Hidden';

/**
 * Reusable masked display of one PHI value. The clear value lives only in a JS property and a text
 * node while revealed: never in an attribute, a title, the console or web storage. Copy and cut are
 * blocked while masked.
 */
export default class PhiMaskedValue extends LightningElement {
  /** The field's label, for assistive text ("Medication, hidden for your privacy"). */
  @api label = '';
  /** The clear value; rendered only when revealed. */
  @api value;
  /** Show the clear value. */
  @api revealed = false;

  maskText = '••••••••';

  get hiddenText() {
    return this.label ? `${this.label}: ${hiddenLabel}` : hiddenLabel;
  }

  handleCopy(event) {
    if (!this.revealed) {
      event.preventDefault();
    }
  }
}
