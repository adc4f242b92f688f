import JSZip from 'jszip';
import { readPackageZip, type ReadPackage } from '../../emulator/package-zip';
import { readXml, XmlSyntaxError } from '../../emulator/xml';
import { deriveTypes, extendsType } from '../../emulator/wsdl-types';

/**
 * The emulator's reading of a deploy zip, rule by rule (each rule's page is cited in emulator/package-zip.ts and
 * emulator/md-accept.ts): package.xml, types by layout, bundles by their files, metadata XML by the WSDL types.
 */
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const manifest = (types: Record<string, string[]>) =>
  `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}>${Object.entries(types)
    .map(([t, ms]) => `<types>${ms.map((m) => `<members>${m}</members>`).join('')}<name>${t}</name></types>`)
    .join('')}<version>63.0</version></Package>`;

async function read(
  files: Record<string, string | Buffer>,
  types?: Record<string, string[]>
): Promise<ReadPackage> {
  const zip = new JSZip();
  if (types) zip.file('package.xml', manifest(types));
  for (const [name, body] of Object.entries(files)) zip.file(name, body);
  return readPackageZip(await zip.generateAsync({ type: 'nodebuffer' }));
}

const problems = (r: ReadPackage) => r.problems.map((p) => `${p.fileName}: ${p.problem}`);
const lwcMeta = `<LightningComponentBundle ${NS}><apiVersion>63.0</apiVersion><isExposed>false</isExposed></LightningComponentBundle>`;
const lwc = (name: string, extra: Record<string, string> = {}) => ({
  [`lwc/${name}/${name}.js`]: 'export default class X {}',
  [`lwc/${name}/${name}.html`]: '<template></template>',
  [`lwc/${name}/${name}.js-meta.xml`]: lwcMeta,
  ...extra
});

