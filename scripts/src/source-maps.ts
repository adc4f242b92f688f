import * as nodeModule from 'node:module';

type SourceMapsApi = Partial<Pick<typeof nodeModule, 'getSourceMapsSupport' | 'setSourceMapsSupport'>>;

/**
 * Source maps for a CLI run, set at each door that starts one (cli/main.ts `main`, the sf plugin's loadCli, each
 * worker thread). tsx turns Node's source-map support on for every module (`process.setSourceMapsEnabled(true)`),
 * so each module it compiles, and each dependency that ships a `.map` file (1.8 MB for the Apex lexer and antlr4
 * alone), has its map read and parsed as it loads. The maps serve only stack traces, which the CLI prints with
 * PHI_GUARD_DEBUG=1 alone:
 * - without it, they are off (https://nodejs.org/docs/latest-v22.x/api/process.html#processsetsourcemapsenabledval);
 * - with it, our own TypeScript keeps its maps (a stack trace names .ts lines) and node_modules is left out, as
 *   `module.setSourceMapsSupport(enabled, { nodeModules: false })` allows (Node 22.14 and later:
 *   https://nodejs.org/docs/latest-v22.x/api/module.html#modulesetsourcemapssupportenabled-options).
 * Where the support is off (jest, plain node) or the API is missing (an older Node 22), nothing changes. From the
 * CLI's bundle (scripts/build/run.cjs), nothing turns them on but PHI_GUARD_DEBUG: the launcher then turns them on for
 * our code before the bundle loads (its .map files name scripts/src), and this finds them as it wants them.
 */
export function runSourceMaps(env: NodeJS.ProcessEnv = process.env, api: SourceMapsApi = nodeModule): void {
  if (typeof api.getSourceMapsSupport !== 'function' || typeof api.setSourceMapsSupport !== 'function')
    return;
  const now = api.getSourceMapsSupport();
  if (!now.enabled) return;
  if (!env.PHI_GUARD_DEBUG) api.setSourceMapsSupport(false);
  else if (now.nodeModules)
    api.setSourceMapsSupport(true, { nodeModules: false, generatedCode: now.generatedCode });
}
