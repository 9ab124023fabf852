import type { z } from 'zod';
import { create } from 'zustand';
import { rota as verbs, type CapacityView, type GenerateView, type PreviewView, type RebookEntryView, type RotaOverview } from '../../../shared/contract/rota';
import { addDays, weekStart } from '../../../shared/domain/calendar/days';
import type { AppError, Result } from '../../../shared/result';
import * as D from '../features/rota/drafts';
import { coreFieldErrors, fieldErrors, type FieldErrors } from '../features/rota/field-errors';
import { shortDay } from '../features/rota/rota-words';
import { todayInLondon } from '../features/book/book-words';
import { getApi } from '../lib/api';
import { describeError } from '../lib/error-message';
import { sessionIdOf, useSessionStore } from './session.store';

export type RotaSection = 'slot-types' | 'rotas' | 'generate' | 'leave' | 'hours' | 'capacity';
export const ROTA_SECTIONS: { id: RotaSection; label: string }[] = [
  { id: 'slot-types', label: 'Slot types' },
  { id: 'rotas', label: 'Rotas and templates' },
  { id: 'generate', label: 'Preview and generate' },
  { id: 'leave', label: 'Leave' },
  { id: 'hours', label: 'Opening hours and closures' },
  { id: 'capacity', label: 'Capacity' },
];

/** Each form's problems (by field), the core's refusal in its own words, and whether it is being sent. */
export type FormKey = 'slotType' | 'rota' | 'template' | 'deleteTemplate' | 'plan' | 'generate' | 'leave' | 'removeLeave' | 'hours' | 'closure' | 'capacity';
export interface FormState {
  errors: FieldErrors;
  error: string | null;
  busy: boolean;
}
const IDLE: FormState = { errors: {}, error: null, busy: false };
const idleForms = () => Object.fromEntries((['slotType', 'rota', 'template', 'deleteTemplate', 'plan', 'generate', 'leave', 'removeLeave', 'hours', 'closure', 'capacity'] as const).map((k) => [k, IDLE])) as Record<FormKey, FormState>;

export interface RotaState {
  overview: RotaOverview | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadError: string | null;
  section: RotaSection;
  /** What was just done, for the polite status line. */
  notice: string | null;
  forms: Record<FormKey, FormState>;

  slotType: D.SlotTypeDraft | null;
  rotaDraft: D.RotaDraft | null;
  template: D.TemplateDraft | null;
  /** The template waiting for "yes, delete". */
  deleting: string | null;

  plan: { rotaId: string; from: string; to: string };
  preview: PreviewView | null;
  /** Generate was asked for: the count is on screen, waiting for a yes. */
  confirming: boolean;
  generated: GenerateView | null;

  leave: D.LeaveDraft;
  rebook: RebookEntryView[] | null;
  hours: D.HoursDraft | null;
  hoursWarnings: string[];
  closure: D.ClosureDraft;
  closureWarning: string | null;
  capacityRange: D.RangeDraft;
  capacity: CapacityView | null;

  load(): Promise<void>;
  setSection(section: RotaSection): void;

  startSlotType(id: string | null): void;
  updateSlotType(patch: Partial<D.SlotTypeDraft>): void;
  cancelSlotType(): void;
  saveSlotType(): Promise<boolean>;

  /** A new rota, or an existing one to rename or re-date. */
  startRota(rotaId?: string): void;
  updateRota(patch: Partial<D.RotaDraft>): void;
  cancelRota(): void;
  saveRota(): Promise<boolean>;

  /** A new template for a rota, or one of its templates to change. */
  startTemplate(rotaId: string, templateId?: string): void;
  updateTemplate(patch: Partial<D.TemplateDraft>): void;
  addStep(): void;
  removeStep(key: number): void;
  updateStep(key: number, patch: Partial<D.StepDraft>): void;
  cancelTemplate(): void;
  saveTemplate(): Promise<boolean>;
  askDelete(templateId: string | null): void;
  deleteTemplate(templateId: string): Promise<boolean>;

  updatePlan(patch: Partial<RotaState['plan']>): void;
  runPreview(): Promise<boolean>;
  askGenerate(yes: boolean): void;
  generate(): Promise<boolean>;

  updateLeave(patch: Partial<D.LeaveDraft>): void;
  addLeave(): Promise<boolean>;
  removeLeave(leaveId: string): Promise<boolean>;
  loadRebook(): Promise<void>;

