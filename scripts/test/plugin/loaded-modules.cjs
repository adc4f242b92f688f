'use strict';
// Preloaded (`node --require`) into an sf run by sf-plugin.test.ts: when the run exits, writes the files under
// $PHI_GUARD_TEST_ROOT it loaded, by require() or import(), one a line, to the file $PHI_GUARD_TEST_LOADED names.
// module.registerHooks (Node 22.15+) sees both module systems in this thread: sf's commands and ours are ESM, which
// require.cache never lists. https://nodejs.org/docs/latest-v22.x/api/module.html#synchronous-hooks-accepted-by-moduleregisterhooks
const fs = require('node:fs');
const { registerHooks } = require('node:module');
const { fileURLToPath } = require('node:url');
const { isMainThread } = require('node:worker_threads');

const file = process.env.PHI_GUARD_TEST_LOADED;
const root = process.env.PHI_GUARD_TEST_ROOT;
// Workers (pino's logging transport) inherit the preload: only the main thread's list is written.
if (file && root && isMainThread) {
  const loaded = new Set();
  registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith('file:')) {
        const p = fileURLToPath(url);
        if (p.startsWith(root)) loaded.add(p.slice(root.length + 1));
      }
      return nextLoad(url, context);
    }
  });
  process.on('exit', () => {
    // And every CommonJS module in require.cache: in sf's process a require() made through createRequire (the
    // plugin's loadCli loading the CLI's bundle) does not always pass the hooks above.
    for (const p of Object.keys(require.cache)) if (p.startsWith(root)) loaded.add(p.slice(root.length + 1));
    fs.writeFileSync(file, [...loaded].sort().join('\n'));
  });
}
