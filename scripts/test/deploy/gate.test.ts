import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gateInputsHash, runGate } from '../../src/deploy/gate';
import { DEFAULT_CACHE_DIR, GateCache, KEY_FILE, userCacheBase } from '../../src/deploy/gate-cache';
import { gateInputs, javaIdentity, packageVersion } from '../../src/deploy/gate-inputs';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { breakSchema, FIXTURE } from './fixture-org';

/**
 * The static gate's inputs and its cache (issue 19 item 1, issue 22). The project here has a metadata schema
 * problem, so the gate stops before the Apex layers (the slow JVM part) and each run is quick; the Apex layers'
 * caching is in deploy-cli.test.ts (one changed byte in a class) and the keys below. The HMAC key lives in a user cache folder of this test (XDG_CACHE_HOME),
 * never in the project.
 */
const NOW = new Date('2026-11-25T12:00:00Z');
let work: string;
let dir: string;
let xdg: string;
const saved = { xdg: process.env.XDG_CACHE_HOME, key: process.env.PHI_GUARD_CACHE_KEY };
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-gate-'));
  dir = path.join(work, 'project');
  cpSync(FIXTURE, dir, { recursive: true });
  breakSchema(dir);
  xdg = path.join(work, 'user-cache');
  process.env.XDG_CACHE_HOME = xdg;
  delete process.env.PHI_GUARD_CACHE_KEY;
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  for (const [k, v] of [
    ['XDG_CACHE_HOME', saved.xdg],
    ['PHI_GUARD_CACHE_KEY', saved.key]
  ] as const)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

const cacheOf = (root: string) => path.join(root, DEFAULT_CACHE_DIR);
const entries = (root: string) => readdirSync(cacheOf(root)).filter((n) => n.endsWith('.json'));
const note = (r: Awaited<ReturnType<typeof runGate>>, layer: string) =>
  r.cache.layers.find((l) => l.layer === layer);

describe('gate inputs', () => {
  it('the inputs hash changes with any input file, the threshold and --force; is stable otherwise', () => {
    const project = loadSfdxProject(dir);
    const h = gateInputsHash(project, 'high');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(gateInputsHash(project, 'high')).toBe(h);
    expect(gateInputsHash(project, 'medium')).not.toBe(h);
    expect(gateInputsHash(project, 'high', true)).not.toBe(h);
    const cfg = path.join(dir, 'config/phi-guard-suppressions.json');
    const before = readFileSync(cfg, 'utf8');
    writeFileSync(cfg, `${before} `);
    try {
      expect(gateInputsHash(project, 'high')).not.toBe(h);
    } finally {
      writeFileSync(cfg, before);
    }
  });

  it('each layer is keyed by what it reads: one byte in a class changes the Apex layers and the rules, not the schema layer', () => {
    const copy = path.join(work, 'keys');
    cpSync(FIXTURE, copy, { recursive: true });
    const project = loadSfdxProject(copy);
    const keys = () => {
      const k = gateInputs(project, 'high', false).keys;
      return Object.fromEntries(Object.entries(k).map(([l, v]) => [l, 'key' in v ? v.key : v.uncacheable]));
    };
    const before = keys();
    for (const k of Object.values(before)) expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(gateInputs(project, 'critical', true).keys).toEqual(gateInputs(project, 'high', false).keys);
    const edit = (rel: string, change: (s: string) => string) => {
      const f = path.join(copy, rel);
      writeFileSync(f, change(readFileSync(f, 'utf8')));
    };
    const changed = (a: Record<string, string>, b: Record<string, string>) =>
      Object.keys(a)
        .filter((l) => a[l] !== b[l])
        .sort();

    const cls = 'force-app/main/default/classes/PatientController.cls';
    edit(cls, (s) => s.replace('{', '{ '));
    const afterClass = keys();
    expect(changed(before, afterClass)).toEqual(['apex-ls', 'apex-parser', 'pmd', 'rules']);

    edit('force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml', (s) => `${s}\n`);
    const afterXml = keys();
    expect(changed(afterClass, afterXml)).toEqual(['apex-ls', 'metadata', 'pmd', 'rules']);

    writeFileSync(path.join(copy, 'code-analyzer.yml'), 'suppressions: {}\n');
    const afterYml = keys();
    expect(changed(afterXml, afterYml)).toEqual(['pmd']);

    writeFileSync(path.join(copy, 'config/apex-ls-known-gaps.json'), '{"gaps": []}');
    const afterGaps = keys();
    expect(changed(afterYml, afterGaps)).toEqual(['apex-ls']);

    // the platform rules' config files: the certificate acknowledgements, and any scratch definition (new ones too)
    edit('config/phi-guard-certificates.json', (s) => `${s} `);
    const afterAcks = keys();
    expect(changed(afterGaps, afterAcks)).toEqual(['rules']);
    writeFileSync(path.join(copy, 'config/ci-scratch-def.json'), '{}');
    const afterScratch = keys();
    expect(changed(afterAcks, afterScratch)).toEqual(['rules']);

    // the verify config (suppressions, register) is in no cached layer: verify reads it, and verify always reruns
    edit('config/phi-guard-suppressions.json', (s) => `${s} `);
    expect(keys()).toEqual(afterScratch);

    // sfdx-project.json "plugins" may lead apex-ls outside the package directories: it is then never cached
    edit('sfdx-project.json', (s) => s.replace('{', '{ "plugins": {},'));
    expect(keys()['apex-ls']).toMatch(/declares "plugins"/);

    // a link under a package directory: a layer's own walk may follow it, so nothing is cached
    symlinkSync('/etc/hostname', path.join(copy, 'force-app/main/default/classes/Linked.cls'));
    expect(Object.values(keys())).toEqual(
      Array(5).fill(
        "force-app/main/default/classes/Linked.cls is a symbolic link (a layer's own walk may follow it)"
      )
    );
  });
});

