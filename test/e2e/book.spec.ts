import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './desk.fixture';
import { CARDS, callCore, signIn } from './login.helpers';

/** The appointment book in Chromium against `npm run web`, driven by keyboard and found by role and name. */

/** A living, unrestricted patient from the sandbox's scenario numbers (read over PDS as the desk would). */
async function livingPatient(sandboxOrigin: string): Promise<{ nhsNumber: string; family: string }> {
  for (const nhs of ['9000000076', '9000000041', '9000000084', '9000000092']) {
    const r = await fetch(`${sandboxOrigin}/personal-demographics/FHIR/R4/Patient/${nhs}`, { headers: { 'X-Request-ID': crypto.randomUUID() } });
    const p = (await r.json()) as { id: string; deceasedDateTime?: string; meta?: { security?: { code: string }[] }; name?: { family?: string }[] };
    if (r.ok && !p.deceasedDateTime && p.meta?.security?.[0]?.code !== 'R' && p.name?.[0]?.family) return { nhsNumber: p.id, family: p.name[0].family };
  }
  throw new Error('no living scenario patient in the sandbox');
}

async function openBook(page: Page) {
  await page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: 'Appointments' }).press('Enter');
  await expect(page.getByRole('region', { name: 'Find a slot' })).toBeVisible();
}

