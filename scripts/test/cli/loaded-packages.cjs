'use strict';
// Preloaded (`node --require`) into a CLI run by runCli's `packages` option (../helpers/run-cli.ts): when the run
// exits, writes the npm packages it loaded (node_modules/<name>, from require.cache), one a line, to the file
// $PHI_GUARD_TEST_LOADED names. The Salesforce SDK (@salesforce/core, @jsforce/jsforce-node, SDR) is CommonJS, so
// every module of it that loads is in require.cache; the -o runs that list it prove the probe sees it.
const fs = require('node:fs');

const file = process.env.PHI_GUARD_TEST_LOADED;
// With PHI_GUARD_TEST_LOADED_SRC too: the CLI's own modules it loaded (tsx compiles them as CommonJS, so they are
// in require.cache as well), as paths under scripts/src/, one a line (cli/lazy-help.test.ts). From the bundle
// (scripts/build/run.cjs) our modules are not files: the bundle's files it loaded are listed as dist/<file>.
const srcFile = process.env.PHI_GUARD_TEST_LOADED_SRC;
if (file) {
  process.on('exit', () => {
    const names = new Set();
    const src = new Set();
    for (const key of Object.keys(require.cache)) {
      const m = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(key);
      if (m) names.add(m[1].replace('\\', '/'));
      else if (srcFile) {
        const s = /[\\/]scripts[\\/](src|dist)[\\/](.+)$/.exec(key);
        if (s) src.add(`${s[1] === 'dist' ? 'dist/' : ''}${s[2].split('\\').join('/')}`);
      }
    }
    fs.writeFileSync(file, [...names].sort().join('\n'));
    if (srcFile) fs.writeFileSync(srcFile, [...src].sort().join('\n'));
  });
}
