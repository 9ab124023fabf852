/**
 * England and Wales bank holidays as shipped in resources/ (GOV.UK feed shape), parsed once: a bad file stops
 * the core at start-up rather than miscounting a turnaround on Boxing Day.
 */
import feed from '../../resources/bank-holidays-england-and-wales.json';
import { BankHolidayFeed, bankHolidayDays } from '../../shared/domain/calendar/bank-holidays';

export const ENGLAND_BANK_HOLIDAYS: ReadonlySet<string> = bankHolidayDays(BankHolidayFeed.parse(feed));
