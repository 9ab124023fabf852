import type { Browser, Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { figure, summarise, type Figure } from './figures';
import { launchChromium, nextPaint, signIn, startDesk, waitInPage, withEnv } from './desk';
import { BENCH_TODAY, scratchDir } from './population-cache';

const TARGET_MS = 50;
const REQUESTS = 5_000;

export const RX_FIGURES = ['prescriptions.queue-filter-5000', 'prescriptions.queue-state-filter-5000'] as const;

/** What is typed into "Find in queue", a key at a time (each keystroke changes the list); '⌫' is Backspace. */
const TYPING = ['a', 'm', 'l', 'o', '⌫', '⌫', '⌫', '⌫', 'r', 'a', 'm', '⌫', '⌫', '⌫', 's', 'm', 'i', '⌫', '⌫', '⌫', 'm', 'e', 't', '⌫', '⌫', '⌫', '9', '⌫'];
/** The "Show" list has 10 choices (Open, eight states, All): down through them and back up, twice. */
const STATE_KEYS = [0, 1].flatMap(() => [...Array<string>(9).fill('ArrowDown'), ...Array<string>(9).fill('ArrowUp')]);

/**
 * In the page: from the keystroke's own event time (keydown `timeStamp`) to the frame after the queue's count line
 * changed (the list and the line are one React commit). `settled` also waits until the core has answered for the
 * filter ("Checking with the desk service…" gone). Resolves with { first, settled } in ms.
 */
const arm = (waitForCore: boolean) => `
  window.__rx = new Promise((resolve) => {
    const el = document.querySelector('.rx__count');
    const before = el.textContent;
    let t0 = null, first = null;
    const onKey = (e) => { if (t0 === null) t0 = e.timeStamp; };
    document.addEventListener('keydown', onKey, true);
    const frame = (then) => requestAnimationFrame(() => setTimeout(() => then(performance.now() - t0)));
    const obs = new MutationObserver(() => {
      const text = el.textContent;
      if (t0 === null || text === before) return;
      const checking = text.includes('Checking with the desk service');
      if (first === null && (!${waitForCore} || !checking)) frame((ms) => (first = ms));
      if (checking) return;
      obs.disconnect();
      document.removeEventListener('keydown', onKey, true);
      frame((ms) => setTimeout(() => resolve({ first: first ?? ms, settled: ms })));
    });
    obs.observe(el, { subtree: true, childList: true, characterData: true });
  });
  undefined;
`;

async function timeKey(page: Page, key: string, waitForCore: boolean): Promise<{ first: number; settled: number }> {
  await page.evaluate(arm(waitForCore));
  await page.keyboard.press(key === '⌫' ? 'Backspace' : key);
  return (await page.evaluate('window.__rx')) as { first: number; settled: number };
}

async function openQueue(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await signIn(page);
  await page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name: 'Prescriptions' }).click();
  await page.getByRole('listbox', { name: 'Repeat prescription requests' }).waitFor();
  // The core has answered for the filter, and (unless the bench turned previews off) the desk holds the whole queue.
  const whole = !url.includes('rx-preview=off');
  // waitInPage, not page.waitForFunction: the desk's CSP refuses the eval that re-checks a string predicate.
  await waitInPage(
    page,
    `(() => { const t = document.querySelector('.rx__count')?.textContent ?? ''; return t.endsWith('most urgent first.') && (${whole} ? t.includes('held at this desk') : true); })()`,
    60_000,
  );
  await nextPaint(page);
}

/** Type into "Find in queue" a key at a time; the list narrows in the renderer (nothing is sent). */
async function typing(page: Page): Promise<number[]> {
  await page.getByRole('searchbox', { name: 'Find in queue' }).focus();
  const ms: number[] = [];
  for (const key of TYPING) ms.push((await timeKey(page, key, false)).first);
  await page.getByRole('searchbox', { name: 'Find in queue' }).fill('');
  return ms;
}

/** Change the "Show" filter with ↓ / ↑ on the focused list box. */
async function stateChanges(page: Page, waitForCore: boolean): Promise<{ first: number[]; settled: number[] }> {
  await page.getByLabel('Show', { exact: true }).focus();
  const first: number[] = [];
  const settled: number[] = [];
  for (const key of STATE_KEYS) {
    const t = await timeKey(page, key, waitForCore);
    first.push(t.first);
    settled.push(t.settled);
  }
  return { first, settled };
}

