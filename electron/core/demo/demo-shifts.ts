import { londonDay, londonDayBounds } from '../../../shared/domain/appointments/london-time';
import { addDays, isoWeekday } from '../../../shared/domain/calendar/days';
import { shiftInstants, shiftProblems } from '../../../shared/domain/ooh/shifts';
import type { OohRepo, ShiftRow } from '../db/repos/ooh.repo';

/** "Dr …" is a GP, "Nurse practitioner …" says so; anything else is left unsaid. */
const roleOf = (name: string): string | null => (/^dr\b/i.test(name) ? 'GP' : /nurse practitioner/i.test(name) ? 'Nurse practitioner' : null);

/**
 * Demo mode: a plausible week of the centre's shifts, last night and the six after it, so "who is on now" and the
 * Shifts view have something to show. Every night an on-call GP 18:30–08:00 at the main site and an evening GP
 * 18:30–23:00 at the second (the GPs take turns); a nurse practitioner 18:30–00:30 at the main site on weeknights and
 * 08:00–18:30 there on Saturday and Sunday. Only into ooh.db; nothing is added while any shift is recorded for that week, and ids are fixed, so seeding
 * again (every demo start) adds nothing. Returns how many were added.
 */
export function seedDemoShifts(repo: OohRepo, o: { sites: readonly string[]; clinicians: readonly string[]; now: Date }): number {
  const first = addDays(londonDay(o.now), -1);
  const last = addDays(first, 6);
  if (repo.shiftsOverlapping(londonDayBounds(first).start.toISOString(), londonDayBounds(last).end.toISOString()).length > 0) return 0;
  const main = o.sites[0];
  if (!main || o.clinicians.length === 0) return 0;
  const second = o.sites[1] ?? main;
  const gps = o.clinicians.filter((c) => roleOf(c) === 'GP');
  const pool = gps.length > 0 ? gps : [...o.clinicians];
  const np = o.clinicians.find((c) => roleOf(c) === 'Nurse practitioner') ?? null;
  const at = o.now.toISOString();
  let added = 0;
  for (let i = 0; i < 7; i++) {
    const night = addDays(first, i);
    const onCall = pool[i % pool.length]!;
    const other = pool[(i + 1) % pool.length]!;
    const weekend = isoWeekday(night) >= 6;
    const plan: { site: string; clinician: string; from: string; to: string }[] = [
      ...(np ? [weekend ? { site: main, clinician: np, from: '08:00', to: '18:30' } : { site: main, clinician: np, from: '18:30', to: '00:30' }] : []),
      { site: main, clinician: onCall, from: '18:30', to: '08:00' },
      ...(other !== onCall ? [{ site: second, clinician: other, from: '18:30', to: '23:00' }] : []),
    ];
    plan.forEach((p, n) => {
      const t = shiftInstants(night, p.from, p.to);
      const row: ShiftRow = {
        id: `demo-shift-${night}-${n + 1}`, site: p.site, clinician: p.clinician, role: roleOf(p.clinician),
        start: t.start.toISOString(), end: t.end.toISOString(), createdBy: 'Demo rota', createdAt: at, updatedBy: 'Demo rota', updatedAt: at,
      };
      // The same rules as a person's edit: a settings list that makes the pattern clash leaves that shift out.
      const others = repo.shiftsOverlapping(row.start, row.end);
      if (shiftProblems({ ...row, start: t.start, end: t.end }, { sites: o.sites, others }).length > 0) return;
      if (repo.addShiftOnce(row)) added++;
    });
  }
  return added;
}
