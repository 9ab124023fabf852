import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { defaultSettings } from '../../electron/core/settings/settings.schema';
import type { OohContext, ShiftList, ShiftView } from '../../shared/contract/ooh';
import type { Result } from '../../shared/result';
import { coreHarness, type Harness } from '../helpers/core.harness';
import { openDeskFile } from '../helpers/db-key';
import { useTempDir } from '../helpers/temp-dir';

/**
 * The out-of-hours centre's shift rota (issue 8) through the whole core on real SQLite files: record, list, change
 * and remove shifts; an overnight shift listed under its night; every refusal in words (overlap for the same
 * clinician, end before start, too long, a site the centre does not have, a receptionist, a practice desk); and
 * "who is on now" on the board following the shifts, falling back to the settings list.
 * No national service is needed: PDS points at a closed loopback port.
 */
const temp = useTempDir();
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

const PRIYA = ['04D4E5F6', '234567'] as const; // clerical manager: rota.edit
const SAM = ['04A1B2C3', '123456'] as const; // receptionist
const MAIN = "St James's Urgent Treatment Centre";
const SECOND = 'Wharfedale Out-of-Hours Base';
/** The core's clock: Tuesday 24 November 2026, 20:00 London (GMT), unless a test moves it. */
let now = new Date('2026-11-24T20:00:00.000Z');
beforeEach(() => {
  now = new Date('2026-11-24T20:00:00.000Z');
});

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function desk(o: { mode?: 'out-of-hours' | 'practice'; as?: readonly [string, string]; dir?: string } = {}): Promise<Harness & { dir: string }> {
  const s = defaultSettings();
  const dir = o.dir ?? temp();
  const h = await coreHarness({
    dataDir: dir,
    pdsBaseUrl: 'http://127.0.0.1:9/personal-demographics/FHIR/R4',
    bookClock: () => now,
    settings: { outOfHours: { ...s.outOfHours, mode: o.mode ?? 'out-of-hours' } },
  });
  cores.push(h.core);
  const [card, passcode] = o.as ?? PRIYA;
  await h.signIn(card, passcode);
  return { ...h, dir };
}

const shift = (x: Partial<{ id: string; site: string; clinician: string; role: string; start: string; end: string }> = {}) => ({
  site: MAIN, clinician: 'Dr Sam Okafor', role: 'GP', start: '2026-11-24T18:30:00Z', end: '2026-11-25T08:00:00Z', ...x,
});

