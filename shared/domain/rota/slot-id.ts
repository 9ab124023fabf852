/**
 * Ids of generated slots, derived from what defines them, so generating the same range twice yields the same ids
 * (regeneration is idempotent: the book can upsert by id and nothing is duplicated).
 */

/**
 * `<templateId>.<yyyyMMdd>T<HHmm>Z` with the start in UTC, e.g. 'mon-am-drA.20260330T0800Z'.
 * UTC, not London time, because a London wall-clock time happens twice on the last Sunday of October.
 * Template ids are at most 40 of [A-Za-z0-9.-], so the id fits FHIR's id rule (64 of that alphabet).
 */
export function generatedSlotId(templateId: string, startMs: number, stamp: (ms: number) => string = utcStamp): string {
  return `${templateId}.${stamp(startMs)}`;
}

/** '20260330T0800Z' for 2026-03-30T08:00Z. */
export function utcStamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-03-30T08:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/**
 * `f` remembered per instant for one generation run. Forty clinicians' slots start at the same few hundred
 * instants a day, so formatting each instant once (not once per slot) is most of the cost of a year's rota.
 */
export function perInstant(f: (ms: number) => string): (ms: number) => string {
  const memo = new Map<number, string>();
  return (ms) => {
    let s = memo.get(ms);
    if (s === undefined) {
      s = f(ms);
      memo.set(ms, s);
    }
    return s;
  };
}

/** One schedule per clinician per site, the same key the local book uses (book.repo: clinician_id || ':' || site_id). */
export function scheduleIdFor(clinicianId: string, siteId: string): string {
  return `${clinicianId}:${siteId}`;
}
