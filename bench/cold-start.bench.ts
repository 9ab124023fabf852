import { _electron, type Browser } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findElectron } from '../electron/host/electron.probe';
import { RUNNING_PREFIX } from '../electron/host/host.run';
import { figure, summarise, type Figure, type Skipped } from './figures';
import { APP_ROOT, launchChromium, outDir, waitReady } from './desk';
import { BENCH_TODAY, type PatientCaches } from './population-cache';

const TARGET_MS = 2_000;
/** The built browser host, as `npm run web` starts it (from the run's copy of out/, see desk.ts). */
const hostJs = () => join(outDir(), 'main/host.js');

/** Where the national services answer: the sandbox in its own process, as they are elsewhere for a practice's desk. */
interface National {
  origin: string;
  control: string;
  stop(): Promise<void>;
}

/**
 * The demo national sandbox as its own process (`electron/sandbox/cli.ts`, the desk's default population), so a
 * measured start is the desk's own work, not the generation of a synthetic national service.
 */
async function startNational(): Promise<National> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/sandbox/cli.ts', '--port', '0', '--control-port', '0', '--today', BENCH_TODAY], {
    cwd: APP_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const [pds, control] = await new Promise<[string, string]>((ok, fail) => {
    let out = '';
    const find = (prefix: string) => out.split('\n').find((l) => l.startsWith(prefix))?.slice(prefix.length).trim();
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const [a, c] = [find('PDS sandbox listening at '), find('Sandbox control API at ')];
      if (a && c) ok([a, c]);
    });
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => fail(new Error(`the sandbox exited (${code}): ${out.trim().slice(0, 400)}`)));
    setTimeout(() => fail(new Error('the sandbox printed no address within 120 s')), 120_000).unref();
  });
  return {
    origin: new URL(pds).origin,
    control,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

interface Start {
  /** Process start → the host printed its address (core booted, server listening). */
  listening: number;
  /** Process start → body[data-app-state="ready"] in the page. */
  ready: number;
}

/**
 * One cold start of the browser host: spawn `node out/main/host.js --port 0`, wait for its address, open it in the
 * (already running) Chromium and wait for the app-ready marker. The host is then stopped as a user would (SIGTERM).
 * With `national`, the desk uses that sandbox process; without, it starts its own embedded one (`npm start`'s demo).
 */
async function startOnce(browser: Browser, dataDir: string, national: National | null): Promise<Start> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [hostJs(), '--port', '0'], {
    env: {
      ...process.env, RECEPTION_DATA_DIR: dataDir, RECEPTION_SANDBOX_TODAY: BENCH_TODAY,
      ...(national ? { RECEPTION_SANDBOX_URL: national.origin, RECEPTION_SANDBOX_CONTROL_URL: national.control } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  try {
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const line = out.split('\n').find((l) => l.startsWith(RUNNING_PREFIX));
        if (line) ok(line.slice(RUNNING_PREFIX.length).trim());
      });
      child.once('exit', (code) => fail(new Error(`the host exited (${code}) before it was ready: ${stderr.trim().slice(0, 400)}`)));
      setTimeout(() => fail(new Error('the host printed no address within 120 s')), 120_000).unref();
    });
    const listening = performance.now() - t0;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(url);
      await waitReady(page);
      return { listening, ready: performance.now() - t0 };
    } finally {
      await context.close();
    }
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Electron: process start → the first window's app-ready marker, when a binary can be had. */
async function electronStart(executablePath: string, dataDir: string): Promise<number> {
  const t0 = performance.now();
  const app = await _electron.launch({ executablePath, args: [APP_ROOT], env: { ...process.env, RECEPTION_DATA_DIR: dataDir, RECEPTION_SANDBOX_TODAY: BENCH_TODAY } });
  try {
    const page = await app.firstWindow();
    await waitReady(page);
    return performance.now() - t0;
  } finally {
    await app.close();
  }
}

