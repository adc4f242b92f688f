import { LightningElement, api } from 'lwc';

/** Preview stand-in for forceCommunity:richTextInline and htmlBlock: the block's words, as plain text. */
export default class RichText extends LightningElement {
  @api component;

  get text() {
    return (this.component && this.component.text) || '';
  }
}
