import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { apexLsReads, javaLibDir } from '../../src/apex/apexls';
import { PMD_XML_AUDITED_ENGINE, pmdReads } from '../../src/apex/pmd';
import { packageVersion } from '../../src/deploy/gate-inputs';

/**
 * Which files apex-ls and PMD read: the gate cache keys each on exactly those (deploy/gate-inputs.ts). PMD's XML
 * rules are judged against the rule set the installed engine ships (its jar), not against our reading of it.
 */
const ENGINE = packageVersion('@salesforce/code-analyzer-pmd-engine');
const bytes = (s: string) => () => Buffer.from(s, 'utf8');
const PERMSET = `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <description>Clinical staff</description>
    <label>Clinical Staff</label>
</PermissionSet>
`;

/** One file of a jar (a zip): found through the central directory, stored or deflated. */
function jarEntry(jar: string, name: string): string {
  const z = readFileSync(jar);
  let eocd = z.length - 22;
  while (eocd >= 0 && z.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let p = z.readUInt32LE(eocd + 16);
  for (let i = 0; i < z.readUInt16LE(eocd + 10); i++) {
    const method = z.readUInt16LE(p + 10);
    const size = z.readUInt32LE(p + 20);
    const nameLen = z.readUInt16LE(p + 28);
    const next = p + 46 + nameLen + z.readUInt16LE(p + 30) + z.readUInt16LE(p + 32);
    if (z.toString('utf8', p + 46, p + 46 + nameLen) === name) {
      const local = z.readUInt32LE(p + 42);
      const start = local + 30 + z.readUInt16LE(local + 26) + z.readUInt16LE(local + 28);
      const data = z.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    p = next;
  }
  throw new Error(`${name} not in ${jar}`);
}

describe('the files apex-ls reads', () => {
  it.each([
    'A.cls',
    'A.cls-meta.xml',
    'T.trigger',
    'T.trigger-meta.xml',
    'Patient__c.object-meta.xml',
    'Policy__mdt.object-meta.xml',
    'Event__e.object-meta.xml',
    'MRN__c.field-meta.xml',
    'Set.fieldSet-meta.xml',
    'Reason.sharingReason-meta.xml',
    'Intake.flow-meta.xml',
    'CustomLabels.labels-meta.xml',
    'Portal.page',
    'Header.component',
    'A.CLS'
  ])('%s: read', (name) => expect(apexLsReads(name)).toBe(true));

  it.each([
    'Clinical_Staff.permissionset-meta.xml',
    'Admin.profile-meta.xml',
    'Patient__c-Layout.layout-meta.xml',
    'Logo.resource-meta.xml',
    'Logo.resource',
    'patientCard.js',
    'Policy.Contact.md-meta.xml',
    'Lab.remoteSite-meta.xml'
  ])('%s: not read', (name) => expect(apexLsReads(name)).toBe(false));
});

describe('the files PMD reports in', () => {
  it('by extension: Apex, Visualforce, LWC and Aura sources are keyed on their bytes; CSS, JSON, resources only by name', () => {
    for (const n of ['A.cls', 'T.trigger', 'P.page', 'C.component', 'c.js', 'c.html', 'a.cmp'])
      expect(pmdReads(n, bytes(''), ENGINE)).toBe('bytes');
    for (const n of ['c.css', 'x.json', 'Logo.resource', 'c.svg', 'README.md'])
      expect(pmdReads(n, bytes(''), ENGINE)).toBe('name');
  });

  it('an XML file no selected rule looks into (a permission set, a profile, a layout) is keyed by name only', () => {
    expect(ENGINE).toBe(PMD_XML_AUDITED_ENGINE);
    expect(pmdReads('Clinical_Staff.permissionset-meta.xml', bytes(PERMSET), ENGINE)).toBe('name');
    const commented = PERMSET.replace('<label>', '<!-- reviewed quarterly --><label>');
    expect(pmdReads('Clinical_Staff.permissionset-meta.xml', bytes(commented), ENGINE)).toBe('name');
  });

  it.each([
    ['a session id in any text', PERMSET.replace('Clinical staff', 'uses {!$Api.Session_ID}')],
    ['GETSESSIONID', PERMSET.replace('Clinical staff', 'UserInfo.getSessionId()')],
    ['an element named url', PERMSET.replace('<label>', '<url>x</url><label>')],
    ['a rule root element', PERMSET.replace(/PermissionSet/g, 'RemoteSiteSetting')],
    ['an entity reference', PERMSET.replace('Clinical staff', 'A &amp; B')],
    ['a DOCTYPE', PERMSET.replace('<PermissionSet', '<!DOCTYPE p>\n<PermissionSet')],
    ['an ENTITY declaration', PERMSET.replace('<PermissionSet', '<!ENTITY x "y">\n<PermissionSet')],
    ['a non-ASCII letter upper-case() may fold to ASCII', PERMSET.replace('Clinical staff', 'API.ſESSION_ID')]
  ])('an XML file with %s is keyed on its bytes', (_what, text) =>
    expect(pmdReads('X.permissionset-meta.xml', bytes(text), ENGINE)).toBe('bytes')
  );

  it('fields and objects are always keyed on their bytes (ProtectSensitiveData reads a field and its object)', () => {
    expect(pmdReads('MRN__c.field-meta.xml', bytes('<x/>'), ENGINE)).toBe('bytes');
    expect(pmdReads('P__c.object-meta.xml', bytes('<x/>'), ENGINE)).toBe('bytes');
  });

  it('another PMD engine version (other rules): every XML file is keyed on its bytes', () => {
    expect(pmdReads('Clinical_Staff.permissionset-meta.xml', bytes(PERMSET), '0.0.1')).toBe('bytes');
  });

  it("every XML rule the engine ships looks only for what pmdReads looks for (the jar's own rule set)", () => {
    const jar = path.join(javaLibDir(), 'sfca-pmd-rules-1.0.0.jar');
    const ruleset = jarEntry(jar, 'sfca/rulesets/AppExchange_xml.xml');
    const rules = [...ruleset.matchAll(/<rule name="(\w+)"[^>]*?class="([\w.]+)"[\s\S]*?<\/rule>/g)];
    expect(rules.length).toBeGreaterThan(10);
    /** For each rule, documents holding what it looks for: pmdReads must key each on its bytes. */
    const probes = (name: string, cls: string, body: string): string[] => {
      if (cls === 'com.salesforce.security.pmd.xml.DetectSecretsInCustomObjects') return []; // fields and objects
      if (cls !== 'net.sourceforge.pmd.lang.rule.xpath.XPathRule') return [`${name}: an unknown rule class`];
      const xpath = /<!\[CDATA\[\s*([\s\S]*?)\s*\]\]>/.exec(body)?.[1] ?? '';
      // anchored at a root element
      const root = /^\/document\/(\w+)(\/|$)/.exec(xpath)?.[1];
      if (root) return [PERMSET.replace(/PermissionSet/g, root)];
      // a text anywhere, holding one of the words it names
      if (xpath.startsWith('//text['))
        return [...xpath.matchAll(/"([A-Z_.]+)"/g)].map(([, w]) => PERMSET.replace('Clinical staff', w!));
      // an element named url anywhere
      if (xpath.startsWith('/document//url/')) return [PERMSET.replace('<label>', '<url>x</url><label>')];
      return [`${name}: an XPath pmdReads does not know`];
    };
    const all = rules.flatMap(([body, name, cls]) => probes(name!, cls!, body).map((doc) => ({ name, doc })));
    expect(all.length).toBeGreaterThanOrEqual(rules.length - 1);
    expect(all.filter((p) => pmdReads('X.xml', bytes(p.doc), ENGINE) !== 'bytes')).toEqual([]);
  });
});
