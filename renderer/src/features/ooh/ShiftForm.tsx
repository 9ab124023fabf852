import { useId, useState, type KeyboardEvent } from 'react';
import type { ShiftView } from '../../../../shared/contract/ooh';
import { formatLondon, londonDay } from '../../../../shared/domain/appointments/london-time';
import { DaySchema, WallTimeSchema } from '../../../../shared/domain/calendar/schemas';
import { shiftInstants, shiftProblems, shiftRangeWords } from '../../../../shared/domain/ooh/shifts';
import { durationWords } from '../../../../shared/domain/ooh/waits';
import { ProblemSummary } from '../../components/ProblemSummary';
import { TextField } from '../../components/TextField';
import { useOohShiftsStore } from '../../stores/ooh-shifts.store';
import { SelectField, useFocusOnOpen } from '../rota/form-bits';

/** What the form holds: London wall-clock values as typed. */
export interface ShiftDraft {
  id?: string;
  site: string;
  clinician: string;
  role: string;
  day: string;
  start: string;
  end: string;
}

export const draftOf = (s: ShiftView): ShiftDraft => ({
  id: s.id, site: s.site, clinician: s.clinician, role: s.role ?? '', day: londonDay(new Date(s.start)),
  start: formatLondon(new Date(s.start), 'HH:mm'), end: formatLondon(new Date(s.end), 'HH:mm'),
});

type Field = 'site' | 'clinician' | 'role' | 'day' | 'start' | 'end' | 'form';

/** The shift the times describe, or null while they are not yet a day and two times. */
function timesOf(d: ShiftDraft) {
  if (!DaySchema.safeParse(d.day).success || !WallTimeSchema.safeParse(d.start).success || !WallTimeSchema.safeParse(d.end).success) return null;
  return shiftInstants(d.day, d.start, d.end);
}

/** "Ends the next morning, Wednesday 25 November (13 hours 30 minutes)." */
function endHint(d: ShiftDraft): string {
  const t = timesOf(d);
  if (!t) return 'HH:mm, 24-hour clock. A time earlier than the start is the next morning.';
  const minutes = (t.end.getTime() - t.start.getTime()) / 60_000;
  if (minutes <= 0) return 'HH:mm, 24-hour clock. A time earlier than the start is the next morning.';
  return t.nextMorning
    ? `Ends the next morning, ${formatLondon(t.end, 'EEEE d MMMM')} (${durationWords(minutes)}).`
    : `Ends the same day (${durationWords(minutes)}).`;
}

/**
 * Add or change one shift: site, clinician (the centre's clinicians offered, anyone may be typed), an optional role,
 * the day and time it starts and the time it ends; an end earlier than the start is the next morning, and the form
 * says so as it is typed. The shared rules are checked before sending, each problem shown at its field and listed
 * (and announced) at the top; a refusal from the core is listed there too. Nothing typed is lost either way.
 */
export function ShiftForm({ initial, sites, clinicians, others, onDone }: { initial: ShiftDraft; sites: readonly string[]; clinicians: readonly string[]; others: readonly ShiftView[]; onDone(saved: boolean): void }) {
  const [d, setD] = useState<ShiftDraft>(initial);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const busy = useOohShiftsStore((s) => s.busy);
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const id = useId();
  const update = (patch: Partial<ShiftDraft>) => setD((x) => ({ ...x, ...patch }));

  const check = (): Partial<Record<Field, string>> => {
    const e: Partial<Record<Field, string>> = {};
    if (!d.site) e.site = 'Choose a site';
    if (d.clinician.trim().length < 2) e.clinician = 'Name the clinician';
    const day = DaySchema.safeParse(d.day);
    if (!day.success) e.day = d.day ? (day.error.issues[0]?.message ?? 'Enter the date') : 'Enter the date the shift starts';
    const start = WallTimeSchema.safeParse(d.start);
    if (!start.success) e.start = start.error.issues[0]?.message ?? 'Enter the start time';
    const end = WallTimeSchema.safeParse(d.end);
    if (!end.success) e.end = end.error.issues[0]?.message ?? 'Enter the end time';
    const t = timesOf(d);
    if (t && !e.site && !e.clinician) {
      for (const p of shiftProblems({ id: d.id, site: d.site, clinician: d.clinician, start: t.start, end: t.end }, { sites, others })) e[p.field] ??= p.message;
    }
    return e;
  };

  const submit = async () => {
    const e = check();
    setErrors(e);
    const t = timesOf(d);
    if (Object.keys(e).length > 0 || !t) return;
    const refused = await useOohShiftsStore.getState().save(
      {
        ...(d.id ? { id: d.id } : {}),
        site: d.site,
        clinician: d.clinician.trim(),
        ...(d.role.trim() ? { role: d.role.trim() } : {}),
        start: t.start.toISOString(),
        end: t.end.toISOString(),
      },
      `Saved ${d.clinician.trim()}’s shift, ${shiftRangeWords(t.start, t.end)} at ${d.site}.`,
    );
    if (refused) setErrors({ form: refused });
    else onDone(true);
  };

  const onKeyDown = (ev: KeyboardEvent) => {
    if (ev.key !== 'Escape') return;
    ev.preventDefault();
    onDone(false);
  };

  const title = d.id ? `Change ${initial.clinician}’s shift` : 'Add a shift';
  return (
    <section className="panel ooh-shift-form" aria-labelledby={`${id}-heading`} onKeyDown={onKeyDown}>
      <h3 ref={heading} id={`${id}-heading`} tabIndex={-1} className="panel__heading">
        {title}
      </h3>
      <form
        noValidate
        className="form"
        aria-labelledby={`${id}-heading`}
        onSubmit={(ev) => {
          ev.preventDefault();
          void submit();
        }}
      >
        <ProblemSummary errors={errors as Record<string, string>} />
        <SelectField label="Site" value={d.site} onValue={(site) => update({ site })} options={sites.map((s) => ({ value: s, label: s }))} placeholder="Choose a site" error={errors.site} />
        <TextField label="Clinician" hint="Choose from the centre’s clinicians or type a name" value={d.clinician} onValue={(clinician) => update({ clinician })} error={errors.clinician} list={`${id}-clinicians`} maxLength={80} />
        <datalist id={`${id}-clinicians`}>
          {clinicians.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <TextField label="Role (optional)" hint="For example GP or Nurse practitioner" value={d.role} onValue={(role) => update({ role })} error={errors.role} maxLength={40} />
        <div className="form__row">
          <TextField label="Starts on" type="date" value={d.day} onValue={(day) => update({ day })} error={errors.day} />
          <TextField label="Start time" hint="HH:mm, 24-hour clock" value={d.start} onValue={(start) => update({ start })} error={errors.start} inputMode="numeric" />
          <TextField label="End time" hint={endHint(d)} value={d.end} onValue={(end) => update({ end })} error={errors.end} inputMode="numeric" />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Save shift
          </button>
          <button type="button" className="button" onClick={() => onDone(false)}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
