'use strict';
// The launcher: every door to the CLI runs it (the npm scripts, the phi-guard bin, the test helpers' child runs; the
// sf plugin calls the same two functions). `node scripts/build/run.cjs <command> [args]`:
// 1. makes sure scripts/dist/ is the build of scripts/src as it is now (./bundle.cjs: rebuilt when any input
//    changed, so an edit to scripts/src is what the next run runs, never a stale bundle);
// 2. turns Node's source maps on when PHI_GUARD_DEBUG is set, before the bundle loads, so a stack trace names the
//    scripts/src file and line (scripts/src/source-maps.ts says why they are off otherwise);
// 3. runs the bundle's `main`.
// A bundle that cannot be built is one line on stderr and exit 2.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** Source maps for our code only (node_modules keeps none), as scripts/src/source-maps.ts sets them under tsx. */
function debugSourceMaps(env = process.env) {
  if (!env.PHI_GUARD_DEBUG) return;
  const mod = require('node:module');
  if (typeof mod.setSourceMapsSupport === 'function') mod.setSourceMapsSupport(true, { nodeModules: false });
  else process.setSourceMapsEnabled(true);
}

/**
 * The bundle's file for `entry` (main, plugin-api), fresh. Throws the bundle's BundleError, which a door prints as
 * one line.
 */
function bundleEntry(entry, env = process.env) {
  const { ensureBundle } = require('./bundle.cjs');
  const dir = ensureBundle(ROOT, env.PHI_GUARD_DEBUG ? (l) => process.stderr.write(`${l}\n`) : undefined);
  debugSourceMaps(env);
  return path.join(dir, `${entry}.js`);
}

/** Runs the CLI from the bundle with these arguments and sets the exit code. */
function launch(argv) {
  let file;
  try {
    file = bundleEntry('main');
  } catch (e) {
    // A BundleError says what failed; anything else (a scripts/src that cannot be read) in one line too.
    const message =
      e && e.name === 'BundleError' ? e.message : `the CLI bundle cannot be checked: ${e && e.message}`;
    process.stderr.write(`Error: ${message.split('\n')[0]}\n`);
    process.exitCode = 2;
    return;
  }
  require(file)
    .main(argv)
    .then(
      (code) => {
        process.exitCode = code;
      },
      () => {
        process.exitCode = 2;
      }
    );
}

module.exports = { bundleEntry, launch, ROOT };

if (require.main === module) launch(process.argv.slice(2));
