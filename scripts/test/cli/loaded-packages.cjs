'use strict';
// Preloaded (`node --require`) into a CLI run by runCli's `packages` option (../helpers/run-cli.ts): when the run
// exits, writes the npm packages it loaded (node_modules/<name>, from require.cache), one a line, to the file
// $PHI_GUARD_TEST_LOADED names. The Salesforce SDK (@salesforce/core, @jsforce/jsforce-node, SDR) is CommonJS, so
// every module of it that loads is in require.cache; the -o runs that list it prove the probe sees it.
const fs = require('node:fs');

const file = process.env.PHI_GUARD_TEST_LOADED;
if (file) {
  process.on('exit', () => {
    const names = new Set();
    for (const key of Object.keys(require.cache)) {
      const m = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(key);
      if (m) names.add(m[1].replace('\\', '/'));
    }
    fs.writeFileSync(file, [...names].sort().join('\n'));
  });
}