describe('package.xml and the zip', () => {
  it('a zip without package.xml fails on package.xml, as the recorded org answer does', async () => {
    expect(problems(await read({ 'x.txt': 'x' }))).toEqual(['package.xml: No package.xml found']);
  });
  it('not a zip at all', async () => {
    const r = await readPackageZip(Buffer.from('not a zip'));
    expect(problems(r)).toEqual(['package.zip: The deploy archive is not a valid zip file']);
  });
  it('the manifest may sit in one top folder (a single package zip)', async () => {
    const zip = new JSZip();
    zip.file('unpackaged/package.xml', manifest({ RemoteSiteSetting: ['Lab'] }));
    zip.file(
      'unpackaged/remoteSiteSettings/Lab.remoteSite',
      `<RemoteSiteSetting ${NS}><isActive>true</isActive><url>https://x.example.com</url></RemoteSiteSetting>`
    );
    const r = await readPackageZip(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(r.problems).toEqual([]);
    expect(r.components.map((c) => `${c.type}:${c.fullName}:${c.fileName}`)).toEqual([
      'RemoteSiteSetting:Lab:remoteSiteSettings/Lab.remoteSite'
    ]);
  });
  it('a named component the zip lacks, an unknown type, a type the emulator does not model', async () => {
    const r = await read({}, { RemoteSiteSetting: ['Gone'], NoSuchType: ['x'], Flow: ['f'] });
    expect(problems(r)).toEqual([
      "package.xml: An object 'Gone' of type RemoteSiteSetting was named in package.xml, but was not found in zipped directory",
      "package.xml: Unknown type name 'NoSuchType' specified in package.xml",
      'package.xml: The org emulator does not model the metadata type Flow (scripts/emulator/md-layout.ts)'
    ]);
  });
  it('files the manifest does not name are not deployed; * names every component of a type', async () => {
    const site = (n: string) =>
      `<RemoteSiteSetting ${NS}><isActive>true</isActive><url>https://${n}.example.com</url></RemoteSiteSetting>`;
    const files = {
      'remoteSiteSettings/A.remoteSite': site('a'),
      'remoteSiteSettings/B.remoteSite': site('b')
    };
    expect((await read(files, { RemoteSiteSetting: ['A'] })).components.map((c) => c.fullName)).toEqual([
      'A'
    ]);
    expect(
      (await read(files, { RemoteSiteSetting: ['*'] })).components.map((c) => c.fullName).sort()
    ).toEqual(['A', 'B']);
  });
  it('children named in the manifest are found in their parent; a missing child fails', async () => {
    const object = `<CustomObject ${NS}><fields><fullName>Notes__c</fullName><label>Notes</label><type>LongTextArea</type><length>32768</length><visibleLines>3</visibleLines></fields></CustomObject>`;
    const r = await read(
      { 'objects/Case.object': object },
      { CustomField: ['Case.Notes__c', 'Case.Gone__c'] }
    );
    expect(r.components.map((c) => [c.type, c.fullName, c.children])).toEqual([
      ['CustomObject', 'Case', [{ type: 'CustomField', fullName: 'Case.Notes__c' }]]
    ]);
    expect(problems(r)).toEqual([
      "objects/Case.object: An object 'Case.Gone__c' of type CustomField was named in package.xml, but was not found in zipped directory"
    ]);
    const labels = `<CustomLabels ${NS}><labels><fullName>Hello</fullName><language>en_US</language><protected>false</protected><shortDescription>Hello</shortDescription><value>Hello</value></labels></CustomLabels>`;
    expect(
      (await read({ 'labels/CustomLabels.labels': labels }, { CustomLabel: ['Hello'] })).problems
    ).toEqual([]);
  });
  it('settings: the file Security.settings holds SecuritySettings, stored under that type', async () => {
    const ok = await read(
      {
        'settings/Security.settings': `<SecuritySettings ${NS}><sessionSettings><sessionTimeout>FifteenMinutes</sessionTimeout></sessionSettings></SecuritySettings>`
      },
      { Settings: ['Security'] }
    );
    expect(ok.components.map((c) => `${c.type}:${c.fullName}`)).toEqual(['SecuritySettings:Security']);
    const wrong = await read(
      { 'settings/Security.settings': `<OrderSettings ${NS}/>` },
      { Settings: ['Security'] }
    );
    expect(problems(wrong)).toEqual([
      'settings/Security.settings: Error parsing file: the root element must be SecuritySettings'
    ]);
  });
});

describe('metadata XML against the WSDL types', () => {
  const site = (inner: string) => ({
    'remoteSiteSettings/S.remoteSite': `<RemoteSiteSetting ${NS}>\n${inner}\n</RemoteSiteSetting>`
  });
  const one = async (inner: string) =>
    (await read(site(inner), { RemoteSiteSetting: ['S'] })).problems.map((p) => [p.line, p.problem]);
  it('an element the type lacks, with line and column', async () => {
    const r = await read(site('<isActive>true</isActive>\n  <notAField>x</notAField>'), {
      RemoteSiteSetting: ['S']
    });
    expect(r.problems).toEqual([
      expect.objectContaining({
        line: 3,
        column: 3,
        problem:
          'Error parsing file: Element {http://soap.sforce.com/2006/04/metadata}notAField invalid at this location in type RemoteSiteSetting'
      })
    ]);
  });
  it('booleans, numbers, enumerations, text or elements where the type wants the other', async () => {
    expect(await one('<isActive>maybe</isActive>')).toEqual([
      [2, 'Error parsing file: isActive has a value that is not a boolean']
    ]);
    expect(await one('<isActive><x/></isActive>')).toEqual([
      [2, 'Error parsing file: isActive holds elements, a value was expected']
    ]);
    expect(await one('<isActive></isActive><url>https://x</url>')).toEqual([]); // empty is "not set"
    const settings = async (inner: string) =>
      problems(
        await read(
          { 'settings/Security.settings': `<SecuritySettings ${NS}>${inner}</SecuritySettings>` },
          { Settings: ['Security'] }
        )
      );
    expect(
      await settings('<sessionSettings><sessionTimeout>Forever</sessionTimeout></sessionSettings>')
    ).toEqual([
      'settings/Security.settings: Error parsing file: sessionTimeout has a value outside the enumeration SessionTimeout'
    ]);
    expect(await settings('<sessionSettings>text</sessionSettings>')).toEqual([
      'settings/Security.settings: Error parsing file: sessionSettings holds text, elements of SessionSettings were expected'
    ]);
    const object = `<CustomObject ${NS}><fields><fullName>Notes__c</fullName><length>long</length></fields></CustomObject>`;
    expect(problems(await read({ 'objects/Case.object': object }, { CustomObject: ['Case'] }))).toEqual([
      'objects/Case.object: Error parsing file: length has a value that is not a number'
    ]);
  });
  it('the root element, its namespace, and malformed XML (line and column, never the content)', async () => {
    expect(
      problems(
        await read(
          { 'remoteSiteSettings/S.remoteSite': `<NamedCredential ${NS}/>` },
          { RemoteSiteSetting: ['S'] }
        )
      )
    ).toEqual([
      'remoteSiteSettings/S.remoteSite: Error parsing file: the root element must be RemoteSiteSetting'
    ]);
    expect(
      problems(
        await read(
          {
            'remoteSiteSettings/S.remoteSite':
              '<RemoteSiteSetting xmlns="urn:other"><isActive>true</isActive></RemoteSiteSetting>'
          },
          { RemoteSiteSetting: ['S'] }
        )
      )
    ).toEqual([
      'remoteSiteSettings/S.remoteSite: Error parsing file: the root element is not in the namespace http://soap.sforce.com/2006/04/metadata'
    ]);
    const bad = await read(
      { 'remoteSiteSettings/S.remoteSite': '<RemoteSiteSetting>\n<url>SECRET-CANARY</uri>' },
      { RemoteSiteSetting: ['S'] }
    );
    expect(bad.problems[0]).toMatchObject({
      line: 2,
      problem: expect.stringMatching(/^Error parsing file: closing tag/)
    });
    expect(JSON.stringify(bad)).not.toContain('SECRET-CANARY');
  });
  it('a documented range the WSDL cannot say (archiveAfterMonths 1 to 18), and a documented field it lacks (gracePeriodDays)', async () => {
    const object = (months: string) =>
      `<CustomObject ${NS}><historyRetentionPolicy><archiveAfterMonths>${months}</archiveAfterMonths><archiveRetentionYears>5</archiveRetentionYears><gracePeriodDays>0</gracePeriodDays></historyRetentionPolicy></CustomObject>`;
    expect((await read({ 'objects/Case.object': object('6') }, { CustomObject: ['Case'] })).problems).toEqual(
      []
    );
    expect(problems(await read({ 'objects/Case.object': object('40') }, { CustomObject: ['Case'] }))).toEqual(
      ['objects/Case.object: HistoryRetentionPolicy.archiveAfterMonths must be from 1 to 18']
    );
  });
});

describe('bundles, read by what their files are', () => {
  it('a Lightning web component: its HTML, JavaScript, CSS and SVG are read, the config file checked', async () => {
    const r = await read(
      lwc('card', {
        'lwc/card/card.css': '.x{}',
        'lwc/card/card.svg': '<svg/>',
        'lwc/card/utils.js': 'export const a = 1;'
      }),
      { LightningComponentBundle: ['card'] }
    );
    expect(r.problems).toEqual([]);
    const res = JSON.stringify(r.components[0]!.record.lwcResources);
    for (const f of ['card.html', 'card.js', 'card.css', 'card.svg', 'utils.js', 'card.js-meta.xml'])
      expect(res).toContain(`lwc/card/${f}`);
  });
  it('rejects a bundle without its .js-meta.xml, without its .js, with another file kind, a second SVG or a bad name', async () => {
    const r = async (files: Record<string, string>, name = 'card') =>
      problems(await read(files, { LightningComponentBundle: [name] }));
    const base = lwc('card');
    const { ['lwc/card/card.js-meta.xml']: _meta, ...noMeta } = base;
    void _meta;
    expect(await r(noMeta)).toEqual(['lwc/card: Cannot find Lightning Component Bundle card']);
    const { ['lwc/card/card.js']: _js, ...noJs } = base;
    void _js;
    expect(await r(noJs)).toEqual(['lwc/card: The bundle card has no JavaScript file card.js']);
    expect(await r({ ...base, 'lwc/card/notes.md': '# x' })).toEqual([
      'lwc/card/notes.md: A Lightning web component bundle holds only HTML, JavaScript, CSS and SVG files and its .js-meta.xml'
    ]);
    expect(await r({ ...base, 'lwc/card/other.svg': '<svg/>' })).toEqual([
      "lwc/card/other.svg: A Lightning web component's SVG icon must be named card.svg"
    ]);
    for (const name of ['Card', 'my_card_', 'my__card'])
      expect((await r(lwc(name), name))[0]).toMatch(/folder name must start with a lowercase letter/);
    expect(
      await r({
        ...base,
        'lwc/card/card.js-meta.xml': `<LightningComponentBundle ${NS}><isExposed>sometimes</isExposed></LightningComponentBundle>`
      })
    ).toEqual(['lwc/card/card.js-meta.xml: Error parsing file: isExposed has a value that is not a boolean']);
  });
  it('an Aura bundle: named for the bundle, one definition, at most one of each definition suffix', async () => {
    const a = async (files: Record<string, string>) =>
      problems(await read(files, { AuraDefinitionBundle: ['box'] }));
    expect(
      await a({
        'aura/box/box.cmp': '<aura:component/>',
        'aura/box/boxController.js': '({})',
        'aura/box/box.css': '.THIS{}'
      })
    ).toEqual([]);
    expect(await a({ 'aura/box/box.cmp': '<aura:component/>', 'aura/box/other.js': '({})' })).toEqual([
      'aura/box/other.js: Every file of an Aura bundle is named for the bundle (box) with a definition suffix'
    ]);
    expect(
      await a({ 'aura/box/box.cmp': '<aura:component/>', 'aura/box/box2.cmp': '<aura:component/>' })
    ).toEqual(['aura/box: An Aura bundle holds at most one .cmp file']);
    expect(await a({ 'aura/box/boxController.js': '({})' })).toEqual([
      'aura/box: An Aura bundle holds a definition (.app, .cmp, .evt, .intf or .tokens)'
    ]);
  });
  it('a static resource: the body beside its meta file, contentType required, the body kept as content', async () => {
    const meta = `<StaticResource ${NS}><cacheControl>Private</cacheControl><contentType>application/json</contentType></StaticResource>`;
    const ok = await read(
      { 'staticresources/V.resource': '{"a":1}', 'staticresources/V.resource-meta.xml': meta },
      { StaticResource: ['V'] }
    );
    expect(ok.problems).toEqual([]);
    expect(Buffer.from(String(ok.components[0]!.record.content), 'base64').toString()).toBe('{"a":1}');
    expect(
      problems(await read({ 'staticresources/V.resource-meta.xml': meta }, { StaticResource: ['V'] }))
    ).toEqual(['staticresources/V.resource: StaticResource V has no resource file beside its -meta.xml']);
    expect(
      problems(
        await read(
          {
            'staticresources/V.resource': 'x',
            'staticresources/V.resource-meta.xml': `<StaticResource ${NS}><cacheControl>Private</cacheControl></StaticResource>`
          },
          { StaticResource: ['V'] }
        )
      )
    ).toEqual(['staticresources/V.resource-meta.xml: Required field is missing: contentType']);
  });
  it('an Experience Builder site: its meta file and JSON resources', async () => {
    const meta = `<ExperienceBundle ${NS}><label>Portal</label><type>ChatterNetworkPicasso</type></ExperienceBundle>`;
    const e = async (files: Record<string, string>) =>
      problems(await read(files, { ExperienceBundle: ['portal1'] }));
    expect(
      await e({
        'experiences/portal1.site-meta.xml': meta,
        'experiences/portal1/config/portal.json': '{"type":"site"}',
        'experiences/portal1/views/home.json': '{}'
      })
    ).toEqual([]);
    expect(
      await e({ 'experiences/portal1.site-meta.xml': meta, 'experiences/portal1/views/home.json': '{oops' })
    ).toEqual(['experiences/portal1/views/home.json: Error parsing file: the file is not valid JSON']);
    expect(
      await e({ 'experiences/portal1.site-meta.xml': meta, 'experiences/portal1/views/home.html': '<p/>' })
    ).toEqual([
      'experiences/portal1/views/home.html: ExperienceBundle resources are .json files in the site folder'
    ]);
  });
  it('an enhanced LWR site (DigitalExperienceBundle): content items each with _meta.json and content.json', async () => {
    const dir = 'digitalExperiences/site/Portal1';
    const meta = `<DigitalExperienceBundle ${NS}><label>Portal</label></DigitalExperienceBundle>`;
    const d = async (
      files: Record<string, string>,
      types: Record<string, string[]> = { DigitalExperienceBundle: ['site/Portal1'] }
    ) => problems(await read(files, types));
    const good = {
      [`${dir}/Portal1.digitalExperience-meta.xml`]: meta,
      [`${dir}/sfdc_cms__view/home/_meta.json`]: '{"apiName":"home"}',
      [`${dir}/sfdc_cms__view/home/content.json`]: '{"type":"sfdc_cms__view"}'
    };
    expect(await d(good)).toEqual([]);
    expect(
      await d(good, {
        DigitalExperienceBundle: ['site/Portal1'],
        DigitalExperience: ['site/Portal1.sfdc_cms__view/home']
      })
    ).toEqual([]);
    const { [`${dir}/sfdc_cms__view/home/content.json`]: _c, ...noContent } = good;
    void _c;
    expect(await d(noContent)).toEqual([
      `${dir}/sfdc_cms__view/home: The content item sfdc_cms__view/home has no content.json`
    ]);
    expect(await d({ ...good, [`${dir}/misc/x.json`]: '{}' })).toEqual([
      `${dir}/misc/x.json: Content items are sfdc_cms__<contentType>/<item>/*.json in the workspace folder`
    ]);
  });
});

describe('the limits of a zip', () => {
  it('more than 10,000 files fails the deploy', async () => {
    const zip = new JSZip();
    zip.file('package.xml', manifest({}));
    for (let i = 0; i < 10_001; i++) zip.file(`f/${i}`, '');
    const r = await readPackageZip(await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }));
    expect(problems(r)).toEqual(['package.zip: The deploy archive holds 10002 files; the limit is 10000']);
  }, 60_000);
});