describe('the Apex layers are keyed by the files they read, not by every file', () => {
  it('one byte in a permission set, profile, layout or static resource reuses apex-ls and PMD; a class, trigger, field, label or sfdx-project.json reruns what reads it', () => {
    const copy = path.join(work, 'apex-keys');
    cpSync(FIXTURE, copy, { recursive: true });
    const main = 'force-app/main/default';
    // a label, a layout, a static resource and a .forceignore the fixture lacks
    const extra: Record<string, string> = {
      '.forceignore': '**/jsconfig.json\n',
      [`${main}/labels/CustomLabels.labels-meta.xml`]:
        '<?xml version="1.0" encoding="UTF-8"?>\n<CustomLabels xmlns="http://soap.sforce.com/2006/04/metadata">\n    <labels>\n        <fullName>Intake_Title</fullName>\n        <language>en_US</language>\n        <protected>false</protected>\n        <shortDescription>Intake title</shortDescription>\n        <value>Intake</value>\n    </labels>\n</CustomLabels>\n',
      [`${main}/layouts/Patient_Record__c-Patient Layout.layout-meta.xml`]:
        '<?xml version="1.0" encoding="UTF-8"?>\n<Layout xmlns="http://soap.sforce.com/2006/04/metadata">\n    <layoutSections>\n        <label>Information</label>\n        <style>OneColumn</style>\n    </layoutSections>\n</Layout>\n',
      [`${main}/staticresources/Logo.resource-meta.xml`]:
        '<?xml version="1.0" encoding="UTF-8"?>\n<StaticResource xmlns="http://soap.sforce.com/2006/04/metadata">\n    <cacheControl>Private</cacheControl>\n    <contentType>image/svg+xml</contentType>\n</StaticResource>\n',
      [`${main}/staticresources/Logo.resource`]: '<svg xmlns="http://www.w3.org/2000/svg"/>\n'
    };
    for (const [f, text] of Object.entries(extra)) {
      mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
      writeFileSync(path.join(copy, f), text);
    }
    const project = loadSfdxProject(copy);
    const keys = () => {
      const k = gateInputs(project, 'high', false).keys;
      return Object.fromEntries(Object.entries(k).map(([l, v]) => [l, 'key' in v ? v.key : v.uncacheable]));
    };
    let last = keys();
    /** The layers whose key one edit changes. */
    const rerun = (rel: string, change: (s: string) => string) => {
      const f = path.join(copy, rel);
      writeFileSync(f, change(readFileSync(f, 'utf8')));
      const now = keys();
      const changed = Object.keys(now)
        .filter((l) => now[l] !== last[l])
        .sort();
      last = now;
      return changed;
    };
    const byte = (s: string) =>
      s.replace('</description>', ' </description>').replace('</label>', ' </label>');

    // files neither apex-ls nor any selected PMD rule looks into
    expect(rerun(`${main}/permissionsets/Clinical_Staff.permissionset-meta.xml`, byte)).toEqual([
      'metadata',
      'rules'
    ]);
    expect(rerun(`${main}/profiles/Portal Site Guest.profile-meta.xml`, (s) => `${s}\n`)).toEqual([
      'metadata',
      'rules'
    ]);
    expect(rerun(`${main}/layouts/Patient_Record__c-Patient Layout.layout-meta.xml`, byte)).toEqual([
      'metadata',
      'rules'
    ]);
    expect(rerun(`${main}/staticresources/Logo.resource`, (s) => `${s} `)).toEqual(['metadata', 'rules']);
    // a permission set that now holds what a PMD rule looks for (AvoidApiSessionId matches any XML text)
    expect(
      rerun(`${main}/permissionsets/Clinical_Staff.permissionset-meta.xml`, (s) =>
        s.replace('</label>', '{!$Api.Session_ID}</label>')
      )
    ).toEqual(['metadata', 'pmd', 'rules']);

    // what apex-ls and PMD read
    expect(rerun(`${main}/classes/PatientController.cls`, (s) => s.replace('{', '{ '))).toEqual([
      'apex-ls',
      'apex-parser',
      'pmd',
      'rules'
    ]);
    expect(rerun(`${main}/triggers/PhiAccessLogGuard.trigger`, (s) => `${s} `)).toEqual([
      'apex-ls',
      'apex-parser',
      'pmd',
      'rules'
    ]);
    expect(rerun(`${main}/objects/Patient_Record__c/fields/MRN__c.field-meta.xml`, (s) => `${s}\n`)).toEqual([
      'apex-ls',
      'metadata',
      'pmd',
      'rules'
    ]);
    // a label: apex-ls resolves Label.X; no PMD rule looks into this one
    expect(
      rerun(`${main}/labels/CustomLabels.labels-meta.xml`, (s) => s.replace('>Intake<', '>Intake form<'))
    ).toEqual(['apex-ls', 'metadata', 'rules']);
    expect(rerun('sfdx-project.json', (s) => `${s}\n`)).toEqual(['apex-ls', 'metadata', 'pmd']);
    expect(rerun('.forceignore', (s) => `${s}# more\n`)).toEqual(['apex-ls', 'metadata']);
  });
});