  startHours(siteId: string): void;
  updateHours(patch: Partial<D.HoursDraft>): void;
  updateHoursDay(index: number, patch: Partial<D.DayHoursDraft>): void;
  saveHours(): Promise<boolean>;
  updateClosure(patch: Partial<D.ClosureDraft>): void;
  addClosure(): Promise<boolean>;
  removeClosure(day: string): Promise<boolean>;

  updateCapacity(patch: Partial<D.RangeDraft>): void;
  loadCapacity(): Promise<boolean>;
  reset(): void;
}

const tomorrow = () => addDays(todayInLondon(), 1);

function initial() {
  const t = tomorrow();
  const monday = weekStart(todayInLondon());
  return {
    overview: null,
    status: 'idle' as const,
    loadError: null,
    section: 'slot-types' as RotaSection,
    notice: null,
    forms: idleForms(),
    slotType: null,
    rotaDraft: null,
    template: null,
    deleting: null,
    plan: { rotaId: '', from: t, to: addDays(t, 27) },
    preview: null,
    confirming: false,
    generated: null,
    leave: D.newLeave(t),
    rebook: null,
    hours: null,
    hoursWarnings: [],
    closure: D.newClosure(t),
    closureWarning: null,
    capacityRange: { from: monday, to: addDays(monday, 27) },
    capacity: null,
  };
}

