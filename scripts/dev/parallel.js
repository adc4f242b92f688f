'use strict';
/**
 * Runs the commands given as arguments side by side, as many at once as the machine has cores, and prints each
 * one's output whole when it ends (never interleaved), with its time. Exits 1 when any failed, after all have
 * ended, so one run shows every failing layer.
 *
 * With `--live "<command>"`, that one command also starts at once, beside the others, with its output going straight
 * to this terminal as it comes (jest's progress); the others' outputs are then held and printed whole, each with its
 * verdict, after the live command has ended, so nothing is printed into the middle of its output.
 *
 *   node scripts/dev/parallel.js "npm run test:types" "npm run lint"
 *   node scripts/dev/parallel.js --live "npm run test:jest" "npm run test:static"
 *
 * `npm test` runs jest live beside its static layers (`npm run test:static`, which runs them this way, two at a
 * time on two cores): they are independent of each other, and jest's workers spend part of their time waiting on child
 * processes, JVMs and the browser, which the static layers fill.
 */
const { spawn } = require('node:child_process');
const os = require('node:os');

const USAGE = 'usage: node scripts/dev/parallel.js [--live "<command>"] "<command>" ["<command>" ...]\n';

const args = process.argv.slice(2);
let live;
if (args[0] === '--live') {
  live = args[1];
  args.splice(0, 2);
}
const commands = args;
if (commands.length === 0 || live === '') {
  process.stderr.write(USAGE);
  process.exit(2);
}
const unknown = commands.find((c) => c.startsWith('--'));
if (unknown) {
  process.stderr.write(`parallel.js: unknown option ${unknown}\n${USAGE}`);
  process.exit(2);
}

const lanes = Math.max(1, Math.min(commands.length, os.availableParallelism()));
const failed = [];
/** Outputs held while the live command runs (printed when it has ended). */
let held = live === undefined ? undefined : [];
let next = 0;

function verdictOf(code, why, t0) {
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  return code === 0 ? `ok (${secs} s)` : `FAILED: ${why} (${secs} s)`;
}

function print(text) {
  if (held) held.push(text);
  else process.stdout.write(text);
}

/** Runs one command through the shell with its output captured, and prints it when it ends. */
function run(command) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const chunks = [];
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    let reported = false;
    const done = (code, why) => {
      // A command that cannot be spawned gets 'error' and then 'close' too: it is reported once.
      if (reported) return;
      reported = true;
      const out = Buffer.concat(chunks).toString('utf8');
      print(`\n$ ${command}\n${out}${out.endsWith('\n') || !out ? '' : '\n'}${verdictOf(code, why, t0)}\n`);
      if (code !== 0) failed.push(command);
      resolve();
    };
    child.on('error', (e) => done(1, e.message));
    child.on('close', (code, signal) =>
      done(code === 0 ? 0 : 1, signal ? `signal ${signal}` : `exit ${code}`)
    );
  });
}

/** The live command: its output straight through, its verdict after it, then what the others printed meanwhile. */
function runLive(command) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(command, { shell: true, stdio: ['ignore', 'inherit', 'inherit'] });
    let reported = false;
    const done = (code, why) => {
      if (reported) return;
      reported = true;
      process.stdout.write(`\n$ ${command}\n${verdictOf(code, why, t0)}\n`);
      if (code !== 0) failed.push(command);
      const out = held;
      held = undefined;
      for (const text of out) process.stdout.write(text);
      resolve();
    };
    child.on('error', (e) => done(1, e.message));
    child.on('close', (code, signal) =>
      done(code === 0 ? 0 : 1, signal ? `signal ${signal}` : `exit ${code}`)
    );
  });
}

async function lane() {
  while (next < commands.length) await run(commands[next++]);
}

const all = Array.from({ length: lanes }, lane);
if (live !== undefined) all.push(runLive(live));
Promise.all(all).then(() => {
  const total = commands.length + (live === undefined ? 0 : 1);
  if (failed.length) {
    process.stderr.write(`\n${failed.length} of ${total} failed: ${failed.join('; ')}\n`);
    process.exitCode = 1;
  } else
    process.stdout.write(
      `\nall ${total} passed (${lanes} at a time${live === undefined ? '' : ', and one live'})\n`
    );
});
