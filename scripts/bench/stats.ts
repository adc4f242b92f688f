import os from 'node:os';

/** One measured run: wall time around the process, and what the process measured of itself. */
export interface Sample {
  wallMs: number;
  /** User + system CPU time of the measured process (all its threads, from its start). */
  cpuMs: number;
  maxRssMb: number;
  report: Record<string, unknown>;
}

export interface BenchArgs {
  heavyOnly: boolean;
  noPmd: boolean;
  noGate: boolean;
  tests: boolean;
  npsp?: string;
  runs: number;
  heavyRuns: number;
}

const count = (name: string, v: string | undefined, dflt: number): number => {
  if (v === undefined || v === '') return dflt;
  if (!/^[1-9]\d*$/.test(v)) throw new Error(`${name} must be a whole number of runs, at least 1`);
  return Number(v);
};

/** The bench's flags and BENCH_* knobs; an unknown flag is an error, not ignored. */
export function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv): BenchArgs {
  const args: BenchArgs = {
    heavyOnly: false,
    noPmd: false,
    noGate: false,
    tests: false,
    npsp: env.BENCH_NPSP || undefined,
    runs: count('BENCH_RUNS', env.BENCH_RUNS, 3),
    heavyRuns: count('BENCH_HEAVY_RUNS', env.BENCH_HEAVY_RUNS, 3)
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--apex-heavy') args.heavyOnly = true;
    else if (a === '--no-pmd') args.noPmd = true;
    else if (a === '--no-gate') args.noGate = true;
    else if (a === '--tests') args.tests = true;
    else if (a === '--npsp' && argv[i + 1] && !argv[i + 1]!.startsWith('--')) args.npsp = argv[++i];
    else if (a.startsWith('--npsp=') && a.length > 7) args.npsp = a.slice(7);
    else
      throw new Error(
        `unknown bench flag ${a} (flags: --apex-heavy, --no-pmd, --no-gate, --tests, --npsp <dir>)`
      );
  }
  return args;
}

/** The median (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const fmtCpu = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The 1, 5 and 15-minute load averages, as `uptime` shows them. */
export const loadAvg = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