/** The core's words; "not found" here is about a rota, a template or leave, never a patient. */
const say = (e: AppError): string => (e.code === 'NOT_FOUND' ? e.message : describeError(e));

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const useRotaStore = create<RotaState>()((set, get) => {
  // Bumped by reset(): an answer that arrives for a previous session is dropped.
  let epoch = 0;
  let nextKey = 1;
  const step = (slotTypeId = ''): D.StepDraft => ({ key: nextKey++, slotTypeId, count: '1', lengthMinutes: '' });
  const setForm = (key: FormKey, f: FormState) => set({ forms: { ...get().forms, [key]: f } });

  /**
   * Check the input with the contract's own schema (messages by field, nothing sent), then send it. On a refusal the
   * core's message is kept for the form, with any field it names; the draft is never touched, so nothing typed is lost.
   */
  async function send<T>(key: FormKey, call: () => Promise<Result<T>>, check?: { schema: z.ZodType; input: unknown; strip?: string }): Promise<T | null> {
    if (get().forms[key].busy) return null;
    if (check) {
      const parsed = check.schema.safeParse(check.input);
      if (!parsed.success) {
        setForm(key, { errors: fieldErrors(parsed.error.issues, check.strip), error: null, busy: false });
        return null;
      }
    }
    const at = epoch;
    setForm(key, { ...IDLE, busy: true });
    set({ notice: null });
    const r = await call();
    if (at !== epoch) return null;
    if (!r.ok) {
      setForm(key, { errors: r.error.code === 'INVALID_INPUT' ? coreFieldErrors(r.error.message, check?.strip) : {}, error: say(r.error), busy: false });
      return null;
    }
    setForm(key, IDLE);
    return r.value;
  }

  /** Defaults that need the overview: the first rota to plan, the practice's hours in the form. */
  function fillDefaults(o: RotaOverview): void {
    const s = get();
    const patch: Partial<RotaState> = {};
    if (!o.rotas.some((r) => r.id === s.plan.rotaId)) {
      const first = o.rotas[0];
      patch.plan = first ? { rotaId: first.id, from: s.plan.from < first.from ? first.from : s.plan.from, to: s.plan.to } : { ...s.plan, rotaId: '' };
    }
    if (!s.hours) patch.hours = D.hoursDraft('', o.openingHours.practice);
    set(patch);
  }

  return {
    ...initial(),

    async load() {
      const at = epoch;
      set({ status: get().overview ? 'ready' : 'loading', loadError: null });
      const r = await getApi().rota.overview({});
      if (at !== epoch) return;
      if (!r.ok) {
        set({ status: 'error', loadError: say(r.error) });
        return;
      }
      set({ status: 'ready', overview: r.value });
      fillDefaults(r.value);
    },

    setSection: (section) => set({ section, notice: null }),

    // ---------- slot types ----------
    startSlotType(id) {
      const t = id ? get().overview?.slotTypes.find((x) => x.id === id) : undefined;
      set({ slotType: t ? D.slotTypeDraft(t) : D.newSlotType(), forms: { ...get().forms, slotType: IDLE } });
    },
    updateSlotType(patch) {
      const d = get().slotType;
      if (d) set({ slotType: { ...d, ...patch } });
    },
    cancelSlotType: () => set({ slotType: null, forms: { ...get().forms, slotType: IDLE } }),
    async saveSlotType() {
      const d = get().slotType;
      if (!d) return false;
      const input = D.slotTypeInput(d);
      const saved = await send('slotType', () => getApi().rota.saveSlotType(input), { schema: verbs.saveSlotType.input, input });
      if (!saved) return false;
      set({ slotType: null, notice: `Saved the slot type ${saved.name}.` });
      void get().load();
      return true;
    },

    // ---------- rotas and templates ----------
    startRota(rotaId) {
      const r = rotaId ? get().overview?.rotas.find((x) => x.id === rotaId) : undefined;
      set({ rotaDraft: r ? D.rotaDraft(r) : D.newRota(tomorrow()), forms: { ...get().forms, rota: IDLE } });
    },
    updateRota(patch) {
      const d = get().rotaDraft;
      if (d) set({ rotaDraft: { ...d, ...patch } });
    },
    cancelRota: () => set({ rotaDraft: null, forms: { ...get().forms, rota: IDLE } }),
    async saveRota() {
      const d = get().rotaDraft;
      if (!d) return false;
      const input = D.rotaInput(d);
      const saved = await send('rota', () => getApi().rota.saveRota(input), { schema: verbs.saveRota.input, input });
      if (!saved) return false;
      set({ rotaDraft: null, notice: `Saved the rota ${saved.name} (${shortDay(saved.from)} to ${shortDay(saved.to)}).` });
      if (!get().plan.rotaId) set({ plan: { ...get().plan, rotaId: saved.id } });
      void get().load();
      return true;
    },

    startTemplate(rotaId, templateId) {
      const r = get().overview?.rotas.find((x) => x.id === rotaId);
      if (!r) return;
      const existing = templateId ? r.templates.find((t) => t.id === templateId) : undefined;
      const firstType = get().overview?.slotTypes[0]?.id ?? '';
      const draft = existing
        ? D.templateDraft(r.id, existing, (s) => ({ ...step(s.slotTypeId), count: String(s.count), lengthMinutes: s.lengthMinutes === undefined ? '' : String(s.lengthMinutes) }))
        : D.newTemplate(r, step(firstType));
      set({ template: draft, deleting: null, forms: { ...get().forms, template: IDLE } });
    },
    updateTemplate(patch) {
      const d = get().template;
      if (d) set({ template: { ...d, ...patch } });
    },
    addStep() {
      const d = get().template;
      if (d) set({ template: { ...d, steps: [...d.steps, step(get().overview?.slotTypes[0]?.id ?? '')] } });
    },
    removeStep(key) {
      const d = get().template;
      if (d && d.steps.length > 1) set({ template: { ...d, steps: d.steps.filter((s) => s.key !== key) } });
    },
    updateStep(key, patch) {
      const d = get().template;
      if (d) set({ template: { ...d, steps: d.steps.map((s) => (s.key === key ? { ...s, ...patch } : s)) } });
    },
    cancelTemplate: () => set({ template: null, forms: { ...get().forms, template: IDLE } }),
    async saveTemplate() {
      const d = get().template;
      if (!d) return false;
      const input = { rotaId: d.rotaId, template: D.templateInput(d) };
      const saved = await send('template', () => getApi().rota.saveTemplate(input), { schema: verbs.saveTemplate.input, input, strip: 'template' });
      if (!saved) return false;
      set({ template: null, notice: `Saved the template ${saved.name ?? `${saved.start}–${saved.end}`}.`, preview: null, confirming: false });
      void get().load();
      return true;
    },
    askDelete: (templateId) => set({ deleting: templateId, forms: { ...get().forms, deleteTemplate: IDLE } }),
    async deleteTemplate(templateId) {
      const done = await send('deleteTemplate', () => getApi().rota.deleteTemplate({ templateId }));
      if (!done) return false;
      set({ deleting: null, notice: 'Template deleted. Slots already generated from it stay in the book.', preview: null, confirming: false });
      void get().load();
      return true;
    },

    // ---------- preview and generate ----------
    updatePlan: (patch) => set({ plan: { ...get().plan, ...patch }, preview: null, confirming: false, generated: null, forms: { ...get().forms, generate: IDLE } }),
    async runPreview() {
      const input = { ...get().plan };
      set({ preview: null, confirming: false, generated: null });
      const p = await send('plan', () => getApi().rota.preview(input), { schema: verbs.preview.input, input });
      if (!p) return false;
      set({ preview: p, notice: `Preview: ${plural(p.summary.newSlots, 'new slot')}, ${plural(p.clashes.length, 'clash', 'clashes')}.` });
      return true;
    },
    askGenerate: (yes) => set({ confirming: yes && get().preview !== null, forms: { ...get().forms, generate: IDLE } }),
    async generate() {
      const p = get().preview;
      if (!p || !get().confirming) return false;
      const input = { rotaId: p.rotaId, from: p.from, to: p.to };
      const g = await send('generate', () => getApi().rota.generate(input));
      if (!g) return false;
      set({
        generated: g,
        preview: g,
        confirming: false,
        notice: `Generated: ${plural(g.created, 'slot')} created, ${g.alreadyInBook} already in the book${g.blockedExisting ? `, ${plural(g.blockedExisting, 'free slot')} blocked for leave` : ''}.`,
      });
      return true;
    },

    // ---------- leave ----------
    updateLeave: (patch) => set({ leave: { ...get().leave, ...patch } }),
    async addLeave() {
      const input = D.leaveInput(get().leave);
      const r = await send('leave', () => getApi().rota.addLeave(input), { schema: verbs.addLeave.input, input });
      if (!r) return false;
      const who = get().overview?.clinicians.find((c) => c.id === r.leave.clinicianId)?.name ?? r.leave.clinicianId;
      set({
        rebook: r.rebook,
        leave: D.newLeave(tomorrow()),
        notice: `Leave recorded for ${who}: ${plural(r.blocked, 'free slot')} blocked, ${plural(r.rebook.length, 'booked patient')} to move.`,
      });
      void get().load();
      void get().loadRebook();
      return true;
    },
    async removeLeave(leaveId) {
      const r = await send('removeLeave', () => getApi().rota.removeLeave({ leaveId }));
      if (!r) return false;
      set({ notice: `Leave removed: ${plural(r.unblocked, 'slot')} bookable again.` });
      void get().load();
      void get().loadRebook();
      return true;
    },
    async loadRebook() {
      const at = epoch;
      const r = await getApi().rota.rebookList({});
      if (at === epoch && r.ok) set({ rebook: r.value });
    },

    // ---------- opening hours and closures ----------
    startHours(siteId) {
      const o = get().overview;
      if (!o) return;
      const hours = siteId === '' ? o.openingHours.practice : (o.openingHours.sites.find((s) => s.siteId === siteId)?.hours ?? null);
      set({ hours: D.hoursDraft(siteId, hours), hoursWarnings: [], forms: { ...get().forms, hours: IDLE } });
    },
    updateHours(patch) {
      const d = get().hours;
      if (d) set({ hours: { ...d, ...patch } });
    },
    updateHoursDay(index, patch) {
      const d = get().hours;
      if (d) set({ hours: { ...d, days: d.days.map((x, i) => (i === index ? { ...x, ...patch } : x)) } });
    },
    async saveHours() {
      const d = get().hours;
      if (!d) return false;
      const input = D.hoursInput(d);
      const r = await send('hours', () => getApi().rota.setOpeningHours(input), { schema: verbs.setOpeningHours.input, input });
      if (!r) return false;
      set({ hoursWarnings: r.warnings, notice: 'Opening hours saved.' });
      void get().load();
      return true;
    },
    updateClosure: (patch) => set({ closure: { ...get().closure, ...patch } }),
    async addClosure() {
      const input = D.closureInput(get().closure);
      const r = await send('closure', () => getApi().rota.addClosure(input), { schema: verbs.addClosure.input, input });
      if (!r) return false;
      set({ closureWarning: r.warning, closure: D.newClosure(tomorrow()), notice: `Closure on ${shortDay(input.day)} recorded.` });
      void get().load();
      return true;
    },
    async removeClosure(day) {
      const r = await send('closure', () => getApi().rota.removeClosure({ day }));
      if (!r) return false;
      set({ closureWarning: null, notice: `Closure on ${shortDay(day)} removed.` });
      void get().load();
      return true;
    },

    // ---------- capacity ----------
    updateCapacity: (patch) => set({ capacityRange: { ...get().capacityRange, ...patch } }),
    async loadCapacity() {
      const input = { from: get().capacityRange.from.trim(), to: get().capacityRange.to.trim() };
      const c = await send('capacity', () => getApi().rota.capacity(input), { schema: verbs.capacity.input, input });
      if (!c) return false;
      set({ capacity: c });
      return true;
    },

    reset() {
      epoch++;
      set({ ...initial() });
    },
  };
});

// A different person (or nobody) now holds the desk: forget the rota work, as session.store forgets the other stores.
useSessionStore.subscribe((next, prev) => {
  if (sessionIdOf(next.session) !== sessionIdOf(prev.session)) useRotaStore.getState().reset();
});
