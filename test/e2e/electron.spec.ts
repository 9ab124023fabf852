import { _electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { APP_ENTRY } from '../../electron/main/app-protocol';
import { contract } from '../../shared/contract';
import { CARDS, passcodeField, presentCard, signOutButton } from './login.helpers';

/** The real Electron app. playwright.config.ts includes this file only where an Electron binary exists. */
const root = resolve(__dirname, '../..');

test.describe('Electron window', () => {
  test('opens the locked-down desk and looks up 9000000009 through IPC', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'reception-electron-'));
    const app = await _electron.launch({ args: [root], env: { ...process.env, RECEPTION_DATA_DIR: dataDir } });
    try {
      const page = await app.firstWindow();
      await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
      // Served from app://desk (checklist item 18), not file://.
      expect(page.url()).toBe(APP_ENTRY);
      // The renderer sees the contract's verbs and nothing of Node.
      expect(await page.evaluate(() => Object.keys((window as unknown as { reception: object }).reception).sort())).toEqual(
        [...Object.keys(contract), 'on'].sort(),
      );
      // A fresh data folder: nobody is signed in, so no reset is needed (the browser-host helper resets over the bridge).
      await presentCard(page, CARDS.sam);
      await passcodeField(page).fill(CARDS.sam.passcode);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(signOutButton(page)).toBeVisible();
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      const box = page.getByRole('searchbox', { name: 'Search patients' });
      await box.fill('9000000009');
      await box.press('Enter');
      await box.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('region', { name: 'Patient banner' })).toContainText('900 000 0009');
      // Navigation away and new windows are refused.
      await page.evaluate(() => window.open('https://example.org/'));
      expect(app.windows()).toHaveLength(1);
      await page.evaluate(() => {
        window.location.href = 'https://example.org/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toBe(APP_ENTRY);
      await expect(page.getByRole('region', { name: 'Patient banner' })).toBeVisible();
      // The renderer cannot reach the network itself: the session cancels http(s) requests.
      expect(await page.evaluate(async () => fetch('https://example.org/').then(() => 'fetched', () => 'refused'))).toBe('refused');
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
