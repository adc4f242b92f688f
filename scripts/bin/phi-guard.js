#!/usr/bin/env node
'use strict';
// The phi-guard bin: the same commands as `npm run <script>` and `sf phi-guard <command>`.
//
// The Salesforce libraries need Node 22. npx and npm scripts put the project's own Node 22 (the
// `node` devDependency) first on PATH; started any other way on an older Node, the bin runs itself
// again on that Node 22, or says in one line what it needs.
const path = require('node:path');

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const { spawnSync } = require('node:child_process');
  let node22;
  try {
    node22 = require.resolve('node/bin/node');
  } catch {
    process.stderr.write(`Error: phi-guard needs Node.js 22 or later (this is ${process.version}).\n`);
    process.exit(2);
  }
  const r = spawnSync(node22, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 2);
}

// TypeScript through tsx, for both module systems: require() (the CLI's CommonJS modules) and
// import() (each command loads lazily with a dynamic import, which require's hook alone does not
// serve: it is what made every command fail with "Cannot find module .../commands/verify").
require('tsx/cjs/api').register();
require('tsx/esm/api').register();
const { main } = require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  }
);
