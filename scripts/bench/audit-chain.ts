import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { fileChunks } from '../src/ops/audit/read-csv';
import { verifyLogCsv } from '../src/ops/audit/verify-log';
import { writeChainFile } from './audit-chain-data';

/**
 * `npm run bench` (audit part): verify a clean synthetic PHI access log chain of 100,000 and
 * 1,000,000 rows from a CSV export, each in its own process, and print time and peak RSS. Equal RSS
 * at both sizes shows memory is bounded (it does not grow with the row count); the run fails when
 * the chain does not verify or peak RSS exceeds the bound. The verifying process runs with a V8 heap
 * limit far below the file size, so holding the rows in memory would crash it.
 */
const NODE = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'node');
const RSS_BOUND_MB = Number(process.env.AUDIT_BENCH_RSS_MB ?? 256);
/** The verifying process gets a small V8 heap: a verifier that held the rows would run out of it. */
const HEAP_MB = 48;
const SIZES = [100_000, 1_000_000];

async function child(file: string) {
  const t0 = performance.now();
  const s = await verifyLogCsv([{ display: file, chunks: fileChunks(file) }]);
  const ms = performance.now() - t0;
  process.stdout.write(
    `${JSON.stringify({ rows: s.rows, breaks: s.breakCount, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, heapLimitMb: getHeapStatistics().heap_size_limit / 1048576 })}\n`
  );
}

async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-audit-bench-'));
  let failed = false;
  try {
    process.stdout.write(
      `\nAudit-log chain verification (audit-log verify --file), RSS bound ${RSS_BOUND_MB} MB, node --max-old-space-size=${HEAP_MB}\n\n`
    );
    process.stdout.write(
      `${'rows'.padEnd(11)}${'CSV'.padEnd(10)}${'time'.padEnd(10)}${'rows/s'.padEnd(10)}peak RSS\n`
    );
    for (const n of SIZES) {
      const file = path.join(work, `log-${n}.csv`);
      await writeChainFile(file, n);
      const r = spawnSync(
        NODE,
        [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', __filename, '--child', file],
        { encoding: 'utf8' }
      );
      if (r.status !== 0) throw new Error(`verification process failed: ${r.stderr.split('\n')[0]}`);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
        rows: number;
        breaks: number;
        ms: number;
        maxRssMb: number;
        heapLimitMb: number;
      };
      const mb = statSync(file).size / 1e6;
      process.stdout.write(
        `${String(out.rows).padEnd(11)}${`${mb.toFixed(0)} MB`.padEnd(10)}${`${(out.ms / 1000).toFixed(2)} s`.padEnd(10)}${String(Math.round(out.rows / (out.ms / 1000))).padEnd(10)}${out.maxRssMb.toFixed(0)} MB (V8 heap limit ${out.heapLimitMb.toFixed(0)} MB)\n`
      );
      if (out.rows !== n || out.breaks !== 0) {
        process.stdout.write(
          `FAIL: expected ${n} rows and no break, got ${out.rows} rows, ${out.breaks} breaks\n`
        );
        failed = true;
      }
      if (out.maxRssMb > RSS_BOUND_MB) {
        process.stdout.write(
          `FAIL: peak RSS ${out.maxRssMb.toFixed(0)} MB is above the ${RSS_BOUND_MB} MB bound\n`
        );
        failed = true;
      }
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[2] === '--child') void child(process.argv[3]!);
else void main();
