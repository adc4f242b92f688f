import { LightningElement, api } from 'lwc';
import title from '@salesforce/label/c.PHI_Signed_Out_Title';
import body from '@salesforce/label/c.PHI_Signed_Out_Body';
import signIn from '@salesforce/label/c.PHI_Signed_Out_Sign_In';

/** The query parameter the site's logout URL carries (Network logoutUrl, README: org prerequisites). */
export const SIGNED_OUT_PARAM = 'signedOut';

/**
 * Says what happened after a sign-out: the portal signed the patient out (idle timeout, or sign-out
 * in another tab) and kept nothing in the browser. It sits on the site's login page, which is the
 * page a patient lands on after signing out, and shows only when the URL says the patient came from
 * a sign-out, so a first visit sees the plain login page. It takes no data and calls no Apex: the
 * login page is open to guests.
 */
export default class PortalSignedOut extends LightningElement {
  /** Idle minutes before sign-out, as the session timeout guard on the signed-in pages uses. */
  @api timeoutMinutes = 15;

  labels = { title, signIn };

  get signedOut() {
    const params = new URLSearchParams(window.location.search);
    return params.has(SIGNED_OUT_PARAM);
  }

  get body() {
    return body.replace('{0}', String(this.timeoutMinutes));
  }
}
