import type { Browser, Page } from '@playwright/test';
import { figure, summarise, type Figure } from './figures';
import { launchChromium, nextPaint, openView, signIn, startDesk, waitInPage, withEnv } from './desk';
import { BENCH_TODAY, scratchDir } from './population-cache';
import { rmSync } from 'node:fs';

const RENDER_TARGET_MS = 150;
const LONG_TASK_TARGET_MS = 50;
/** Scrolled a frame: 100 px down (6,000 px/s at 60 frames a second, a fast wheel) and 160 px across (about one clinician). */
const SCROLL_Y_PX = 100;
const SCROLL_X_PX = 160;

export const DAY_VIEW_FIGURES = ['book.day-view-render-40-clinicians', 'book.day-view-scroll-long-task'] as const;

/** In the page: the day grid is showing a day other than `before`, and has finished loading. */
const gridSettled = (before: string | null) => `(() => {
  const g = document.querySelector('[role="grid"]');
  return !!g && g.getAttribute('aria-label') !== ${JSON.stringify(before)} && g.getAttribute('aria-busy') !== 'true';
})()`;

/**
 * Time, in the page, from a click on "Next day"/"Previous day" to the first paint of that day's grid
 * (grid label changed and no longer busy). Strings, not functions: tsx's helpers do not exist in the page.
 */
