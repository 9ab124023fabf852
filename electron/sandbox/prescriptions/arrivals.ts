/**
 * When online repeat requests arrive: a few an hour through the day (fewer at night and at weekends), each
 * hour's arrivals drawn from the seed and the hour alone. So what has arrived by a given sandbox time is the
 * same on every run and does not depend on when, or how often, anyone looked.
 */
import { Rng } from '../prng';
import { londonDay, londonOffset, weekday } from '../appointments/time';
import type { RxChannel } from './types';

export const HOUR_MS = 3_600_000;

export interface Arrival {
  atMs: number;
  /** In [0, 1): which patient (scaled to those with repeat templates). */
  patient: number;
  /** Seeds which of the patient's templates are asked for. */
  itemsSeed: number;
  channel: RxChannel;
}

/** Arrivals during the hour starting at hourIndex × 1 h (UTC hours, so a clock change neither skips nor repeats one). */
export function arrivalsInHour(seed: number, hourIndex: number): Arrival[] {
  const rng = new Rng((seed ^ Math.imul(hourIndex, 0x9e3779b1) ^ 0x0a77e5) >>> 0);
  const startMs = hourIndex * HOUR_MS;
  const localHour = Math.floor((((startMs + londonOffset(startMs) * 60_000) % 86_400_000) + 86_400_000) % 86_400_000 / HOUR_MS);
  const wd = weekday(londonDay(startMs));
  const weekend = wd === 0 || wd === 6;
  let count = localHour >= 7 && localHour < 22 ? rng.between(1, 4) : rng.chance(0.3) ? 1 : 0;
  if (weekend) count = Math.floor(count / 2);
  const out: Arrival[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      atMs: startMs + rng.int(HOUR_MS),
      patient: rng.next(),
      itemsSeed: rng.int(2 ** 30),
      // Most come through the NHS App and other apps; some from pharmacies running a managed repeat service.
      channel: rng.chance(0.1) ? 'pharmacy' : 'online',
    });
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

/** Every arrival in (fromMs, toMs], in time order. */
export function arrivalsBetween(seed: number, fromMs: number, toMs: number): Arrival[] {
  const out: Arrival[] = [];
  for (let h = Math.floor(fromMs / HOUR_MS); h * HOUR_MS <= toMs; h++) {
    for (const a of arrivalsInHour(seed, h)) if (a.atMs > fromMs && a.atMs <= toMs) out.push(a);
  }
  return out;
}

/** Which of the patient's templates a request asks for: one to three of them, the same for the same seed. */
export function pickItems<T>(templates: readonly T[], itemsSeed: number): T[] {
  const rng = new Rng(itemsSeed);
  const n = Math.min(templates.length, rng.between(1, 3));
  const pool = [...templates];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(pool.splice(rng.int(pool.length), 1)[0]!);
  return out;
}
