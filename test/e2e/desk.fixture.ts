import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RUNNING = 'GP Reception is running at ';

/** The sandbox's appointment book is pinned to a weekday (07:30 London), so every run sees a full day ahead. */
function nextWeekday(from = new Date()): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 12));
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
export const BOOK_DAY = nextWeekday();
const SANDBOX = 'Demo national API sandbox at ';

export interface Desk {
  url: string;
  sandboxOrigin: string;
  setFaults(f: Record<string, unknown>): Promise<void>;
  stdout: () => string;
}

/**
 * One browser host per worker, started exactly as a user would (`npm run web -- --port 0`) with a
 * fresh data folder; the printed line gives the URL and token. Stopped with SIGTERM, then SIGKILL.
 */
export const test = base.extend<{ desk: Desk; deskPage: Page }, { workerDesk: Desk }>({
  workerDesk: [
    async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'reception-e2e-'));
      const child: ChildProcess = spawn('npm', ['run', 'web', '--silent', '--', '--port', '0'], {
        cwd: resolve(__dirname, '../..'),
        // No simulated online bookings: journeys expect the free slots they found to stay free. The first national
        // refreshes start at once (a script signs in faster than a person; the deferral has its own integration test).
        env: {
          ...process.env, RECEPTION_DATA_DIR: dataDir, RECEPTION_SANDBOX_TODAY: BOOK_DAY, RECEPTION_SANDBOX_ONLINE_PER_HOUR: '0',
          RECEPTION_FIRST_REFRESH_AFTER_MS: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // own process group, so npm and node stop together
      });
      let out = '';
      child.stderr!.on('data', (d) => (out += String(d)));
      const lines = await new Promise<{ url: string; sandbox: string }>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`browser host did not start in time:\n${out}`)), 90_000);
        child.stdout!.on('data', (d) => {
          out += String(d);
          const url = out.split('\n').find((l) => l.startsWith(RUNNING))?.slice(RUNNING.length).trim();
          const sandbox = out.split('\n').find((l) => l.startsWith(SANDBOX))?.slice(SANDBOX.length).trim();
          if (url && sandbox) {
            clearTimeout(timer);
            ok({ url, sandbox });
          }
        });
        child.once('exit', (code) => fail(new Error(`browser host exited (${code}):\n${out}`)));
      });
      const setFaults = async (f: Record<string, unknown>) => {
        const r = await fetch(`${lines.sandbox}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify(f), headers: { 'Content-Type': 'application/json' } });
        expect(r.ok).toBe(true);
      };
      await use({ url: lines.url, sandboxOrigin: lines.sandbox, setFaults, stdout: () => out });
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise((r) => setTimeout(r, 500));
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* stopped cleanly */
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  desk: async ({ workerDesk }, use) => {
    await workerDesk.setFaults({ outage: false, status: null, latencyMs: 0, malformed: false });
    await use(workerDesk);
  },
  deskPage: async ({ page, desk }, use) => {
    await page.goto(desk.url);
    await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
    await use(page);
  },
});

export { expect };