describe("the emulator's XML reader", () => {
  it('reads elements, attributes, character references, CDATA and comments, with lines and columns', () => {
    const x = readXml(
      '<?xml version="1.0"?>\n<!-- c -->\n<a x="1 &amp; 2">\n  <b>&lt;&#65;&#x42;</b><c><![CDATA[<raw>]]></c>\n</a>'
    );
    expect(x).toMatchObject({ name: 'a', attrs: { x: '1 & 2' }, line: 3, column: 1 });
    expect(x.children.map((c) => [c.name, c.text, c.line, c.column])).toEqual([
      ['b', '<AB', 4, 3],
      ['c', '<raw>', 4, 25]
    ]);
  });
  it.each([
    ['<!DOCTYPE a [<!ENTITY x "y">]><a/>', 'a document type or other declaration'],
    ['<a>&ent;</a>', 'a reference to an undeclared entity'],
    ['<a>& b</a>', 'an & that starts no character reference'],
    ['<a>&#0;</a>', 'a character reference to a character XML does not allow'],
    ['<a>t<b/></a>', 'text and elements mixed'],
    ['<a><b></a>', 'closing tag for the element opened on line 1 has another name'],
    ['<a>', 'is never closed'],
    ['<a/><b/>', 'a second root element'],
    ['', 'no root element'],
    ['<a x="1" x="2"/>', 'an attribute given twice'],
    ['<a x=1/>', 'expected a quoted attribute value'],
    ['x<a/>', 'text outside the root element']
  ])('refuses %j', (src, reason) => {
    expect(() => readXml(src)).toThrow(XmlSyntaxError);
    expect(() => readXml(src)).toThrow(reason);
  });
});