describe('the centre’s shifts', () => {
  it('records, lists, changes and removes shifts; an overnight one is listed under its night; each change is audited', async () => {
    const h = await desk();
    const made = value(await h.call<ShiftView>('ooh:shift-save', shift()));
    expect(made).toMatchObject({ site: MAIN, clinician: 'Dr Sam Okafor', role: 'GP', start: '2026-11-24T18:30:00.000Z', end: '2026-11-25T08:00:00.000Z', night: '2026-11-24', updatedBy: 'Priya Shah' });
    // 02:00–08:00 on Wednesday is still Tuesday night; a Saturday day shift is Saturday's.
    const cover = value(await h.call<ShiftView>('ooh:shift-save', shift({ clinician: 'Dr Helen Price', role: undefined, start: '2026-11-25T02:00:00Z', end: '2026-11-25T08:00:00Z' })));
    expect(cover).toMatchObject({ night: '2026-11-24', role: null });
    value(await h.call<ShiftView>('ooh:shift-save', shift({ site: SECOND, start: '2026-11-28T08:00:00Z', end: '2026-11-28T18:30:00Z' })));

    // The default is the core's week, Monday to Sunday.
    const week = value(await h.call<ShiftList>('ooh:shifts'));
    expect(week).toMatchObject({ from: '2026-11-23', to: '2026-11-29', sites: [MAIN, SECOND], clinicians: defaultSettings().outOfHours.clinicians });
    expect(week.shifts.map((x) => [x.night, x.clinician])).toEqual([
      ['2026-11-24', 'Dr Sam Okafor'],
      ['2026-11-24', 'Dr Helen Price'],
      ['2026-11-28', 'Dr Sam Okafor'],
    ]);
    // Wednesday alone: Tuesday night's shifts overlap its morning, and say which night they belong to.
    const wednesday = value(await h.call<ShiftList>('ooh:shifts', { from: '2026-11-25', to: '2026-11-25' }));
    expect(wednesday.shifts.map((x) => [x.id, x.night])).toEqual([[made.id, '2026-11-24'], [cover.id, '2026-11-24']]);
    expect(value(await h.call<ShiftList>('ooh:shifts', { from: '2026-11-30' }))).toMatchObject({ to: '2026-12-06', shifts: [] });

    // Changed by its id: the new times stand, who made it stays.
    const changed = value(await h.call<ShiftView>('ooh:shift-save', shift({ id: made.id, end: '2026-11-25T02:00:00Z' })));
    expect(changed).toMatchObject({ id: made.id, end: '2026-11-25T02:00:00.000Z' });
    expect(value(await h.call<ShiftList>('ooh:shifts', { from: '2026-11-24', to: '2026-11-24' })).shifts.filter((x) => x.id === made.id)).toEqual([changed]);
    expect(await h.call('ooh:shift-save', shift({ id: 'shift-gone' }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    expect(value(await h.call('ooh:shift-remove', { id: cover.id }))).toEqual({ removed: true });
    expect(await h.call('ooh:shift-remove', { id: cover.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/no longer on the rota/) } });
    expect(value(await h.call<ShiftList>('ooh:shifts')).shifts.map((x) => x.id)).not.toContain(cover.id);

    const db = openDeskFile(join(h.dir, 'audit.db'), { readonly: true });
    const rows = db.prepare("SELECT action, nhs_number AS nhs, detail FROM audit_events WHERE action LIKE 'ooh.shift-%' ORDER BY seq").all() as { action: string; nhs: string | null; detail: string }[];
    db.close();
    expect(rows.map((r) => r.action)).toEqual(['ooh.shift-save', 'ooh.shift-save', 'ooh.shift-save', 'ooh.shift-save', 'ooh.shift-remove']);
    expect(rows.every((r) => r.nhs === null)).toBe(true);
    expect(rows[3]!.detail).toContain(`shift=${made.id} changed`);
    expect(rows[4]!.detail).toContain('clinician=Dr Helen Price');
  });

  it('refuses, in words, what cannot stand: overlap for the same clinician, end not after start, too long, a site the centre does not have', async () => {
    const h = await desk();
    value(await h.call<ShiftView>('ooh:shift-save', shift()));
    const refused = async (input: object, message: RegExp) => {
      expect(await h.call('ooh:shift-save', input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(message) } });
    };
    // The same person, whatever the spacing and capitals, on a shift that overlaps: named with the shift they are on.
    await refused(
      shift({ clinician: 'dr  sam okafor', site: SECOND, start: '2026-11-25T07:00:00Z', end: '2026-11-25T12:00:00Z' }),
      /^Dr Sam Okafor is already on shift Tue 24 Nov 18:30 – Wed 25 Nov 08:00 at St James's Urgent Treatment Centre\.$/,
    );
    await refused(shift({ start: '2026-11-26T08:00:00Z', end: '2026-11-26T08:00:00Z' }), /^The shift must end after it starts\.$/);
    await refused(shift({ start: '2026-11-26T18:30:00Z', end: '2026-11-26T08:00:00Z' }), /^The shift must end after it starts\.$/);
    await refused(shift({ start: '2026-11-26T18:30:00Z', end: '2026-11-27T11:00:00Z' }), /^A shift is at most 16 hours; this one is 16 hours 30 minutes\.$/);
    await refused(shift({ site: 'The Moon', start: '2026-11-26T18:30:00Z', end: '2026-11-27T08:00:00Z' }), /^“The Moon” is not one of the centre’s sites/);
    // Someone else at the same time, and the same person starting as the other shift ends, are fine.
    value(await h.call('ooh:shift-save', shift({ clinician: 'Dr Helen Price' })));
    value(await h.call('ooh:shift-save', shift({ site: SECOND, start: '2026-11-25T08:00:00Z', end: '2026-11-25T12:00:00Z' })));
    // A change is not a clash with itself.
    const mine = value(await h.call<ShiftList>('ooh:shifts')).shifts.find((x) => x.clinician === 'Dr Sam Okafor' && x.site === MAIN)!;
    value(await h.call('ooh:shift-save', shift({ id: mine.id, start: '2026-11-24T19:00:00Z' })));
    // A list longer than 31 days is refused by the contract.
    expect(await h.call('ooh:shifts', { from: '2026-11-01', to: '2026-12-02' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/at most 31 days/) } });
    expect(value(await h.call<ShiftList>('ooh:shifts', { from: '2026-11-01', to: '2026-12-01' })).shifts).toHaveLength(3);
  });

  it('lets a receptionist see the shifts and refuses them any change (the core, not only the screen)', async () => {
    const dir = temp();
    const manager = await desk({ dir });
    const made = value(await manager.call<ShiftView>('ooh:shift-save', shift()));
    await manager.core.close();
    cores.splice(cores.indexOf(manager.core), 1);

    const h = await desk({ dir, as: SAM });
    expect(value(await h.call<ShiftList>('ooh:shifts')).shifts.map((x) => x.id)).toEqual([made.id]);
    for (const [verb, input] of [['ooh:shift-save', shift({ clinician: 'Dr Helen Price' })], ['ooh:shift-remove', { id: made.id }]] as const) {
      expect(await h.call(verb, input)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE', message: 'Only a Clerical manager (R8011) can edit rotas and slot templates.' } });
    }
    expect(value(await h.call<ShiftList>('ooh:shifts')).shifts).toEqual([made]);
  });

  it('is refused on a practice desk, which still learns its mode from ooh:context', async () => {
    const h = await desk({ mode: 'practice' });
    for (const [verb, input] of [['ooh:shifts', {}], ['ooh:shift-save', shift()], ['ooh:shift-remove', { id: 'shift-1' }]] as const) {
      expect(await h.call(verb, input)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE', message: "A practice desk does not keep an out-of-hours centre's shifts." } });
    }
    expect(value(await h.call<OohContext>('ooh:context'))).toMatchObject({ mode: 'practice' });
  });
});

describe('who is on now', () => {
  it('offers the clinicians on shift now, at any site, and the settings list when no shift is recorded for now', async () => {
    now = new Date('2026-11-24T17:00:00.000Z');
    const h = await desk();
    const settings = defaultSettings().outOfHours.clinicians;
    const clinicians = async () => value(await h.call<OohContext>('ooh:context')).clinicians;
    expect(await clinicians()).toEqual(settings);

    value(await h.call('ooh:shift-save', shift()));
    value(await h.call('ooh:shift-save', shift({ clinician: 'Nurse practitioner Lee Grant', role: 'Nurse practitioner', site: SECOND, end: '2026-11-25T00:30:00Z' })));
    value(await h.call('ooh:shift-save', shift({ clinician: 'Dr Ola Bankole', start: '2026-11-25T02:00:00Z' })));
    expect(await clinicians()).toEqual(settings); // 17:00: nobody's shift has started

    now = new Date('2026-11-24T21:00:00.000Z');
    expect(await clinicians()).toEqual(['Dr Sam Okafor', 'Nurse practitioner Lee Grant']);
    now = new Date('2026-11-25T03:00:00.000Z');
    expect(await clinicians()).toEqual(['Dr Ola Bankole', 'Dr Sam Okafor']); // someone not in settings, too
    now = new Date('2026-11-25T08:00:00.000Z'); // every shift has ended
    expect(await clinicians()).toEqual(settings);
  });
});
