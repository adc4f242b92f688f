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

// The CLI's bundle, rebuilt first when scripts/src changed (scripts/build/run.cjs, the launcher every door uses).
require(path.join(__dirname, '..', 'build', 'run.cjs')).launch(process.argv.slice(2));
