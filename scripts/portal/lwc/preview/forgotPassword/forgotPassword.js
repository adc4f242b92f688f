import { LightningElement, api } from 'lwc';

/** Preview stand-in for salesforceIdentity:forgotPassword2, with the labels the site sets. */
export default class ForgotPassword extends LightningElement {
  @api component;

  get usernameLabel() {
    return (this.component && this.component.attributes.usernameLabel) || 'Username';
  }
  get submitLabel() {
    return (this.component && this.component.attributes.submitButtonLabel) || 'Reset password';
  }

  handleSubmit(event) {
    event.preventDefault();
    window.location.assign('/s/login/CheckPasswordResetEmail');
  }
}
