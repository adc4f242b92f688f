import { audiences, missingApexGrants, type ClassGrant } from '../../src/posture/lwc';
import type { LwcBundleFact } from '../../src/posture/model';
import { emptyCollections } from '../../src/posture/snapshot';
import type { VerifyConfig } from '../../src/posture/model';
import { snapshotOf, writeProject } from '../helpers/project';
import { loadProject } from '../../src/posture/source/loader';
import { loadSfdxProject } from '../../src/project/sfdx-project';

const META = (targets: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">\n  <apiVersion>64.0</apiVersion>\n  <isExposed>true</isExposed>\n  <targets>${targets}</targets>\n</LightningComponentBundle>\n`;

describe('the LWC reader family (posture snapshot)', () => {
  it('reads each bundle: exposure, targets, Apex imports and child components, with file:line', () => {
    const snap = snapshotOf({
      'lwc/rxList/rxList.js-meta.xml': META('<target>lightningCommunity__Page</target>'),
      'lwc/rxList/rxList.js': [
        "import { LightningElement, wire } from 'lwc';",
        "import refreshApex from '@salesforce/apex';",
        "  import list from '@salesforce/apex/RxController.list';",
        "/* a note */ // import old from '@salesforce/apex/Old.gone';",
        'import {',
        '  default as ext',
        "} from '@salesforce/apex/acme.PartnerApi.fetch';",
        'export default class RxList extends LightningElement {}'
      ].join('\n'),
      'lwc/rxList/rxList.html':
        '<template>\n  <c-rx-row></c-rx-row>\n  <c-rx-row/>\n  <lightning-card></lightning-card>\n  <c-phi2-value\n></c-phi2-value>\n</template>\n',
      'lwc/rxList/utils/format.js': "import x from '@salesforce/apex/FormatHelper.fmt';\n",
      'lwc/rxList/__tests__/rxList.test.js': "import x from '@salesforce/apex/TestOnly.never';\n"
    });
    expect(snap.lwc.known).toBe(true);
    const [b] = (snap.lwc as { value: LwcBundleFact[] }).value;
    expect(b).toEqual({
      name: 'rxList',
      exposed: true,
      targets: ['lightningCommunity__Page'],
      apexImports: [
        {
          className: 'RxController',
          method: 'list',
          at: { file: 'force-app/main/default/lwc/rxList/rxList.js', line: 3 }
        },
        {
          className: 'PartnerApi',
          method: 'fetch',
          namespace: 'acme',
          at: { file: 'force-app/main/default/lwc/rxList/rxList.js', line: 7 }
        },
        {
          className: 'FormatHelper',
          method: 'fmt',
          at: { file: 'force-app/main/default/lwc/rxList/utils/format.js', line: 1 }
        }
      ],
      children: [
        { name: 'rxRow', at: { file: 'force-app/main/default/lwc/rxList/rxList.html', line: 2 } },
        { name: 'phi2Value', at: { file: 'force-app/main/default/lwc/rxList/rxList.html', line: 5 } }
      ],
      at: { file: 'force-app/main/default/lwc/rxList/rxList.js-meta.xml', line: 2 }
    });
    expect(snap.evidence.lwc).toEqual([
      'force-app/main/default/lwc/rxList/rxList.html',
      'force-app/main/default/lwc/rxList/rxList.js',
      'force-app/main/default/lwc/rxList/rxList.js-meta.xml',
      'force-app/main/default/lwc/rxList/utils/format.js'
    ]);
    expect(snap.inputs).toContain('force-app/main/default/lwc/rxList/rxList.js');
  });

  it('reads a Metadata API format project, and ignores .js files outside lwc/', () => {
    const root = writeProject({
      '/src/package.xml':
        '<?xml version="1.0"?><Package xmlns="http://soap.sforce.com/2006/04/metadata"><version>64.0</version></Package>',
      '/src/lwc/card/card.js-meta.xml': META('<target>lightning__RecordPage</target>'),
      '/src/lwc/card/card.js': "import get from '@salesforce/apex/CardController.get';\n",
      '/src/staticresources/lib.js': "import x from '@salesforce/apex/Nope.no';\n"
    });
    const snap = loadProject(loadSfdxProject(`${root}/src`));
    expect(snap.lwc).toMatchObject({
      known: true,
      value: [
        { name: 'card', targets: ['lightning__RecordPage'], apexImports: [{ className: 'CardController' }] }
      ]
    });
  });

  it('a malformed .js-meta.xml makes the LWC fact unknown, with the file', () => {
    const snap = snapshotOf({ 'lwc/x/x.js-meta.xml': '<LightningComponentBundle>' });
    expect(snap.lwc).toMatchObject({
      known: false,
      kind: 'unreadable',
      expected: 'force-app/main/default/lwc/x/x.js-meta.xml'
    });
    expect(snap.problems.map((p) => p.file)).toEqual(['force-app/main/default/lwc/x/x.js-meta.xml']);
  });

  it('an org snapshot starts with the LWC fact unknown, never "no components" (the org loader fills no LWC yet)', () => {
    const config = { dictionaryFile: 'config/phi-data-dictionary.json' } as VerifyConfig;
    expect(emptyCollections(config).lwc).toMatchObject({ known: false, kind: 'unreadable' });
  });
});

describe('who uses a component, and whose grants serve it', () => {
  const bundle = (name: string, o: Partial<LwcBundleFact>): LwcBundleFact => ({
    name,
    exposed: true,
    targets: [],
    apexImports: [],
    children: [],
    at: { file: `${name}.js-meta.xml` },
    ...o
  });
  const imp = (className: string) => ({ className, method: 'm', at: { file: 'x.js', line: 1 } });
  const grant = (name: string, classes: string[], o: Partial<ClassGrant> = {}): ClassGrant => ({
    kind: 'PermissionSet',
    name,
    classes: new Set(classes.map((c) => c.toLowerCase())),
    at: { file: `${name}.permissionset-meta.xml` },
    ...o
  });

  it('targets decide the audience, children inherit it, and cycles end', () => {
    const bundles = [
      bundle('a', {
        targets: ['lightningCommunity__Theme_Layout', 'lightning__HomePage'],
        children: [{ name: 'b', at: { file: 'a.html' } }]
      }),
      bundle('b', {
        exposed: false,
        children: [
          { name: 'a', at: { file: 'b.html' } },
          { name: 'ghost', at: { file: 'b.html' } }
        ]
      }),
      bundle('c', { targets: ['lightningSnapin__ChatMessage'] })
    ];
    const a = audiences(bundles);
    expect([...(a.get('a') ?? [])].sort()).toEqual(['internal', 'portal']);
    expect([...(a.get('b') ?? [])].sort()).toEqual(['internal', 'portal']);
    expect(a.has('c')).toBe(false);
  });

  it('portal grants serve portal components; guest grants serve nobody; muting sets grant nothing; namespaces are kept', () => {
    const bundles = [
      bundle('p', {
        targets: ['lightningCommunity__Page'],
        apexImports: [imp('A'), { ...imp('Api'), namespace: 'acme' }]
      }),
      bundle('i', { targets: ['lightning__AppPage'], apexImports: [imp('B')] })
    ];
    const missing = missingApexGrants(bundles, [
      grant('Customer_Community_Members', ['A', 'acme__Api']),
      grant('Site_Guest', ['B'], { kind: 'Profile', license: 'Guest User License' }),
      grant('Muted_Staff', ['B'], { kind: 'MutingPermissionSet' })
    ]);
    expect(missing.map((m) => [m.bundle, m.className, m.audience, m.personas])).toEqual([
      ['i', 'B', 'internal', []]
    ]);
  });
});
