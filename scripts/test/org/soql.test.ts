import { chunk, chunkInList, daysAgo, inList, quote } from '../../src/org/soql';

describe('SOQL helpers', () => {
  it('quotes literals, escaping quotes and backslashes', () => {
    expect(quote("O'Brien")).toBe("'O\\'Brien'");
    expect(quote('a\\b')).toBe("'a\\\\b'");
    expect(inList(['A', 'B'])).toBe("('A','B')");
  });

  it('chunks IN-lists by text size and item count, in order, never empty', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `0PS${String(i).padStart(15, '0')}`);
    const chunks = chunkInList(ids, 2000, 500);
    expect(chunks.flat()).toEqual(ids);
    for (const c of chunks) expect(inList(c).length).toBeLessThanOrEqual(2001);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunkInList(ids, 100_000, 300).map((c) => c.length)).toEqual([300, 300, 300, 100]);
    expect(chunkInList([])).toEqual([]);
  });

  it('chunks arrays and formats day offsets as SOQL datetimes', () => {
    expect(chunk([1, 2, 3, 4, 5, 6], 5)).toEqual([[1, 2, 3, 4, 5], [6]]);
    expect(daysAgo(new Date('2026-11-26T10:00:00Z'), 90)).toBe('2026-08-28T00:00:00Z');
  });
});
