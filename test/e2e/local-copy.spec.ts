import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOK_DAY } from './desk.fixture';
import { CARDS, signIn } from './login.helpers';
import { startHostProcess, startSandboxProcess } from './processes';

/**
 * A shared reception PC (issue 9): the local copy is encrypted on disk, and "Sign out and clear this PC's copy"
 * leaves nothing for the next person to find when the national service is away. Own sandbox and desk processes:
 * the clear must not empty the copy other journeys rely on.
 */
test.describe.configure({ timeout: 180_000 });

test('sign out and clear this PC’s copy: offline, the next person finds no patient, and the files never held one readable', async ({ page }) => {
  const sandbox = await startSandboxProcess(BOOK_DAY);
  const dataDir = mkdtempSync(join(tmpdir(), 'reception-shared-pc-'));
  let host = await startHostProcess(dataDir, sandbox);
  try {
    const patients = (await (await fetch(`${sandbox.control}/_sandbox/demo-practice-patients`)).json()) as { id: string; deceasedDateTime?: string }[];
    const nhs = patients.find((p) => !p.deceasedDateTime)!.id;
    // The browser host said where the key is kept.
    expect(host.output()).toMatch(/local copy is encrypted; its key is in .*local-copy\.key, readable only by this user/);

    await page.goto(host.url);
    await signIn(page, CARDS.sam);
    const search = page.getByRole('searchbox', { name: 'Search patients' });
    await search.fill(nhs);
    await search.press('Enter');
    await expect(page.getByRole('status', { name: 'Search status' })).toContainText('1 patient found');
    await search.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: 'Patient banner' })).toBeVisible();

    // Sam leaves a shared PC: the header's button, confirmed in a dialog, by keyboard.
    await page.getByRole('banner').getByRole('button', { name: 'Sign out and clear this PC’s copy' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Sign out and clear this PC’s copy?' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(dialog.getByRole('button', { name: 'Sign out and clear' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: 'Demo card reader' })).toBeVisible();

    // The national service goes away; the next person at the desk finds nobody in the local copy.
    const down = await fetch(`${sandbox.control}/_sandbox/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ down: true }) });
    expect(down.ok).toBe(true);
    await signIn(page, CARDS.sam);
    await search.fill(nhs);
    await search.press('Enter');
    await expect(page.getByRole('status', { name: 'Search status' })).toContainText(/No patients match “\d{10}” in the local copy/);
    await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Patient banner' })).toHaveCount(0);

    // On disk: no file shows the NHS number, and none is readable as plain SQLite.
    await host.stop();
    const spaced = `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
    for (const f of ['cache.db', 'cache.db-wal', 'audit.db', 'audit.db-wal', 'outbox.db']) {
      const file = join(dataDir, f);
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file).toString('latin1');
      expect({ f, nhs: bytes.includes(nhs), spaced: bytes.includes(spaced), header: bytes.startsWith('SQLite format 3') }).toEqual({ f, nhs: false, spaced: false, header: false });
    }
    expect(statSync(join(dataDir, 'local-copy.key')).mode & 0o077).toBe(0);
    host = await startHostProcess(dataDir, sandbox); // and the desk still opens them with its key
  } finally {
    await host.stop();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
