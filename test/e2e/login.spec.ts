import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, test } from './desk.fixture';
import { callCore, CARDS, passcodeField, presentCard, resetDesk, signIn, withdrawCard } from './login.helpers';

/** Smartcard login, lock and the manager screens, in real Chromium against `npm run web` in demo mode. */

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search patients' });
const banner = (page: Page) => page.getByRole('region', { name: 'Patient banner' });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Desk' });

async function openJaneSmith(page: Page) {
  await searchBox(page).fill('9000000009');
  await searchBox(page).press('Enter');
  await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toBeVisible();
  await searchBox(page).press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(banner(page)).toContainText('900 000 0009');
  await expect(banner(page).getByRole('heading')).toHaveText(/SMITH, Jane/);
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('Sam signs in with the demo card and passcode; the desk opens at the search box with his name and role', async ({ deskPage: page }) => {
  await signIn(page, CARDS.sam);
  const header = page.getByRole('banner');
  await expect(header).toContainText('Sam Taylor');
  await expect(header).toContainText('Receptionist');
  await expect(header.getByRole('button', { name: 'Lock (Ctrl+L)' })).toBeVisible();
  await expect(searchBox(page)).toBeFocused();
  // A receptionist is offered the lookup, the book, prescriptions and the rotas (to read), not the manager's screens.
  await expect(nav(page).getByRole('button')).toHaveText(['Patients', 'Appointments', 'Prescriptions', 'Rotas']);
});

test('taking the card off hides the patient from the page; the same card and passcode bring the desk back as it was', async ({ deskPage: page }) => {
  await signIn(page, CARDS.sam);
  await openJaneSmith(page);

  await withdrawCard(page);
  await expect(page.getByRole('heading', { name: 'Desk locked' })).toBeVisible();
  await expect(page.getByText('Locked for Sam Taylor (Receptionist)')).toBeVisible();
  await expect(page.getByText('Present your card to resume.')).toBeVisible();
  // Neither shown nor merely hidden: innerText is what is on screen, textContent all that is in the page.
  for (const text of [await page.locator('body').innerText(), (await page.locator('body').textContent()) ?? '']) {
    expect(text).not.toContain('SMITH');
    expect(text).not.toContain('900 000 0009');
  }

  await presentCard(page, CARDS.sam);
  await expect(passcodeField(page)).toBeFocused();
  await passcodeField(page).fill(CARDS.sam.passcode);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(banner(page).getByRole('heading')).toHaveText(/SMITH, Jane/);
  await expect(banner(page)).toContainText('900 000 0009');
  await expect(searchBox(page)).toHaveValue('9000000009');
});

test('Ctrl+L locks at once, even while typing; with the card still on the reader the passcode resumes', async ({ deskPage: page }) => {
  await signIn(page, CARDS.sam);
  await searchBox(page).fill('smith 22/10/2010');
  await searchBox(page).press('Control+l');
  await expect(page.getByRole('heading', { name: 'Desk locked' })).toBeVisible();
  await expect(page.getByText('Sam Taylor locked the desk.')).toBeVisible();
  await expect(passcodeField(page)).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.type(CARDS.sam.passcode);
  await page.keyboard.press('Enter');
  await expect(searchBox(page)).toHaveValue('smith 22/10/2010');
});

test('a different person at a locked desk starts with nothing of the previous person’s work', async ({ deskPage: page }) => {
  await signIn(page, CARDS.sam);
  await openJaneSmith(page);
  await withdrawCard(page);
  await expect(page.getByRole('heading', { name: 'Desk locked' })).toBeVisible();
  await presentCard(page, CARDS.priya);
  await expect(page.getByRole('heading', { name: 'Card for Priya Shah' })).toBeVisible();
  await passcodeField(page).fill(CARDS.priya.passcode);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('banner')).toContainText('Priya Shah');
  await expect(searchBox(page)).toHaveValue('');
  await expect(banner(page)).toHaveCount(0);
  expect(await page.locator('body').textContent()).not.toContain('SMITH');
});

