import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';
import { node22Json, nodeScriptInFreshHome, stalePluginBuild } from '../helpers/processes';

/**
 * oclif.manifest.json, written by `npm run prepare` (plugin/src/manifest.mts), is what sf reads instead of
 * importing every command at start-up. oclif trusts it whenever its version is package.json's (@oclif/core 4,
 * lib/config/plugin.js, Plugin._manifest), so a stale one would show sf users old commands and flags. The judge
 * is @oclif/core itself: its Plugin, told to ignore any manifest (as `oclif manifest` runs it:
 * https://github.com/oclif/oclif/blob/main/src/commands/manifest.ts), reads the commands in plugin/lib now, and
 * what it builds must equal the file: ids, flags, aliases, summaries, examples, the file each command lives in.
 */
jest.setTimeout(120_000);

const MANIFEST = path.join(REPO_ROOT, 'oclif.manifest.json');

type Manifest = {
  version: string;
  commands: Record<
    string,
    { id: string; relativePath: string[]; flags: Record<string, { default?: unknown }> }
  >;
};

/** The manifest @oclif/core builds from each package root's commands now, ignoring any file (Node 22, as sf). */
function built(roots: string[]): Manifest[] {
  const script = `
    import { Plugin } from '@oclif/core';
    const out = [];
    for (const root of ${JSON.stringify(roots)}) {
      const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true });
      await plugin.load();
      out.push(plugin.manifest);
    }
    process.stdout.write(JSON.stringify(out));`;
  return node22Json<Manifest[]>(script);
}

const written = (): Manifest => JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;

let scratch: string;
let now: Manifest;
let withNewCommand: Manifest;

beforeAll(() => {
  const stale = stalePluginBuild();
  if (stale.length)
    throw new Error(`plugin/lib is older than plugin/src (${stale.join(', ')}): npm run prepare`);
  if (!existsSync(MANIFEST)) throw new Error(`${MANIFEST} is missing: npm run prepare`);
  // A copy of the package with one command added after the manifest was written, to show the comparison sees it.
  scratch = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-manifest-'));
  cpSync(path.join(REPO_ROOT, 'package.json'), path.join(scratch, 'package.json'));
  cpSync(path.join(REPO_ROOT, 'plugin', 'lib'), path.join(scratch, 'plugin', 'lib'), { recursive: true });
  for (const dir of ['node_modules', 'messages'])
    symlinkSync(path.join(REPO_ROOT, dir), path.join(scratch, dir), 'dir');
  const check = path.join(scratch, 'plugin', 'lib', 'commands', 'phi-guard', 'baa', 'check.mjs');
  writeFileSync(
    path.join(path.dirname(check), 'renew.mjs'),
    readFileSync(check, 'utf8').replace('class BaaCheck', 'class BaaRenew')
  );
  [now, withNewCommand] = built([REPO_ROOT, scratch]) as [Manifest, Manifest];
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('oclif.manifest.json (npm run prepare)', () => {
  it('equals what @oclif/core builds from plugin/lib now', () => {
    expect(written()).toEqual(now);
  });

  it("has every command under plugin/lib/commands, in its own file, and package.json's version", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const file = written();
    expect(file.version).toBe(pkg.version);
    const ids = Object.keys(file.commands).sort();
    expect(ids).toContain('phi-guard:verify');
    expect(ids).toHaveLength(12);
    for (const id of ids) {
      const rel = file.commands[id]!.relativePath;
      expect(rel.join('/')).toBe(`plugin/lib/commands/${id.split(':').join('/')}.mjs`);
    }
  });

  it("holds no default read from this machine's sf config (-o/--target-org is noCacheDefault)", () => {
    const withOrg = Object.values(written().commands).filter((c) => c.flags['target-org']);
    expect(withOrg.map((c) => c.id)).toEqual(
      expect.arrayContaining(['phi-guard:verify', 'phi-guard:deploy'])
    );
    for (const command of withOrg) expect(command.flags['target-org']).not.toHaveProperty('default');
  });

  it("prepare's own script writes its package's manifest, and nothing under HOME", () => {
    // The script prepare runs (plugin/lib/manifest.mjs), in the copy with the added command: it writes the copy's
    // oclif.manifest.json (never the checkout's), which is what @oclif/core builds there. Run with a fresh HOME
    // (toolEnv does not turn the SDK's log file off): loading the commands must not create ~/.sf/sf-<date>.log.
    const r = nodeScriptInFreshHome(path.join(scratch, 'plugin', 'lib', 'manifest.mjs'), scratch);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.leftUnderHome).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(scratch, 'oclif.manifest.json'), 'utf8'))).toEqual(
      withNewCommand
    );
  });

  it('a command added without regenerating the file makes the two differ', () => {
    expect(Object.keys(withNewCommand.commands)).toContain('phi-guard:baa:renew');
    expect(written()).not.toEqual(withNewCommand);
  });
});
