import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import type { DayBook } from '../../shared/contract/appointments';
import type { RotaOverview } from '../../shared/contract/rota';
import { atLondonTime, formatLondon } from '../../shared/domain/appointments/london-time';
import { addDays, isoWeekday } from '../../shared/domain/calendar/days';
import { BOOK_DAY, expect, test } from './desk.fixture';
import { CARDS, callCore, signIn } from './login.helpers';

/**
 * Rotas in Chromium against `npm run web`: the practice manager sets up a slot type and a template, previews and
 * generates, and the slots appear in the appointment book; a receptionist can look but not change anything.
 *
 * The browser host lives for the whole worker and other journeys share its book, so this one works two weeks ahead
 * of the pinned day (the last day the desk keeps locally), in the lunch hour (the demo book's sessions are 08:30–12:00
 * and 14:00–18:00), for the last clinician, with a slot type and rota named for this run.
 */

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const dayLabel = (day: string) => formatLondon(atLondonTime(day, '12:00'), 'EEEE d MMMM yyyy');
const shortDay = (day: string) => formatLondon(atLondonTime(day, '12:00'), 'EEE d MMM yyyy');

async function value<T>(page: Page, verb: string, input: unknown = {}): Promise<T> {
  const r = await callCore(page, verb, input);
  if (!r.ok) throw new Error(`${verb}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Two weeks ahead of the pinned day, or the nearest working day before it (not a weekend, not a bank holiday). */
function targetDay(o: RotaOverview): string {
  const holidays = new Set(o.bankHolidays.map((h) => h.date));
  for (let n = 14; n >= 8; n--) {
    const day = addDays(BOOK_DAY, n);
    if (isoWeekday(day) <= 5 && !holidays.has(day)) return day;
  }
  throw new Error('no working day two weeks ahead');
}

async function openRotas(page: Page) {
  await page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: 'Rotas' }).click();
  await expect(page.getByRole('heading', { name: 'Rotas', level: 2 })).toBeFocused();
  await expect(page.getByRole('table', { name: /slot types$/ })).toBeVisible();
}

const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Rota sections' }).getByRole('button', { name, exact: true }).click();
const status = (page: Page) => page.getByRole('status', { name: 'Rotas' });

async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The label of the grid's current cell (the one aria-activedescendant names). */
async function activeCell(page: Page, grid: Locator): Promise<{ id: string; label: string }> {
  const id = (await grid.getAttribute('aria-activedescendant')) ?? '';
  const label = id ? ((await page.locator(`[id="${id}"]`).getAttribute('aria-label')) ?? '') : '';
  return { id, label };
}

/** Press a key in the grid and wait for the current cell to change; false when it did not (the edge was reached). */
async function step(page: Page, grid: Locator, key: string): Promise<boolean> {
  const before = (await activeCell(page, grid)).id;
  await page.keyboard.press(key);
  try {
    await expect.poll(async () => (await activeCell(page, grid)).id, { timeout: 2_000 }).not.toBe(before);
    return true;
  } catch {
    return false;
  }
}

test('a practice manager creates a slot type and a template, previews, generates, and finds the slots in the book', async ({ deskPage: page }) => {
  test.setTimeout(120_000);
  await signIn(page, CARDS.priya);
  const overview = await value<RotaOverview>(page, 'rota:overview');
  const clinician = overview.clinicians.at(-1)!;
  const site = overview.sites[0]!;
  const day = targetDay(overview);
  const weekday = WEEKDAYS[isoWeekday(day) - 1]!;
  const run = Date.now().toString(36).slice(-5);
  const typeName = `Lunch review ${run}`;
  const rotaName = `Lunch clinic ${run}`;

  await openRotas(page);
  expect(await seriousViolations(page)).toEqual([]);

  // 1. A slot type.
  await page.getByRole('button', { name: 'Add a slot type' }).click();
  const typeForm = page.getByRole('region', { name: 'Add a slot type' });
  await expect(typeForm.getByRole('heading', { name: 'Add a slot type' })).toBeFocused();
  await typeForm.getByLabel('Name', { exact: true }).fill(typeName);
  await typeForm.getByLabel('Length (minutes)').fill('3');
  await typeForm.getByLabel('Colour', { exact: true }).fill('#912b88');
  await typeForm.getByLabel('National category').selectOption('Planned Clinics');
  await typeForm.getByRole('button', { name: 'Save slot type' }).click();
  // The contract's own rule, next to its field; what was typed stays.
  await expect(typeForm.getByRole('alert')).toContainText('A slot is at least 5 minutes long');
  await expect(typeForm.getByLabel('Length (minutes)')).toHaveAttribute('aria-invalid', 'true');
  await expect(typeForm.getByLabel('Name', { exact: true })).toHaveValue(typeName);
  expect(await seriousViolations(page)).toEqual([]);
  await typeForm.getByLabel('Length (minutes)').fill('20');
  await typeForm.getByRole('button', { name: 'Save slot type' }).click();
  await expect(status(page)).toHaveText(`Saved the slot type ${typeName}.`);
  const typeRow = page.getByRole('row', { name: new RegExp(typeName) });
  await expect(typeRow).toContainText('20 min');
  await expect(typeRow).toContainText('#912b88');
  await expect(typeRow).toContainText('Planned Clinics');

  // 2. A rota for the week of the day, and a template: that weekday, 12:00–13:00, three 20-minute slots.
  await section(page, 'Rotas and templates');
  await page.getByRole('button', { name: 'Create a rota' }).click();
  const rotaForm = page.getByRole('region', { name: 'Create a rota' });
  await rotaForm.getByLabel('Rota name').fill(rotaName);
  await rotaForm.getByLabel('First day').fill(day);
  await rotaForm.getByLabel('Last day').fill(addDays(day, 6));
  await rotaForm.getByRole('button', { name: 'Save rota' }).click();
  await expect(status(page)).toContainText(`Saved the rota ${rotaName}`);

  await page.getByRole('button', { name: `Add a template to ${rotaName}` }).click();
  const tpl = page.getByRole('region', { name: `Add a template to ${rotaName}` });
  await expect(tpl.getByRole('heading')).toBeFocused();
  await tpl.getByLabel('Template name (optional)').fill(`Lunch ${run}`);
  await tpl.getByLabel('Clinician', { exact: true }).selectOption({ label: `${clinician.name} (${clinician.role})` });
  await tpl.getByLabel('Site', { exact: true }).selectOption({ label: site.name });
  await tpl.getByRole('radio', { name: 'Every week' }).check();
  await tpl.getByRole('checkbox', { name: weekday, exact: true }).check();
  if (weekday !== 'Monday') await tpl.getByRole('checkbox', { name: 'Monday', exact: true }).uncheck();
  await tpl.getByLabel('Session starts').fill('12:00');
  await tpl.getByLabel('Session ends').fill('13:00');
  const step1 = tpl.getByRole('group', { name: 'Step 1' });
  await step1.getByLabel('Slot type').selectOption({ label: `${typeName} (20 min)` });
  await step1.getByLabel('Number of slots').fill('3');
  expect(await seriousViolations(page)).toEqual([]);
  await tpl.getByRole('button', { name: 'Save template' }).click();
  await expect(status(page)).toHaveText(`Saved the template Lunch ${run}.`);
  await expect(page.getByRole('table', { name: `Session templates of ${rotaName}` })).toContainText(`Every week on ${weekday}s`);

  // 3. Preview, then generate after a yes.
  await section(page, 'Preview and generate');
  const plan = page.getByRole('form', { name: 'Preview a rota' });
  await plan.getByLabel('Rota').selectOption({ label: `${rotaName} (${shortDay(day)} to ${shortDay(addDays(day, 6))})` });
  await plan.getByLabel('From', { exact: true }).fill(day);
  await plan.getByLabel('To', { exact: true }).fill(addDays(day, 6));
  await plan.getByRole('button', { name: 'Preview' }).click();
  const summary = page.getByRole('table', { name: /Slots per clinician per day/ });
  await expect(summary.getByRole('row', { name: new RegExp(`${shortDay(day)} ${clinician.name} ${typeName} 3 0`) })).toBeVisible();
  await expect(page.getByText('No clashes.')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Generate 3 new slots' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm generating' });
  await expect(confirm).toBeFocused();
  await expect(confirm).toContainText(`Add 3 new slots to the book from ${shortDay(day)} to ${shortDay(addDays(day, 6))}?`);
  await confirm.getByRole('button', { name: 'Yes, generate 3 slots' }).click();
  await expect(status(page)).toHaveText('Generated: 3 slots created, 0 already in the book.');

  // 4. In the book: through the core, then on screen in the day view, reached by keyboard.
  const type = (await value<RotaOverview>(page, 'rota:overview')).slotTypes.find((t) => t.name === typeName)!;
  const book = await value<DayBook>(page, 'book:day', { day });
  const mine = book.slots.filter((s) => s.slotTypeId === type.id && s.clinicianId === clinician.id);
  expect(mine.map((s) => formatLondon(new Date(s.start), 'HH:mm')).sort()).toEqual(['12:00', '12:20', '12:40']);
  expect(mine.every((s) => s.display === 'free')).toBe(true);

  await page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: 'Appointments' }).click();
  await expect(page.getByRole('region', { name: 'Find a slot' })).toBeVisible();
  await page.getByLabel('Day', { exact: true }).fill(day);
  const grid = page.getByRole('grid', { name: `Appointment book for ${dayLabel(day)}` });
  await expect(grid).toBeVisible();
  await expect(grid).not.toHaveAttribute('aria-busy', 'true');
  await grid.focus();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 60 && !(await activeCell(page, grid)).label.includes(`, ${clinician.name}, `); i++) if (!(await step(page, grid, 'ArrowRight'))) break;
  await step(page, grid, 'Home'); // the top of this clinician's column (ArrowRight lands at the nearest time)
  for (let i = 0; i < 80 && !(await activeCell(page, grid)).label.startsWith('12:00,'); i++) if (!(await step(page, grid, 'ArrowDown'))) break;
  const cell = await activeCell(page, grid);
  expect(cell.label).toMatch(new RegExp(`^12:00, ${clinician.name}, ${typeName} 20 min, `));
  await expect(page.locator(`[id="${cell.id}"]`)).toBeVisible();
  await expect(page.locator(`[id="${cell.id}"]`)).toContainText(typeName);
});

test('a receptionist sees the rotas but is offered no change, and the core refuses one sent anyway', async ({ deskPage: page }) => {
  await signIn(page, CARDS.sam);
  await openRotas(page);
  await expect(page.getByText(/Only a Clerical manager \(R8011\) can edit rotas and slot templates/)).toBeVisible();
  const main = page.getByRole('region', { name: 'Rotas' });
  await expect(main.getByRole('button', { name: 'Add a slot type' })).toHaveCount(0);
  await expect(main.getByRole('button', { name: /^Edit / })).toHaveCount(0);
  for (const s of ['Rotas and templates', 'Leave', 'Opening hours and closures']) {
    await section(page, s);
    await expect(main.getByRole('heading', { name: s, level: 3 })).toBeVisible();
    await expect(main.getByRole('button', { name: /Create a rota|Add a template|Delete|Record leave|Remove|Save opening hours|Add closure/ })).toHaveCount(0);
  }
  await expect(main.getByRole('table', { name: 'Opening hours' })).toContainText('08:00–18:30');
  expect(await seriousViolations(page)).toEqual([]);

  const from = addDays(BOOK_DAY, 30);
  const refused = await callCore(page, 'rota:save-rota', { name: 'Not mine to make', from, to: addDays(from, 7) });
  expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE', message: expect.stringContaining('Clerical manager') } });
  expect((await value<RotaOverview>(page, 'rota:overview')).rotas.some((r) => r.name === 'Not mine to make')).toBe(false);
});
