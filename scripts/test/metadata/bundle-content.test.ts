import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gateInputsHash, runGate } from '../../src/deploy/gate';
import { bundleFiles } from '../../src/metadata/bundle-content';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { validatePackageDirs } from '../../src/metadata/validate';
import { lwcBundle, apexClassesOf } from '../../src/posture/lwc';
import {
  keyLine,
  parseExperienceBundle,
  placedComponents,
  themeLayoutOf
} from '../../src/posture/site-bundle';
import { CANARY, expectNoCanary } from '../helpers/project';
import { REPO_ROOT } from '../helpers/paths';
import { runInProcess } from '../helpers/run-in-process';

jest.setTimeout(300_000);

const FORCE_APP = path.join(REPO_ROOT, 'force-app');
const BUNDLE = 'force-app/main/default/experiences/Patient_Portal1';

/** A copy of this repo's force-app (and project files) to plant problems in. */
function copyProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-site-'));
  cpSync(FORCE_APP, path.join(dir, 'force-app'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'sfdx-project.json'), path.join(dir, 'sfdx-project.json'));
  cpSync(path.join(REPO_ROOT, 'config'), path.join(dir, 'config'), { recursive: true });
  return dir;
}
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function edit(dir: string, rel: string, change: (text: string) => string) {
  const file = path.join(dir, rel);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

const validate = (dir: string) =>
  validatePackageDirs([path.join(dir, 'force-app')], {
    relative: (f) => path.relative(dir, f).split(path.sep).join('/')
  });

describe('site bundle content in the deployability layer', () => {
  it("this repo's ExperienceBundle and its components pass, and every resource is counted", () => {
    const dir = copyProject();
    dirs.push(dir);
    const r = validate(dir);
    expect(r.problems).toEqual([]);
    // The JSON resources are counted beside the XML files.
    expect(r.filesChecked).toBeGreaterThan(200);
  });

  it('reports each rule with file, line, key and reference, never a value from the file', () => {
    const dir = copyProject();
    dirs.push(dir);
    const views = `${BUNDLE}/views`;
    edit(dir, `${views}/home.json`, (t) =>
      t
        .replace('"revealSeconds": 30', `"revealSeconds": 500, "nickname": "${CANARY}"`)
        .replace('"c:healthIntakeForm"', '"c:noSuchComponent"')
    );
    edit(dir, `${views}/error.json`, (t) => t.replace('"viewType": "error"', '"viewType": "oops"'));
    edit(dir, `${BUNDLE}/routes/home.json`, (t) =>
      t.replace('"pageAccess": "UseParent"', `"pageAccess": "${CANARY}"`)
    );
    edit(dir, `${BUNDLE}/routes/login.json`, (t) =>
      t.replace(/"appPageId": "[^"]+"/, '"appPageId": "nowhere"')
    );
    edit(dir, `${BUNDLE}/config/patientPortal.json`, (t) =>
      t.replace(/"mainAppPageId": "[^"]+"/, '"mainAppPageId": "x"')
    );
    writeFileSync(path.join(dir, `${BUNDLE}/routes/extra.json`), `{ "label": "${CANARY}", `);
    writeFileSync(path.join(dir, `${BUNDLE}/views/notes.txt`), CANARY);
    writeFileSync(path.join(dir, `${BUNDLE}/themes/other.json`), '{ "type": "route" }\n');
    const r = validate(dir);
    const lines = r.problems.map(
      (p) => `${p.file.replace(`${BUNDLE}/`, '')}:${p.line ?? ''} <${p.path}> ${p.message}`
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^routes\/extra\.json:1 <routes\/extra\.json> malformed JSON/),
        expect.stringMatching(/^views\/notes\.txt: <views\/notes\.txt> not a \.json resource/),
        expect.stringMatching(
          /^themes\/other\.json:1 <themes\/other\.json> "type" must be theme in themes\//
        ),
        expect.stringMatching(
          /^routes\/home\.json:\d+ <routes\/home\.json\/pageAccess> pageAccess must be one of UseParent, Public, RequiresLogin/
        ),
        expect.stringMatching(
          /^routes\/login\.json:\d+ <routes\/login\.json\/appPageId> a route must name an app page/
        ),
        expect.stringMatching(
          /^views\/error\.json:\d+ <views\/error\.json\/viewType> a view's viewType must match/
        ),
        expect.stringMatching(
          /^views\/home\.json:\d+ <views\/home\.json\/c:patientPrescriptions\/revealSeconds> outside the property's range \(5 to 120\)/
        ),
        expect.stringMatching(
          /^views\/home\.json:\d+ <views\/home\.json\/c:patientPrescriptions\/nickname> not a property/
        ),
        expect.stringMatching(
          /^views\/home\.json:\d+ <views\/home\.json\/c:noSuchComponent> a placed custom component must exist/
        ),
        expect.stringMatching(
          /^config\/patientPortal\.json:\d+ <config\/patientPortal\.json\/mainAppPageId> mainAppPageId must name an app page/
        )
      ])
    );
    for (const p of r.problems.filter((x) => x.kind === 'rule')) expect(p.url).toMatch(/^https:\/\//);
    expectNoCanary(JSON.stringify(r.problems));
  });

  it('a component that is not exposed to Experience Builder pages cannot be placed', () => {
    const dir = copyProject();
    dirs.push(dir);
    edit(dir, 'force-app/main/default/lwc/portalSignedOut/portalSignedOut.js-meta.xml', (t) =>
      t.replace('<isExposed>true</isExposed>', '<isExposed>false</isExposed>')
    );
    const r = validate(dir);
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('a placed component must be exposed with the lightningCommunity__Page target')
    ]);
  });

  it('DigitalExperienceBundle content: JSON that parses, and content items of their folder type', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-dxb-'));
    dirs.push(dir);
    writeFileSync(
      path.join(dir, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app' }] })
    );
    const site = path.join(dir, 'force-app/main/default/digitalExperiences/site/Shop1');
    const write = (rel: string, text: string) => {
      const f = path.join(site, rel);
      mkdirSync(path.dirname(f), { recursive: true });
      writeFileSync(f, text);
    };
    write(
      'Shop1.digitalExperience-meta.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<DigitalExperienceBundle xmlns="http://soap.sforce.com/2006/04/metadata">\n  <label>Shop</label>\n</DigitalExperienceBundle>\n'
    );
    write('sfdc_cms__view/home/content.json', '{ "type": "sfdc_cms__route" }');
    write('sfdc_cms__view/home/_meta.json', '{ "apiName": "home" ');
    write('sfdc_cms__route/Home/content.json', '{ "type": "sfdc_cms__route" }');
    const r = validate(dir);
    expect(r.problems.map((p) => [p.file.split('/').slice(-3).join('/'), p.kind])).toEqual(
      expect.arrayContaining([
        ['sfdc_cms__view/home/_meta.json', 'malformed'],
        ['sfdc_cms__view/home/content.json', 'rule']
      ])
    );
    expect(r.problems.some((p) => p.file.includes('sfdc_cms__route'))).toBe(false);
  });

  it("the deploy gate rejects a broken page, and the bundle's JSON is part of its inputs hash", async () => {
    const dir = copyProject();
    dirs.push(dir);
    const project = loadSfdxProject(dir);
    const before = gateInputsHash(project, 'high');
    edit(dir, `${BUNDLE}/views/error.json`, (t) => t.replace('"viewType": "error"', '"viewType": "oops"'));
    expect(gateInputsHash(project, 'high')).not.toBe(before);
    const gate = await runGate(project, {
      failOn: 'high',
      now: new Date('2026-11-25T12:00:00Z'),
      cache: { disabled: true }
    });
    expect(gate.passed).toBe(false);
    expect(gate.metadata.passed).toBe(false);
    expect(gate.metadata.problems).toEqual([
      expect.stringMatching(
        /experiences\/Patient_Portal1\/views\/error\.json:\d+: <views\/error\.json\/viewType>/
      )
    ]);
  });

  it('metadata-validate fails naming the file and line, exit 1', async () => {
    const dir = copyProject();
    dirs.push(dir);
    edit(dir, `${BUNDLE}/views/error.json`, (t) => t.replace('"viewType": "error"', '"viewType": "oops"'));
    const run = await runInProcess(['metadata-validate', '-d', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /experiences\/Patient_Portal1\/views\/error\.json:\d+: <views\/error\.json\/viewType>/
    );
  });
});

