import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './desk.fixture';
import { CARDS, callCore, signIn } from './login.helpers';

/**
 * The repeat-prescription queue in Chromium against `npm run web` (its demo sandbox): reception adds and routes,
 * a GP approves and rejects, reception sees both outcomes; offline, routing waits and is sent on return.
 * Driven by keyboard where a person would, everything found by role and name.
 */
test.describe.configure({ timeout: 180_000 });

type View = { id: string; nhsNumber: string; patientName: string; state: string; channel: string; waitingToSend: boolean; routedTo: { id: string; name: string } | null };
type Templates = { patientName: string; templates: { id: string; medication: string; flags: string[] }[] };

const ok = <T>(r: Awaited<ReturnType<typeof callCore>>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

/**
 * Living patients of the demo practice with an unflagged repeat item and no request in the queue yet, so each
 * one's request is the only one found by their NHS number (and a retry picks new ones).
 */
async function freshPatients(page: Page, sandboxOrigin: string, n: number): Promise<{ nhsNumber: string; name: string; item: string; medication: string }[]> {
  const queue = ok<{ requests: View[] }>(await callCore(page, 'rx:queue', {}));
  const known = new Set(queue.requests.map((r) => r.nhsNumber));
  const patients = (await (await fetch(`${sandboxOrigin}/_sandbox/demo-practice-patients`)).json()) as { id: string; deceasedDateTime?: string }[];
  const out: { nhsNumber: string; name: string; item: string; medication: string }[] = [];
  for (const p of patients) {
    if (p.deceasedDateTime || known.has(p.id)) continue;
    const r = await callCore(page, 'rx:templates', { nhsNumber: p.id });
    if (!r.ok) continue; // no repeat items at this practice
    const t = r.value as Templates;
    const clean = t.templates.find((x) => x.flags.length === 0);
    if (clean) out.push({ nhsNumber: p.id, name: t.patientName, item: clean.id, medication: clean.medication });
    if (out.length === n) return out;
  }
  throw new Error('not enough patients with an unflagged repeat item');
}

async function openQueue(page: Page) {
  await page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: 'Prescriptions' }).click();
  const list = page.getByRole('listbox', { name: 'Repeat prescription requests' });
  await expect(list).toBeFocused();
  return list;
}

/** Narrow the queue to one patient and put the cursor on their request, by keyboard. */
async function selectPatient(page: Page, nhsNumber: string, state: string = 'open') {
  await page.getByLabel('Show', { exact: true }).selectOption(state);
  const find = page.getByRole('searchbox', { name: 'Find in queue' });
  await find.fill(nhsNumber);
  await page.keyboard.press('ArrowDown');
  const list = page.getByRole('listbox', { name: 'Repeat prescription requests' });
  await expect(list).toBeFocused();
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  return list.getByRole('option').first();
}

async function setMode(page: Page, label: string) {
  const panel = page.locator('details', { has: page.getByText('Demo national service: fault switches') });
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.getByText('Demo national service: fault switches').click();
  await panel.getByRole('radio', { name: label }).check();
  await expect(page.getByRole('status', { name: 'Demo fault switches' })).toContainText(label.toLowerCase());
}

const seriousViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target}`);

test('reception adds and routes, a GP approves one and rejects another, reception sees both outcomes', async ({ deskPage: page, desk }) => {
  await signIn(page, CARDS.sam);
  const [a, b] = await freshPatients(page, desk.sandboxOrigin, 2);
  const prescribers = ok<{ id: string; name: string }[]>(await callCore(page, 'rx:prescribers'));
  const gpName = prescribers[1]!.name;
  await openQueue(page);
  expect(await seriousViolations(page)).toEqual([]);

  // N: a request taken at the counter, from the patient's repeat items.
  await page.keyboard.press('n');
  const nhs = page.getByRole('textbox', { name: /Patient’s NHS number/ });
  await expect(nhs).toBeFocused();
  await nhs.fill(a!.nhsNumber);
  await page.keyboard.press('Enter');
  const items = page.getByRole('group', { name: 'Items to request' });
  await expect(items.getByRole('checkbox').first()).toBeFocused();
  await items.getByRole('checkbox', { name: new RegExp(`^${a!.medication}`) }).first().check();
  await expect(page.getByRole('radio', { name: 'At the counter' })).toBeChecked();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Add request' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${a!.name}: request added (1 item).` })).toBeVisible();

  // R → the prescribers (duty doctor first) → ↓ → Enter.
  const row = await selectPatient(page, a!.nhsNumber);
  await expect(row).toContainText('At the counter');
  await page.keyboard.press('r');
  const picker = page.getByRole('listbox', { name: 'Route to' });
  await expect(picker).toBeFocused();
  await expect(picker.getByRole('option').first()).toHaveText('Duty doctor');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox', { name: 'Repeat prescription requests' })).toBeFocused();
  await expect(row).toContainText(`With prescriber: ${gpName}.`);

  // A second request (by phone), routed to the duty doctor, for the GP to reject.
  const second = ok<View>(await callCore(page, 'rx:add', { nhsNumber: b!.nhsNumber, channel: 'phone', templateIds: [b!.item] }));
  ok<View>(await callCore(page, 'rx:route', { id: second.id, to: 'duty' }));

  // The GP: A approves (printed), J rejects with the reason the patient will be told.
  await signIn(page, CARDS.gp);
  await openQueue(page);
  await selectPatient(page, a!.nhsNumber);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Prescription queue shortcuts' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox', { name: 'Repeat prescription requests' })).toBeFocused();
  await page.keyboard.press('a');
  const approve = page.getByRole('form', { name: `Approve ${a!.name}’s request` });
  await expect(approve).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await approve.getByRole('radio', { name: 'Print for collection at the desk' }).check();
  await approve.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${a!.name}: approved, printed for collection.` })).toBeVisible();

  await selectPatient(page, b!.nhsNumber);
  await page.keyboard.press('j');
  const reason = page.getByRole('textbox', { name: 'Reason the patient will be told' });
  await expect(reason).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Give the reason the patient will be told.')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.type('A medication review is due: please book an appointment with your GP');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `${b!.name}: rejected.` })).toBeVisible();

  // Reception sees both outcomes, and the reason to tell the patient.
  await signIn(page, CARDS.sam);
  await openQueue(page);
  const approved = await selectPatient(page, a!.nhsNumber, 'printed');
  await expect(approved).toContainText('Approved: printed');
  const side = page.getByRole('complementary', { name: 'Selected request' });
  await expect(side).toContainText('Approved: printed for collection at the desk');
  await expect(side.getByRole('button', { name: 'Ready to collect (P)' })).toBeVisible();
  await expect(side.getByRole('button', { name: /Approve/ })).toHaveCount(0);
  await selectPatient(page, b!.nhsNumber, 'rejected');
  await expect(side).toContainText('Rejected. Reason to tell the patient: A medication review is due: please book an appointment with your GP');
  await expect(side).toContainText('Dr Alex Morgan');
  expect(await seriousViolations(page)).toEqual([]);
});

test('offline, routing still works, says it is waiting to send, and is sent when the service is back', async ({ deskPage: page, desk }) => {
  await signIn(page, CARDS.sam);
  const [p] = await freshPatients(page, desk.sandboxOrigin, 1);
  const added = ok<View>(await callCore(page, 'rx:add', { nhsNumber: p!.nhsNumber, channel: 'counter', templateIds: [p!.item] }));
  await openQueue(page);

  await setMode(page, 'Down (connection refused)');
  const row = await selectPatient(page, p!.nhsNumber);
  await page.keyboard.press('r');
  await expect(page.getByRole('listbox', { name: 'Route to' })).toBeFocused();
  await page.keyboard.press('Enter'); // the duty doctor
  await expect(page.getByRole('status').filter({ hasText: `${p!.name}: routed to Duty doctor (waiting to send).` })).toBeVisible();
  await expect(row).toContainText('With prescriber: Duty doctor. Waiting to send.');
  await expect(page.getByRole('complementary', { name: 'Selected request' })).toContainText('Waiting to send: saved at this desk');
  await expect(page.getByText('1 change waiting to send')).toBeVisible();

  await setMode(page, 'Working normally');
  await expect(page.getByText(/changes? waiting to send/)).toHaveCount(0, { timeout: 45_000 });
  await expect(row).not.toContainText('Waiting to send');
  await expect(row).toContainText('With prescriber: Duty doctor.');
  const now = ok<{ requests: View[] }>(await callCore(page, 'rx:queue', { state: 'with-prescriber', clinicianId: 'duty' }));
  expect(now.requests.find((r) => r.id === added.id)).toMatchObject({ waitingToSend: false, routedTo: { id: 'duty' } });
});
