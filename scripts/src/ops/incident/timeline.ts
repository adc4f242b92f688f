/**
 * HITECH breach-notification timeline (45 CFR Part 164 Subpart D), as pure date arithmetic on
 * calendar dates (no time zone: a discovery date is a day, and every deadline is a day).
 *
 * Sources (the regulation text, eCFR):
 * - 164.404(a)(2), (b): discovery is the first day the breach is known (or would have been known
 *   with reasonable diligence); individuals are notified without unreasonable delay and in no
 *   case later than 60 calendar days after discovery.
 * - 164.406(a), (b): media notice when the breach involves more than 500 residents of a State or
 *   jurisdiction, same 60-day limit.
 * - 164.408(b): the Secretary (HHS), contemporaneously with the individual notice, for 500 or more
 *   individuals; 164.408(c): fewer than 500 are logged and reported no later than 60 days after the
 *   end of each calendar year (the year of discovery).
 * - 164.410(b): a business associate notifies the covered entity without unreasonable delay and in
 *   no case later than 60 calendar days after discovery.
 * https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-D
 * Federal Register 74 FR 42740 (2009-08-24), 78 FR 5566 (2013-01-25, the Omnibus Rule).
 */

export const NOTIFY_DAYS = 60;
/** 164.408(b): "500 or more" individuals. */
export const HHS_IMMEDIATE_THRESHOLD = 500;
/** 164.406(a): "more than 500 residents of a State or jurisdiction". */
export const MEDIA_THRESHOLD = 500;

/** A calendar date as YYYY-MM-DD. */
export type Day = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict YYYY-MM-DD calendar date; undefined for anything else (including 2026-02-30). */
export function parseDay(text: string): Date | undefined {
  const m = DAY.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  return date;
}

export const formatDay = (d: Date): Day => d.toISOString().slice(0, 10);

export function addDays(d: Date, days: number): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days));
}

export const daysBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 86_400_000);

export type Party = 'individuals' | 'hhs' | 'media' | 'covered-entity';

export interface Deadline {
  party: Party;
  /** Whether the duty applies with the counts given; undefined when a count is not known yet. */
  applies: boolean | undefined;
  /** The last permitted day. */
  due: Day;
  /** Days from discovery to due. */
  days: number;
  citation: string;
  /** Which rule produced the date (for the reader). */
  rule: 'discovery+60' | 'year-end+60';
}

export interface TimelineInput {
  discovered: Day;
  /** Individuals affected, when known. */
  affected?: number;
  /** The largest number of affected residents of any one State or jurisdiction, when known. */
  maxStateResidents?: number;
  /** We are a business associate: the duty is to notify the covered entity. */
  businessAssociate?: boolean;
}

export interface Timeline {
  discovered: Day;
  deadlines: Deadline[];
}

/** Computes every notification deadline for a breach discovered on `input.discovered`. */
export function breachTimeline(input: TimelineInput): Timeline {
  const discovered = parseDay(input.discovered);
  if (!discovered) throw new RangeError(`not a calendar date: ${input.discovered}`);
  const by60 = addDays(discovered, NOTIFY_DAYS);
  const yearEnd = new Date(Date.UTC(discovered.getUTCFullYear(), 11, 31));
  const byYearEnd = addDays(yearEnd, NOTIFY_DAYS);
  const d60 = (party: Party, applies: boolean | undefined, citation: string): Deadline => ({
    party,
    applies,
    due: formatDay(by60),
    days: NOTIFY_DAYS,
    citation,
    rule: 'discovery+60'
  });
  if (input.businessAssociate) {
    return { discovered: input.discovered, deadlines: [d60('covered-entity', true, '164.410(b)')] };
  }
  const { affected, maxStateResidents } = input;
  const large = affected === undefined ? undefined : affected >= HHS_IMMEDIATE_THRESHOLD;
  const hhs: Deadline =
    large === false
      ? {
          party: 'hhs',
          applies: true,
          due: formatDay(byYearEnd),
          days: daysBetween(discovered, byYearEnd),
          citation: '164.408(c)',
          rule: 'year-end+60'
        }
      : d60('hhs', true, large ? '164.408(b)' : '164.408(b), (c)');
  const media =
    maxStateResidents !== undefined
      ? maxStateResidents > MEDIA_THRESHOLD
      : affected !== undefined && affected <= MEDIA_THRESHOLD
        ? false
        : undefined;
  return {
    discovered: input.discovered,
    deadlines: [d60('individuals', true, '164.404(b)'), hhs, d60('media', media, '164.406(b)')]
  };
}

/**
 * The HHS deadline for a breach of fewer than 500 individuals when the count is not known yet is
 * the later date; the playbook shows both so nobody plans on the later one by mistake.
 */
export function smallBreachHhsDue(discovered: Day): Day {
  const d = parseDay(discovered);
  if (!d) throw new RangeError(`not a calendar date: ${discovered}`);
  return formatDay(addDays(new Date(Date.UTC(d.getUTCFullYear(), 11, 31)), NOTIFY_DAYS));
}
