'use strict';
// Jest's runtime (jest-runtime), with a cheaper copy of each test file's coverage counters.
//
// After a test file, jest-runner asks the runtime for a copy of the file's coverage object (`global.__coverage__`:
// for every instrumented module, its statement, function and branch maps and their counters) to send to the parent
// process. jest-runtime 29.7 makes it with jest-util's deepCyclicCopy, a property-by-property copy through property
// descriptors written in JavaScript: about 100 ms for the 57 modules one loader test loads, measured in a jest worker
// here, against 14 ms for structuredClone, V8's own copy of the same plain data (objects, arrays, numbers and strings,
// which is all istanbul puts there). Every test file with coverage on pays it once. Only the copy changes: the same
// object goes to the parent, which merges it as before (scripts/test/dev/jest-config.test.ts holds the two copies
// equal on a real coverage object).
//
// `runtime` is jest's project option for the runtime that runs a project's test files (jest-config 29.7 accepts it;
// jest-runner loads it in place of jest-runtime: https://jestjs.io/docs/configuration, "runtime").
const { default: Runtime } = require('jest-runtime');

class CoverageCopyRuntime extends Runtime {
  getAllCoverageInfoCopy() {
    const coverage = this._environment.global.__coverage__;
    return coverage === undefined ? undefined : structuredClone(coverage);
  }
}

module.exports = CoverageCopyRuntime;
