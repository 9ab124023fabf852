/**
 * The calendar the rota runs on: England and Wales bank holidays from resources/ (checked with the domain's feed
 * schema when this module loads, so a bad file stops the desk at start-up rather than on Boxing Day) and the
 * practice's own closures.
 */
import feed from '../../../resources/bank-holidays-england-and-wales.json';
import { BankHolidayFeed, bankHolidayDays, bankHolidayTitles } from '../../../shared/domain/calendar/bank-holidays';
import type { RotaCalendar } from '../../../shared/domain/rota/sessions';

export const BANK_HOLIDAYS: BankHolidayFeed = BankHolidayFeed.parse(feed);
const DAYS = bankHolidayDays(BANK_HOLIDAYS);
const TITLES = bankHolidayTitles(BANK_HOLIDAYS);

export function rotaCalendar(closures: Iterable<string>): RotaCalendar {
  return { bankHolidays: DAYS, closures: new Set(closures), bankHolidayTitles: TITLES };
}
