import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { startSandbox, type Sandbox } from '../../electron/sandbox';
import type { DayBook } from '../../shared/contract/appointments';
import type { Result } from '../../shared/result';
import { coreHarness, waitFor, type Harness } from '../helpers/core.harness';
import { useTempDir } from '../helpers/temp-dir';

/**
 * The hosts serve the first screen before the first national refreshes begin (deferFirstRefreshMs): nothing is
 * fetched for the book or the prescription queue until the delay passes or someone signs in, and the book then
 * answers with the national book, not an empty copy. Real SQLite files, the sandbox over loopback HTTP.
 */
const temp = useTempDir();
const TODAY = '2026-11-25';
let sandbox: Sandbox;
const cores: Core[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000, today: TODAY });
});
afterAll(async () => sandbox.close());
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

/** A desk whose every national request is noted (path only: which service was asked). */
async function desk(deferFirstRefreshMs: number): Promise<Harness & { asked: () => string[] }> {
  const asked: string[] = [];
  const noting: typeof fetch = (input, init) => {
    asked.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return fetch(input, init);
  };
  const h = await coreHarness({
    dataDir: temp(), pdsBaseUrl: sandbox.baseUrl, appointmentsBaseUrl: sandbox.appointments.baseUrl,
    prescriptionsBaseUrl: sandbox.prescriptions.baseUrl, bookClock: () => sandbox.appointments.now(), fetch: noting, deferFirstRefreshMs,
  });
  cores.push(h.core);
  return { ...h, asked: () => [...asked] };
}
const national = (paths: string[], service: 'appointments' | 'prescriptions') => paths.filter((p) => p.includes(`/${service}/`));

describe('the first national refreshes wait for the first screen', () => {
  it('fetch nothing while deferred and nobody is signed in; signing in starts them, and the book answers from the national copy', async () => {
    const h = await desk(60_000);
    await new Promise((r) => setTimeout(r, 300)); // the sign-in screen is up; nothing national is wanted yet
    expect(national(h.asked(), 'appointments')).toEqual([]);
    expect(national(h.asked(), 'prescriptions')).toEqual([]);

    await h.signIn('04A1B2C3', '123456');
    await waitFor(() => national(h.asked(), 'appointments').length > 0 && national(h.asked(), 'prescriptions').length > 0);
    const r = (await h.call<DayBook>('book:day', { day: TODAY })) as Result<DayBook>;
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.slots.length).toBeGreaterThan(0); // the national book, not the empty first-start copy
  });

  it('start by themselves once the delay has passed, with nobody reading', async () => {
    const h = await desk(300);
    expect(national(h.asked(), 'appointments')).toEqual([]);
    await waitFor(() => national(h.asked(), 'appointments').length > 0 && national(h.asked(), 'prescriptions').length > 0);
  });
});
