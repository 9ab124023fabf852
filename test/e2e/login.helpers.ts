import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../shared/contract/bridge';
import type { AppError } from '../../shared/result';
import { expect } from './desk.fixture';

/**
 * Signing in through the demo card reader, as a person would. The browser host (and so its login state)
 * lives for the whole worker, so every journey starts by clearing whatever the last one left.
 */

export interface DemoCard {
  holder: string;
  passcode: string;
}

/** The demo practice's cards (demo:cards). Found on screen by holder, so a change of card id does not matter. */
export const CARDS = {
  sam: { holder: 'Sam Taylor', passcode: '123456' }, // Receptionist R8009
  priya: { holder: 'Priya Shah', passcode: '234567' }, // Clerical manager R8011
  gp: { holder: 'Dr Alex Morgan', passcode: '345678' }, // GP R8000
  jo: { holder: 'Jo Evans', passcode: '456789' }, // Receptionist and Clerical manager
} as const satisfies Record<string, DemoCard>;

export const demoReader = (page: Page) => page.getByRole('region', { name: 'Demo card reader' });
export const passcodeField = (page: Page) => page.getByLabel('Passcode', { exact: true });
export const signOutButton = (page: Page) => page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true }); // not "Sign out and clear this PC's copy"

export async function presentCard(page: Page, card: DemoCard): Promise<void> {
  await demoReader(page).getByRole('button', { name: `Present card for ${card.holder}` }).click();
}

export async function withdrawCard(page: Page): Promise<void> {
  await demoReader(page).getByRole('button', { name: 'Withdraw card' }).click();
}

type WireResult = { ok: true; value: unknown } | { ok: false; error: AppError };

/**
 * Call a verb over a second connection to the desk's own bridge, with this page's token: what any page
 * of the desk could send, bypassing the UI (so the core's own checks are what is tested).
 */
export async function callCore(page: Page, verb: string, input: unknown = {}): Promise<WireResult> {
  const token = await page.evaluate(() => sessionStorage.getItem('reception.token'));
  if (!token) throw new Error('this page holds no bridge token');
  const { host } = new URL(page.url());
  const ws = new WebSocket(`ws://${host}${BRIDGE_PATH}`, [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token]);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise<WireResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${verb}: the desk did not answer`)), 15_000);
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { id?: number; result?: WireResult };
        if (msg.id === 1 && msg.result) {
          clearTimeout(timer);
          resolve(msg.result);
        }
      });
      ws.send(JSON.stringify({ id: 1, verb, input }));
    });
  } finally {
    ws.close();
  }
}

/** Nobody signed in and no card on the reader, whatever the previous journey left. */
export async function resetDesk(page: Page): Promise<void> {
  const out = await callCore(page, 'auth:sign-out');
  expect(out.ok, JSON.stringify(out)).toBe(true);
  const off = await callCore(page, 'demo:withdraw-card');
  expect(off.ok, JSON.stringify(off)).toBe(true);
  await expect(page.getByRole('heading', { name: 'Present your smartcard' })).toBeVisible();
}

/**
 * Sign in from scratch with a demo card: present it, type the passcode, choose `role` (its radio's name,
 * e.g. "Clerical manager (R8011)") when the card has several, and wait for the desk.
 */
export async function signIn(page: Page, card: DemoCard, passcode: string = card.passcode, role?: string): Promise<void> {
  await resetDesk(page);
  await presentCard(page, card);
  await expect(page.getByRole('heading', { name: `Card for ${card.holder}` })).toBeVisible();
  await expect(passcodeField(page)).toBeFocused();
  await passcodeField(page).fill(passcode);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (role) {
    await page.getByRole('radiogroup', { name: 'Choose your role for this session' }).getByRole('radio', { name: role }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await expect(signOutButton(page)).toBeVisible();
}
