import { describe, expect, it } from 'vitest';
import { GenerationInput, LeaveInput, OpeningHoursInput, TemplateInput } from '../../../../shared/contract/rota';
import { template } from './fixtures';

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.error?.issues ?? []).map((i) => i.message);

describe('the rota contract’s inputs', () => {
  it('takes a template without an id (a new one) and passes the template rules’ messages on', () => {
    const { id: _id, ...fresh } = template();
    expect(TemplateInput.safeParse(fresh).success).toBe(true);
    expect(messages(TemplateInput.safeParse({ ...fresh, start: '12:00', end: '09:00' }))).toEqual(['The session must end after it starts']);
    expect(messages(TemplateInput.safeParse({ ...fresh, id: 'has space' }))).toEqual(['Use 1 to 40 letters, digits, hyphens or full stops for the id']);
  });

  it('checks leave: the end after the start, a real date, at most a year', () => {
    expect(LeaveInput.safeParse({ clinicianId: 'drA', from: '2026-12-09', to: '2026-12-09' }).success).toBe(true);
    expect(LeaveInput.safeParse({ clinicianId: 'drA', from: '2026-12-09T13:00:00Z', to: '2026-12-09T17:00:00Z' }).success).toBe(true);
    expect(messages(LeaveInput.safeParse({ clinicianId: 'drA', from: '2026-12-10', to: '2026-12-09' }))).toEqual(['The leave must end after it starts']);
    expect(messages(LeaveInput.safeParse({ clinicianId: 'drA', from: '2026-02-30', to: '2026-03-02' }))).toEqual(['Give a date (yyyy-mm-dd) or a date and time with its offset']);
    expect(messages(LeaveInput.safeParse({ clinicianId: 'drA', from: '2026-01-01', to: '2027-01-02' }))).toEqual(['Record at most a year of leave at a time']);
  });

  it('caps generation at a year and keeps the days in order', () => {
    expect(GenerationInput.safeParse({ rotaId: 'r', from: '2026-01-01', to: '2027-01-01' }).success).toBe(true); // 366 days
    expect(messages(GenerationInput.safeParse({ rotaId: 'r', from: '2026-01-01', to: '2027-01-02' }))).toEqual(['Generate at most a year (366 days) at a time']);
    expect(messages(GenerationInput.safeParse({ rotaId: 'r', from: '2026-02-01', to: '2026-01-01' }))).toEqual(['The last day must be on or after the first day']);
  });

  it('keeps the practice’s own opening hours (only a site’s may be removed)', () => {
    expect(messages(OpeningHoursInput.safeParse({ siteId: null, hours: null }))).toEqual(["The practice's own opening hours cannot be removed, only changed"]);
    expect(OpeningHoursInput.safeParse({ siteId: '2', hours: null }).success).toBe(true);
  });
});
