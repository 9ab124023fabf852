import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './desk.fixture';
import { CARDS, signIn } from './login.helpers';

/** Receptionist journeys in real Chromium against `npm run web`, found by role and accessible name. */

// Every journey runs as Sam Taylor, receptionist, signed in with the demo card.
test.beforeEach(async ({ deskPage }) => {
  await signIn(deskPage, CARDS.sam);
});

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search patients' });
const results = (page: Page) => page.getByRole('listbox', { name: 'Search results' });
const banner = (page: Page) => page.getByRole('region', { name: 'Patient banner' });

async function search(page: Page, text: string) {
  await searchBox(page).fill(text);
  await searchBox(page).press('Enter');
}

async function openFirstResult(page: Page) {
  await expect(results(page).getByRole('option').first()).toBeVisible();
  await searchBox(page).press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(banner(page)).toBeVisible();
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the search box has focus once signed in; 9000000009 opens the banner by keyboard', async ({ deskPage: page }) => {
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.type('900 000 0009');
  await page.keyboard.press('Enter');
  await openFirstResult(page);
  const b = banner(page);
  await expect(b.getByRole('heading')).toHaveText(/SMITH, Jane/);
  await expect(b).toContainText('900 000 0009');
  await expect(b).toContainText('22-Oct-2010');
  await expect(b).toContainText('Deceased');
  await expect(b).toContainText('LS1 6AE');
  // Esc goes back to the results, a second Esc to the search box.
  await page.keyboard.press('Escape');
  await expect(results(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(searchBox(page)).toBeFocused();
});

test('9000000025 is marked restricted and no address, phone or GP appears anywhere on the page', async ({ deskPage: page }) => {
  await search(page, '9000000025');
  await openFirstResult(page);
  await expect(banner(page)).toContainText('Restricted record');
  await expect(banner(page).getByRole('heading')).toHaveText(/SMYTHE, Janet/);
  // Everything on the page except the search box's fixed example ("…or LS1 4AP").
  const text = (await page.locator('body').innerText()).replace(/For example .*$/m, '');
  expect(text).not.toMatch(/\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/); // no postcode
  expect(text).not.toMatch(/\b0\d{4}\s?\d{6}\b|\b07\d{3}\s?\d{6}\b/); // no phone number
  expect(text).not.toMatch(/Registered GP practice\s*\n?\s*\w/i);
  await expect(banner(page).getByText(/^Address$/)).toHaveCount(0);
});

test('surname + date of birth finds patients, best match first', async ({ deskPage: page }) => {
  await search(page, 'Smith 22/10/2010');
  const first = results(page).getByRole('option').first();
  await expect(first).toContainText('SMITH, Jane');
  await expect(first).toContainText('900 000 0009');
});

test('an invalid NHS number gets a plain message and the text stays', async ({ deskPage: page }) => {
  await search(page, '900 000 0000');
  await expect(page.getByRole('alert')).toContainText(/not a valid NHS number/);
  await expect(searchBox(page)).toHaveValue('900 000 0000');
  await expect(results(page)).toHaveCount(0);
});

test('a superseded NHS number opens the current record and says so', async ({ deskPage: page }) => {
  await search(page, '9000000068');
  await expect(page.getByText(/900 000 0068 has been replaced by 900 000 0076; showing the current record/)).toBeVisible();
  await expect(results(page).getByRole('option').first()).toContainText('900 000 0076');
});

test('no serious accessibility violations on the search and banner views', async ({ deskPage: page }) => {
  expect(await seriousViolations(page)).toEqual([]);
  await search(page, 'Smith 22/10/2010');
  await expect(results(page)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await openFirstResult(page);
  expect(await seriousViolations(page)).toEqual([]);
});

test('with the national service switched off, the search answers from the local copy and says so', async ({ deskPage: page, desk }) => {
  await search(page, '9000000009'); // cached while online
  await expect(results(page).getByRole('option').first()).toBeVisible();
  await desk.setFaults({ outage: true });
  await search(page, '900 000 0009');
  await expect(page.getByText(/From local copy, last updated \d{2}:\d{2}/)).toBeVisible();
  await expect(results(page).getByRole('option').first()).toContainText('SMITH, Jane');
  await expect(page.getByRole('status', { name: 'National service' })).toContainText(/offline/i);
});
