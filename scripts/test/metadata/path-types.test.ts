import { readdirSync, writeFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { DeployabilityRun } from '../../src/metadata/posture';
import { Ambiguous, typeByPath } from '../../src/metadata/path-types';
import { resolveMetadataFiles, type Resolution } from '../../src/metadata/resolve';
import { loadProject } from '../../src/posture/source/loader';
import { walkFiles } from '../../src/project/files';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { FIXTURES, REPO_ROOT } from '../helpers/paths';
import { md, writeProject } from '../helpers/project';

/**
 * Typing metadata by folder and suffix (path-types.ts) must give exactly SDR's answer
 * (resolveMetadataFiles, SDR's MetadataResolver: the judge here, not our code), or say that the
 * path does not settle it (Ambiguous), and verify then asks SDR.
 */
function both(root: string): { fast: Resolution | Ambiguous; ref: Resolution } {
  const project = loadSfdxProject(root);
  const listing = new Map<string, Dirent[]>();
  walkFiles(project.packageDirs, () => true, listing);
  let fast: Resolution | Ambiguous;
  try {
    fast = typeByPath(project.packageDirs, listing, project.root);
  } catch (e) {
    if (!(e instanceof Ambiguous)) throw e;
    fast = e;
  }
  return { fast, ref: resolveMetadataFiles(project.packageDirs, project.root) };
}

/** Every fixture project of the test suite (those with an sfdx-project.json that loads). */
function fixtureProjects(dir = FIXTURES, out: string[] = []): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.name === 'sfdx-project.json' && e.isFile())) {
    try {
      loadSfdxProject(dir);
      out.push(dir);
    } catch {
      // a fixture of a broken project file: not a typing case
    }
  }
  for (const e of entries)
    if (e.isDirectory() && e.name !== 'node_modules') fixtureProjects(path.join(dir, e.name), out);
  return out;
}

const OBJECT_FILES = {
  'objects/Patient__c/Patient__c.object-meta.xml': md.object(),
  'objects/Patient__c/fields/Diagnosis__c.field-meta.xml': md.field('Diagnosis__c'),
  'objects/Patient__c/listViews/All.listView-meta.xml': md.raw('ListView', '<fullName>All</fullName>'),
  'objects/Patient__c/recordTypes/A.recordType-meta.xml': md.raw('RecordType', '<fullName>A</fullName>'),
  'classes/Intake.cls': 'public with sharing class Intake {}\n',
  'classes/Intake.cls-meta.xml': md.raw('ApexClass', '<apiVersion>64.0</apiVersion>'),
  'triggers/PatientTrigger.trigger': 'trigger PatientTrigger on Patient__c (before insert) {}\n',
  'triggers/PatientTrigger.trigger-meta.xml': md.raw('ApexTrigger', '<apiVersion>64.0</apiVersion>'),
  'permissionsets/Reader.permissionset-meta.xml': md.permset(''),
  'settings/Security.settings-meta.xml': md.raw('SecuritySettings', ''),
  'lwc/intakeForm/intakeForm.js': 'export default class {}\n',
  'lwc/intakeForm/intakeForm.js-meta.xml': md.raw(
    'LightningComponentBundle',
    '<apiVersion>64.0</apiVersion>'
  ),
  'aura/Portal/Portal.cmp': '<aura:component/>\n',
  'aura/Portal/Portal.cmp-meta.xml': md.raw('AuraDefinitionBundle', '<apiVersion>64.0</apiVersion>'),
  'staticresources/logo.png': 'png',
  'staticresources/logo.resource-meta.xml': md.raw('StaticResource', '<contentType>image/png</contentType>'),
  'documents/Shared.documentFolder-meta.xml': md.raw('DocumentFolder', '<name>Shared</name>'),
  'documents/Shared/terms.txt': 'terms',
  'documents/Shared/terms.document-meta.xml': md.raw('Document', '<name>terms</name>'),
  'reports/Ops.reportFolder-meta.xml': md.raw('ReportFolder', '<name>Ops</name>'),
  'reports/Ops/Open.report-meta.xml': md.raw('Report', '<name>Open</name>'),
  'layouts/Patient__c-Layout.layout-meta.xml': md.raw('Layout', '')
};

