/**
 * Preview shim for lightning/platformShowToastEvent, which only the platform provides. Same event
 * name and detail as the platform's ShowToastEvent (title, message, variant, mode); the preview
 * shell shows it, as the site's container does in an org.
 */
export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super('lightning__showtoast', { bubbles: true, composed: true, cancelable: true, detail: toast });
  }
}
