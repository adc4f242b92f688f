import { baaCoverage } from '../../src/checks/org-002-baa';
import { md, phiField, runCheck } from '../helpers/project';

const reg = (baas: unknown[]) => ({
  '/config/compliance-register.json': JSON.stringify({ controls: {}, baas }, null, 2)
});
const field = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };
const pkg = {
  'installedPackages/acmehealth.installedPackage-meta.xml': md.raw(
    'InstalledPackage',
    '    <versionNumber>2.1</versionNumber>'
  )
};

describe('ORG-002 business associate agreements', () => {
  it('fires on an unsigned or expired BAA, no Salesforce BAA, and a package with no BAA', () => {
    const { findings } = runCheck(baaCoverage, {
      ...field,
      ...pkg,
      ...reg([
        { vendor: 'Fax Gateway', handlesPhi: true },
        { vendor: 'Lab Partner', signed: '2020-01-01', expires: '2025-01-01' },
        { vendor: 'Newsletter Tool', handlesPhi: false }
      ])
    });
    expect(findings.map((f) => f.message).sort()).toEqual([
      'Fax Gateway handles PHI but has no signed BAA date',
      'installed package acmehealth has no BAA entry in the register',
      'the BAA with Lab Partner expired on 2025-01-01',
      'the register has no BAA with Salesforce, which hosts the PHI'
    ]);
  });

  it('passes with signed BAAs for Salesforce and the package', () => {
    const { result } = runCheck(baaCoverage, {
      ...field,
      ...pkg,
      ...reg([
        { vendor: 'Salesforce', signed: '2026-01-01' },
        { vendor: 'Acme Health', namespace: 'acmehealth', signed: '2026-02-01', expires: '2028-02-01' }
      ])
    });
    expect(result.status).toBe('pass');
  });

  it('rejects a BAA entry without a vendor as an input error', () => {
    expect(() => runCheck(baaCoverage, { ...field, ...reg([{ signed: '2026-01-01' }]) })).toThrow(
      /baas\[0\]\.vendor is required/
    );
  });
});
