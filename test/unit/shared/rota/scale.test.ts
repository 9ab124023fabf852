import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BankHolidayFeed, bankHolidayDays } from '../../../../shared/domain/calendar/bank-holidays';
import { generateSlots } from '../../../../shared/domain/rota/generate';
import type { SessionTemplate } from '../../../../shared/domain/rota/template';
import { input, template } from './fixtures';

/** Correctness at the size of the benchmark (a year, 40 clinicians); timing belongs to `npm run bench`. */
describe('a year of 40 clinicians', () => {
  const feed = BankHolidayFeed.parse(JSON.parse(readFileSync(resolve(__dirname, '../../../../resources/bank-holidays-england-and-wales.json'), 'utf8')));
  const clinicians = Array.from({ length: 40 }, (_, i) => `gp${String(i + 1).padStart(2, '0')}`);
  const templates: SessionTemplate[] = clinicians.flatMap((c) => [
    // 08:30–12:00: 2 urgent + 16 routine + 1 admin = 210 minutes
    template({ id: `${c}-am`, clinicianId: c, start: '08:30', end: '12:00', pattern: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] }, sequence: [{ slotTypeId: 'urgent', count: 2 }, { slotTypeId: 'routine', count: 16 }, { slotTypeId: 'admin', count: 1 }] }),
    // 14:00–17:30: 18 routine + 1 admin
    template({ id: `${c}-pm`, clinicianId: c, start: '14:00', end: '17:30', pattern: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] }, sequence: [{ slotTypeId: 'routine', count: 18 }, { slotTypeId: 'admin', count: 1 }] }),
  ]);

  it('generates without error, every slot once, and only bank-holiday clashes', () => {
    const r = generateSlots(input({ templates, from: '2026-01-01', to: '2026-12-31', calendar: { bankHolidays: bankHolidayDays(feed), closures: new Set() } }));
    const workingDays = 261 - 8; // weekdays of 2026 less its eight bank holidays, all on weekdays
    expect(r.slots).toHaveLength(40 * workingDays * (19 + 19));
    expect(new Set(r.slots.map((s) => s.id)).size).toBe(r.slots.length);
    expect(r.clashes).toHaveLength(40 * 2 * 8);
    expect(r.clashes.every((c) => c.kind === 'bank-holiday')).toBe(true);
    expect(r.summary.rows).toHaveLength(40 * workingDays * 3);
    expect(r.summary.totalSlots).toBe(r.slots.length);
    expect(r.slots.every((s, i) => i === 0 || r.slots[i - 1]!.start <= s.start)).toBe(true);
  });
});