test('three wrong passcodes lock the card, saying a clerical manager can unlock it; the manager does', async ({ deskPage: page }) => {
  await resetDesk(page);
  expect(await seriousViolations(page)).toEqual([]);
  await presentCard(page, CARDS.gp);
  await expect(page.getByRole('heading', { name: `Card for ${CARDS.gp.holder}` })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  for (const left of ['2', '1']) {
    await passcodeField(page).fill('000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText(new RegExp(`\\b${left}\\b.*left`));
    await expect(passcodeField(page)).toBeFocused();
    await expect(passcodeField(page)).toHaveValue('');
  }
  await passcodeField(page).fill('000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/clerical manager/i);
  await expect(passcodeField(page)).toHaveCount(0);

  // Unlocked again by a clerical manager, in Staff and cards.
  await signIn(page, CARDS.priya);
  await nav(page).getByRole('button', { name: 'Staff and cards' }).click();
  const row = page.getByRole('row', { name: new RegExp(CARDS.gp.holder) });
  await expect(row).toContainText('Locked');
  await expect(row).toContainText('3 failed attempts');
  expect(await seriousViolations(page)).toEqual([]);
  await row.getByRole('button', { name: /^Unlock card/ }).click();
  await expect(page.getByRole('status', { name: 'Staff and cards' })).toContainText(`${CARDS.gp.holder} can sign in with it again`);
  await expect(row).not.toContainText('Locked');

  await signIn(page, CARDS.gp);
  await expect(page.getByRole('banner')).toContainText(CARDS.gp.holder);
});

test('the core itself refuses a receptionist a manager’s action, naming the role that may', async ({ deskPage: page }) => {
  await signIn(page, CARDS.sam);
  await expect(nav(page).getByRole('button', { name: 'Staff and cards' })).toHaveCount(0);
  const r = await callCore(page, 'staff:list');
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error.message).toMatch(/Clerical manager/);
});

test('someone with two roles chooses one for the session', async ({ deskPage: page }) => {
  await resetDesk(page);
  await presentCard(page, CARDS.jo);
  await passcodeField(page).fill(CARDS.jo.passcode);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const group = page.getByRole('radiogroup', { name: 'Choose your role for this session' });
  await expect(group.getByRole('radio')).toHaveCount(2);
  expect(await seriousViolations(page)).toEqual([]);
  await group.getByRole('radio', { name: 'Clerical manager (R8011)' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('banner')).toContainText('Jo Evans');
  await expect(page.getByRole('banner')).toContainText('Clerical manager');
  await expect(nav(page).getByRole('button', { name: 'Access audit' })).toBeVisible();
});

test('a clerical manager sees who opened 9000000009, exports it as CSV and checks the trail', async ({ deskPage: page }) => {
  await signIn(page, CARDS.sam);
  await openJaneSmith(page);
  await signIn(page, CARDS.priya);

  await nav(page).getByRole('button', { name: 'Access audit' }).click();
  await expect(nav(page).getByRole('button', { name: 'Access audit' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('textbox', { name: 'NHS number' }).fill('9000000009');
  await page.getByRole('button', { name: 'Show who has seen it' }).click();
  const table = page.getByRole('table', { name: /Who has seen the record for NHS number 900 000 0009/ });
  const samRow = table.getByRole('row').filter({ hasText: 'Sam Taylor' }).first();
  await expect(samRow).toBeVisible();
  await expect(samRow).toContainText(/\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}/);
  expect(await seriousViolations(page)).toEqual([]);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  expect(readFileSync(await file.path(), 'utf8')).toContain('Sam Taylor');

  await page.getByRole('button', { name: 'Check the audit trail' }).click();
  await expect(page.getByRole('status', { name: 'Audit trail' })).toHaveText(/^Audit trail intact: \d+ entries checked\.$/);
});
