import { chromium, type Browser, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { bootCore, type Booted } from '../electron/core/boot';
import { prepareDataKey } from '../electron/core/security/data-key';
import { keyFileVault } from '../electron/core/security/key-vault';
import { createConfSettings } from '../electron/core/settings/settings.conf';
import type { SettingsPatch } from '../electron/core/settings/settings.schema';
import { startHost, type Host } from '../electron/host/host.server';

/** Flags every Chromium bench runs with (headless on a 2-core box without a GPU). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const APP_ROOT = resolve(__dirname, '..');

/**
 * The build the benches run: a copy of out/ taken when the run starts (bench/run.ts), so a rebuild by someone else
 * in the same checkout mid-run neither breaks a page load nor mixes two builds in one set of figures.
 */
export const outDir = (): string => process.env.BENCH_OUT_DIR ?? join(APP_ROOT, 'out');
export const rendererDir = (): string => join(outDir(), 'renderer');

/** Copy out/ aside for this run; the built host finds node_modules through NODE_PATH. Returns the remover. */
export function snapshotBuild(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'reception-bench-out-'));
  cpSync(join(APP_ROOT, 'out'), dir, { recursive: true });
  process.env.BENCH_OUT_DIR = dir;
  process.env.NODE_PATH = [join(APP_ROOT, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(delimiter);
  return () => {
    delete process.env.BENCH_OUT_DIR;
    rmSync(dir, { recursive: true, force: true });
  };
}

export const launchChromium = (extraArgs: string[] = []): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });

/** Set environment variables for the length of fn (the core reads some at boot), then put them back. */
export async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export interface Desk {
  booted: Booted;
  host: Host;
  stop(): Promise<void>;
}

/**
 * The browser host in this process (as `npm run web` runs it), with the core at hand so a bench can time the core's
 * own answer beside the page's. `settings` are written to the data folder first (e.g. the sandbox's population).
 */
export async function startDesk(dataDir: string, settings: SettingsPatch = {}): Promise<Desk> {
  const store = createConfSettings(dataDir);
  if (Object.keys(settings).length) store.update(settings);
  // As the browser host does: the folder's key file (a bench-made cache comes with one), else a new key.
  const { key } = await prepareDataKey({ dataDir, vault: keyFileVault(dataDir) });
  const booted = await bootCore({ dataDir, dbKey: key, settings: store, transport: 'browser-host' });
  await booted.core.firstRefreshed(); // the benches time the desk with its book and queue loaded, not the first refreshes
  const host = await startHost({ core: booted.core, rendererDir: rendererDir(), port: 0 });
  return {
    booted,
    host,
    async stop() {
      await host.close();
      await booted.close();
    },
  };
}

export const waitReady = (page: Page) => page.locator('body[data-app-state="ready"]').waitFor({ state: 'attached', timeout: 60_000 });

/** Sign Sam Taylor in with the demo card panel (one desk, one session: a second page finds Sam signed in). */
export async function signIn(page: Page): Promise<void> {
  await waitReady(page);
  const nav = page.getByRole('navigation', { name: 'Desk' });
  if (await nav.isVisible()) return;
  await page.getByRole('button', { name: 'Present card for Sam Taylor' }).click();
  const passcode = page.getByLabel('Passcode', { exact: true });
  await passcode.fill('123456');
  await passcode.press('Enter');
  await nav.waitFor();
}

export async function openView(page: Page, name: 'Appointments' | 'Patients'): Promise<void> {
  await page.getByRole('navigation', { name: 'Desk' }).getByRole('button', { name }).click();
}

/**
 * Wait in the page until `condition` (a JS expression, as source) holds, checked every 10 ms. Not page.waitForFunction
 * with a string: that evals the string again on every poll after the first, which the desk's Content-Security-Policy
 * (no 'unsafe-eval') refuses. Here the condition is compiled once, with the evaluate call itself.
 */
export async function waitInPage(page: Page, condition: string, timeoutMs = 30_000): Promise<void> {
  await page.evaluate(`new Promise((resolve, reject) => {
    const t0 = performance.now();
    const check = () => {
      let ok = false;
      try { ok = !!(${condition}); } catch (e) { reject(e); return; }
      if (ok) resolve(undefined);
      else if (performance.now() - t0 > ${timeoutMs}) reject(new Error('timed out waiting for ' + ${JSON.stringify(condition)}));
      else setTimeout(check, 10);
    };
    check();
  })`);
}

/** Two animation frames: what was changed before this has been painted. */
export const nextPaint = (page: Page) => page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined))))');

export const MB = 1024 * 1024;
export const toMB = (bytes: number): number => Math.round((bytes / MB) * 10) / 10;
