import path from 'node:path';
import { realProcess } from '../helpers/home';
import { REPO_ROOT } from '../helpers/paths';

/**
 * The Node processes the tests start (sf, npm's children, the CLI through the launcher or tsx, the phi-guard bin)
 * load the same few thousand modules run after run; sf alone compiles @oclif/core, @salesforce/core and, for a linked
 * plugin, typescript and tsx on every start. Node's module compile cache
 * (https://nodejs.org/docs/latest-v22.x/api/module.html#module-compile-cache, NODE_COMPILE_CACHE) keeps V8's code
 * cache of each module on disk and checks it against the module's source before use: it changes how a module is
 * compiled, never which modules load or what they do. npm 11 turns it on for itself (in the OS temp folder).
 *
 * Set for the process that runs the tests, so every Node process it or its children start inherits it; a value the
 * user set is left alone. Kept inside this checkout beside jest's transform cache, so a clean clone starts cold and
 * nothing lands under HOME.
 */
export const NODE_COMPILE_CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'node-compile-cache');
// Both the worker's real environment (what a spawn without `env` passes on) and this test file's copy of it (what
// the helpers spread into a child's `env`).
for (const env of [realProcess.env, process.env]) env.NODE_COMPILE_CACHE ??= NODE_COMPILE_CACHE;
