#!/usr/bin/env node
'use strict';
// Entry point for the phi-guard bin: load TypeScript through tsx, then run the CLI.
require('tsx/cjs');
const { main } = require('../src/cli/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  }
);
