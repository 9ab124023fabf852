import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { defaultSettings } from '../../electron/core/settings/settings.schema';
import { startSandbox, type RxMedicationRequest, type RxTask, type Sandbox } from '../../electron/sandbox';
import type { RxChanges, RxCounts, RxPrescriber, RxQueue, RxRequestView, RxTemplates } from '../../shared/contract/prescriptions';
import type { AttentionItem, SyncStatus } from '../../shared/contract/sync';
import { AppFailure, type Result } from '../../shared/result';
import { coreHarness, waitFor, type Harness } from '../helpers/core.harness';
import { useTempDir } from '../helpers/temp-dir';

/**
 * The repeat-prescription queue through the whole core: real SQLite files (cache.db, outbox.db, audit.db), the
 * sandbox's prescriptions service over loopback HTTP with its fault switches. Two desks: reception and a GP.
 */
const temp = useTempDir();
let sandbox: Sandbox;
const cores: Core[] = [];
const TODAY = '2026-11-25'; // a Wednesday: the sandbox clock starts at 07:30 London
const RECEPTION = ['04A1B2C3', '123456'] as const; // Sam Taylor, R8009
const GP = ['04C7D8E9', '345678'] as const; // Dr Alex Morgan, R8000

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000, today: TODAY });
});
afterAll(async () => sandbox.close());
afterEach(async () => {
  await sandbox.faults.reset();
  for (const c of cores.splice(0)) await c.close();
});

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function desk(card: readonly [string, string], o: { fetch?: typeof fetch; dataDir?: string; clock?: () => Date; expireAfterDays?: number } = {}): Promise<Harness> {
  const h = await coreHarness({
    dataDir: o.dataDir ?? temp(),
    pdsBaseUrl: sandbox.baseUrl,
    prescriptionsBaseUrl: sandbox.prescriptions.baseUrl,
    bookClock: o.clock ?? (() => sandbox.appointments.now()),
    halfOpenAfterMs: 200,
    outboxRetryMs: 100,
    settings: {
      nationalApi: { ...defaultSettings().nationalApi, rateLimitPerSecond: 0, requestTimeoutMs: 1_000 },
      ...(o.expireAfterDays ? { localCopy: { expireAfterDays: o.expireAfterDays } } : {}),
    },
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  cores.push(h.core);
  await h.signIn(card[0], card[1]);
  return h;
}

const queue = async (h: Harness, filter: object = {}) => value(await h.call<RxQueue>('rx:queue', filter)).requests;
/** What changed since a cursor; fails the test unless the core answered with changes (not "fetch the queue again"). */
async function changesSince(h: Harness, since: string): Promise<Extract<RxChanges, { kind: 'changes' }>> {
  const c = value(await h.call<RxChanges>('rx:changes', { since }));
  if (c.kind !== 'changes') throw new Error(`rx:changes said ${c.kind} (${c.reason})`);
  return c;
}
const find = async (h: Harness, id: string) => (await queue(h)).find((r) => r.id === id);
const business = (id: string) => sandbox.prescriptions.task(id)!.businessStatus.coding[0]!.code;
const drained = (h: Harness) => waitFor(() => h.core.outbox.status().waiting === 0, 10_000);
/** The X-Request-ID the desk's last change of this kind went out with. */
const lastSent = (h: Harness, kind: string) => h.core.outbox.recentlySent(kind).at(-1)!.requestId;

/** An open, unflagged request the queue holds, made to arrive now so no other test has touched it. */
async function freshRequest(h: Harness, opts: { nominated?: boolean } = {}): Promise<RxRequestView> {
  for (const nhs of sandbox.prescriptions.patientsWithTemplates()) {
    const ok = sandbox.prescriptions.templates(nhs).filter((m) => !flaggedTemplate(m));
    if (ok.length === 0) continue;
    if (opts.nominated !== undefined && Boolean(ok[0]!.dispenseRequest.performer) !== opts.nominated) continue;
    const t = sandbox.prescriptions.arrive({ nhsNumber: nhs, templateIds: [ok[0]!.id] });
    await h.core.prescriptions.pollChanges();
    const view = await find(h, t.id);
    expect(view).toBeDefined();
    return view!;
  }
  throw new Error('no suitable patient');
}

const repeatInfo = (m: RxMedicationRequest, url: string) => m.extension[0]?.extension?.find((e) => e.url === url);
function flaggedTemplate(m: RxMedicationRequest): boolean {
  const issued = repeatInfo(m, 'numberOfPrescriptionsIssued')?.valueUnsignedInt ?? 0;
  const review = repeatInfo(m, 'authorisationExpiryDate')?.valueDateTime ?? '9999-12-31';
  return issued >= m.dispenseRequest.numberOfRepeatsAllowed || review < TODAY;
}

describe('the repeat-prescription queue', () => {
  it('shows the requests the national service holds, and new online ones as they arrive', async () => {
    const h = await desk(RECEPTION);
    const open = await queue(h, { state: 'open' });
    expect(open.length).toBeGreaterThan(10);
    expect(open.every((r) => r.state === 'requested' || r.state === 'with-prescriber')).toBe(true);
    expect(open.some((r) => r.overdue)).toBe(true); // the backlog has requests older than two working days
    const first = open[0]!;
    expect(first.overdue).toBe(true); // most urgent first
    expect(first.timeLeft).toMatch(/^overdue by /);
    expect(first.items.length).toBeGreaterThan(0);
    expect(first.items[0]!.medication).toMatch(/\w/);

    const task = sandbox.prescriptions.arrive();
    expect(await h.core.prescriptions.pollChanges()).toBeGreaterThanOrEqual(1);
    const arrived = await find(h, task.id);
    expect(arrived).toMatchObject({ state: 'requested', channel: 'online', waitingToSend: false, routedTo: null, actions: ['route', 'cancel-by-patient'] });
    // In on Wednesday morning: due Friday at the same time (a moment has passed since, and time left rounds down).
    expect(Date.parse(arrived!.deadline) - Date.parse(arrived!.receivedAt)).toBe(2 * 86_400_000);
    expect(arrived!.timeLeft).toMatch(/^(2 working days|1 working day 23 hours) left$/);

    const counts = value(await h.call<RxCounts>('rx:counts'));
    expect(counts.open).toBe((await queue(h, { state: 'open' })).length);
    expect(counts.overdue).toBe((await queue(h, { state: 'open', overdueOnly: true })).length);
    expect(counts.byClinician.reduce((n, c) => n + c.open, 0)).toBe(counts.open);
    expect(counts.byState.requested).toBeGreaterThan(0);
    const prescribers = value(await h.call<RxPrescriber[]>('rx:prescribers'));
    expect(prescribers[0]).toEqual({ id: 'duty', name: 'Duty doctor' });
    expect(prescribers.length).toBeGreaterThan(1);
  });

  it('outcomes older than the local copy keeps are not fetched back by the next refresh', async () => {
    const FINISHED = new Set(['collected', 'rejected', 'cancelled']);
    const olderThanADay = (rs: RxRequestView[]) =>
      rs.filter((r) => FINISHED.has(r.state) && Date.parse(r.updatedAt) < sandbox.appointments.now().getTime() - 86_400_000);
    // The sandbox's last six days hold outcomes older than a day: a desk keeping 30 days shows them…
    expect(olderThanADay(await queue(await desk(RECEPTION))).length).toBeGreaterThan(0);
    // …a desk whose copy expires after one day purges them at start, and refreshing (every minute) does not bring them back.
    const h = await desk(RECEPTION, { expireAfterDays: 1 });
    await h.core.prescriptions.refresh();
    const shown = await queue(h);
    expect(shown.some((r) => FINISHED.has(r.state))).toBe(true); // outcomes within the day are still there to tell patients
    expect(olderThanADay(shown)).toEqual([]);
  });

  it("a GP's approval reaches the national service exactly once, even when the first reply is lost", async () => {
    let dropped = false;
    // The first PUT is applied upstream but its reply never arrives: the transport resends it with the same X-Request-ID.
    const lossy: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!dropped && init?.method === 'PUT' && String(input).includes('/Task/')) {
        dropped = true;
        throw new TypeError('fetch failed');
      }
      return res;
    };
    const gp = await desk(GP, { fetch: lossy });
    const r = await freshRequest(gp);
    const approved = value(await gp.call<RxRequestView>('rx:approve', { id: r.id, fulfilment: 'print' }));
    expect(approved).toMatchObject({ state: 'printed', waitingToSend: false, decidedBy: 'Dr Alex Morgan', timeLeft: null, overdue: false });
    expect(dropped).toBe(true);
    const requestId = lastSent(gp, 'prescription.approve');
    expect(sandbox.requestsSeen(requestId)).toBe(2); // sent twice…
    expect(sandbox.prescriptions.applied(requestId)).toBe(1); // …applied once
    expect(business(r.id)).toBe('printed');
    expect(gp.core.repos.audit.listForPatient(r.nhsNumber).map((a) => a.action)).toContain('rx.approve-to-print');
  });

  it("a receptionist's approval is refused by the core and nothing is sent", async () => {
    const h = await desk(RECEPTION);
    const r = await freshRequest(h);
    const before = sandbox.prescriptions.task(r.id)!;
    const refused = await h.call('rx:approve', { id: r.id, fulfilment: 'print' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE', message: expect.stringMatching(/approve or reject prescriptions/) } });
    expect(await h.call('rx:reject', { id: r.id, reason: 'Needs a review' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
    // And the service refuses it too, should anything call it without the handler table's check.
    const ctx = { user: h.core.auth.current(), transport: 'browser-host' as const, workstation: 'test' };
    await expect(h.core.prescriptions.approve(r.id, 'print', false, ctx)).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect(h.core.outbox.status().waiting).toBe(0);
    expect(h.core.outbox.recentlySent('prescription.approve')).toHaveLength(0);
    expect(sandbox.prescriptions.task(r.id)!.meta).toEqual(before.meta);
    expect(h.core.repos.audit.listForPatient(r.nhsNumber).some((a) => a.outcome === 'refused' && a.action === 'rx.approve-to-print')).toBe(true);
  });

  it('routing works offline, shows "waiting to send", and replays once when the service is back', async () => {
    const h = await desk(RECEPTION);
    const r = await freshRequest(h);
    const named = value(await h.call<RxPrescriber[]>('rx:prescribers')).find((p) => p.id !== 'duty')!;
    await sandbox.faults.set({ down: true });
    const routed = value(await h.call<RxRequestView>('rx:route', { id: r.id, to: named.id }));
    expect(routed).toMatchObject({ state: 'with-prescriber', waitingToSend: true, routedTo: named });
    expect(value(await h.call<SyncStatus>('sync:status'))).toMatchObject({ waiting: 1 });
    expect((await find(h, r.id))!.waitingToSend).toBe(true);
    const again = value(await h.call<RxRequestView>('rx:route', { id: r.id, to: 'duty' })); // re-routed, still offline
    expect(again.routedTo).toEqual({ id: 'duty', name: 'Duty doctor' });
    expect(business(r.id)).toBe('requested'); // nothing has reached the service

    await sandbox.faults.set({ down: false });
    await drained(h);
    const [first, second] = h.core.outbox.recentlySent('prescription.route').slice(-2).map((e) => e.requestId);
    expect([sandbox.prescriptions.applied(first!), sandbox.prescriptions.applied(second!)]).toEqual([1, 1]);
    expect(business(r.id)).toBe('with-prescriber');
    expect(sandbox.prescriptions.task(r.id)!.owner).toMatchObject({ reference: 'PractitionerRole/duty' });
    expect(await find(h, r.id)).toMatchObject({ state: 'with-prescriber', waitingToSend: false, routedTo: { id: 'duty' } });
    expect(value(await h.call<SyncStatus>('sync:status'))).toMatchObject({ waiting: 0, attention: 0 });
  });

  it('a counter request taken offline, then routed, survives a restart and reaches the service once, in order', async () => {
    const dir = temp();
    const first = await desk(RECEPTION, { dataDir: dir });
    const nhs = sandbox.prescriptions.patientsWithTemplates()[5]!;
    value(await first.call('patients:open', { nhsNumber: nhs })); // in the local copy before the outage
    const templates = value(await first.call<RxTemplates>('rx:templates', { nhsNumber: nhs }));
    await sandbox.faults.set({ down: true });
    const added = value(await first.call<RxRequestView>('rx:add', { nhsNumber: nhs, channel: 'phone', templateIds: [templates.templates[0]!.id] }));
    expect(added).toMatchObject({ state: 'requested', channel: 'phone', waitingToSend: true, id: expect.stringMatching(/^pending-/) });
    expect(value(await first.call<RxTemplates>('rx:templates', { nhsNumber: nhs })).fromLocalCopy).toBe(true);
    value(await first.call('rx:route', { id: added.id, to: 'duty' }));
    await first.core.close();
    cores.splice(cores.indexOf(first.core), 1);

    const again = await desk(RECEPTION, { dataDir: dir });
    expect(await find(again, added.id)).toMatchObject({ state: 'with-prescriber', waitingToSend: true, routedTo: { id: 'duty' } });
    await sandbox.faults.set({ down: false });
    await drained(again);
    const addId = again.core.outbox.recentlySent('prescription.add').at(-1)!;
    const national = (addId.result as { id: string }).id;
    expect(sandbox.prescriptions.applied(addId.requestId)).toBe(1);
    expect(sandbox.prescriptions.applied(lastSent(again, 'prescription.route'))).toBe(1);
    expect(business(national)).toBe('with-prescriber');
    expect(await find(again, added.id)).toBeUndefined();
    expect(await find(again, national)).toMatchObject({ state: 'with-prescriber', waitingToSend: false, channel: 'phone' });
  });

  it('a flagged item is for the prescriber: reception can never issue it, a GP confirms the review first', async () => {
    const nhs = sandbox.prescriptions.patientsWithTemplates().find((n) => sandbox.prescriptions.templates(n).some(flaggedTemplate))!;
    const flagged = sandbox.prescriptions.templates(nhs).find(flaggedTemplate)!;
    const task = sandbox.prescriptions.arrive({ nhsNumber: nhs, templateIds: [flagged.id] });

    const reception = await desk(RECEPTION);
    await reception.core.prescriptions.pollChanges();
    const view = (await find(reception, task.id))!;
    expect(view.flagged).toBe(true);
    expect(view.items[0]!.flagText[0]).toMatch(/Review date .* has passed|authorised issue/);
    const ctx = { user: reception.core.auth.current(), transport: 'browser-host' as const, workstation: 'test' };
    const refusal = await reception.core.prescriptions.approve(task.id, 'print', true, ctx).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppFailure);
    expect(refusal).toMatchObject({ code: 'FORBIDDEN_ROLE', message: expect.stringMatching(/for the prescriber and are never issued by reception/) });
    expect(await reception.call('rx:approve', { id: task.id, fulfilment: 'print', acknowledgeFlags: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
    // Reception can still route it to a prescriber.
    value(await reception.call('rx:route', { id: task.id, to: 'duty' }));
    await reception.core.close();
    cores.splice(cores.indexOf(reception.core), 1);

    const gp = await desk(GP);
    expect(await gp.call('rx:approve', { id: task.id, fulfilment: 'print' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/Confirm you have reviewed the flagged items/) } });
    expect(business(task.id)).toBe('with-prescriber');
    expect(value(await gp.call<RxRequestView>('rx:approve', { id: task.id, fulfilment: 'print', acknowledgeFlags: true })).state).toBe('printed');
    expect(business(task.id)).toBe('printed');
  });

  it('reception adds a counter request from the templates; a GP rejects one with a reason and reception sees it', async () => {
    const h = await desk(RECEPTION);
    const nhs = sandbox.prescriptions.patientsWithTemplates()[3]!;
    const templates = value(await h.call<RxTemplates>('rx:templates', { nhsNumber: nhs }));
    expect(templates).toMatchObject({ nhsNumber: nhs, fromLocalCopy: false });
    expect(templates.templates.length).toBeGreaterThan(0);
    const added = value(await h.call<RxRequestView>('rx:add', { nhsNumber: nhs, channel: 'counter', templateIds: [templates.templates[0]!.id] }));
    expect(added).toMatchObject({ state: 'requested', channel: 'counter', waitingToSend: false, nhsNumber: nhs });
    expect(added.id).not.toMatch(/^pending-/); // known by its national id at once
    expect(sandbox.prescriptions.applied(lastSent(h, 'prescription.add'))).toBe(1);
    expect(sandbox.prescriptions.task(added.id)!.extension[0]).toMatchObject({ valueCode: 'counter' });
    expect(await h.call('rx:add', { nhsNumber: nhs, channel: 'phone', templateIds: ['no-such-template'] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(h.core.repos.audit.listForPatient(nhs).map((a) => a.action)).toEqual(expect.arrayContaining(['rx.templates', 'rx.add']));

    const gp = await desk(GP);
    await gp.core.prescriptions.pollChanges();
    const rejected = value(await gp.call<RxRequestView>('rx:reject', { id: added.id, reason: 'Blood test needed before the next issue' }));
    expect(rejected).toMatchObject({ state: 'rejected', rejectReason: 'Blood test needed before the next issue', decidedBy: 'Dr Alex Morgan' });
    expect(await gp.call('rx:cancel', { id: added.id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'This request is rejected, so it cannot be cancelled by the patient.' } });

    await h.core.prescriptions.pollChanges();
    expect(await find(h, added.id)).toMatchObject({ state: 'rejected', rejectReason: 'Blood test needed before the next issue', actions: [] });
    const mine = value(await h.call<RxRequestView[]>('rx:patient', { nhsNumber: nhs }));
    expect(mine.map((r) => r.id)).toContain(added.id);
    expect(h.core.repos.audit.listForPatient(nhs).map((a) => a.action)).toContain('rx.patient');
  });

  it('printed prescriptions become ready to collect, then collected; electronic ones go to the nominated pharmacy', async () => {
    const gp = await desk(GP);
    const toPrint = await freshRequest(gp);
    value(await gp.call('rx:approve', { id: toPrint.id, fulfilment: 'print' }));
    expect(value(await gp.call<RxRequestView>('rx:ready', { id: toPrint.id })).state).toBe('ready-to-collect');
    expect(value(await gp.call<RxRequestView>('rx:collected', { id: toPrint.id })).state).toBe('collected');
    expect(business(toPrint.id)).toBe('collected');

    const electronic = await freshRequest(gp, { nominated: true });
    expect(electronic.nominatedPharmacy).toMatchObject({ odsCode: expect.stringMatching(/^FY1/) });
    expect(value(await gp.call<RxRequestView>('rx:approve', { id: electronic.id, fulfilment: 'pharmacy' })).state).toBe('sent-to-pharmacy');
    expect(await gp.call('rx:ready', { id: electronic.id })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/pharmacy tells the patient/) } });
    const none = await freshRequest(gp, { nominated: false });
    expect(await gp.call('rx:approve', { id: none.id, fulfilment: 'pharmacy' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no nominated pharmacy/) } });
  });

  it('a change the national service refuses (the patient cancelled meanwhile) goes to "needs attention" and the queue follows the service', async () => {
    const h = await desk(RECEPTION);
    const r = await freshRequest(h);
    await sandbox.faults.set({ down: true });
    value(await h.call('rx:route', { id: r.id, to: 'duty' }));
    sandbox.prescriptions.cancelAsPatient(r.id); // in the NHS App, while this desk was offline
    await sandbox.faults.set({ down: false });
    await drained(h);
    await waitFor(() => h.core.outbox.status().attention === 1, 5_000);
    const items = value(await h.call<AttentionItem[]>('sync:attention'));
    expect(items).toEqual([expect.objectContaining({ kind: 'prescription', nhsNumber: r.nhsNumber, intended: expect.stringMatching(/^Route the repeat request received .* to Duty doctor$/) })]);
    await waitFor(() => h.core.prescriptions.queue({}, { user: h.core.auth.current(), transport: 'browser-host', workstation: 'test' }).requests.find((x) => x.id === r.id)?.state === 'cancelled', 5_000);
  });

  it("a push's refetch is only what changed: one request routed comes back alone, and from the new cursor nothing does", async () => {
    let now = sandbox.appointments.now(); // the desk's clock stands still, so no time left moves on by itself
    const h = await desk(RECEPTION, { clock: () => now });
    const r = await freshRequest(h);
    const whole = value(await h.call<RxQueue>('rx:queue', {}));
    expect(whole.cursor).toEqual(expect.any(String));
    expect(value(await h.call<RxQueue>('rx:queue', { state: 'open' })).cursor).toBeUndefined(); // only the whole queue has one
    expect(await changesSince(h, whole.cursor!)).toMatchObject({ cursor: whole.cursor, requests: [], times: [], removed: [] });

    // A change at this desk: only that request, as the queue now shows it.
    value(await h.call<RxRequestView>('rx:route', { id: r.id, to: 'duty' }));
    const routed = await changesSince(h, whole.cursor!);
    expect(routed.requests).toHaveLength(1);
    expect(routed.requests[0]).toEqual((await find(h, r.id))!);
    expect(routed.requests[0]).toMatchObject({ id: r.id, state: 'with-prescriber', routedTo: { id: 'duty' }, waitingToSend: false });
    expect(routed).toMatchObject({ times: [], removed: [] });
    expect(routed.cursor).not.toBe(whole.cursor);
    expect(await changesSince(h, routed.cursor)).toMatchObject({ cursor: routed.cursor, requests: [], times: [], removed: [] });

    // A new online request from the national changes feed (the full refresh rewrites every row, and changes nothing else).
    const task = sandbox.prescriptions.arrive();
    await h.core.prescriptions.pollChanges();
    await h.core.prescriptions.refresh();
    const arrived = await changesSince(h, routed.cursor);
    expect(arrived.requests.map((v) => v.id)).toEqual([task.id]);
    expect(arrived).toMatchObject({ times: [], removed: [] });

    // Time moving on changes only times left: sent as a few words each, not as views.
    now = new Date(now.getTime() + 2 * 3_600_000);
    const later = await changesSince(h, arrived.cursor);
    expect(later.requests).toEqual([]);
    expect(later.times.length).toBeGreaterThan(0);
    const shown = new Map((await queue(h)).map((v) => [v.id, v]));
    for (const t of later.times) expect(t).toEqual({ id: t.id, timeLeft: shown.get(t.id)!.timeLeft, overdue: shown.get(t.id)!.overdue });
    expect(await changesSince(h, later.cursor)).toMatchObject({ requests: [], times: [], removed: [] });

    // A cursor this core never gave (another core's, or from before a restart): fetch the queue again.
    expect(value(await h.call<RxChanges>('rx:changes', { since: 'a1b2c3d4e5f6.1' }))).toEqual({ kind: 'reload', reason: 'unknown-cursor' });
    expect(await h.call('rx:changes', { since: 'not a cursor!' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('a request added offline and later sent is removed under its local id and comes back under its national id', async () => {
    const h = await desk(RECEPTION);
    const nhs = sandbox.prescriptions.patientsWithTemplates()[7]!;
    value(await h.call('patients:open', { nhsNumber: nhs }));
    const templates = value(await h.call<RxTemplates>('rx:templates', { nhsNumber: nhs }));
    const start = value(await h.call<RxQueue>('rx:queue', {})).cursor!;
    await sandbox.faults.set({ down: true });
    const added = value(await h.call<RxRequestView>('rx:add', { nhsNumber: nhs, channel: 'counter', templateIds: [templates.templates[0]!.id] }));
    const waiting = await changesSince(h, start);
    expect(waiting.requests.map((v) => [v.id, v.waitingToSend])).toEqual([[added.id, true]]);

    await sandbox.faults.set({ down: false });
    await drained(h);
    const national = (h.core.outbox.recentlySent('prescription.add').at(-1)!.result as { id: string }).id;
    const sent = await changesSince(h, waiting.cursor);
    expect(sent.removed).toEqual([added.id]);
    expect(sent.requests.map((v) => [v.id, v.waitingToSend])).toContainEqual([national, false]);
    // From the first cursor: the national one only (the local id came and went in between).
    const overall = await changesSince(h, start);
    expect(overall.requests.map((v) => v.id)).toContain(national);
    expect(overall.requests.map((v) => v.id)).not.toContain(added.id);
    expect(overall.removed).toEqual([added.id]);
  });
});
