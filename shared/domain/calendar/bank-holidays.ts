/**
 * The bank-holiday calendar as data: the shape of one division of the GOV.UK feed
 * (https://www.gov.uk/bank-holidays.json), shipped in resources/ and read by the core.
 *
 * Why a schema here and no loader: shared/ stays free of files; the core reads the JSON, parses it with
 * `BankHolidayFeed` (a bad file is refused at start-up, not discovered on Boxing Day) and hands the days on
 * as a set.
 */
import { z } from 'zod';
import type { LondonDay } from '../appointments/london-time';
import { DaySchema } from './schemas';

export const BankHolidayEvent = z.object({
  title: z.string().min(1),
  date: DaySchema,
  notes: z.string(),
  bunting: z.boolean(),
});
export type BankHolidayEvent = z.infer<typeof BankHolidayEvent>;

export const BankHolidayFeed = z.object({
  division: z.string().min(1),
  source: z.string().optional(),
  events: z.array(BankHolidayEvent),
});
export type BankHolidayFeed = z.infer<typeof BankHolidayFeed>;

/** The days of the feed, as the set the calendar and rota functions take. */
export function bankHolidayDays(feed: BankHolidayFeed): Set<LondonDay> {
  return new Set(feed.events.map((e) => e.date));
}

/** Day → title ("Easter Monday"), for messages that name the holiday. */
export function bankHolidayTitles(feed: BankHolidayFeed): Map<LondonDay, string> {
  return new Map(feed.events.map((e) => [e.date, e.title]));
}

/** Bank holidays and the practice's own closures together: the days nobody works for working-day counts. */
export function closedDays(bankHolidays: Iterable<LondonDay>, localClosures: Iterable<LondonDay>): Set<LondonDay> {
  return new Set([...bankHolidays, ...localClosures]);
}
