import { loadAvg, median, parseBenchArgs } from '../../bench/stats';

describe("the bench's flags and figures", () => {
  it('reads the flags and BENCH_* knobs, and refuses an unknown flag or a bad count', () => {
    expect(parseBenchArgs([], {})).toEqual({
      heavyOnly: false,
      noPmd: false,
      noGate: false,
      tests: false,
      npsp: undefined,
      runs: 3,
      heavyRuns: 3
    });
    expect(
      parseBenchArgs(['--apex-heavy', '--no-pmd', '--no-gate', '--tests', '--npsp', '/x'], {
        BENCH_RUNS: '5',
        BENCH_HEAVY_RUNS: '1'
      })
    ).toEqual({ heavyOnly: true, noPmd: true, noGate: true, tests: true, npsp: '/x', runs: 5, heavyRuns: 1 });
    expect(parseBenchArgs(['--npsp=/y'], { BENCH_NPSP: '/z' }).npsp).toBe('/y');
    expect(parseBenchArgs([], { BENCH_NPSP: '/z' }).npsp).toBe('/z');
    expect(() => parseBenchArgs(['--fast'], {})).toThrow('unknown bench flag --fast');
    expect(() => parseBenchArgs(['--npsp'], {})).toThrow('unknown bench flag --npsp');
    expect(() => parseBenchArgs([], { BENCH_RUNS: '0' })).toThrow('BENCH_RUNS must be a whole number');
    expect(() => parseBenchArgs([], { BENCH_HEAVY_RUNS: '2.5' })).toThrow('BENCH_HEAVY_RUNS must be');
  });

  it('takes the median, the mean of the middle two for an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('shows the three load averages', () => {
    expect(loadAvg()).toMatch(/^\d+\.\d \/ \d+\.\d \/ \d+\.\d$/);
  });
});
