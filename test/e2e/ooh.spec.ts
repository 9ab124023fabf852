import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOK_DAY } from './desk.fixture';
import { CARDS, signIn } from './login.helpers';
import { startPrinting, type Running } from './processes';

/**
 * Out-of-hours mode end to end (issue 8), in Chromium against the built browser host started with
 * RECEPTION_MODE=out-of-hours (the desk serves Leeds Out-of-Hours Centre, Y90020) and its embedded sandbox: find a
 * patient registered at another practice, record their arrival with a priority, see them on the board with their
 * wait against the target, book them a follow-up at their own practice through GP Connect, and cancel it. Keyboard and
 * accessible names throughout; axe finds nothing serious on the board, the banner or the report.
 */
const test = base;
test.describe.configure({ timeout: 180_000 });

type FhirPatient = { id: string; birthDate?: string; name?: { family?: string; given?: string[] }[]; deceasedDateTime?: string };
const json = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;
const serious = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target}`);

let host: (Running & { found: string[] }) | null = null;
let dataDir = '';

test.afterAll(async () => {
  await host?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('out-of-hours: a patient registered elsewhere arrives, waits on the board, is booked a follow-up at their own practice, and that booking is cancelled', async ({ page }) => {
  dataDir = mkdtempSync(join(tmpdir(), 'reception-ooh-'));
  host = await startPrinting(
    process.execPath,
    ['out/main/host.js', '--port', '0'],
    { RECEPTION_DATA_DIR: dataDir, RECEPTION_SANDBOX_TODAY: BOOK_DAY, RECEPTION_SANDBOX_ONLINE_PER_HOUR: '0', RECEPTION_MODE: 'out-of-hours', RECEPTION_FIRST_REFRESH_AFTER_MS: '0' },
    ['GP Reception is running at ', 'Demo national API sandbox at '],
  );
  const [url, sandbox] = host.found as [string, string];

  // A patient of Castle Street Surgery (Y90002), not of the demo practice.
  const registered = await json<FhirPatient[]>(`${sandbox}/_sandbox/gpconnect/Y90002/patients`);
  const patient = registered.find((p) => p.name?.[0]?.family && p.name[0].given?.[0] && p.birthDate && !p.deceasedDateTime && !p.name[0].family.includes('-'))!;
  const family = patient.name![0]!.family!;
  const [y, m, d] = patient.birthDate!.split('-');
  const nhsSpaced = `${patient.id.slice(0, 3)} ${patient.id.slice(3, 6)} ${patient.id.slice(6)}`;

  await page.goto(url);
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await signIn(page, CARDS.sam);
  const nav = page.getByRole('navigation', { name: 'Desk' });
  await expect(nav.getByRole('button', { name: 'Out-of-hours board' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Appointments' })).toHaveCount(0); // the centre has no book of its own
  await expect(page.getByRole('banner')).toContainText('Leeds Out-of-Hours Centre (Y90020)');

  // Find them on the national service by surname and date of birth.
  await nav.getByRole('button', { name: 'Patients' }).click();
  const search = page.getByRole('searchbox', { name: 'Search patients' });
  await search.fill(`${family} ${d}/${m}/${y}`);
  await search.press('Enter');
  const results = page.getByRole('listbox', { name: 'Search results' });
  const match = results.getByRole('option').filter({ hasText: nhsSpaced });
  await expect(match).toBeVisible();
  await match.click();
  const banner = page.getByRole('region', { name: 'Patient banner' });
  await expect(banner).toContainText('Castle Street Surgery (Y90002)');

  // Record their arrival with a priority, by keyboard.
  await page.getByRole('button', { name: 'Record arrival at the centre' }).click();
  await page.getByRole('radio', { name: /^Urgent \(target 2 hours\)/ }).check();
  await page.getByRole('button', { name: 'Record arrival', exact: true }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'is on the board' })).toBeVisible();
  expect(await serious(page)).toEqual([]);

  // The board: their priority, registered practice and the wait against the 2-hour target, in words.
  await page.getByRole('button', { name: 'Go to the out-of-hours board' }).click();
  const board = page.getByRole('table', { name: 'Patients at the centre' });
  const row = board.getByRole('row').filter({ hasText: nhsSpaced });
  await expect(row).toContainText('Urgent');
  await expect(row).toContainText('Castle Street Surgery (Y90002)');
  await expect(row).toContainText(/Waiting .*left of the 2 hours target/);
  await expect(page.getByRole('region', { name: 'Waiting by priority' })).toContainText('Urgent: 1 waiting');
  expect(await serious(page)).toEqual([]);

  // The centre report counts the contact.
  await nav.getByRole('button', { name: 'Centre report' }).click();
  await expect(page.getByRole('table', { name: /Waits from arrival to being seen/ }).getByRole('row', { name: /^Urgent/ })).toContainText('1');
  expect(await serious(page)).toEqual([]);

  // Back to the patient: book a follow-up at their own practice, through GP Connect.
  await nav.getByRole('button', { name: 'Patients' }).click();
  await search.fill(patient.id);
  await search.press('Enter');
  await results.getByRole('option').filter({ hasText: nhsSpaced }).click();
  await expect(banner).toContainText('Castle Street Surgery (Y90002)');
  await page.getByLabel('Where').selectOption({ label: 'Castle Street Surgery (Y90002) only' });
  await page.getByRole('button', { name: 'Find free slots at other organisations' }).press('Enter');
  const slots = page.getByRole('table', { name: 'Free slots at other organisations' });
  await expect(slots).toBeVisible();
  const bookButton = slots.getByRole('button', { name: /^Book .* at Castle Street Surgery$/ }).first();
  const label = (await bookButton.textContent())!;
  await bookButton.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Booked at Castle Street Surgery.' })).toBeVisible();
  const booked = page.getByRole('list', { name: 'Booked at other organisations' });
  await expect(booked).toContainText('Castle Street Surgery');
  await expect(booked).toContainText('Booked');
  await expect(booked).toContainText('booked by Leeds Out-of-Hours Centre');
  expect(label).toContain('Castle Street Surgery');
  expect(await serious(page)).toEqual([]);

  // In Castle Street's own book exactly once, with the desk's X-Request-ID.
  const inBook = await json<{ requestId: string | null }[]>(`${sandbox}/_sandbox/gpconnect/Y90002/bookings?nhsNumber=${patient.id}`);
  expect(inBook.filter((b) => b.requestId !== null)).toHaveLength(1);

  // Plans change: cancel that booking at Castle Street, with a reason and a confirmation, by keyboard.
  await booked.getByRole('button', { name: /^Cancel booking at Castle Street Surgery, / }).press('Enter');
  const cancelForm = page.getByRole('form', { name: /^Cancel the booking at Castle Street Surgery, / });
  const reason = cancelForm.getByRole('textbox', { name: 'Reason for cancelling' });
  await expect(reason).toBeFocused();
  await reason.fill('Patient feeling better');
  expect(await serious(page)).toEqual([]);
  await cancelForm.getByRole('button', { name: 'Confirm cancellation at Castle Street Surgery' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Cancelled the booking at Castle Street Surgery.' })).toBeVisible();
  await expect(booked).toContainText('Cancelled (Patient feeling better)');
  await expect(booked.getByRole('button', { name: /^Cancel booking at/ })).toHaveCount(0);
  expect(await serious(page)).toEqual([]);

  // Castle Street's book no longer holds it.
  const afterCancel = await json<{ requestId: string | null }[]>(`${sandbox}/_sandbox/gpconnect/Y90002/bookings?nhsNumber=${patient.id}`);
  expect(afterCancel.filter((b) => b.requestId !== null)).toHaveLength(0);
});
