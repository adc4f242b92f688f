import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate, SIZES } from './generate';

/**
 * `npm run bench`: at three sizes, verify against the floor (read and parse only), measured side by
 * side in one run; at the largest size also against Salesforce Code Analyzer's PMD pmd:Security
 * scan. Each measurement is a separate process; wall time is taken around the whole process.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

interface Sample {
  wallMs: number;
  workMs: number;
  maxRssMb: number;
}

function measure(mode: string, dir: string): Sample {
  const t0 = performance.now();
  const r = spawnSync(NODE, [TSX, path.join(__dirname, 'measure.ts'), mode, dir], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.dirname(NODE)}${path.delimiter}${process.env.PATH ?? ''}` },
    maxBuffer: 64 * 1024 * 1024
  });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr.split('\n')[0]}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; maxRssMb: number };
  return { wallMs, workMs: out.ms, maxRssMb: out.maxRssMb };
}

/** Median of n runs (alternating verify and floor, so machine noise hits both). */
function pair(dir: string, runs: number): { verify: Sample; floor: Sample } {
  const v: Sample[] = [];
  const f: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    f.push(measure('floor', dir));
    v.push(measure('verify', dir));
  }
  const median = (xs: Sample[]) => xs.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(xs.length / 2)]!;
  return { verify: median(v), floor: median(f) };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pad = (s: string, n: number) => s.padEnd(n);

function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-bench-'));
  const skipPmd = process.argv.includes('--no-pmd');
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  try {
    const rows: string[] = [];
    const perFile: number[] = [];
    const points: { files: number; ms: number }[] = [];
    const largeRuns = Math.max(1, Math.min(runs, 2));
    process.stdout.write(
      `PHI Guard benchmark (node ${process.version}, ${os.cpus().length} cores; median of ${runs} runs, ${largeRuns} at the large size)\n\n`
    );
    process.stdout.write(
      `${pad('size', 8)}${pad('files', 8)}${pad('verify', 11)}${pad('floor', 11)}${pad('verify/floor', 14)}${pad('verify RSS', 13)}${pad('floor RSS', 12)}ms/1k files\n`
    );
    for (const size of SIZES) {
      const dir = path.join(work, size.name);
      const { files } = generate(dir, size);
      const { verify, floor } = pair(dir, size.name === 'large' ? largeRuns : runs);
      const ratio = verify.wallMs / floor.wallMs;
      perFile.push((verify.wallMs / files) * 1000);
      points.push({ files, ms: verify.wallMs });
      const row = `${pad(size.name, 8)}${pad(String(files), 8)}${pad(fmt(verify.wallMs), 11)}${pad(fmt(floor.wallMs), 11)}${pad(ratio.toFixed(2), 14)}${pad(`${verify.maxRssMb.toFixed(0)} MB`, 13)}${pad(`${floor.maxRssMb.toFixed(0)} MB`, 12)}${perFile[perFile.length - 1]!.toFixed(0)}`;
      rows.push(row);
      process.stdout.write(`${row}\n`);
      if (size.name === 'large' && !skipPmd) {
        const pmd = measure('pmd', dir);
        process.stdout.write(
          `\nlarge: PMD pmd:Security scan ${fmt(pmd.wallMs)}, RSS ${pmd.maxRssMb.toFixed(0)} MB (Node side; the JVM is a child process)\n`
        );
        process.stdout.write(
          `large: verify/PMD = ${(verify.wallMs / pmd.wallMs).toFixed(2)} (target < 1.0)\n`
        );
      }
      if (size.name === 'large') {
        process.stdout.write(
          `large: verify/floor = ${ratio.toFixed(2)} (target <= 1.5); peak RSS ${verify.maxRssMb.toFixed(0)} MB (target < 1024 MB)\n`
        );
      }
    }
    // Marginal cost per 1,000 files between sizes: equal slopes mean time grows linearly (the
    // fixed start-up cost, which dominates the small size, cancels out).
    const slope = (a: { files: number; ms: number }, b: { files: number; ms: number }) =>
      ((b.ms - a.ms) / (b.files - a.files)) * 1000;
    const s1 = slope(points[0]!, points[1]!);
    const s2 = slope(points[1]!, points[2]!);
    process.stdout.write(
      `\nlinearity: marginal ms per 1k files small->medium ${s1.toFixed(0)}, medium->large ${s2.toFixed(0)}; ratio ${(s2 / s1).toFixed(2)} (1.0 = linear)\n`
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
spawnSync(NODE, [TSX, path.join(__dirname, 'org.ts')], { stdio: 'inherit', cwd: ROOT }); // verify -o: large profile, 50 ms latency
