import path from 'node:path';
import { START_ONLY } from '../../src/commands/deploy';
import { REPO_ROOT } from '../helpers/paths';
import { node22Json, stalePluginBuild } from '../helpers/processes';
import { runInProcess } from '../helpers/run-in-process';

/**
 * The sf plugin's commands and the CLI's commands are one set of commands: each `sf phi-guard`
 * command hands its flags to a CLI command, so every flag it declares must be one that CLI command
 * takes, and every flag the CLI command takes must be reachable from sf. A flag added to one side
 * only fails here, naming the command and the flag.
 */

/** sf phi-guard command id -> the CLI command line it runs. */
const COMMANDS: Record<string, string[]> = {
  'phi-guard:verify': ['verify'],
  'phi-guard:deploy': ['deploy'],
  'phi-guard:deploy:resume': ['deploy', 'resume'],
  'phi-guard:access-review': ['access-review'],
  'phi-guard:baa:check': ['baa', 'check'],
  'phi-guard:audit-log:verify': ['audit-log', 'verify'],
  'phi-guard:audit-log:anchor': ['audit-log', 'anchor'],
  'phi-guard:incident:start': ['incident', 'start'],
  'phi-guard:incident:scope': ['incident', 'scope'],
  'phi-guard:metadata-validate': ['metadata-validate'],
  'phi-guard:apex-validate': ['apex-validate'],
  'phi-guard:rules-validate': ['rules-validate']
};

/** sf's own flags, and the plugin's ways of choosing an org or a job that the CLI spells otherwise. */
const PLUGIN_ONLY = new Set(['json', 'flags-dir', 'offline', 'job-id']);
const CLI_ONLY = new Set(['help', 'json']);

/** Each compiled command's flags, read by Node 22 from plugin/lib as sf loads them. */
function pluginFlags(): Record<string, string[]> {
  const script = `
    import { readdirSync } from 'node:fs';
    import path from 'node:path';
    import { pathToFileURL } from 'node:url';
    const root = ${JSON.stringify(path.join(REPO_ROOT, 'plugin', 'lib', 'commands'))};
    const out = {};
    for (const f of readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.mjs'))) {
      const mod = await import(pathToFileURL(path.join(root, f)).href);
      out[f.replace(/\\.mjs$/, '').split(path.sep).join(':')] = Object.keys(mod.default.flags);
    }
    process.stdout.write(JSON.stringify(out));`;
  return node22Json<Record<string, string[]>>(script);
}

/** The flags a CLI command's --help defines: every --flag on a line that starts with a flag. */
async function cliFlags(argv: string[]): Promise<Set<string>> {
  const help = await runInProcess([...argv, '--help']);
  expect(help.code).toBe(0);
  const flags = new Set<string>();
  for (const line of help.stdout.split('\n')) {
    if (!/^\s*-/.test(line)) continue;
    for (const m of line.matchAll(/--([a-z][\w-]*)/g)) flags.add(m[1]!);
  }
  return flags;
}

describe('the sf plugin and the CLI take the same flags', () => {
  let plugin: Record<string, string[]>;
  beforeAll(() => {
    const stale = stalePluginBuild();
    if (stale.length)
      throw new Error(`plugin/lib is older than plugin/src (${stale.join(', ')}): npm run prepare`);
    plugin = pluginFlags();
  });

  it('every CLI command has its sf phi-guard command', () => {
    expect(Object.keys(plugin).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it.each(Object.entries(COMMANDS))('%s = phi-guard %j', async (id, argv) => {
    const cli = await cliFlags(argv);
    const sf = plugin[id]!.filter((f) => !PLUGIN_ONLY.has(f));
    expect({ missingInCli: sf.filter((f) => !cli.has(f)) }).toEqual({ missingInCli: [] });
    // The CLI's deploy help serves deploy and deploy resume alike; deploy resume refuses the flags that shape a
    // deploy as it starts (its own list, START_ONLY), so the sf command offers none of them.
    const notHere: readonly string[] = id === 'phi-guard:deploy:resume' ? START_ONLY : [];
    const reachable = (f: string) => CLI_ONLY.has(f) || notHere.includes(f) || plugin[id]!.includes(f);
    expect({ missingInSf: [...cli].filter((f) => !reachable(f)) }).toEqual({
      missingInSf: []
    });
  });
});
