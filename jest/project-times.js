'use strict';
/**
 * A jest reporter: after the run, the time of each jest project (lwc, scripts, portal) as the sum of its test
 * files' run times, the wall time of the whole run, the worker count, and the ten slowest files. The README's
 * test section reports these figures; `npm run bench -- --tests` prints the suite's time beside the load average.
 * It prints file paths and times only.
 */
const os = require('node:os');
const path = require('node:path');

class ProjectTimes {
  constructor(globalConfig) {
    this.workers = globalConfig.maxWorkers;
    this.root = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const projects = new Map();
    const files = [];
    for (const r of results.testResults) {
      const name = (r.displayName && r.displayName.name) || 'default';
      const ms = r.perfStats.end - r.perfStats.start;
      const p = projects.get(name) || { files: 0, tests: 0, ms: 0 };
      p.files += 1;
      p.tests += r.numPassingTests + r.numFailingTests + r.numPendingTests + r.numTodoTests;
      p.ms += ms;
      projects.set(name, p);
      files.push({ file: path.relative(this.root, r.testFilePath), ms });
    }
    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    const lines = [
      `\nTime per jest project (sum of its test files' times; ${this.workers} worker(s), load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}):`
    ];
    for (const [name, p] of [...projects].sort((a, b) => b[1].ms - a[1].ms))
      lines.push(
        `  ${name.padEnd(8)} ${String(p.files).padStart(4)} files ${String(p.tests).padStart(5)} tests ${s(p.ms).padStart(9)}`
      );
    lines.push(`Wall time of the run: ${s(Date.now() - results.startTime)}. Slowest files:`);
    for (const f of files.sort((a, b) => b.ms - a.ms).slice(0, 10))
      lines.push(`  ${s(f.ms).padStart(8)}  ${f.file}`);
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}

module.exports = ProjectTimes;
