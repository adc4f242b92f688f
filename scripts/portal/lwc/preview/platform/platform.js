import { LightningElement, api } from 'lwc';

/** A platform component the preview has no stand-in for: it says which, where the site places it. */
export default class Platform extends LightningElement {
  @api component;

  get name() {
    return this.component ? this.component.name : '';
  }
}
