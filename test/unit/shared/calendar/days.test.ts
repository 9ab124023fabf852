import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, daysInMonth, eachDay, isDay, isoWeekday, weekStart } from '../../../../shared/domain/calendar/days';
import { DaySchema, WallTimeSchema } from '../../../../shared/domain/calendar/schemas';

describe('calendar days', () => {
  it('knows real days from look-alikes', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-2-1')).toBe(false);
    expect(() => dayNumber('2026-13-01')).toThrow(RangeError);
  });

  it('adds days across months, years and the clock changes without drifting', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('ISO weekdays: Monday 1 … Sunday 7; weeks start on Monday', () => {
    expect(isoWeekday('2026-03-29')).toBe(7);
    expect(isoWeekday('2026-03-30')).toBe(1);
    expect(isoWeekday('1969-12-31')).toBe(3);
    expect(weekStart('2026-03-29')).toBe('2026-03-23');
    expect(weekStart('2026-03-30')).toBe('2026-03-30');
  });

  it('lists each day of a range, both ends included', () => {
    expect(eachDay('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(eachDay('2026-03-02', '2026-03-01')).toEqual([]);
    expect(daysInMonth('2028-02-10')).toBe(29);
  });

  it('schemas explain what is wrong', () => {
    expect(DaySchema.safeParse('2026-02-30').error?.issues[0]?.message).toBe('That date does not exist');
    expect(DaySchema.safeParse('30/01/2026').error?.issues[0]?.message).toMatch(/yyyy-mm-dd/);
    expect(WallTimeSchema.safeParse('8:30').error?.issues[0]?.message).toMatch(/HH:mm/);
    expect(WallTimeSchema.safeParse('24:00').success).toBe(false);
  });
});