describe('what the keys hold besides the project', () => {
  it('the JVM: the real java executable (JAVA_HOME, else PATH) with its size, time and options; none found is said', () => {
    const bin = path.join(work, 'jdk', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'java'), '#!/bin/sh\n', { mode: 0o755 });
    const viaHome = javaIdentity({ JAVA_HOME: path.join(work, 'jdk'), JAVA_TOOL_OPTIONS: '-Xmx1g' });
    expect(viaHome).toMatch(
      new RegExp(
        `^java ${path.join(bin, 'java')} 10 [\\d.]+ JDK_JAVA_OPTIONS= JAVA_TOOL_OPTIONS=-Xmx1g _JAVA_OPTIONS=$`
      )
    );
    // no options set: the ones our JVMs then run with (apexls.ts FAST_JVM_OPTIONS)
    expect(javaIdentity({ PATH: `${path.join(work, 'nowhere')}${path.delimiter}${bin}` })).toBe(
      viaHome.replace(
        'JDK_JAVA_OPTIONS= JAVA_TOOL_OPTIONS=-Xmx1g',
        'JDK_JAVA_OPTIONS=-XX:+UseSerialGC -XX:TieredStopAtLevel=1 JAVA_TOOL_OPTIONS='
      )
    );
    expect(javaIdentity({ PATH: path.join(work, 'nowhere') })).toBe('java: not found');
    expect(javaIdentity({ JAVA_HOME: path.join(work, 'no-jdk') })).toBe('java: not found');
  });

  it('dependency versions come from the installed package.json; an unknown package has none', () => {
    expect(packageVersion('@salesforce/types/metadata')).toMatch(/^\d+\.\d+\.\d+/);
    expect(packageVersion('@salesforce/code-analyzer-pmd-engine')).toMatch(/^\d+\.\d+\.\d+/);
    expect(packageVersion('phi-guard-no-such-package')).toBeUndefined();
  });

  it('a FIFO under a package directory: no layer is cached (a layer may block on it), and nothing hangs', () => {
    const copy = path.join(work, 'fifo-input');
    cpSync(FIXTURE, copy, { recursive: true });
    execFileSync('mkfifo', [path.join(copy, 'force-app/main/default/classes/Pipe.cls')]);
    const keys = gateInputs(loadSfdxProject(copy), 'high', false).keys;
    expect(Object.values(keys)).toEqual(
      Array(5).fill({
        uncacheable:
          'force-app/main/default/classes/Pipe.cls cannot be read (is not a regular file (a FIFO, socket or device); it is not read)'
      })
    );
  });
});

