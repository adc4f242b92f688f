import { baaCoverage } from '../../src/checks/org-002-baa';
import { probablePhi } from '../../src/checks/phi-001-probable-phi';
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

  it('reports a managed package whose own fields hold PHI as the vendor needing a BAA, not as unclassified PHI', () => {
    const files = {
      ...field,
      'objects/Rx__c/fields/hcpkg__Diagnosis_Code__c.field-meta.xml': md.field('hcpkg__Diagnosis_Code__c'),
      ...reg([{ vendor: 'Salesforce', signed: '2026-01-01', expires: '2027-01-01', handlesPhi: true }])
    };
    const { findings } = runCheck(baaCoverage, files);
    expect(findings.map((f) => [f.message, f.component])).toEqual([
      [
        'managed package hcpkg holds or reaches PHI (field Rx__c.hcpkg__Diagnosis_Code__c) and has no BAA entry in the register',
        { type: 'ManagedPackage', name: 'hcpkg' }
      ]
    ]);
    expect(runCheck(probablePhi, files).findings).toEqual([]);
    const signed = runCheck(baaCoverage, {
      ...files,
      ...reg([
        { vendor: 'Salesforce', signed: '2026-01-01', expires: '2027-01-01', handlesPhi: true },
        {
          vendor: 'HC Package Inc',
          namespace: 'hcpkg',
          signed: '2026-01-01',
          expires: '2027-01-01',
          handlesPhi: true
        }
      ])
    });
    expect(signed.result.status).toBe('pass');
  });
});
