import type { DeployRun } from '../../src/deploy/pipeline';

/**
 * A deploy run as the pipeline records it (the shape of release.json and the other pack files), with
 * long names and hostile strings where an org or a project can put them: for the release record's
 * renderers and its print layout. Data, not a double: the renderers are pure functions of it.
 */
export const HOSTILE = '<img src=x onerror=alert(1)>\n## Forged: PASSED';
const LONG =
  'force-app/main/default/objects/Patient_Medication_Administration_Record__c/fields/Very_Long_Clinical_Field_Name_For_Layout__c.field-meta.xml';

export function releaseRun(over: Partial<DeployRun> = {}): DeployRun {
  return {
    tool: { name: 'phi-guard', version: '9.9.9' },
    target: 'https://acme-health.my.salesforce.com',
    ranBy: { osUser: 'release', orgUser: 'deployer@acme-health.example', ci: 'github:release-bot' },
    startedAt: '2026-11-25T12:00:00.000Z',
    finishedAt: '2026-11-25T12:09:41.000Z',
    options: {
      target: 'https://acme-health.my.salesforce.com',
      failOn: 'high',
      dryRun: false,
      allowDeletes: false,
      withoutShield: true,
      waitMinutes: 33
    },
    stoppedAt: 'post-deploy verify',
    gitCommit: '0123456789abcdef0123456789abcdef01234567',
    gate: {
      inputsSha256: 'a'.repeat(64),
      verify: {
        failOn: 'high',
        passed: true,
        findings: { critical: 0, high: 0, medium: 2, low: 0, info: 0 },
        notVerified: 0,
        failing: []
      },
      metadata: { passed: true, filesChecked: 121, problems: [] },
      rules: { passed: true, rules: ['test-user-mode', 'sample-certificate'], problems: [] },
      apex: { passed: true, apexFiles: 44, issues: [], notVerified: [] },
      cache: {
        state: 'on',
        dir: '/repo/.phi-guard/cache',
        key: 'PHI_GUARD_CACHE_KEY',
        verify: 'verify always reruns',
        layers: [{ layer: 'metadata', reused: true, why: 'reused (HMAC verified)' }],
        reused: ['metadata']
      },
      passed: true
    },
    preflight: {
      prerequisites: [
        {
          id: 'tenant-secret-probabilistic',
          status: 'missing',
          reason: 'the org did not answer the check (INVALID_TYPE)',
          blocking: true,
          reference: 'https://help.salesforce.com/s/articleView?id=sf.security_pe_tenant_secrets.htm'
        },
        {
          id: 'manage-encryption-keys',
          status: 'met',
          blocking: true,
          reference: 'https://help.salesforce.com/x'
        },
        {
          id: 'eca-consumer-secret-access',
          status: 'manual',
          blocking: false,
          reference: 'https://help.salesforce.com/y'
        }
      ],
      blocked: [{ component: LONG, needs: ['tenant-secret-probabilistic', 'manage-encryption-keys'] }]
    },
    knownGaps: [
      {
        component: LONG,
        element: 'encryptionScheme',
        needs: ['tenant-secret-probabilistic'],
        controls: ['ENC-001']
      },
      {
        component: 'force-app/main/default/objects/Contact/fields/Birthdate.field-meta.xml',
        element: 'encryptionScheme',
        needs: ['tenant-secret-probabilistic'],
        controls: ['ENC-004']
      }
    ],
    manifest:
      '<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n    <types>\n        <members>PatientController</members>\n        <members>PatientController_Test</members>\n        <name>ApexClass</name>\n    </types>\n    <types>\n        <members>Patient__c</members>\n        <name>CustomObject</name>\n    </types>\n    <version>64.0</version>\n</Package>\n',
    bundleSha256: 'b'.repeat(64),
    deploy: {
      id: '0Af000000000042AAA',
      status: 'Succeeded',
      success: true,
      checkOnly: false,
      timedOut: false,
      components: { total: 3, deployed: 3, errors: 0 },
      tests: { total: 2, completed: 2, errors: 0 },
      componentFailures: [],
      testFailures: [],
      testSuccesses: [
        { className: 'PatientController_Test', method: 'readsOwnRecords' },
        { className: 'PatientController_Test', method: 'deniesOthers' }
      ],
      coverage: {
        percent: 81,
        classes: [
          { name: 'PatientController', locations: 40, notCovered: 4 },
          { name: 'PhiAccessAudit', locations: 20, notCovered: 8 }
        ],
        warnings: []
      }
    },
    postDeploy: {
      passed: false,
      failOn: 'high',
      controls: [
        {
          citation: '164.312(a)(2)(iv)',
          title: 'Encryption and decryption (at rest)',
          status: 'fail',
          checks: ['ENC-001', 'ENC-004', 'ORG-101']
        },
        {
          citation: '164.312(b)',
          title: 'Audit controls',
          status: 'pass',
          checks: ['AUD-001', 'AUD-002', 'AUD-003', 'AUD-004', 'APX-003', 'ORG-106']
        }
      ],
      checks: [{ id: 'ENC-001', status: 'fail' }],
      findings: [{ checkId: 'ENC-001', severity: 'critical', component: `CustomField ${HOSTILE}` }],
      knownGapChecks: ['ENC-001', 'ENC-004'],
      apiCalls: 31
    },
    passed: false,
    ...over
  };
}