async function timeDayChange(page: Page, button: 'Next day' | 'Previous day'): Promise<number> {
  const before = await page.getByRole('grid').getAttribute('aria-label');
  await page.evaluate(`
    window.__dayMs = new Promise((resolve) => {
      const t0 = performance.now();
      const check = () => ${gridSettled(before)};
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
  await signIn(page);
  await openView(page, 'Appointments');
  await page.getByRole('grid').waitFor();
}

/** Start collecting long tasks (> 50 ms on the main thread) into window.__longTasks. */
const watchLongTasks = (page: Page) =>
  page.evaluate(`
    window.__longTasks = [];
    window.__longObserver?.disconnect();
    window.__longObserver = new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); });
    window.__longObserver.observe({ type: 'longtask' });
    undefined;
  `);
const takeLongTasks = (page: Page) => page.evaluate('(() => { const t = window.__longTasks; window.__longTasks = []; return t; })()') as Promise<number[]>;

/**
 * In the page: from the top left of the grid, scroll to the bottom, then across to the last clinician, then back up
 * and back to the first, a step each frame (as a wheel or trackpad would). Returns the steps taken.
 */
const scrollGrid = (page: Page) =>
  page.evaluate(`(async () => {
    const g = document.querySelector('[role="grid"]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
    let steps = 0;
    const step = async (axis, by) => {
      for (let i = 0; i < 400; i++) {
        const before = axis === 'y' ? g.scrollTop : g.scrollLeft;
        g.scrollBy(axis === 'y' ? { top: by, behavior: 'instant' } : { left: by, behavior: 'instant' });
        await frame();
        if ((axis === 'y' ? g.scrollTop : g.scrollLeft) === before) break;
        steps++;
      }
    };
    g.scrollTo({ top: 0, left: 0, behavior: 'instant' });
    await frame();
    await step('y', ${SCROLL_Y_PX});
    await step('x', ${SCROLL_X_PX});
    await step('y', -${2 * SCROLL_Y_PX});
    await step('x', -${2 * SCROLL_X_PX});
    return steps;
  })()`) as Promise<number>;

/**
 * A week at the desk: scroll the whole day grid down and across, then Alt+→ to the next day, over `days` working days
 * (a day without slots is paged through, not counted). Returns, per day scrolled, the longest main-thread task seen
 * (0 when none was over 50 ms), and every long task.
 */
async function scrollWeek(page: Page, days: number): Promise<{ perDay: number[]; all: number[]; scrolling: number[]; paging: number[]; steps: number }> {
  const grid = page.getByRole('grid');
  await grid.focus();
  await nextPaint(page);
  await watchLongTasks(page);
  const perDay: number[] = [];
  const scrolling: number[] = [];
  const paging: number[] = [];
  let steps = 0;
  let empty = false;
  for (let turn = 0; perDay.length < days && turn < days + 4; turn++) {
    if (turn > 0) {
      const before = await grid.getAttribute('aria-label');
      // Alt+→ in the grid; a day without slots (a weekend) does not take grid keys, so its Next day button is used.
      if (empty) await page.getByRole('button', { name: 'Next day' }).click();
      else {
        await grid.focus();
        await page.keyboard.press('Alt+ArrowRight');
      }
      await waitInPage(page, gridSettled(before));
      await nextPaint(page);
    }
    const paged = await takeLongTasks(page);
    paging.push(...paged);
    empty = (await page.getByRole('gridcell').count()) === 0;
    if (empty) continue; // a weekend: nothing to scroll
    steps += await scrollGrid(page);
    await nextPaint(page);
    const scrolled = await takeLongTasks(page);
    scrolling.push(...scrolled);
    perDay.push(Math.max(0, ...paged, ...scrolled));
  }
  if (steps === 0) throw new Error('the day grid did not scroll');
  return { perDay, all: [...paging, ...scrolling], scrolling, paging, steps };
}

/**
 * The day view of 40 clinicians in Chromium against the browser host: changing day → grid painted, virtualised (the
 * product) beside the same grid with every row rendered (`?book-virtualise=off`); then long tasks while scrolling a
 * week of days and paging with Alt+→, beside the same on the non-virtualised grid. Measured in the same run.
 */
export async function benchDayView(p: { rounds: number; scrollDays: number }, log: (s: string) => void): Promise<Figure[]> {
  const dataDir = scratchDir('day');
  return withEnv({ RECEPTION_SANDBOX_CLINICIANS: '40', RECEPTION_SANDBOX_TODAY: BENCH_TODAY }, async () => {
    const desk = await startDesk(dataDir);
    let browser: Browser | null = null;
    try {
      browser = await launchChromium();
      const measure = async (url: string) => {
        const page = await browser!.newPage({ viewport: { width: 1600, height: 900 } });
        await signedInBook(page, url);
        const ms: number[] = [];
        for (let i = 0; i < p.rounds; i++) ms.push(await timeDayChange(page, i % 2 === 0 ? 'Next day' : 'Previous day'));
        const cells = await page.getByRole('gridcell').count();
        const scroll = await scrollWeek(page, p.scrollDays);
        await page.close();
        return { ms, cells, scroll };
      };
      const virtual = await measure(desk.host.url);
      const full = await measure(desk.host.url.replace('/#', '/?book-virtualise=off#'));
      const longest = (xs: number[]) => Math.round(Math.max(0, ...xs));
      log(`  day view: ${p.rounds} day changes each way; cells in the DOM ${virtual.cells} virtualised vs ${full.cells} full`);
      log(`  day view scrolling ${virtual.scroll.perDay.length} days (${virtual.scroll.steps} scroll steps): ${virtual.scroll.all.length} long tasks, longest ${longest(virtual.scroll.all)} ms, while scrolling ${longest(virtual.scroll.scrolling)} ms, paging ${longest(virtual.scroll.paging)} ms (every row rendered: ${full.scroll.all.length}, longest ${longest(full.scroll.all)} ms)`);
      const m = summarise(virtual.ms);
      const s = summarise(virtual.scroll.perDay);
      return [
        figure({
          name: 'book.day-view-render-40-clinicians', unit: 'ms', ...m, size: full.cells, target: RENDER_TARGET_MS,
          baseline: { method: 'every row rendered (no virtualisation)', ...summarise(full.ms) }, method: 'TanStack Virtual rows and columns',
          samples: p.rounds,
        }),
        figure({
          name: 'book.day-view-scroll-long-task', unit: 'ms', ...s, size: virtual.scroll.perDay.length, target: LONG_TASK_TARGET_MS,
          baseline: { method: 'the same scrolling with every row rendered (?book-virtualise=off)', ...summarise(full.scroll.perDay) },
          method: `longest main-thread task (PerformanceObserver 'longtask', 0 when none over 50 ms) per day while scrolling the 40-clinician grid down and across (${SCROLL_Y_PX} px / ${SCROLL_X_PX} px a frame) and paging days with Alt+→`,
          samples: virtual.scroll.perDay.length,
          targetNote: 'no long task over 50 ms: the p95 of the per-day longest task is the longest task of the run',
          note: `${virtual.scroll.all.length} long tasks, longest ${longest(virtual.scroll.all)} ms (scrolling: ${virtual.scroll.scrolling.length}, longest ${longest(virtual.scroll.scrolling)} ms; ` +
            `paging days (Alt+→; Next day on a weekend): ${virtual.scroll.paging.length}, longest ${longest(virtual.scroll.paging)} ms); every row rendered: ${full.scroll.all.length}, longest ${longest(full.scroll.all)} ms`,
        }),
      ];
    } finally {
      await browser?.close();
      await desk.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