describe('the gate cache', () => {
  it('stores the schema and rules layers signed, reuses them for the same inputs, and always reruns verify', async () => {
    const project = loadSfdxProject(dir);
    const first = await runGate(project, { failOn: 'high', now: NOW });
    expect(first).toMatchObject({ passed: false, metadata: { passed: false } });
    expect(first.cache).toMatchObject({
      state: 'on',
      dir: cacheOf(dir),
      key: 'user cache directory',
      verify: expect.stringMatching(/^verify always reruns: its verdict depends on the date/),
      reused: [],
      layers: [
        { layer: 'metadata', reused: false, why: 'no entry for these inputs' },
        { layer: 'rules', reused: false, why: 'no entry for these inputs' }
      ]
    });
    // the Apex layers did not run (an earlier layer failed), so they have no entry
    expect(first.apex.notVerified).toEqual(['not run: an earlier layer of the gate failed']);
    expect(entries(dir).sort()).toEqual([
      expect.stringMatching(/^metadata-[0-9a-f]{64}\.json$/),
      expect.stringMatching(/^rules-[0-9a-f]{64}\.json$/)
    ]);
    expect(readFileSync(path.join(dir, '.phi-guard', '.gitignore'), 'utf8')).toMatch(/^\*$/m);

    // the key: created on first use in the user's cache folder, 0600, never in the project
    const keyFile = path.join(xdg, 'phi-guard', KEY_FILE);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);

    const again = await runGate(project, { failOn: 'high', now: NOW });
    expect(again.cache.reused).toEqual(['metadata', 'rules']);
    expect(note(again, 'metadata')?.why).toMatch(/^reused \(metadata-[0-9a-f]{64}\.json, HMAC verified\)$/);
    expect(note(again, 'rules')?.why).toMatch(/^reused \(rules-[0-9a-f]{64}\.json, HMAC verified\)$/);
    expect({ ...again, cache: undefined }).toEqual({ ...first, cache: undefined });
  });

  it('a hand-edited entry, one made with another key, or one for other inputs is ignored, and the run says why', async () => {
    const project = loadSfdxProject(dir);
    await runGate(project, { failOn: 'high', now: NOW });
    const name = entries(dir).find((n) => n.startsWith('metadata-'));
    const file = path.join(cacheOf(dir), name!);
    const stored = readFileSync(file, 'utf8');
    const entry = JSON.parse(stored) as { hmac: string; payload: string; keyId: string };

    // hand-edited: the layer's verdict flipped to passed, HMAC left as it was
    const payload = JSON.parse(entry.payload) as { result: Record<string, unknown> };
    payload.result = { passed: true, filesChecked: 0, problems: [] };
    writeFileSync(file, JSON.stringify({ ...entry, payload: JSON.stringify(payload) }));
    const edited = await runGate(project, { failOn: 'high', now: NOW });
    expect(edited.metadata.passed).toBe(false);
    expect(note(edited, 'metadata')).toEqual({
      layer: 'metadata',
      reused: false,
      why: 'its entry was edited after it was written (the HMAC does not match); ignored'
    });
    // recomputed and stored again: a fresh, signed entry with the true result
    const result = (text: string) =>
      (JSON.parse((JSON.parse(text) as { payload: string }).payload) as { result: unknown }).result;
    expect(result(readFileSync(file, 'utf8'))).toEqual(result(stored));
    expect(JSON.parse(readFileSync(file, 'utf8'))).not.toEqual(JSON.parse(stored));

    // forged with a made-up key (the workspace does not hold the real one)
    const forgedKey = 'k'.repeat(40);
    const mac = createHmac('sha256', forgedKey)
      .update(`phi-guard-gate-cache/1\n${JSON.stringify(payload)}`)
      .digest('hex');
    writeFileSync(
      file,
      JSON.stringify({ ...entry, keyId: '0'.repeat(16), hmac: mac, payload: JSON.stringify(payload) })
    );
    const forged = await runGate(project, { failOn: 'high', now: NOW });
    expect(forged.metadata.passed).toBe(false);
    expect(note(forged, 'metadata')?.why).toBe(
      'its entry was not made with this cache key (the HMAC does not match); ignored'
    );

    // a genuine entry for other inputs, renamed onto this one's name
    const project2 = path.join(work, 'other-inputs');
    cpSync(dir, project2, { recursive: true });
    writeFileSync(path.join(project2, 'force-app/main/default/classes/Extra.cls-meta.xml'), '<x/>');
    await runGate(loadSfdxProject(project2), { failOn: 'high', now: NOW });
    const otherName = entries(project2).find((n) => n.startsWith('metadata-') && n !== name)!;
    cpSync(path.join(cacheOf(project2), otherName), file);
    const other = await runGate(project, { failOn: 'high', now: NOW });
    expect(note(other, 'metadata')?.why).toBe('its entry was made for other inputs; ignored');

    // not an entry at all, and a FIFO under the entry's name (never opened for a blocking read)
    writeFileSync(file, '{ not json');
    expect(note(await runGate(project, { failOn: 'high', now: NOW }), 'metadata')?.why).toBe(
      'its entry is not a PHI Guard cache entry; ignored'
    );
    unlinkSync(file);
    execFileSync('mkfifo', [file]);
    const fifo = await runGate(project, { failOn: 'high', now: NOW });
    expect(note(fifo, 'metadata')?.why).toMatch(
      /^its entry is not a regular file .*; ignored; the new entry/
    );
    unlinkSync(file);
  });

  it('the whole-gate entries of the old --gate-cache are never read (a forged "passed": true among them)', async () => {
    const project = loadSfdxProject(dir);
    const old = path.join(work, 'old-cache');
    mkdirSync(old);
    const sha = gateInputsHash(project, 'high');
    writeFileSync(
      path.join(old, `gate-${sha}.json`),
      JSON.stringify({
        inputsSha256: sha,
        passed: true,
        verify: { passed: true },
        metadata: { passed: true }
      })
    );
    const r = await runGate(project, { failOn: 'high', now: NOW, cache: { dir: old } });
    expect(r.passed).toBe(false);
    expect(r.cache).toMatchObject({ state: 'on', dir: old, legacyIgnored: 1 });
    expect(readdirSync(old)).toHaveLength(3);
    expect(readdirSync(old)).toEqual(
      expect.arrayContaining([
        `gate-${sha}.json`,
        expect.stringMatching(/^metadata-[0-9a-f]{64}\.json$/),
        expect.stringMatching(/^rules-[0-9a-f]{64}\.json$/)
      ])
    );
  });

  it('--no-cache runs every layer and reads and writes no entry', async () => {
    const copy = path.join(work, 'no-cache');
    cpSync(FIXTURE, copy, { recursive: true });
    breakSchema(copy);
    const r = await runGate(loadSfdxProject(copy), { failOn: 'high', now: NOW, cache: { disabled: true } });
    expect(r.cache).toMatchObject({
      state: 'off',
      off: '--no-cache',
      reused: [],
      layers: [
        { layer: 'metadata', reused: false, why: 'cache off' },
        { layer: 'rules', reused: false, why: 'cache off' }
      ]
    });
    expect(existsSync(path.join(copy, '.phi-guard'))).toBe(false);
  });

  it('--force overrides only the verify part: a schema problem still fails the gate', async () => {
    const project = loadSfdxProject(dir);
    const r = await runGate(project, { failOn: 'high', now: NOW, force: { reason: 'x' } });
    expect(r.verify.passed).toBe(false);
    expect(r.forced).toEqual({ reason: 'x' });
    expect(r.metadata.passed).toBe(false);
    expect(r.apex.notVerified).toEqual(['not run: an earlier layer of the gate failed']);
    expect(r.passed).toBe(false);
  });
});