/** F → Slot type (typed, as on a keyboard) → Find → the first free slot → Enter opens the booking form. */
async function bookNextFreeRoutineSlot(page: Page, nhsNumber: string) {
  await page.keyboard.press('f');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Slot type')).toBeFocused();
  await page.keyboard.type('Rou');
  await expect(page.getByLabel('Slot type')).toHaveValue('routine-gp');
  // Enter on a select does not submit in Chromium: Tab on to the button, as a keyboard user does.
  const findButton = page.getByRole('button', { name: 'Find free slots' });
  for (let i = 0; i < 6 && !(await findButton.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(findButton).toBeFocused();
  await page.keyboard.press('Enter');
  const free = page.getByRole('listbox', { name: 'Free slots' });
  await expect(free).toBeFocused();
  const first = (await free.getByRole('option').first().textContent()) ?? '';
  await page.keyboard.press('Enter');
  const nhs = page.getByLabel('Patient’s NHS number');
  await expect(nhs).toBeFocused();
  await page.keyboard.type(nhsNumber);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Sore throat');
  await page.keyboard.press('Enter');
  return first;
}

test('books a patient into the next free GP slot by keyboard alone', async ({ deskPage: page, desk }) => {
  const patient = await livingPatient(desk.sandboxOrigin);
  await signIn(page, CARDS.sam);
  await openBook(page);
  await bookNextFreeRoutineSlot(page, patient.nhsNumber);
  await expect(page.getByText(new RegExp(`Booked ${patient.family.toUpperCase()}`, 'i'))).toBeVisible();
  const mine = await callCore(page, 'book:patient-appointments', { nhsNumber: patient.nhsNumber });
  expect(mine).toMatchObject({ ok: true, value: { future: [expect.objectContaining({ status: 'booked', reason: 'Sore throat' })] } });
  // Tidy up for the journeys after this one.
  if (mine.ok) {
    for (const a of (mine.value as { future: { id: string }[] }).future) await callCore(page, 'book:cancel', { appointmentId: a.id, by: 'practice', reason: 'test done' });
  }
});

test('two desks racing for one slot: exactly one booking, the other is told', async ({ deskPage: page, desk, browser }) => {
  const patient = await livingPatient(desk.sandboxOrigin);
  await signIn(page, CARDS.sam);
  const found = await callCore(page, 'book:find-free', { slotTypeIds: ['routine-gp'], limit: 1 });
  if (!found.ok) throw new Error(found.error.message);
  const slotId = (found.value as { id: string }[])[0]!.id;
  // A second browser context on the same desk (a second window): both submit the same slot at once.
  const second = await (await browser.newContext()).newPage();
  await second.goto(desk.url);
  await expect(second.locator('body[data-app-state="ready"]')).toBeAttached();
  const [a, b] = await Promise.all([
    callCore(page, 'book:book', { slotId, nhsNumber: patient.nhsNumber }),
    callCore(second, 'book:book', { slotId, nhsNumber: patient.nhsNumber }),
  ]);
  const outcomes = [a, b].map((r) => r.ok);
  expect(outcomes.filter(Boolean)).toHaveLength(1);
  const refused = [a, b].find((r) => !r.ok);
  expect(refused && !refused.ok && refused.error.message).toMatch(/already booked|just booked/i);
  const winner = [a, b].find((r) => r.ok);
  if (winner?.ok) await callCore(page, 'book:cancel', { appointmentId: (winner.value as { id: string }).id, by: 'practice', reason: 'test done' });
  await second.context().close();
});

test('arrived → the waiting room shows who waits for whom; did-not-attend is refused before the slot starts', async ({ deskPage: page, desk }) => {
  const patient = await livingPatient(desk.sandboxOrigin);
  await signIn(page, CARDS.sam);
  // The fixture pins the book's day at 07:30, so the whole day is ahead.
  const found = await callCore(page, 'book:find-free', { onTheDayOnly: true, slotTypeIds: ['routine-gp'], limit: 1 });
  if (!found.ok) throw new Error(found.error.message);
  const slotId = (found.value as { id: string }[])[0]!.id;
  const booked = await callCore(page, 'book:book', { slotId, nhsNumber: patient.nhsNumber });
  if (!booked.ok) throw new Error(booked.error.message);
  const id = (booked.value as { id: string }).id;
  expect(await callCore(page, 'book:act', { appointmentId: id, action: 'mark-dna' })).toMatchObject({ ok: false });
  expect(await callCore(page, 'book:act', { appointmentId: id, action: 'arrive' })).toMatchObject({ ok: true });
  await openBook(page);
  const waiting = page.getByRole('list', { name: 'Patients waiting' });
  await expect(waiting).toContainText(patient.family.toUpperCase());
  await expect(waiting).toContainText(/waiting 0 min|0 min/i);
  await callCore(page, 'book:act', { appointmentId: id, action: 'undo-arrival' });
  await callCore(page, 'book:cancel', { appointmentId: id, by: 'practice', reason: 'test done' });
});

test('no serious accessibility violations on the book, the booking form and the help overlay', async ({ deskPage: page }) => {
  await signIn(page, CARDS.sam);
  await openBook(page);
  const serious = async () =>
    (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  expect(await serious()).toEqual([]);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Appointment book shortcuts' })).toBeVisible();
  expect(await serious()).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

/** Every column header's text in column order, scrolling the grid sideways: with many clinicians only those in view are drawn. */
async function allColumnHeaders(grid: Locator): Promise<string[]> {
  const count = Number(await grid.getAttribute('aria-colcount'));
  const seen = new Map<number, string>();
  await grid.evaluate((g) => (g.scrollLeft = 0));
  await expect
    .poll(
      async () => {
        const drawn = await grid.getByRole('columnheader').evaluateAll((hs) => hs.map((h) => [Number(h.getAttribute('aria-colindex')), h.textContent ?? ''] as const));
        for (const [i, text] of drawn) seen.set(i, text);
        await grid.evaluate((g) => (g.scrollLeft += g.clientWidth / 2));
        return seen.size;
      },
      { intervals: [100] },
    )
    .toBe(count);
  return [...seen.entries()].sort(([a], [b]) => a - b).map(([, text]) => text);
}

test('the Site picker narrows the day to the clinicians working at that site, and keeps it for the next day', async ({ deskPage: page }) => {
  await signIn(page, CARDS.sam);
  await openBook(page);
  const grid = page.getByRole('grid', { name: /^Appointment book for/ });
  // The day view's region (named by the day); "Find a slot" has a Site filter of its own.
  const dayView = page.getByRole('region').filter({ has: page.getByRole('button', { name: 'Next day' }) });
  const day = await dayView.getByLabel('Day', { exact: true }).inputValue();
  type Book = { sites: { id: string; name: string }[]; clinicians: { id: string; name: string; role: string }[] };
  const bookOf = async (input: { day: string; siteId?: string }): Promise<Book> => {
    const r = await callCore(page, 'book:day', input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as Book;
  };
  const all = await bookOf({ day });
  expect(all.sites.length).toBeGreaterThan(1);
  // A site that not every clinician of the day works at, and one who does not.
  const perSite = await Promise.all(all.sites.map(async (site) => ({ site, book: await bookOf({ day, siteId: site.id }) })));
  const pick = perSite.find(({ book }) => book.clinicians.length > 0 && book.clinicians.length < all.clinicians.length);
  if (!pick) throw new Error(`every clinician works at every site on ${day}`);
  const { site, book } = pick;
  const away = all.clinicians.find((c) => !book.clinicians.some((h) => h.id === c.id))!;
  const headerOf = (c: { name: string; role: string }) => `${c.name} ${c.role}`;
  expect(await allColumnHeaders(grid)).toEqual(all.clinicians.map(headerOf));

  // From the keyboard: focus the picker and type the site's name, as with any select.
  const picker = dayView.getByRole('combobox', { name: 'Site' });
  await picker.focus();
  await page.keyboard.type(site.name);
  await expect(picker).toHaveValue(site.id);
  await expect(grid).toHaveAccessibleName(new RegExp(`, ${site.name}$`));
  await expect(grid).not.toHaveAttribute('aria-busy', 'true');
  await expect(grid).toHaveAttribute('aria-colcount', String(book.clinicians.length));
  const headers = await allColumnHeaders(grid);
  expect(headers).toEqual(book.clinicians.map(headerOf));
  expect(headers).not.toContain(headerOf(away));

  // The next day is shown for the same site (a weekend has nobody at all).
  const before = await grid.getAttribute('aria-label');
  await dayView.getByRole('button', { name: 'Next day' }).click();
  await expect(dayView.getByLabel('Day', { exact: true })).not.toHaveValue(day);
  const next = await dayView.getByLabel('Day', { exact: true }).inputValue();
  await expect(picker).toHaveValue(site.id);
  const nextBook = await bookOf({ day: next, siteId: site.id });
  if (nextBook.clinicians.length === 0) {
    await expect(dayView).toContainText(`No clinicians are working at ${site.name}`);
  } else {
    await expect(grid).not.toHaveAccessibleName(before!);
    await expect(grid).toHaveAccessibleName(new RegExp(`, ${site.name}$`));
    await expect(grid).not.toHaveAttribute('aria-busy', 'true');
    expect(await allColumnHeaders(grid)).toEqual(nextBook.clinicians.map(headerOf));
  }
});
