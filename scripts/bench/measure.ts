import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseApex, apexKind } from '../src/apex/parse';
import { runPmd } from '../src/apex/pmd';
import { main } from '../src/cli/main';
import { listFiles } from '../src/project/files';
import { parseXml } from '../src/posture/xml';

/**
 * One measured run, in its own process: `verify` (the real command, output discarded), `floor`
 * (only read and parse the same files: every XML file, and every Apex file recognised by the ANTLR
 * parser, SLL first, without building trees: the plain parse pass) or `pmd` (Code Analyzer's PMD
 * engine with pmd:Security). Prints JSON: work time and peak RSS.
 */
async function run(mode: string, dir: string): Promise<number> {
  if (mode === 'verify') {
    const silent = {
      out: () => undefined,
      err: () => undefined,
      progress: () => undefined,
      isTTY: false,
      errIsTTY: false
    };
    const code = await main(['verify', '-d', dir, '--json', '--no-progress'], silent);
    return code === 2 ? Promise.reject(new Error('verify failed')) : 0;
  }
  const pkg = path.join(dir, 'force-app');
  if (mode === 'floor') {
    let n = 0;
    for (const file of listFiles(
      [pkg],
      (f) => f.endsWith('.xml') || f.endsWith('.cls') || f.endsWith('.trigger')
    )) {
      const text = readFileSync(file, 'utf8');
      if (file.endsWith('.xml')) parseXml(text);
      else parseApex(text, apexKind(file));
      n++;
    }
    return n;
  }
  if (mode === 'pmd') {
    const r = await runPmd([pkg], ['pmd:Security'], dir);
    return r.violations.length;
  }
  throw new Error(`unknown mode ${mode}`);
}

const [mode, dir] = process.argv.slice(2);
const t0 = performance.now();
run(mode!, path.resolve(dir!)).then(
  () => {
    process.stdout.write(
      JSON.stringify({ ms: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n'
    );
  },
  (e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  }
);
