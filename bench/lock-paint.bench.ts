import type { Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { figure, summarise, type Figure } from './figures';
import { launchChromium, startDesk } from './desk';
import { scratchDir } from './population-cache';

const TARGET_MS = 250;

/**
 * In the page: time from a key press to the first paint after the awaited change is in the DOM.
 * rAF then a macrotask lands just after the frame that shows the change.
 */
function armTimer(page: Page, code: string, until: 'lock-view' | 'floor'): Promise<void> {
  // A string, not a function: tsx's name-keeping helpers do not exist inside the page.
  const done =
    until === 'lock-view'
      ? "[...document.querySelectorAll('h1,h2')].some((h) => (h.textContent || '').includes('Desk locked'))"
      : "(document.getElementById('bench-floor') || {}).textContent === 'changed'";
  return page.evaluate(`
    window.__paintMs = new Promise((resolve) => {
      let t0 = 0;
      // Not once: the modifier keys (Alt, Shift) arrive first as their own keydown events.
      window.addEventListener('keydown', (e) => { if (!t0 && e.code === ${JSON.stringify(code)}) t0 = performance.now(); }, { capture: true });
      const obs = new MutationObserver(() => {
        if (!t0 || !(${done})) return;
        obs.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
      });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    undefined; // do not let evaluate wait for the promise
  `);
}

const paintMs = (page: Page) => page.evaluate('window.__paintMs') as Promise<number>;

/**
 * Card pulled (demo reader shortcut Alt+Shift+0) → lock view painted, in Chromium against the browser
 * host: renderer → core → simulated HID reader → auth → push → React → paint. Baseline: the floor of a
 * client-only change (a key press that toggles text in the page, no round trip to the core).
 */
export async function benchLockPaint(rounds: number, log: (s: string) => void): Promise<Figure[]> {
  const dataDir = scratchDir('paint');
  const running = await startDesk(dataDir);
  const browser = await launchChromium();
  const locked: number[] = [];
  const floor: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(running.host.url);
    await page.locator('body[data-app-state="ready"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Present card for Sam Taylor' }).waitFor(); // demo cards loaded: shortcuts work
    for (let i = 0; i < rounds; i++) {
      await page.keyboard.press('Alt+Shift+Digit1'); // present Sam Taylor's card
      const passcode = page.getByLabel('Passcode', { exact: true });
      await passcode.fill('123456');
      await passcode.press('Enter');
      await page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true }).waitFor();
      await armTimer(page, 'Digit0', 'lock-view');
      await page.keyboard.press('Alt+Shift+Digit0');
      locked.push(await paintMs(page));

      await page.evaluate(`{
        const el = document.body.appendChild(document.createElement('output'));
        el.id = 'bench-floor';
        window.addEventListener('keydown', (e) => { if (e.code === 'F9') el.textContent = 'changed'; });
      }`);
      await armTimer(page, 'F9', 'floor');
      await page.keyboard.press('F9');
      floor.push(await paintMs(page));
      await page.evaluate("document.getElementById('bench-floor').remove()");
    }
  } finally {
    await browser.close();
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  log(`  lock paint: ${rounds} rounds in Chromium`);
  const m = summarise(locked);
  return [
    figure({
      name: 'card-removed-to-lock-view-painted', unit: 'ms', ...m, size: rounds, target: TARGET_MS,
      baseline: { method: 'client-only DOM change (no core round trip)', ...summarise(floor) },
      method: 'demo reader → core → session push → React lock view', samples: rounds,
    }),
  ];
}
