import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Plugin } from '@oclif/core';
import { ROOT } from './cli.mjs';

/**
 * Writes oclif.manifest.json at the package root: every `sf phi-guard` command's id, summary, flags,
 * aliases and the file it lives in, so `sf` lists, completes and shows help for the plugin's commands
 * without importing them, and imports only the one command a run names (about 1 CPU-s per sf start
 * instead of 2.5 to 3.4, since no command module and no @salesforce/core load at start-up).
 *
 * Run by `npm run prepare` (npm install, npm ci) right after the tsc that builds plugin/lib, as
 * `oclif manifest` does it, without the oclif CLI package: @oclif/core's Plugin with ignoreManifest
 * (read the commands, not an old manifest), errorOnManifestCreate (a command that fails to load fails
 * the build instead of being left out) and respectNoCacheDefault (a flag marked noCacheDefault, like
 * -o/--target-org, keeps its default out of the file: never this machine's `sf config` target org).
 * Source: https://github.com/oclif/oclif/blob/main/src/commands/manifest.ts
 *
 * When oclif uses the file (@oclif/core 4, lib/config/plugin.js, Plugin._manifest): for every plugin,
 * linked ones included, unless its version differs from package.json's (then oclif warns and reads the
 * commands instead; OCLIF_NEXT_VERSION turns that check off). Because oclif trusts it otherwise, a stale
 * file would show old flags: scripts/test/plugin/manifest.test.ts rebuilds it from plugin/lib with
 * @oclif/core and requires it to equal the file written here. Like plugin/lib, it is build output and
 * git-ignored.
 */
const MANIFEST = path.join(ROOT, 'oclif.manifest.json');

const plugin = new Plugin({
  root: ROOT,
  type: 'core',
  ignoreManifest: true,
  errorOnManifestCreate: true,
  respectNoCacheDefault: true
});
await plugin.load();
const ids = Object.keys(plugin.manifest.commands);
// An empty manifest would hide every command from sf: refuse it (plugin/lib not built).
if (ids.length === 0) throw new Error(`no sf command under ${path.join(ROOT, 'plugin', 'lib', 'commands')}`);
writeFileSync(MANIFEST, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
process.stdout.write(`oclif.manifest.json: ${ids.length} sf phi-guard commands\n`);
