import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOK_DAY } from './desk.fixture';
import { CARDS, callCore, signIn } from './login.helpers';
import { startHostProcess, startSandboxProcess } from './processes';

/**
 * An outage end to end: the national sandbox runs in its own process so the desk can be restarted while it is
 * still down. Switched by the demo panel as a trainer would; everything found by role and name.
 */
const test = base;
test.describe.configure({ timeout: 240_000 });

type Booking = { id: string; slotId: string; requestId: string | null };
const json = async <T>(url: string, init?: RequestInit): Promise<T> => (await (await fetch(url, init)).json()) as T;

async function setMode(page: Page, label: string) {
  const panel = page.locator('details', { has: page.getByText('Demo national service: fault switches') });
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.getByText('Demo national service: fault switches').click();
  await panel.getByRole('radio', { name: label }).check();
  await expect(page.getByRole('status', { name: 'Demo fault switches' })).toContainText(label.toLowerCase());
}

/** F → today's free routine GP slots → the first → NHS number → Enter. Returns the slot id the core offered first. */
async function bookNextFree(page: Page, nhsNumber: string): Promise<string> {
  const offered = await callCore(page, 'book:find-free', { slotTypeIds: ['routine-gp'], onTheDayOnly: true, limit: 1 });
  if (!offered.ok) throw new Error(offered.error.message);
  const slotId = (offered.value as { id: string }[])[0]!.id;
  await page.getByRole('grid').focus();
  await page.keyboard.press('f');
  await page.getByLabel('Slot type').selectOption('routine-gp');
  await page.getByRole('checkbox', { name: 'Today only' }).check();
  await page.getByRole('button', { name: 'Find free slots' }).click();
  const free = page.getByRole('listbox', { name: 'Free slots' });
  await expect(free).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Patient’s NHS number')).toBeFocused();
  await page.getByLabel('Patient’s NHS number').fill(nhsNumber);
  await page.keyboard.press('Enter');
  return slotId;
}

test('offline: search and book from the local copy, survive a restart, then catch up with nothing lost or doubled', async ({ page }) => {
  const sandbox = await startSandboxProcess(BOOK_DAY);
  const dataDir = mkdtempSync(join(tmpdir(), 'reception-outage-'));
  let host = await startHostProcess(dataDir, sandbox);
  try {
    // A patient of the demo practice: the desk's local copy holds them.
    const patients = await json<{ id: string; name?: { family?: string }[]; deceasedDateTime?: string }[]>(`${sandbox.control}/_sandbox/demo-practice-patients`);
    const [first, second] = patients.filter((p) => !p.deceasedDateTime && p.name?.[0]?.family);
    const nhs = first!.id;

    await page.goto(host.url);
    await signIn(page, CARDS.sam);
    const national = page.getByRole('status', { name: 'National service', exact: true });
    await expect(national).toContainText('Online');

    await setMode(page, 'Down (connection refused)');
    // Search: answered from the local copy, and the desk says so.
    await page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: 'Patients' }).click();
    const search = page.getByRole('searchbox').first();
    await search.fill(nhs);
    await search.press('Enter');
    await expect(page.getByText(/local copy/).first()).toBeVisible();
    await expect(national).toContainText(/Offline since \d\d:\d\d/);

    // Book, and mark the patient arrived: both work offline.
    await page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: 'Appointments' }).click();
    const slotA = await bookNextFree(page, nhs);
    await expect(page.getByText('1 change waiting to send')).toBeVisible();
    const day = await callCore(page, 'book:day', { day: BOOK_DAY });
    if (!day.ok) throw new Error(day.error.message);
    const appt = (day.value as { appointments: { id: string; slotId: string; waitingToSend: boolean }[] }).appointments.find((a) => a.slotId === slotA)!;
    expect(appt.waitingToSend).toBe(true);
    expect(await callCore(page, 'book:act', { appointmentId: appt.id, action: 'arrive' })).toMatchObject({ ok: true });
    await expect(page.getByRole('region', { name: /Waiting room/ })).toContainText(first!.name![0]!.family!.toUpperCase());

    // A second booking, whose slot another desk takes before the service returns.
    const offered = await callCore(page, 'book:find-free', { slotTypeIds: ['routine-gp'], onTheDayOnly: true, limit: 1 });
    if (!offered.ok) throw new Error(offered.error.message);
    const slotB = (offered.value as { id: string }[])[0]!.id;
    expect(await callCore(page, 'book:book', { slotId: slotB, nhsNumber: second!.id })).toMatchObject({ ok: true, value: { waitingToSend: true } });
    await expect(page.getByText('2 changes waiting to send')).toBeVisible();
    const taken = await fetch(`${sandbox.control}/_sandbox/appointments/book-as-other-desk`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ slotId: slotB }),
    });
    expect(taken.status).toBe(201);

    // Restart the desk while still offline: the queued changes are still there.
    await host.stop();
    host = await startHostProcess(dataDir, sandbox);
    await page.goto(host.url);
    await signIn(page, CARDS.sam);
    await expect(page.getByText('2 changes waiting to send')).toBeVisible();
    await expect(national).toContainText(/Offline/);

    // Back up: the replay runs with a progress bar and finishes.
    await setMode(page, 'Working normally');
    await expect(page.getByText(/waiting to send/)).toHaveCount(0, { timeout: 30_000 });
    await expect(national).toContainText('Online');

    const upstreamA = await json<Booking[]>(`${sandbox.control}/_sandbox/appointments/bookings?nhsNumber=${nhs}`);
    expect(upstreamA.filter((b) => b.slotId === slotA)).toHaveLength(1); // exactly once
    const upstreamB = await json<Booking[]>(`${sandbox.control}/_sandbox/appointments/bookings?nhsNumber=${second!.id}`);
    // Only the other desk's booking holds that slot (it carries no request id of ours): never double-booked.
    expect(upstreamB.filter((b) => b.slotId === slotB && b.requestId !== null)).toHaveLength(0);

    // The conflicting booking waits for a person, with what was intended.
    const nav = page.getByRole('navigation', { name: 'Desk' });
    await nav.getByRole('button', { name: 'Needs attention (1)' }).click();
    const item = page.getByRole('listitem', { name: new RegExp(second!.name![0]!.family!, 'i') });
    await expect(item).toContainText(/Intended: Book /);
    await expect(item).toContainText(/booked this slot/);
  } finally {
    await host.stop();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
