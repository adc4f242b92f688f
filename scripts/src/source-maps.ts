import * as nodeModule from 'node:module';

type SourceMapsApi = Partial<Pick<typeof nodeModule, 'getSourceMapsSupport' | 'setSourceMapsSupport'>>;

/**
 * Source maps for the project's own code only. tsx turns Node's source-map support on for every module
 * (`process.setSourceMapsEnabled(true)`), so each dependency that ships a `.map` file has it read and parsed, and
 * its code scanned line by line, as it loads: for the Apex lexer and antlr4 alone 1.8 MB of maps a run, to serve
 * stack traces that never point into them in any message of ours. Our own TypeScript keeps its maps (a
 * PHI_GUARD_DEBUG stack trace still names .ts lines); node_modules is left out, as Node's
 * `module.setSourceMapsSupport(enabled, { nodeModules: false })` allows (Node 22.14 and later:
 * https://nodejs.org/docs/latest-v22.x/api/module.html#modulesetsourcemapssupportenabled-options). Where the
 * support is off (jest, plain node) or the API is missing (an older Node 22), nothing changes.
 */
export function ownSourceMapsOnly(api: SourceMapsApi = nodeModule): void {
  if (typeof api.getSourceMapsSupport !== 'function' || typeof api.setSourceMapsSupport !== 'function')
    return;
  const now = api.getSourceMapsSupport();
  if (!now.enabled || !now.nodeModules) return;
  api.setSourceMapsSupport(true, { nodeModules: false, generatedCode: now.generatedCode });
}