describe('metadata types by folder and suffix, held to SDR', () => {
  // SDR's worker thread (started by the reference path) stops itself once idle for 3 s.
  afterAll(() => new Promise((r) => setTimeout(r, 3500)));

  it('types this repository and every fixture project exactly as SDR does, or defers to SDR', () => {
    const roots = [REPO_ROOT, ...fixtureProjects()];
    expect(roots.length).toBeGreaterThan(10);
    let settled = 0;
    for (const root of roots) {
      const { fast, ref } = both(root);
      if (fast instanceof Ambiguous) continue;
      settled++;
      expect({ root, files: fast.files }).toEqual({ root, files: ref.files });
      // SDR types every file the path typer answers for (it answers only when SDR can).
      expect({ root, unresolved: ref.unresolved }).toEqual({ root, unresolved: [] });
    }
    // The fast path is the common case, not a rarity: this repository is one of them.
    expect(both(REPO_ROOT).fast).not.toBeInstanceOf(Ambiguous);
    expect(settled).toBeGreaterThan(roots.length / 2);
  });

  it('types objects and their children, Apex, bundles, static resources, documents and report folders as SDR does', () => {
    const root = writeProject(OBJECT_FILES);
    const { fast, ref } = both(root);
    expect(fast).not.toBeInstanceOf(Ambiguous);
    expect((fast as Resolution).files).toEqual(ref.files);
    expect(ref.files.map((f) => f.type)).toEqual(
      expect.arrayContaining([
        'CustomObject',
        'CustomField',
        'ListView',
        'RecordType',
        'ApexClass',
        'LightningComponentBundle',
        'StaticResource',
        'Document',
        'DocumentFolder',
        'Report',
        'ReportFolder'
      ])
    );
  });

  it('honours .forceignore exactly as SDR does', () => {
    const root = writeProject({
      ...OBJECT_FILES,
      '/.forceignore': '**/fields/Diagnosis__c.field-meta.xml\n**/lwc/intakeForm\n'
    });
    const { fast, ref } = both(root);
    expect(fast).not.toBeInstanceOf(Ambiguous);
    expect((fast as Resolution).files).toEqual(ref.files);
    expect(ref.files.some((f) => f.file.endsWith('Diagnosis__c.field-meta.xml'))).toBe(false);
  });

  it.each([
    ['a suffix SDR does not know', { 'classes/X.notatype-meta.xml': md.raw('ApexClass', '') }],
    [
      'an Apex class whose source file is missing',
      { 'classes/Lonely.cls-meta.xml': md.raw('ApexClass', '') }
    ],
    [
      'a strict-folder type it does not model',
      { 'fieldRestrictionRules/Hide.rule-meta.xml': md.raw('FieldRestrictionRule', '') }
    ],
    ['an Experience bundle', { 'experiences/portal1/config/portal1.json': '{}' }],
    [
      'a folder under a test folder the loader skips',
      { 'classes/__tests__/x.cls-meta.xml': md.raw('ApexClass', '') }
    ]
  ])('defers to SDR on %s', (_name, files) => {
    const { fast } = both(writeProject(files));
    expect(fast).toBeInstanceOf(Ambiguous);
  });

  it('types a decomposed Bot folder as SDR does', () => {
    const { fast, ref } = both(
      writeProject({
        'bots/Helper/Helper.bot-meta.xml': md.raw('Bot', '<label>Helper</label>'),
        'bots/Helper/v1.botVersion-meta.xml': md.raw('BotVersion', '<fullName>v1</fullName>')
      })
    );
    expect(fast).not.toBeInstanceOf(Ambiguous);
    expect((fast as Resolution).files).toEqual(ref.files);
    expect(ref.files.map((f) => f.type)).toEqual(['Bot', 'BotVersion']);
  });

  const x = (root: string) => md.raw(root, '');
  it('types a site, its Network and its Experience bundle as SDR does (the .site suffix by folder)', () => {
    const { fast, ref } = both(
      writeProject({
        'sites/Portal.site-meta.xml': x('CustomSite'),
        'networks/Portal.network-meta.xml': x('Network'),
        'experiences/Portal1.site-meta.xml': x('ExperienceBundle'),
        'experiences/Portal1/config/portal1.json': '{}',
        'experiences/Portal1/brandingSets/portal.json': '{}'
      })
    );
    expect(fast).not.toBeInstanceOf(Ambiguous);
    expect((fast as Resolution).files).toEqual(ref.files);
    expect(ref.files.map((f) => f.type).sort()).toEqual(['CustomSite', 'ExperienceBundle', 'Network']);
  });

  it.each<[string, Record<string, string>]>([
    [
      'a static resource folder',
      {
        'staticresources/site/index.html': '<p/>',
        'staticresources/site.resource-meta.xml': x('StaticResource')
      }
    ],
    [
      'a static resource without content',
      { 'staticresources/orphan.resource-meta.xml': x('StaticResource') }
    ],
    [
      'an empty static resource folder',
      { 'staticresources/empty/.keep': '', 'staticresources/empty.resource-meta.xml': x('StaticResource') }
    ],
    [
      'a type folder inside a static resource',
      {
        'staticresources/s/staticresources/a.txt': 'a',
        'staticresources/s.resource-meta.xml': x('StaticResource')
      }
    ],
    ['a metadata file beside the LWC bundles', { 'lwc/stray.js-meta.xml': x('LightningComponentBundle') }],
    ['an LWC bundle without its metadata file', { 'lwc/noMeta/noMeta.js': '' }],
    [
      'an LWC bundle with two metadata files',
      {
        'lwc/two/two.js-meta.xml': x('LightningComponentBundle'),
        'lwc/two/two.css-meta.xml': x('LightningComponentBundle')
      }
    ],
    [
      'a content file beside the Aura bundles',
      { 'aura/readme.md': '#', 'aura/A/A.cmp': '<a/>', 'aura/A/A.cmp-meta.xml': x('AuraDefinitionBundle') }
    ],
    [
      'fields of a standard object without its object file',
      { 'objects/Account/fields/Tier__c.field-meta.xml': md.field('Tier__c') }
    ],
    [
      'a list view without its object file',
      { 'objects/Account/listViews/All.listView-meta.xml': x('ListView') }
    ],
    [
      'an object folder holding a file of another type',
      { 'objects/P__c/P__c.object-meta.xml': md.object(), 'objects/P__c/x/Y.cls-meta.xml': x('ApexClass') }
    ],
    ['a misnamed object file', { 'objects/P__c/Q__c.object-meta.xml': md.object() }],
    ['a file directly in objects/', { 'objects/P__c.object-meta.xml': md.object() }],
    [
      'a non-metadata file in an object folder',
      { 'objects/P__c/P__c.object-meta.xml': md.object(), 'objects/P__c/notes.txt': 'n' }
    ],
    ['a document without its file', { 'documents/Shared/terms.document-meta.xml': x('Document') }],
    [
      'a nested document folder',
      { 'documents/Shared/sub/a.txt': 'a', 'documents/Shared/sub/a.document-meta.xml': x('Document') }
    ],
    [
      'a stray file in documents/',
      { 'documents/readme.txt': 'r', 'documents/Shared.documentFolder-meta.xml': x('DocumentFolder') }
    ],
    [
      'email templates in their folder',
      {
        'email/Notices.emailFolder-meta.xml': x('EmailFolder'),
        'email/Notices/Welcome.email': 'Hi',
        'email/Notices/Welcome.email-meta.xml': x('EmailTemplate')
      }
    ],
    [
      'Metadata API files (no -meta.xml)',
      { 'layouts/P__c-Layout.layout': x('Layout'), 'tabs/P__c.tab': x('CustomTab') }
    ],
    ['a Metadata API file outside its type folder', { 'misc/P__c-Layout.layout': x('Layout') }],
    [
      'a report folder metadata file',
      { 'reports/Ops-meta.xml': x('ReportFolder'), 'reports/Ops/Open.report-meta.xml': x('Report') }
    ],
    ['a folder named like a component', { 'stuff/Thing.cls/readme.txt': 'r' }],
    ['a report outside reports/', { 'misc/Open.report-meta.xml': x('Report') }],
    [
      'a site, its Network and its Experience bundle',
      {
        'sites/Portal.site-meta.xml': x('CustomSite'),
        'networks/Portal.network-meta.xml': x('Network'),
        'experiences/Portal1.site-meta.xml': x('ExperienceBundle'),
        'experiences/Portal1/config/portal1.json': '{}',
        'experiences/Portal1/brandingSets/portal.json': '{}',
        'experiences/Portal1/views/home.json': '{}'
      }
    ],
    [
      'an Experience bundle file without its folder',
      { 'experiences/Lone1.site-meta.xml': x('ExperienceBundle') }
    ],
    [
      'a stray file in experiences/',
      {
        'experiences/Portal1.site-meta.xml': x('ExperienceBundle'),
        'experiences/Portal1/views/home.json': '{}',
        'experiences/readme.md': '#'
      }
    ],
    [
      'a metadata file inside an Experience bundle',
      {
        'experiences/Portal1.site-meta.xml': x('ExperienceBundle'),
        'experiences/Portal1/views/home.json': '{}',
        'experiences/Portal1/views/Extra.cls-meta.xml': x('ApexClass')
      }
    ],
    ['a Metadata API site file (no -meta.xml)', { 'sites/Portal.site': x('CustomSite') }],
    ['a site file of another suffix', { 'sites/Portal.network-meta.xml': x('Network') }],
    [
      'an object translation',
      {
        'objectTranslations/P__c-es/P__c-es.objectTranslation-meta.xml': x('CustomObjectTranslation'),
        'objectTranslations/P__c-es/A__c.fieldTranslation-meta.xml': x('CustomFieldTranslation')
      }
    ]
  ])('agrees with SDR on %s, or defers to it', (_name, files) => {
    const { fast, ref } = both(writeProject(files));
    // Deferring is always allowed; an answer must be SDR's, for a project SDR types in full.
    const answer = fast instanceof Ambiguous ? 'defers to SDR' : { files: fast.files, unresolved: [] };
    const sdr =
      fast instanceof Ambiguous ? 'defers to SDR' : { files: ref.files, unresolved: ref.unresolved };
    expect(answer).toEqual(sdr);
  });

  it('defers to SDR when the package directory is itself a type folder', () => {
    const root = writeProject({ '/objects/P__c/P__c.object-meta.xml': md.object() });
    writeFileSync(
      path.join(root, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'objects', default: true }], sourceApiVersion: '64.0' })
    );
    expect(both(root).fast).toBeInstanceOf(Ambiguous);
  });

  it('defers to SDR when sfdx-project.json customises the registry', () => {
    const root = writeProject(OBJECT_FILES);
    writeFileSync(
      path.join(root, 'sfdx-project.json'),
      JSON.stringify({
        packageDirectories: [{ path: 'force-app', default: true }],
        sourceApiVersion: '64.0',
        registryPresets: ['decomposePermissionSetBeta2']
      })
    );
    expect(both(root).fast).toBeInstanceOf(Ambiguous);
    expect(new DeployabilityRun(loadSfdxProject(root), new Map()).typedBy).toBe('sdr');
  });

  it('verify judges deployability identically on the fast and the reference path', () => {
    const root = writeProject({
      ...OBJECT_FILES,
      'objects/Patient__c/fields/Bad__c.field-meta.xml': md.field('Bad__c', {
        notAnElement: 'x',
        length: 'many'
      })
    });
    const fast = loadProject(loadSfdxProject(root));
    const before = process.env.PHI_GUARD_METADATA_TYPES;
    process.env.PHI_GUARD_METADATA_TYPES = 'sdr';
    try {
      const ref = loadProject(loadSfdxProject(root));
      expect(fast.deployability).toEqual(ref.deployability);
      expect(ref.deployability!.problems.length).toBeGreaterThanOrEqual(2);
      expect(new DeployabilityRun(loadSfdxProject(root), new Map()).typedBy).toBe('sdr');
    } finally {
      if (before === undefined) delete process.env.PHI_GUARD_METADATA_TYPES;
      else process.env.PHI_GUARD_METADATA_TYPES = before;
    }
  });
});
