import { rmSync } from 'node:fs';
import { freshHome, realProcess } from '../helpers/home';

/**
 * Each test file of the scripts project runs with its own empty HOME, removed after the file: what a test writes
 * there itself (a helper's @salesforce/core AuthInfo keeps an encrypted auth file, alias and key under ~/.sfdx;
 * the SDK's log goes to ~/.sf) never lands in the HOME of whoever runs `npm test`, and no file sees another's.
 * CLI runs get a fresh HOME of their own on top of this one (./helpers/home.ts, run-in-process.ts).
 */
const saved = { real: realProcess.env.HOME, context: process.env.HOME };
const home = freshHome();
realProcess.env.HOME = home;
process.env.HOME = home;

afterAll(() => {
  if (saved.real === undefined) delete realProcess.env.HOME;
  else realProcess.env.HOME = saved.real;
  if (saved.context === undefined) delete process.env.HOME;
  else process.env.HOME = saved.context;
  rmSync(home, { recursive: true, force: true });
});
