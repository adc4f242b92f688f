'use strict';
/**
 * Runs the commands given as arguments side by side, as many at once as the machine has cores, and prints each
 * one's output whole when it ends (never interleaved), with its time. Exits 1 when any failed, after all have
 * ended, so one run shows every failing layer. `npm test` runs its static layers this way before jest: they are
 * independent of each other, and on two cores the slowest pair sets the time instead of the sum.
 *
 *   node scripts/dev/parallel.js "npm run test:types" "npm run lint"
 */
const { spawn } = require('node:child_process');
const os = require('node:os');

const commands = process.argv.slice(2);
if (commands.length === 0) {
  process.stderr.write('usage: node scripts/dev/parallel.js "<command>" ["<command>" ...]\n');
  process.exit(2);
}

const lanes = Math.max(1, Math.min(commands.length, os.availableParallelism()));
const failed = [];
let next = 0;

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
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      const out = Buffer.concat(chunks).toString('utf8');
      const verdict = code === 0 ? `ok (${secs} s)` : `FAILED: ${why} (${secs} s)`;
      process.stdout.write(`\n$ ${command}\n${out}${out.endsWith('\n') || !out ? '' : '\n'}${verdict}\n`);
      if (code !== 0) failed.push(command);
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

Promise.all(Array.from({ length: lanes }, lane)).then(() => {
  if (failed.length) {
    process.stderr.write(`\n${failed.length} of ${commands.length} failed: ${failed.join('; ')}\n`);
    process.exitCode = 1;
  } else process.stdout.write(`\nall ${commands.length} passed (${lanes} at a time)\n`);
});
