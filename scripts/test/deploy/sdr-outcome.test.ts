import type { MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';
import { outcome } from '../../src/deploy/sdr';

/**
 * The DeployResult as SDR hands it over after parsing the SOAP checkDeployStatus answer: every scalar a string,
 * and a repeated element that occurs once is a single object, not a list
 * (https://developer.salesforce.com/docs/platform/api-metadata/references/result-objects/meta-deployresult.html).
 */
const status = (over: Record<string, unknown>) =>
  ({
    id: '0Af000000000001AAA',
    status: 'Failed',
    success: 'false',
    checkOnly: 'false',
    done: 'true',
    numberComponentsTotal: '3',
    numberComponentsDeployed: '2',
    numberComponentErrors: '1',
    numberTestsTotal: '2',
    numberTestsCompleted: '1',
    numberTestErrors: '1',
    ...over
  }) as unknown as MetadataApiDeployStatus;

describe('deploy outcome from a DeployResult', () => {
  it('single failures, coverage and warnings (one element, not a list) are read like lists', () => {
    const o = outcome(
      status({
        details: {
          componentFailures: {
            fullName: 'PatientController',
            fileName: 'classes/PatientController.cls',
            lineNumber: '12',
            problem: 'Variable does not exist: x'
          },
          componentSuccesses: [],
          runTestResult: {
            codeCoverage: { name: 'PatientController', numLocations: '10', numLocationsNotCovered: '3' },
            codeCoverageWarnings: {
              message: 'Average test coverage across all Apex Classes and Triggers is 70%'
            },
            failures: {
              name: 'PatientController_Test',
              methodName: 'readsOwnRows',
              message: 'System.AssertException: Assertion Failed'
            },
            successes: [{ name: 'PatientController_Test', methodName: 'deniesOthers' }]
          }
        }
      }),
      false
    );
    expect(o).toEqual({
      id: '0Af000000000001AAA',
      status: 'Failed',
      success: false,
      checkOnly: false,
      timedOut: false,
      components: { total: 3, deployed: 2, errors: 1 },
      tests: { total: 2, completed: 1, errors: 1 },
      componentFailures: [
        {
          type: '',
          name: 'PatientController',
          file: 'classes/PatientController.cls',
          line: 12,
          problem: 'Variable does not exist: x'
        }
      ],
      testFailures: [
        {
          className: 'PatientController_Test',
          method: 'readsOwnRows',
          message: 'System.AssertException: Assertion Failed'
        }
      ],
      testSuccesses: [{ className: 'PatientController_Test', method: 'deniesOthers' }],
      coverage: {
        percent: 70,
        classes: [{ name: 'PatientController', locations: 10, notCovered: 3 }],
        warnings: ['Average test coverage across all Apex Classes and Triggers is 70%']
      }
    });
  });

  it('a result without details (still in progress) has no failures and no coverage figure', () => {
    const o = outcome(
      status({
        status: 'InProgress',
        done: 'false',
        numberComponentErrors: undefined,
        numberTestErrors: undefined,
        numberTestsTotal: 'n/a'
      }),
      false
    );
    expect(o.components).toEqual({ total: 3, deployed: 2, errors: 0 });
    expect(o.tests).toEqual({ total: 0, completed: 1, errors: 0 });
    expect(o.componentFailures).toEqual([]);
    expect(o.coverage).toEqual({ percent: undefined, classes: [], warnings: [] });
  });

  it('a timed-out follow is never a success, even if the org had said so', () => {
    const o = outcome(status({ status: 'Succeeded', success: 'true', checkOnly: 'true' }), true);
    expect(o).toMatchObject({ success: false, timedOut: true, checkOnly: true });
    expect(outcome(status({ status: 'Succeeded', success: 'true' }), false).success).toBe(true);
  });

  it('a component failure without a line or problem text keeps them empty', () => {
    const o = outcome(
      status({
        details: {
          componentFailures: [
            {
              componentType: 'CustomObject',
              fullName: 'Patient_Record__c',
              fileName: 'objects/Patient_Record__c.object'
            }
          ]
        }
      }),
      false
    );
    expect(o.componentFailures).toEqual([
      {
        type: 'CustomObject',
        name: 'Patient_Record__c',
        file: 'objects/Patient_Record__c.object',
        line: undefined,
        problem: ''
      }
    ]);
  });
});
