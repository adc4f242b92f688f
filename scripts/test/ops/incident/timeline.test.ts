import { breachTimeline, parseDay, smallBreachHhsDue } from '../../../src/ops/incident/timeline';

const due = (input: Parameters<typeof breachTimeline>[0]) =>
  Object.fromEntries(breachTimeline(input).deadlines.map((d) => [d.party, [d.due, d.applies, d.citation]]));

describe('HITECH timeline on known dates', () => {
  it('60 calendar days after discovery for individuals, HHS (500+) and media', () => {
    expect(due({ discovered: '2026-03-15', affected: 1200, maxStateResidents: 800 })).toEqual({
      individuals: ['2026-05-14', true, '164.404(b)'],
      hhs: ['2026-05-14', true, '164.408(b)'],
      media: ['2026-05-14', true, '164.406(b)']
    });
  });

  it('crosses a year end: discovered 2026-11-20, due 2027-01-19', () => {
    expect(due({ discovered: '2026-11-20', affected: 600 }).individuals![0]).toBe('2027-01-19');
    expect(due({ discovered: '2026-12-31', affected: 600 }).hhs![0]).toBe('2027-03-01');
  });

  it('fewer than 500: HHS within 60 days of the end of the calendar year of discovery', () => {
    const d = due({ discovered: '2026-11-20', affected: 499, maxStateResidents: 499 });
    expect(d.hhs).toEqual(['2027-03-01', true, '164.408(c)']);
    expect(d.media![1]).toBe(false);
    expect(d.individuals![0]).toBe('2027-01-19');
    // A leap year: 2027-12-31 + 60 days is 2028-02-29.
    expect(due({ discovered: '2027-06-01', affected: 10 }).hhs![0]).toBe('2028-02-29');
    expect(smallBreachHhsDue('2026-01-01')).toBe('2027-03-01');
  });

  it('thresholds: 500 is "500 or more" for HHS but not "more than 500" for the media', () => {
    const d = due({ discovered: '2026-06-01', affected: 500, maxStateResidents: 500 });
    expect(d.hhs![2]).toBe('164.408(b)');
    expect(d.media![1]).toBe(false);
    expect(due({ discovered: '2026-06-01', affected: 501, maxStateResidents: 501 }).media![1]).toBe(true);
  });

  it('unknown counts: media depends on the count; HHS falls back to the 60-day date', () => {
    const d = due({ discovered: '2026-06-01' });
    expect(d.media![1]).toBeUndefined();
    expect(d.hhs).toEqual(['2026-07-31', true, '164.408(b), (c)']);
    expect(due({ discovered: '2026-06-01', affected: 5000 }).media![1]).toBeUndefined();
  });

  it('a business associate notifies the covered entity within 60 days', () => {
    expect(due({ discovered: '2026-02-10', businessAssociate: true })).toEqual({
      'covered-entity': ['2026-04-11', true, '164.410(b)']
    });
  });

  it('parses only real calendar dates', () => {
    expect(parseDay('2028-02-29')).toBeDefined();
    for (const bad of ['2027-02-29', '2026-13-01', '2026-1-01', '2026-01-01T00:00:00Z', '']) {
      expect(parseDay(bad)).toBeUndefined();
    }
    expect(() => breachTimeline({ discovered: '2026-02-30' })).toThrow(RangeError);
    expect(() => smallBreachHhsDue('2026-02-30')).toThrow(RangeError);
  });
});
