import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import { Leave } from '../../../../shared/domain/rota/leave';
import { OpeningHours } from '../../../../shared/domain/rota/opening-hours';
import { PracticeSlotType } from '../../../../shared/domain/rota/slot-type';
import { SessionTemplate } from '../../../../shared/domain/rota/template';
import type { Db } from '../connection';

export interface RotaRow {
  id: string;
  name: string;
  from: string;
  to: string;
  updatedAt: string;
  templates: SessionTemplate[];
}

export interface ClosureRow {
  day: string;
  reason: string | null;
}

/** The practice's own hours (site '' in the table) and the sites whose hours differ. */
export interface HoursRows {
  practice: OpeningHours | null;
  sites: Record<string, OpeningHours>;
}

const PRACTICE_HOURS = '';

/** A stored definition read back through its domain schema: a row edited outside the app fails loudly here. */
function parseStored<S extends z.ZodType>(schema: S, json: string, what: string): z.output<S> {
  const parsed = schema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`The stored ${what} is not valid: ${parsed.error.issues.map((i) => i.path.join('.') || '(whole)').join(', ')}`);
  return parsed.data;
}

/** Rota set-up in practice.db: slot types, rotas and their templates, leave, closures, opening hours. The only place their SQL lives. */
export class RotaRepo {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly db: Db) {}

  private q(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  // ---------- slot types ----------

  slotTypes(): PracticeSlotType[] {
    return (this.q('SELECT id, json FROM rota_slot_types ORDER BY name, id').all() as { id: string; json: string }[]).map((r) =>
      parseStored(PracticeSlotType, r.json, `slot type ${r.id}`),
    );
  }

  saveSlotType(t: PracticeSlotType, now: string): void {
    this.q(
      `INSERT INTO rota_slot_types (id, name, json, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json, updated_at = excluded.updated_at`,
    ).run(t.id, t.name, JSON.stringify(t), now);
  }

  // ---------- rotas and templates ----------

  rotas(): RotaRow[] {
    const rows = this.q('SELECT id, name, from_day AS "from", to_day AS "to", updated_at AS updatedAt FROM rota_rotas ORDER BY from_day, name').all() as Omit<RotaRow, 'templates'>[];
    return rows.map((r) => ({ ...r, templates: this.templatesOf(r.id) }));
  }

  rota(id: string): RotaRow | null {
    const r = this.q('SELECT id, name, from_day AS "from", to_day AS "to", updated_at AS updatedAt FROM rota_rotas WHERE id = ?').get(id) as
      | Omit<RotaRow, 'templates'>
      | undefined;
    return r ? { ...r, templates: this.templatesOf(r.id) } : null;
  }

  saveRota(r: { id: string; name: string; from: string; to: string }, now: string): void {
    this.q(
      `INSERT INTO rota_rotas (id, name, from_day, to_day, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, from_day = excluded.from_day, to_day = excluded.to_day, updated_at = excluded.updated_at`,
    ).run(r.id, r.name, r.from, r.to, now);
  }

  templatesOf(rotaId: string): SessionTemplate[] {
    return (this.q('SELECT id, json FROM rota_templates WHERE rota_id = ? ORDER BY clinician_id, id').all(rotaId) as { id: string; json: string }[]).map((r) =>
      parseStored(SessionTemplate, r.json, `session template ${r.id}`),
    );
  }

  /** The rota a template belongs to, or null when there is no such template. */
  templateRota(templateId: string): string | null {
    const r = this.q('SELECT rota_id AS rotaId FROM rota_templates WHERE id = ?').get(templateId) as { rotaId: string } | undefined;
    return r?.rotaId ?? null;
  }

  saveTemplate(rotaId: string, t: SessionTemplate, now: string): void {
    this.db.transaction(() => {
      this.q(
        `INSERT INTO rota_templates (id, rota_id, clinician_id, json, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET clinician_id = excluded.clinician_id, json = excluded.json, updated_at = excluded.updated_at`,
      ).run(t.id, rotaId, t.clinicianId, JSON.stringify(t), now);
      this.q('UPDATE rota_rotas SET updated_at = ? WHERE id = ?').run(now, rotaId);
    })();
  }

  deleteTemplate(templateId: string): boolean {
    return this.q('DELETE FROM rota_templates WHERE id = ?').run(templateId).changes > 0;
  }

  // ---------- leave ----------

  leave(): Leave[] {
    const rows = this.q('SELECT id, clinician_id AS clinicianId, from_at AS "from", to_at AS "to", reason FROM rota_leave ORDER BY from_at, id').all() as {
      id: string;
      clinicianId: string;
      from: string;
      to: string;
      reason: string | null;
    }[];
    return rows.map(({ reason, ...l }) => parseStored(Leave, JSON.stringify(reason === null ? l : { ...l, reason }), `leave ${l.id}`));
  }

  leaveById(id: string): Leave | null {
    return this.leave().find((l) => l.id === id) ?? null;
  }

  /** The leave and the slots it blocked, in one transaction. */
  addLeave(l: Leave, blockedSlotIds: readonly string[], now: string): void {
    this.db.transaction(() => {
      this.q('INSERT INTO rota_leave (id, clinician_id, from_at, to_at, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(l.id, l.clinicianId, l.from, l.to, l.reason ?? null, now);
      this.addLeaveBlocks(l.id, blockedSlotIds);
    })();
  }

  addLeaveBlocks(leaveId: string, slotIds: readonly string[]): void {
    const add = this.q('INSERT OR IGNORE INTO rota_leave_blocks (leave_id, slot_id) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const id of slotIds) add.run(leaveId, id);
    })();
  }

  leaveBlocks(leaveId: string): string[] {
    return (this.q('SELECT slot_id AS slotId FROM rota_leave_blocks WHERE leave_id = ? ORDER BY slot_id').all(leaveId) as { slotId: string }[]).map((r) => r.slotId);
  }

  removeLeave(id: string): boolean {
    return this.q('DELETE FROM rota_leave WHERE id = ?').run(id).changes > 0;
  }

  // ---------- closures ----------

  closures(): ClosureRow[] {
    return this.q('SELECT day, reason FROM rota_closures ORDER BY day').all() as ClosureRow[];
  }

  addClosure(day: string, reason: string | null, now: string): void {
    this.q('INSERT INTO rota_closures (day, reason, created_at) VALUES (?, ?, ?) ON CONFLICT (day) DO UPDATE SET reason = excluded.reason').run(day, reason, now);
  }

  removeClosure(day: string): boolean {
    return this.q('DELETE FROM rota_closures WHERE day = ?').run(day).changes > 0;
  }

  // ---------- opening hours ----------

  openingHours(): HoursRows {
    const rows = this.q('SELECT site_id AS siteId, json FROM rota_opening_hours ORDER BY site_id').all() as { siteId: string; json: string }[];
    const out: HoursRows = { practice: null, sites: {} };
    for (const r of rows) {
      const hours = parseStored(OpeningHours, r.json, r.siteId === PRACTICE_HOURS ? 'opening hours' : `opening hours of site ${r.siteId}`);
      if (r.siteId === PRACTICE_HOURS) out.practice = hours;
      else out.sites[r.siteId] = hours;
    }
    return out;
  }

  /** siteId null = the practice's own hours; hours null removes a site's own hours (it follows the practice's again). */
  setOpeningHours(siteId: string | null, hours: OpeningHours | null, now: string): void {
    const key = siteId ?? PRACTICE_HOURS;
    if (hours === null) {
      this.q('DELETE FROM rota_opening_hours WHERE site_id = ?').run(key);
      return;
    }
    this.q(
      `INSERT INTO rota_opening_hours (site_id, json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
    ).run(key, JSON.stringify(hours), now);
  }

  slotTypeCount(): number {
    return (this.q('SELECT count(*) AS n FROM rota_slot_types').get() as { n: number }).n;
  }
}