/**
 * Cold start to a ready, interactive desk with a local copy of N patients (1,000,000 in the full run). Baseline: the
 * same start over the desk's default copy (the demo practice's own list, seeded on its first start). Each data folder
 * has had one unmeasured first start (databases created, demo staff and rota seeded), as a desk that has run before.
 * Chromium is already running (the desk's browser is open); the OS file cache is warm (copies were just written).
 */
export async function benchColdStart(p: { patients: number; rounds: number }, caches: PatientCaches, log: (s: string) => void): Promise<{ figures: Figure[]; skipped: Skipped[] }> {
  if (!existsSync(hostJs())) throw new Error(`${hostJs()} is missing: run \`npm run build\` first (npm run bench does)`);
  const big = caches.dataDir(p.patients, 'cold');
  const small = caches.dataDir(0, 'cold-default');
  const browser = await launchChromium();
  const national = await startNational();
  const figures: Figure[] = [];
  const skipped: Skipped[] = [];
  try {
    await Promise.all([startOnce(browser, big, national), startOnce(browser, small, national)]);
    const withCache: Start[] = [];
    const without: Start[] = [];
    const demo: Start[] = [];
    for (let i = 0; i < p.rounds; i++) {
      withCache.push(await startOnce(browser, big, national));
      without.push(await startOnce(browser, small, national));
      demo.push(await startOnce(browser, big, null));
    }
    const m = summarise(withCache.map((s) => s.ready));
    const listening = summarise(withCache.map((s) => s.listening));
    const baseline = { method: "the same start over the desk's default local copy (the demo practice's list)", ...summarise(without.map((s) => s.ready)) };
    log(`  cold start: ${p.patients.toLocaleString('en-GB')} cached → ready p95 ${m.p95} ms (host listening after ${listening.p95} ms); default copy ${baseline.p95} ms`);
    const d = summarise(demo.map((s) => s.ready));
    log(`  cold start, demo (embedded sandbox generated at each start): ready p95 ${d.p95} ms`);
    figures.push(
      figure({
        name: 'host.cold-start-browser', unit: 'ms', ...m, size: p.patients, target: TARGET_MS, baseline,
        method: 'spawn node out/main/host.js (national services: the sandbox in its own process, as at a practice) → address printed → page loaded in Chromium → body[data-app-state="ready"]',
        samples: p.rounds, note: `host listening (core booted) after p95 ${listening.p95} ms`,
      }),
      figure({
        name: 'host.cold-start-demo', unit: 'ms', ...d, size: p.patients, target: null,
        targetNote: 'demo mode only: each start also generates the synthetic national service in the same process (npm start); a practice desk does not',
        baseline, method: 'as host.cold-start-browser, with the sandbox embedded in the host (no RECEPTION_SANDBOX_URL)', samples: p.rounds,
      }),
    );

    const found = findElectron(APP_ROOT);
    if ('reason' in found) {
      skipped.push({ name: 'host.cold-start-electron', reason: `no Electron binary: ${found.reason}` });
      log(`  cold start: Electron not measured (${found.reason})`);
    } else {
      try {
        await electronStart(found.path, big);
        const e: number[] = [];
        const eBase: number[] = [];
        for (let i = 0; i < p.rounds; i++) {
          e.push(await electronStart(found.path, big));
          eBase.push(await electronStart(found.path, small));
        }
        figures.push(
          figure({
            name: 'host.cold-start-electron', unit: 'ms', ...summarise(e), size: p.patients, target: TARGET_MS,
            baseline: { method: "the same start over the desk's default local copy", ...summarise(eBase) },
            method: 'Electron process start → first window → body[data-app-state="ready"]', samples: p.rounds,
          }),
        );
      } catch (err) {
        skipped.push({ name: 'host.cold-start-electron', reason: `Electron did not start here: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` });
      }
    }
    return { figures, skipped };
  } finally {
    await national.stop();
    await browser.close();
    caches.drop(big);
    caches.drop(small);
  }
}