describe('the platform-rule layer in the gate', () => {
  it('runs the release rules: a certificate nobody acknowledged fails the gate, and --force does not override it', async () => {
    const copy = path.join(work, 'unacknowledged');
    cpSync(FIXTURE, copy, { recursive: true });
    rmSync(path.join(copy, 'config', 'phi-guard-certificates.json'));
    const r = await runGate(loadSfdxProject(copy), { failOn: 'high', now: NOW, force: { reason: 'x' } });
    expect(r.rules).toMatchObject({
      passed: false,
      rules: expect.arrayContaining(['sample-certificate', 'test-user-mode'])
    });
    expect(r.rules.problems).toEqual([
      expect.stringMatching(
        /^force-app\/main\/default\/connectedApps\/Ecommerce_Sync\.connectedApp-meta\.xml:7: \[sample-certificate\] ConnectedApp Ecommerce_Sync: certificate SHA-256 [0-9A-F:]{95} is not acknowledged.*\(https:\/\/developer\.salesforce\.com\/docs\/atlas\.en-us\.api_meta\.meta\/api_meta\/meta_extlclntappglobaloauthsettings\.htm\)$/
      )
    ]);
    expect(r.apex.notVerified).toEqual(['not run: an earlier layer of the gate failed']);
    expect(r.passed).toBe(false);
  });

  it('passes the rules on the fixture, whose certificate is acknowledged', async () => {
    const r = await runGate(loadSfdxProject(dir), { failOn: 'high', now: NOW });
    expect(r.rules).toEqual({ passed: true, rules: expect.any(Array), problems: [] });
  });

  it('a stored failing result is reused as failing; acknowledging the certificate reruns the rules, and only them', async () => {
    const copy = path.join(work, 'acknowledge-later');
    cpSync(FIXTURE, copy, { recursive: true });
    breakSchema(copy); // the gate stops before the Apex layers: quick
    const acks = path.join(copy, 'config', 'phi-guard-certificates.json');
    const ackText = readFileSync(acks, 'utf8');
    rmSync(acks);
    const project = loadSfdxProject(copy);
    const first = await runGate(project, { failOn: 'high', now: NOW });
    expect(first.rules.passed).toBe(false);
    const again = await runGate(project, { failOn: 'high', now: NOW });
    expect(again.cache.reused).toEqual(['metadata', 'rules']);
    expect(again.rules).toEqual(first.rules);
    expect(again.passed).toBe(false);

    writeFileSync(acks, ackText);
    const acknowledged = await runGate(project, { failOn: 'high', now: NOW });
    expect(acknowledged.cache.reused).toEqual(['metadata']);
    expect(note(acknowledged, 'rules')?.why).toBe('no entry for these inputs');
    expect(acknowledged.rules).toMatchObject({ passed: true, problems: [] });
  });
});

