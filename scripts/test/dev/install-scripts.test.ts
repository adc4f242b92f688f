import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freshHome, removeHome } from '../helpers/home';
import { REPO_ROOT } from '../helpers/paths';

/**
 * The install scripts `npm install` / `npm ci` may run (package.json `allowScripts`, `npm help install-scripts`).
 * Every dependency that has one is reviewed: npm versions that block unreviewed scripts by default would otherwise
 * skip `node`'s preinstall, which installs the Node 22 this project runs on. `@salesforce/cli`'s preinstall is denied:
 * it runs `sfdx --version` and, when it finds the local sfdx, leaves ~/.sf and ~/.cache/sf under HOME (a clean-clone
 * run found them there).
 */
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  allowScripts?: Record<string, boolean>;
};

describe('install scripts', () => {
  it('npm finds no dependency whose install scripts are unreviewed', () => {
    const home = freshHome();
    try {
      const r = spawnSync(
        path.join(REPO_ROOT, 'node_modules', '.bin', 'npm'),
        ['install-scripts', 'ls', '--json'],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          env: {
            ...process.env,
            PATH: `${path.join(REPO_ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
            HOME: home,
            npm_config_update_notifier: 'false',
            npm_config_cache: path.join(home, 'npm-cache')
          }
        }
      );
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ allowScripts: [] });
    } finally {
      removeHome(home);
    }
  });

  it("denies @salesforce/cli's preinstall while it runs a CLI, and lets node's install Node 22", () => {
    const cli = JSON.parse(
      readFileSync(path.join(REPO_ROOT, 'node_modules', '@salesforce', 'cli', 'package.json'), 'utf8')
    ) as { scripts?: Record<string, string> };
    // When a release drops this preinstall, this fails: drop the denial with it.
    const preinstall = cli.scripts?.preinstall ?? '';
    expect(preinstall).toMatch(/^node\s+\S+$/);
    const script = readFileSync(
      path.join(REPO_ROOT, 'node_modules', '@salesforce', 'cli', preinstall.replace(/^node\s+/, '')),
      'utf8'
    );
    expect(script).toMatch(/--version/);
    expect(pkg.allowScripts?.['@salesforce/cli']).toBe(false);
    expect(pkg.allowScripts?.node).toBe(true);
  });
});
