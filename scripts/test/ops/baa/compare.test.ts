import { compareBaas, reachesData, type BaaInput } from '../../../src/ops/baa/compare';
import { snapshotOf } from '../../helpers/project';

const NOW = new Date('2026-11-26T10:00:00Z');

const register = (baas: unknown[]) => JSON.stringify({ controls: {}, baas }, null, 2);

const pkg = `<?xml version="1.0" encoding="UTF-8"?>
<InstalledPackage xmlns="http://soap.sforce.com/2006/04/metadata">
    <versionNumber>1.0</versionNumber>
</InstalledPackage>
`;
const app = (scopes: string[]) => `<?xml version="1.0" encoding="UTF-8"?>
<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>App</label>
    <oauthConfig>
        <callbackUrl>https://example.com/cb</callbackUrl>
${scopes.map((s) => `        <scopes>${s}</scopes>`).join('\n')}
    </oauthConfig>
</ConnectedApp>
`;

/** Loads a real project (source loader) and runs the comparison as the offline command does. */
function check(baas: unknown[], files: Record<string, string> = {}) {
  const s = snapshotOf({ '/config/compliance-register.json': register(baas), ...files });
  const input: BaaInput = {
    register: s.register,
    packages: s.installedPackages.map((p) => ({ namespace: p.namespace, at: p.at })),
    apps: s.apps.filter((a) => a.hasOauth).map((a) => ({ name: a.name, scopes: a.scopes, at: a.at })),
    holdsPhi: true,
    complete: false,
    now: NOW
  };
  return compareBaas(input).issues.map((i) => [i.kind, i.severity, i.subject.name, i.daysLeft]);
}

const sf = { vendor: 'Salesforce, Inc.', signed: '2025-01-01', handlesPhi: true };

describe('BAA register against packages and apps', () => {
  it('is quiet when every package and data-scoped app is covered by a current BAA', () => {
    expect(
      check(
        [
          sf,
          {
            vendor: 'Acme Health',
            namespace: 'acme',
            apps: ['Sync'],
            signed: '2026-01-01',
            expires: '2028-01-01'
          }
        ],
        {
          'installedPackages/acme.installedPackage-meta.xml': pkg,
          'connectedApps/Sync.connectedApp-meta.xml': app(['Api'])
        }
      )
    ).toEqual([]);
  });

  it('reports a package and a data-scoped app with no BAA, but not an identity-only app', () => {
    expect(
      check([sf], {
        'installedPackages/acme.installedPackage-meta.xml': pkg,
        'connectedApps/Sync.connectedApp-meta.xml': app(['Full', 'RefreshToken']),
        'connectedApps/Sso.connectedApp-meta.xml': app(['OpenID', 'Profile', 'Email'])
      })
    ).toEqual([
      ['package-no-baa', 'high', 'acme', undefined],
      ['app-no-baa', 'high', 'Sync', undefined]
    ]);
  });

  it('reports expired, expiring within 30 days, and unsigned BAAs; not one expiring in 31 days', () => {
    expect(
      check([
        sf,
        { vendor: 'Old', signed: '2020-01-01', expires: '2026-11-25' },
        { vendor: 'Soon', signed: '2020-01-01', expires: '2026-12-26' },
        { vendor: 'Later', signed: '2020-01-01', expires: '2026-12-27' },
        { vendor: 'Today', signed: '2020-01-01', expires: '2026-11-26' },
        { vendor: 'Draft' },
        { vendor: 'No PHI', handlesPhi: false }
      ])
    ).toEqual([
      ['expired', 'high', 'Old', undefined],
      ['expiring', 'medium', 'Soon', 30],
      ['expiring', 'medium', 'Today', 0],
      ['unsigned', 'high', 'Draft', undefined]
    ]);
  });

  it('reports register entries for packages and apps no longer present, and a missing Salesforce BAA', () => {
    expect(check([{ vendor: 'Gone', namespace: 'gone', apps: ['Old_App'], signed: '2026-01-01' }])).toEqual([
      ['no-salesforce-baa', 'high', 'Salesforce', undefined],
      ['stale-package', 'low', 'gone', undefined],
      ['stale-app', 'low', 'Old_App', undefined]
    ]);
  });

  it('fails closed without a register', () => {
    const s = snapshotOf({});
    const r = compareBaas({
      register: s.register,
      packages: [],
      apps: [],
      holdsPhi: true,
      complete: true,
      now: NOW
    });
    expect(r.issues.map((i) => [i.kind, i.severity])).toEqual([['not-verified', 'high']]);
  });

  it('knows which OAuth scopes reach data', () => {
    expect(reachesData(['OpenID', 'RefreshToken', 'Profile'])).toBe(false);
    expect(reachesData(['Api'])).toBe(true);
    expect(reachesData(['Web'])).toBe(true);
    expect(reachesData([])).toBe(false);
  });
});