describe("the emulator's reading of the WSDL declarations", () => {
  it('enumerations, complex types, extensions (one or more bases) and aliases', () => {
    const t = deriveTypes(
      "export type E = 'a' | 'b';\nexport type One = 'x';\nexport type M = { fullName?: string };\nexport type S = { id?: string };\n" +
        'export type T = M & { n: number; l: string[]; e?: E };\nexport type U = M & S & { b?: boolean };\nexport type A = T;\nexport type EA = E;\nexport type O = object;'
    );
    expect([...(t.enums.get('E') ?? [])]).toEqual(['a', 'b']);
    expect([...(t.enums.get('One') ?? [])]).toEqual(['x']);
    expect([...(t.enums.get('EA') ?? [])]).toEqual(['a', 'b']);
    expect(t.complex.get('T')).toEqual({
      bases: ['M'],
      fields: {
        n: { type: 'number', many: false, optional: false },
        l: { type: 'string', many: true, optional: false },
        e: { type: 'E', many: false, optional: true }
      }
    });
    expect(t.complex.get('U')?.bases).toEqual(['M', 'S']);
    expect(extendsType(t, 'A', 'M')).toBe(true);
    expect(extendsType(t, 'U', 'S')).toBe(true);
    expect(t.complex.get('O')).toEqual({ bases: [], fields: {} });
  });
});
