'use strict';
// Jest's node environment, with the test context's global object left ordinary ("vanilla") instead of contextified.
//
// Jest runs each test file in a vm context made by `vm.createContext()`, whose global object Node wraps with
// interceptors ("contextified"). Every global a test file, the product code or a library reads in that context (Math,
// String, Object, JSON, Buffer, process...) then goes through the interceptor, which V8 cannot cache: in a jest
// worker on this machine `Math.floor(i / 62)` costs ~270 ns against ~7 ns in a plain process, and the org emulator's
// id maker (12 Math.floor calls) ran 7-20 times slower in jest than under tsx. Node 22.8 added
// `vm.constants.DONT_CONTEXTIFY` for a context whose global is an ordinary object, "to speed up the global access if
// they don't need the interceptor behavior" (https://github.com/nodejs/node/commit/2d90340cb3, PR #54394;
// https://nodejs.org/api/vm.html#vmconstantsdont_contextify). Jest needs none of it: it only reads the global back
// (`runInContext('this')`) and defines properties on it, which an ordinary global supports the same way.
//
// The context stays a separate realm, as before (scripts/test/setup/node-realm.ts still applies), so what a test
// judges does not change; only the cost of each global read does. It is the test environment of the scripts and portal
// projects (jest.config.js).
const vm = require('node:vm');
const { TestEnvironment } = require('jest-environment-node');

if (vm.constants?.DONT_CONTEXTIFY === undefined)
  throw new Error(
    'fast-globals-env: this Node has no vm.constants.DONT_CONTEXTIFY (Node 22.8 or later needed)'
  );

class FastGlobalsEnvironment extends TestEnvironment {
  constructor(config, context) {
    // jest-environment-node 29 makes its context with `vm.createContext()` (no argument) in its constructor, then
    // reads the global with `runInContext('this', context)`: hand it a vanilla context for that one call.
    const createContext = vm.createContext;
    vm.createContext = (o, ...rest) =>
      createContext(o === undefined ? vm.constants.DONT_CONTEXTIFY : o, ...rest);
    try {
      super(config, context);
    } finally {
      vm.createContext = createContext;
    }
  }
}

module.exports = FastGlobalsEnvironment;