/**
 * A queue of 5,000 repeat-prescription requests (RECEPTION_SANDBOX_RX_REQUESTS) in Chromium against the browser host:
 * keystroke → painted list for (1) typing in "Find in queue", the virtualised list beside every row rendered
 * (`?rx-virtualise=off`), and (2) changing the state filter, painted at once from the desk's copy of the queue
 * beside waiting for the core's answer first (`?rx-preview=off`). The core's own time for rx:queue is noted.
 */
export async function benchRxQueue(log: (s: string) => void): Promise<Figure[]> {
  const dataDir = scratchDir('rx');
  return withEnv({ RECEPTION_SANDBOX_RX_REQUESTS: String(REQUESTS), RECEPTION_SANDBOX_TODAY: BENCH_TODAY }, async () => {
    const desk = await startDesk(dataDir);
    let browser: Browser | null = null;
    try {
      browser = await launchChromium();
      const session = async (query: string, fn: (page: Page) => Promise<void>) => {
        const page = await browser!.newPage({ viewport: { width: 1600, height: 900 } });
        await openQueue(page, desk.host.url.replace('/#', `/${query}#`));
        await fn(page);
        const options = await page.getByRole('option').count();
        await page.close();
        return options;
      };

      let typed: number[] = [];
      let typedFull: number[] = [];
      let state = { first: [] as number[], settled: [] as number[] };
      let stateCore = { first: [] as number[], settled: [] as number[] };
      const drawn = await session('', async (page) => {
        typed = await typing(page);
        state = await stateChanges(page, false);
      });
      const drawnFull = await session('?rx-virtualise=off', async (page) => {
        typedFull = await typing(page);
      });
      await session('?rx-preview=off', async (page) => {
        stateCore = await stateChanges(page, true);
      });

      // The core alone (no bridge, no page): rx:queue for each state filter, as the list asks for it.
      const held = (await desk.booted.core.dispatch('rx:queue', {})) as { ok: boolean; value?: { requests: unknown[] } };
      const size = held.ok ? (held.value?.requests.length ?? 0) : 0;
      const core: number[] = [];
      for (const state of ['open', 'requested', 'with-prescriber', 'sent-to-pharmacy', 'printed', 'ready-to-collect', 'collected', 'rejected', 'cancelled', undefined]) {
        const t = performance.now();
        await desk.booted.core.dispatch('rx:queue', state ? { state } : {});
        core.push(performance.now() - t);
      }
      const c = summarise(core);
      log(`  prescription queue: ${size.toLocaleString('en-GB')} requests held; options in the DOM ${drawn} virtualised vs ${drawnFull} every row`);
      log(`  core alone, rx:queue per state filter: median ${c.median} ms, p95 ${c.p95} ms; with the core's answer painted after a preview: p95 ${summarise(state.settled).p95} ms`);

      return [
        figure({
          name: 'prescriptions.queue-filter-5000', unit: 'ms', ...summarise(typed), size, target: TARGET_MS,
          baseline: { method: 'every row rendered (?rx-virtualise=off)', ...summarise(typedFull) },
          method: 'keystroke in "Find in queue" → list painted: the queue filtered in the renderer, TanStack Virtual rows',
          samples: typed.length,
          note: `options in the DOM: ${drawn} virtualised, ${drawnFull} with every row rendered`,
        }),
        figure({
          name: 'prescriptions.queue-state-filter-5000', unit: 'ms', ...summarise(state.first), size, target: TARGET_MS,
          baseline: { method: "wait for the core's answer (rx:queue over the bridge), then paint (?rx-preview=off)", ...summarise(stateCore.settled) },
          method: '↓/↑ on the "Show" filter → list painted from the desk\'s copy of the whole queue, filtered as the core filters; the core\'s answer replaces it when it arrives',
          samples: state.first.length,
          note: `the core alone (core.dispatch rx:queue, no bridge): median ${c.median} ms, p95 ${c.p95} ms; until the core's answer was painted too: median ${summarise(state.settled).median} ms, p95 ${summarise(state.settled).p95} ms`,
        }),
      ];
    } finally {
      await browser?.close();
      await desk.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
