import { packagePhiWithoutBaa } from '../../src/checks/org-104-package-baa';
import { runChecks } from '../../src/engine/run-checks';
import { known } from '../../src/posture/model';
import { NOW, snapshotOf } from '../helpers/project';

const REGISTER = JSON.stringify({
  controls: {},
  baas: [
    { vendor: 'Labs Inc', namespace: 'labs', signed: '2026-01-01', handlesPhi: true },
    { vendor: 'Old Vendor', namespace: 'old', signed: '2020-01-01', expires: '2021-01-01', handlesPhi: true }
  ]
});

describe('ORG-104 installed packages with PHI access need a BAA', () => {
  it('flags a package granted PHI objects with no signed, current BAA; ignores covered and PHI-free packages', () => {
    const s = snapshotOf({ '/config/compliance-register.json': REGISTER });
    const at = (ns: string) => ({ api: 'InstalledSubscriberPackage', id: ns });
    s.orgOnly.packageAccess = known([
      { namespace: 'labs', objects: ['patient__c'], at: at('labs') },
      { namespace: 'old', objects: ['patient__c'], at: at('old') },
      { namespace: 'mkt', objects: ['patient__c', 'contact'], at: at('mkt') },
      { namespace: 'util', objects: [], at: at('util') }
    ]);
    const { findings } = runChecks(s, NOW, [packagePhiWithoutBaa]);
    expect(findings.map((f) => f.component.name)).toEqual(['mkt', 'old']);
    expect(findings.find((f) => f.component.name === 'mkt')!.message).toBe(
      'installed package mkt is granted access to PHI (patient__c, contact) with no BAA entry in the compliance register'
    );
  });

  it('without the register it is not verified', () => {
    const s = snapshotOf({});
    s.orgOnly.packageAccess = known([]);
    expect(runChecks(s, NOW, [packagePhiWithoutBaa]).checks[0]!.status).toBe('not-verified');
  });
});
