/**
 * Preview shim for lightning/navigation. The package in lightning-base-components re-exports
 * force/navigation, which only the platform provides. This shim supports the one page reference the
 * portal uses: comm__loginPage, whose `actionName` is login or logout
 * (https://developer.salesforce.com/docs/platform/lwc/guide/reference-page-reference-type.html).
 * Logout goes to /secur/logout.jsp, the Experience Cloud logout URL; the preview server answers it as the site
 * does with its logout page URL set (README: org prerequisites): to the login page, /s/login/?signedOut=1.
 * Login goes to the site's login page, /s/login/.
 */
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

function urlOf(pageReference) {
  if (pageReference && pageReference.type === 'comm__loginPage') {
    const action = pageReference.attributes && pageReference.attributes.actionName;
    return action === 'logout' ? '/secur/logout.jsp' : '/s/login/';
  }
  throw new Error('The portal preview only navigates to comm__loginPage page references.');
}

export const NavigationMixin = (Base) =>
  class extends Base {
    [Navigate](pageReference, replace) {
      const url = urlOf(pageReference);
      if (replace) {
        window.location.replace(url);
      } else {
        window.location.assign(url);
      }
    }

    [GenerateUrl](pageReference) {
      return Promise.resolve(urlOf(pageReference));
    }
  };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;
