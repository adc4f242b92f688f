'use strict';
// Preloaded (`node --require`) into a CLI run by bundle-parity.test.ts: records each worker thread the run starts
// (worker_threads.Worker, as threads.ts starts them: an eval'd boot that loads the entry file in a try), whether it came online,
// and any error it raised, and writes them as JSON to the file $PHI_GUARD_TEST_WORKERS names when the run exits.
// The Apex pool and the SDR resolver swallow a worker's failure (its files are then read on the main thread), so
// the run's output alone cannot say whether the bundle's workers ran.
const fs = require('node:fs');
const threads = require('node:worker_threads');

const file = process.env.PHI_GUARD_TEST_WORKERS;
if (file && threads.isMainThread) {
  const seen = [];
  const Original = threads.Worker;
  class Probed extends Original {
    constructor(code, options) {
      super(code, options);
      // The entry is the require threads.ts wraps in its boot-failure try (after tsx and source maps, if any).
      const entry = /try \{ require\(("[^"]+")\); \}/.exec(String(code));
      const record = { entry: entry ? JSON.parse(entry[1]) : String(code), online: false, errors: [] };
      seen.push(record);
      this.on('online', () => (record.online = true));
      this.on('error', (e) => record.errors.push(String(e && e.message).split('\n')[0]));
    }
  }
  threads.Worker = Probed;
  process.on('exit', () => fs.writeFileSync(file, JSON.stringify(seen)));
}