describe('reading a site bundle and its components', () => {
  const bundleDir = path.join(FORCE_APP, 'main/default/experiences/Patient_Portal1');
  const model = parseExperienceBundle('Patient_Portal1', bundleFiles(bundleDir));

  it('reads config, app pages, routes, views and theme; places nested components under their top region', () => {
    expect(model.problems).toEqual([]);
    expect(model.config).toMatchObject({ isAvailableToGuests: false });
    expect(model.appPages.find((p) => p.label === 'main')).toMatchObject({
      isRelaxedCSPLevel: false,
      isLockerServiceEnabled: true
    });
    expect(model.routes).toHaveLength(8);
    const home = model.views.find((v) => v.viewType === 'home')!;
    expect(placedComponents(home).map((c) => `${c.region}:${c.name}`)).toEqual([
      'content:c:patientPrescriptions',
      'sidebar:c:healthIntakeForm',
      'footer:c:sessionTimeoutGuard',
      'sfdcHiddenRegion:forceCommunity:seoAssistant'
    ]);
    const layout = themeLayoutOf(model, home)!;
    expect(placedComponents(layout).map((c) => `${c.region}:${c.name}`)).toEqual([
      'themeHeader:forceCommunity:themeHeaderCompact',
      'themeHeader:forceCommunity:customizableUserProfileMenu',
      'themeHeader:forceCommunity:themeNav'
    ]);
    expect(keyLine('{\n  "a": 1,\n  "b" : 2\n}', 'b')).toBe(3);
    expect(keyLine('{}', 'b')).toBeUndefined();
  });

  it('reads what a component imports, nests and lets a page set', () => {
    const dir = path.join(FORCE_APP, 'main/default/lwc/patientPrescriptions');
    const file = (f: string) => ({
      file: `lwc/patientPrescriptions/${f}`,
      text: readFileSync(path.join(dir, f), 'utf8')
    });
    const f = lwcBundle('patientPrescriptions', file('patientPrescriptions.js-meta.xml'), [
      file('patientPrescriptions.js'),
      file('patientPrescriptions.html'),
      { file: 'lwc/patientPrescriptions/notes.txt', text: "import x from '@salesforce/apex/Not.read';" }
    ]);
    expect(f).toMatchObject({
      exposed: true,
      targets: ['lightningCommunity__Page', 'lightningCommunity__Default'],
      at: { file: 'lwc/patientPrescriptions/patientPrescriptions.js-meta.xml' }
    });
    expect(f.apexImports.map((i) => `${i.className}.${i.method}`).sort()).toEqual([
      'PatientPortalController.getMyPrescriptions',
      'PatientPortalController.revealField'
    ]);
    expect(f.apexImports[0]!.at).toMatchObject({ file: 'lwc/patientPrescriptions/patientPrescriptions.js' });
    expect(f.children.map((c) => c.name)).toEqual(['phiMaskedValue']);
    expect(f.siteProperties?.get('revealSeconds')).toMatchObject({
      type: 'Integer',
      min: 5,
      max: 120,
      defaultValue: '30'
    });
    const all = new Map([['patientPrescriptions', f]]);
    expect(apexClassesOf('patientPrescriptions', all)).toEqual({
      classes: new Set(['PatientPortalController']),
      unknown: ['phiMaskedValue']
    });
    // A namespaced import is the class as class access names it (ns__Class).
    const ns = lwcBundle('n', { file: 'n.js-meta.xml', text: '<LightningComponentBundle/>' }, [
      { file: 'n.js', text: "import m from '@salesforce/apex/acme.Portal.get';\n" }
    ]);
    expect(apexClassesOf('n', new Map([['n', ns]])).classes).toEqual(new Set(['acme__Portal']));
    expect(() => lwcBundle('x', { file: 'x', text: '<LightningComponentBundle>' })).toThrow();
  });
});