describe('the cache key and the cache folder', () => {
  const open = (root: string, env: NodeJS.ProcessEnv, settings = {}) => GateCache.open(root, settings, env);

  it('PHI_GUARD_CACHE_KEY (a pipeline secret) signs instead of the user key; a short one is a usage error', () => {
    expect(open(dir, { PHI_GUARD_CACHE_KEY: 's'.repeat(32) }).report).toMatchObject({
      state: 'on',
      key: 'PHI_GUARD_CACHE_KEY'
    });
    expect(() => open(dir, { PHI_GUARD_CACHE_KEY: 'short' })).toThrow(
      "PHI_GUARD_CACHE_KEY must be at least 32 characters: a random secret from the pipeline's secret store"
    );
  });

  it('the user key: XDG_CACHE_HOME when absolute, else ~/.cache; never in the project; never a readable or foreign file', () => {
    const home = path.join(work, 'home');
    expect(userCacheBase({ XDG_CACHE_HOME: 'relative/cache', HOME: home })).toBe(path.join(home, '.cache'));
    expect(userCacheBase({ XDG_CACHE_HOME: '/abs/cache', HOME: home })).toBe('/abs/cache');
    const fromHome = open(dir, { HOME: home });
    expect(fromHome.report.state).toBe('on');
    const key = path.join(home, '.cache', 'phi-guard', KEY_FILE);
    expect(statSync(key).mode & 0o777).toBe(0o600);

    // a key folder inside the project is refused: the workspace must not hold the key
    const inside = open(dir, { XDG_CACHE_HOME: path.join(dir, '.cache') }).report;
    expect(inside).toMatchObject({ state: 'off' });
    expect(inside.off).toMatch(/inside the project; the key must be one the workspace does not hold$/);
    expect(existsSync(path.join(dir, '.cache'))).toBe(false);

    // a key others can read, or one that is not a key
    const loose = path.join(work, 'loose');
    mkdirSync(path.join(loose, 'phi-guard'), { recursive: true });
    writeFileSync(path.join(loose, 'phi-guard', KEY_FILE), `${'a'.repeat(64)}\n`, { mode: 0o644 });
    expect(open(dir, { XDG_CACHE_HOME: loose }).report.off).toMatch(
      /is readable by others \(mode 644\); run chmod 600 on it$/
    );
    const bad = path.join(work, 'bad');
    mkdirSync(path.join(bad, 'phi-guard'), { recursive: true });
    writeFileSync(path.join(bad, 'phi-guard', KEY_FILE), 'not a key', { mode: 0o600 });
    expect(open(dir, { XDG_CACHE_HOME: bad }).report.off).toMatch(/is not a PHI Guard cache key/);
  });

  it('a .phi-guard link out of the project turns the cache off; --gate-cache naming a file is a usage error', () => {
    const copy = path.join(work, 'linked');
    cpSync(FIXTURE, copy, { recursive: true });
    symlinkSync(work, path.join(copy, '.phi-guard'));
    expect(open(copy, { XDG_CACHE_HOME: xdg }).report).toMatchObject({
      state: 'off',
      off: `${DEFAULT_CACHE_DIR} leads outside the project (a symbolic link)`
    });
    const file = path.join(work, 'a-file');
    writeFileSync(file, 'x');
    expect(() => open(copy, { XDG_CACHE_HOME: xdg }, { dir: file })).toThrow(
      `--gate-cache ${file}: not a folder`
    );
  });

  it('a result the layer could not produce (not verified) is never stored', async () => {
    const copy = path.join(work, 'unstored');
    mkdirSync(copy);
    const cache = open(copy, { XDG_CACHE_HOME: xdg });
    const key = { key: 'a'.repeat(64) };
    const result = await cache.layer(
      'pmd',
      key,
      () => ({ notVerified: 'no Java' }),
      (r) => !r.notVerified
    );
    expect(result).toEqual({ notVerified: 'no Java' });
    expect(cache.report.layers).toEqual([
      {
        layer: 'pmd',
        reused: false,
        why: 'no entry for these inputs; not stored (the layer could not run: not verified)'
      }
    ]);
    expect(existsSync(cacheOf(copy))).toBe(false);
    const uncacheable = await cache.layer(
      'pmd',
      { uncacheable: 'why' },
      () => 1,
      () => true
    );
    expect(uncacheable).toBe(1);
    expect(cache.report.layers.at(-1)).toEqual({ layer: 'pmd', reused: false, why: 'not cached: why' });
    // a folder where the cache folder should be: the layer's result stands, the entry is not stored
    mkdirSync(path.join(copy, '.phi-guard'));
    writeFileSync(cacheOf(copy), 'a file where the folder should be');
    await cache.layer(
      'apex-parser',
      key,
      () => 2,
      () => true
    );
    expect(cache.report.layers.at(-1)?.why).toBe(
      'its entry cannot be read (ENOTDIR); ignored; the new entry could not be stored (EEXIST)'
    );
  });
});

// Used by the suite above: the user's cache base falls back to the process HOME.
test('userCacheBase with nothing set is ~/.cache of the process', () => {
  expect(userCacheBase({})).toBe(path.join(os.homedir(), '.cache'));
});
