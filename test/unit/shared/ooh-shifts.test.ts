import { describe, expect, it } from 'vitest';
import { nightOf, shiftInstants, shiftProblems, shiftRangeWords } from '../../../shared/domain/ooh/shifts';

/** The centre's shift rules (issue 8): nights, overnight times typed in London, clock changes, and what is refused. */
describe('out-of-hours shifts', () => {
  it('puts a shift under the night it belongs to: the day it starts, or the night before from the small hours', () => {
    expect(nightOf(new Date('2026-11-24T18:30:00Z'))).toBe('2026-11-24'); // Tue 18:30
    expect(nightOf(new Date('2026-11-25T00:00:00Z'))).toBe('2026-11-24'); // Wed 00:00
    expect(nightOf(new Date('2026-11-25T05:59:00Z'))).toBe('2026-11-24');
    expect(nightOf(new Date('2026-11-25T06:00:00Z'))).toBe('2026-11-25');
    expect(nightOf(new Date('2026-06-30T23:30:00Z'))).toBe('2026-06-30'); // 00:30 BST on 1 July: still 30 June's night
  });

  it('reads an end time earlier than the start as the next morning, in London time across the clock changes', () => {
    const winter = shiftInstants('2026-11-24', '18:30', '08:00');
    expect(winter).toEqual({ start: new Date('2026-11-24T18:30:00Z'), end: new Date('2026-11-25T08:00:00Z'), nextMorning: true });
    expect(shiftInstants('2026-11-28', '08:00', '18:30').nextMorning).toBe(false);
    // Saturday 24 October 2026 into Sunday, when BST ends: 18:30 BST → 08:00 GMT is 14½ hours.
    const october = shiftInstants('2026-10-24', '18:30', '08:00');
    expect([october.start.toISOString(), october.end.toISOString()]).toEqual(['2026-10-24T17:30:00.000Z', '2026-10-25T08:00:00.000Z']);
    // Saturday 28 March 2026 into Sunday, when BST starts: 18:30 GMT → 08:00 BST is 12½ hours.
    const march = shiftInstants('2026-03-28', '18:30', '08:00');
    expect((march.end.getTime() - march.start.getTime()) / 3_600_000).toBe(12.5);
    expect(shiftRangeWords(october.start, october.end)).toBe('Sat 24 Oct 18:30 – Sun 25 Oct 08:00');
    expect(shiftRangeWords(new Date('2026-11-28T08:00:00Z'), new Date('2026-11-28T18:30:00Z'))).toBe('Sat 28 Nov 08:00 – 18:30');
  });

  it('says what is wrong, each at its field, and counts elapsed hours (the October night is an hour longer)', () => {
    const sites = ['Main', 'Second'];
    const base = { site: 'Main', clinician: 'Dr Sam Okafor' };
    const t = shiftInstants('2026-10-24', '16:30', '08:00'); // 15½ h on the wall clock, 16½ h elapsed
    expect(shiftProblems({ ...base, ...t }, { sites, others: [] })).toEqual([{ field: 'end', message: 'A shift is at most 16 hours; this one is 16 hours 30 minutes.' }]);
    const same = shiftInstants('2026-11-24', '18:30', '18:30');
    expect(shiftProblems({ ...base, site: 'Elsewhere', ...same }, { sites, others: [] })).toEqual([
      { field: 'end', message: 'The shift must end after it starts.' },
      { field: 'site', message: '“Elsewhere” is not one of the centre’s sites (Main; Second).' },
    ]);
    const others = [{ id: 'a', site: 'Second', clinician: 'DR SAM  OKAFOR', start: '2026-11-25T07:00:00.000Z', end: '2026-11-25T12:00:00.000Z' }];
    const night = shiftInstants('2026-11-24', '18:30', '08:00');
    expect(shiftProblems({ ...base, ...night }, { sites, others })).toEqual([
      { field: 'clinician', message: 'DR SAM  OKAFOR is already on shift Wed 25 Nov 07:00 – 12:00 at Second.' },
    ]);
    expect(shiftProblems({ ...base, id: 'a', ...night }, { sites, others })).toEqual([]); // itself
    expect(shiftProblems({ ...base, ...shiftInstants('2026-11-24', '18:30', '07:00') }, { sites, others })).toEqual([]); // ends as the other starts
  });
});
