'use strict';
/**
 * lightning/navigation test double (as in lwc-recipes): records the last page reference passed to
 * NavigationMixin.Navigate so tests can assert where a component sent the browser.
 */
const { createTestWireAdapter } = require('@salesforce/wire-service-jest-util');

export const CurrentPageReference = createTestWireAdapter(jest.fn());

let navigateCalledWith;
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const NavigationMixin = (Base) =>
  class extends Base {
    [Navigate](pageReference, replace) {
      navigateCalledWith = { pageReference, replace };
    }
    [GenerateUrl](pageReference) {
      return Promise.resolve(`https://www.example.com/${pageReference.type}`);
    }
  };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

/** @returns the page reference of the last navigation, or undefined. */
export const getNavigateCalledWith = () =>
  navigateCalledWith ? navigateCalledWith.pageReference : undefined;
export const resetNavigate = () => {
  navigateCalledWith = undefined;
};
