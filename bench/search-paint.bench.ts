import type { Page } from '@playwright/test';
import { formatNhsNumber } from '../shared/domain/nhs-number';
import { figure, summarise, type Figure } from './figures';
import { launchChromium, nextPaint, openView, signIn, startDesk, toMB, waitInPage, waitReady, withEnv } from './desk';
import { BENCH_TODAY, population, type PatientCaches } from './population-cache';

const KEYSTROKE_TARGET_MS = 100;
const HEAP_TARGET_MB = 150;

export const SEARCH_PAINT_FIGURES = ['search.keystroke-to-painted', 'memory.renderer-heap'] as const;

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * In the page: from the Enter keydown in the search box to the first paint after the results list shows the patient
 * searched for (MutationObserver, then rAF + a macrotask: just after the frame that shows it). A string, not a
 * function: tsx's helpers do not exist in the page.
 */
async function timeSearch(page: Page, text: string, expectNhs: string): Promise<number> {
  const box = page.getByRole('searchbox', { name: 'Search patients' });
  await box.fill(text);
  await page.evaluate(`
    window.__searchMs = new Promise((resolve, reject) => {
      let t0 = 0;
      const want = ${JSON.stringify(formatNhsNumber(expectNhs))};
      const shown = () => {
        const list = document.querySelector('[role="listbox"][aria-label="Search results"]');
        return !!list && !list.closest('[hidden]') && (list.textContent || '').includes(want);
      };
      const onKey = (e) => { if (!t0 && e.key === 'Enter') t0 = performance.now(); };
      window.addEventListener('keydown', onKey, { capture: true });
      const obs = new MutationObserver(() => {
        if (!t0 || !shown()) return;
        obs.disconnect();
        window.removeEventListener('keydown', onKey, { capture: true });
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
      });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      setTimeout(() => reject(new Error('no results for ' + want + ' within 20 s')), 20000);
    });
    undefined;
  `);
  await box.press('Enter');
  return (await page.evaluate('window.__searchMs')) as number;
}

/** The page's JS heap (CDP Performance.getMetrics, JSHeapUsedSize) after a full garbage collection. */
async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
    if (used === undefined) throw new Error('Chromium reported no JSHeapUsedSize');
    return used;
  } finally {
    await cdp.detach();
  }
}

/**
 * Keystroke → painted results in Chromium against the browser host, the desk's local copy holding N patients (the
 * sandbox's population, which the embedded national sandbox also serves: the desk's normal path, national first,
 * then the local copy refreshed). Baseline: the core's own time for the same search (core.dispatch, no bridge, no
 * React, no paint). Then, after the book and more searches have been used, the renderer's JS heap (baseline: the
 * same page at the sign-in screen).
 */
export async function benchSearchPaint(p: { patients: number; searches: number; bookDays: number }, caches: PatientCaches, log: (s: string) => void): Promise<Figure[]> {
  const dataDir = caches.dataDir(p.patients, 'search');
  const people = population(p.patients).filter((x, i) => i % 89 === 3 && x.name && x.birthDate && !x.restricted && !x.deceased && !x.supersededNhsNumber);
  // Half by NHS number, half by surname + date of birth (with the first name when the surname is common).
  const queries = people.slice(0, p.searches + 2).map((x, i) => ({
    text: i % 2 === 0 ? x.nhsNumber : `${x.name!.family} ${x.name!.given[0]} ${ddmmyyyy(x.birthDate!)}`,
    nhs: x.nhsNumber,
  }));
  return withEnv({ RECEPTION_SANDBOX_TODAY: BENCH_TODAY }, async () => {
    const desk = await startDesk(dataDir, { sandbox: { population: p.patients } });
    const browser = await launchChromium();
    try {
      const cached = desk.booted.core.repos.patients.count();
      if (cached < p.patients) throw new Error(`the desk's local copy holds ${cached} patients, not ${p.patients}`);
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(desk.host.url);
      await waitReady(page);
      await page.getByRole('button', { name: 'Present card for Sam Taylor' }).waitFor();
      await nextPaint(page);
      const heapAtSignIn = await heapUsed(page);
      await signIn(page);
      await openView(page, 'Patients');

      const painted: number[] = [];
      const core: number[] = [];
      for (const [i, q] of queries.entries()) {
        const ms = await timeSearch(page, q.text, q.nhs);
        const t = performance.now();
        const r = (await desk.booted.core.dispatch('patients:search', { text: q.text, fuzzy: false })) as { ok: boolean };
        const coreMs = performance.now() - t;
        if (!r.ok) throw new Error(`the core could not search "${q.text}"`);
        if (i < 2) continue; // warm-up: first bridge call, first render of the list
        painted.push(ms);
        core.push(coreMs);
      }

      // Use the book, then search again: what a morning at the desk leaves in the renderer.
      await openView(page, 'Appointments');
      await page.getByRole('grid').waitFor();
      const grid = page.getByRole('grid');
      for (let d = 0; d < p.bookDays; d++) {
        const before = await grid.getAttribute('aria-label');
        await page.getByRole('button', { name: 'Next day' }).click();
        await waitInPage(page, `(() => { const g = document.querySelector('[role="grid"]'); return g && g.getAttribute('aria-label') !== ${JSON.stringify(before)} && g.getAttribute('aria-busy') !== 'true'; })()`);
      }
      await openView(page, 'Patients');
      for (const q of queries.slice(0, 4)) await timeSearch(page, q.text, q.nhs);
      const heapAfterUse = await heapUsed(page);
      await page.close();

      const m = summarise(painted);
      log(`  search: ${painted.length} searches over ${cached.toLocaleString('en-GB')} cached patients, keystroke → painted p95 ${m.p95} ms (core alone ${summarise(core).p95} ms); renderer heap ${toMB(heapAtSignIn)} → ${toMB(heapAfterUse)} MB`);
      return [
        figure({
          name: 'search.keystroke-to-painted', unit: 'ms', ...m, size: cached, target: KEYSTROKE_TARGET_MS,
          baseline: { method: "the core's own time for the same search (core.dispatch: national sandbox, then the local copy refreshed)", ...summarise(core) },
          method: 'Enter in the search box → bridge → core → React results list painted (NHS number, or surname + first name + date of birth)',
          samples: painted.length,
        }),
        figure({
          name: 'memory.renderer-heap', unit: 'MB', median: toMB(heapAfterUse), p95: toMB(heapAfterUse), size: cached, target: HEAP_TARGET_MB,
          baseline: { method: 'the same page at the sign-in screen', median: toMB(heapAtSignIn), p95: toMB(heapAtSignIn) },
          method: `JS heap used (CDP Performance.getMetrics, after a full GC) once ${queries.length + 4} searches and ${p.bookDays} days of the demo book (12 clinicians) have been used`,
          samples: 1,
        }),
      ];
    } finally {
      await browser.close();
      await desk.stop();
      caches.drop(dataDir);
    }
  });
}
