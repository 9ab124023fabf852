import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runHost } from '../electron/host/host.run';
import { summarise, type Figure } from './figures';

const TARGET_MS = 150;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Time, in the page, from a click on "Next day"/"Previous day" to the first paint of that day's grid
 * (grid label changed and no longer busy). Strings, not functions: tsx's helpers do not exist in the page.
 */
async function timeDayChange(page: Page, button: 'Next day' | 'Previous day'): Promise<number> {
  const before = await page.getByRole('grid').getAttribute('aria-label');
  await page.evaluate(`
    window.__dayMs = new Promise((resolve) => {
      const t0 = performance.now();
      const check = () => {
        const g = document.querySelector('[role="grid"]');
        return g && g.getAttribute('aria-label') !== ${JSON.stringify(before)} && g.getAttribute('aria-busy') !== 'true';
      };
      const obs = new MutationObserver(() => {
        if (!check()) return;
        obs.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
      });
      obs.observe(document.body, { subtree: true, childList: true, attributes: true });
      [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(button)}).click();
    });
    undefined;
  `);
  return (await page.evaluate('window.__dayMs')) as number;
}

async function signedInBook(page: Page, url: string) {
  await page.goto(url);
  await page.locator('body[data-app-state="ready"]').waitFor({ state: 'attached' });
  // One desk, one session: the second page finds Sam already signed in.
  const nav = page.getByRole('navigation', { name: 'Desk' });
  if (!(await nav.isVisible())) {
    await page.getByRole('button', { name: 'Present card for Sam Taylor' }).click();
    const passcode = page.getByLabel('Passcode', { exact: true });
    await passcode.fill('123456');
    await passcode.press('Enter');
  }
  await page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: 'Appointments' }).click();
  await page.getByRole('grid').waitFor();
}

/**
 * The day view of 40 clinicians in Chromium against the browser host: changing day → grid painted, virtualised
 * (the product) beside the same grid with every row rendered (`?book-virtualise=off`), measured in the same run.
 */
export async function benchDayView(rounds: number, log: (s: string) => void): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reception-bench-day-'));
  Object.assign(process.env, { RECEPTION_SANDBOX_CLINICIANS: '40', RECEPTION_SANDBOX_TODAY: '2026-11-25' }); // a Wednesday
  const running = await runHost({ rendererDir: resolve(__dirname, '../out/renderer'), port: 0, env: { ...process.env, RECEPTION_DATA_DIR: dataDir } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const measure = async (url: string) => {
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await signedInBook(page, url);
      const ms: number[] = [];
      for (let i = 0; i < rounds; i++) ms.push(await timeDayChange(page, i % 2 === 0 ? 'Next day' : 'Previous day'));
      const cells = await page.getByRole('gridcell').count();
      await page.close();
      return { ms, cells };
    };
    const virtual = await measure(running.host.url);
    const full = await measure(running.host.url.replace('/#', '/?book-virtualise=off#'));
    log(`  day view: ${rounds} day changes each way; cells in the DOM ${virtual.cells} virtualised vs ${full.cells} full`);
    const m = summarise(virtual.ms);
    return [{
      name: 'book.day-view-render-40-clinicians', unit: 'ms', median: m.median, p95: m.p95, size: full.cells, target: TARGET_MS,
      baseline: { method: 'every row rendered (no virtualisation)', ...summarise(full.ms) }, method: 'TanStack Virtual rows',
      samples: rounds, meetsTarget: m.p95 <= TARGET_MS,
    }];
  } finally {
    await browser.close();
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
