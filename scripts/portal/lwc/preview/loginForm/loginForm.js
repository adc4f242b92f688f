import { LightningElement, api } from 'lwc';

/**
 * Preview stand-in for salesforceIdentity:loginForm2, with the labels the site sets. The platform signs
 * the user in; here Log in opens the site's home page with the fake patient (nothing is checked or sent).
 */
export default class LoginForm extends LightningElement {
  @api component;

  attr(name, fallback) {
    const a = (this.component && this.component.attributes) || {};
    return a[name] || fallback;
  }

  get usernameLabel() {
    return this.attr('usernameLabel', 'Username');
  }
  get passwordLabel() {
    return this.attr('passwordLabel', 'Password');
  }
  get loginLabel() {
    return this.attr('loginButtonLabel', 'Log in');
  }
  get forgotLabel() {
    return this.attr('forgotPasswordLabel', 'Forgot your password?');
  }

  handleSubmit(event) {
    event.preventDefault();
    window.location.assign('/s/');
  }
}
