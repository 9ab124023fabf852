import { randomBytes } from 'node:crypto';

/** Requests that left the desk's copy are remembered this many at most; a cursor from before the oldest forgotten one is refused. */
export const JOURNAL_REMOVED_KEPT = 10_000;

/** One request as a look at the whole queue found it. */
export interface JournalEntry {
  id: string;
  /** Everything its view shows but the time left and overdue (see viewFingerprint). */
  content: string;
  /** The time left and overdue (they move on with the clock alone). */
  time: string;
}

/** What changed after a cursor. */
export interface JournalChanges {
  /** Requests new since, or whose view changed other than in time left. */
  changed: string[];
  /** Requests whose time left or overdue alone moved on. */
  timed: string[];
  /** Requests the desk no longer holds. */
  removed: string[];
}

interface Known {
  content: string;
  /** The sequence number its content last changed at. */
  seq: number;
  time: string;
  timeSeq: number;
  /** The look it was last seen in. */
  look: number;
}

/**
 * Which requests' views changed, and when, for `rx:changes`. Each look at the whole queue (`rx:queue {}` and
 * `rx:changes`) records every request's view fingerprints; a request whose fingerprint differs from the last look's,
 * or is new, is stamped with the next sequence number, and one no longer there is remembered as removed. A cursor is
 * this journal's id and a sequence number, so it is opaque to the desk and refused after a restart (the journal lives
 * in memory: nothing is written to cache.db, and no migration is needed).
 *
 * Comparing what the desk would be shown, rather than trusting updated_at, catches every kind of change: national
 * refreshes (whose timestamps are the service's own, and may be older than the desk's clock), local changes still
 * waiting to send, relinking a request made here to its national id, withdrawals, the local copy's expiry, template
 * changes, and time left or overdue moving on with the clock (kept apart: those are sent as a few words, not views).
 */
export class RxChangeJournal {
  private readonly id: string;
  private seq = 0;
  private looks = 0;
  /** Every request of the last look. */
  private readonly known = new Map<string, Known>();
  /** Requests gone since, with the sequence number they went at (oldest first: a Map keeps insertion order). */
  private readonly removed = new Map<string, number>();
  /** Cursors before this may have missed a removal that is no longer remembered. */
  private floor = 0;

  constructor(id: string = randomBytes(6).toString('hex')) {
    this.id = id;
  }

  /** Record how every request the desk holds looks now; returns the cursor that stands for this moment. */
  record(current: Iterable<JournalEntry>): string {
    const next = this.seq + 1;
    const look = ++this.looks;
    let changed = false;
    let seen = 0;
    for (const { id, content, time } of current) {
      const k = this.known.get(id);
      if (k?.look === look) continue; // listed twice: once is enough
      seen++;
      if (!k) {
        this.known.set(id, { content, seq: next, time, timeSeq: next, look });
        this.removed.delete(id); // back again (e.g. fetched anew after the expiry removed it)
        changed = true;
        continue;
      }
      k.look = look;
      if (k.content !== content) {
        k.content = content;
        k.seq = next;
        changed = true;
      }
      if (k.time !== time) {
        k.time = time;
        k.timeSeq = next;
        changed = true;
      }
    }
    if (seen !== this.known.size) {
      for (const [id, k] of this.known) {
        if (k.look === look) continue;
        this.known.delete(id);
        this.removed.set(id, next);
        changed = true;
      }
      for (const [id, at] of this.removed) {
        if (this.removed.size <= JOURNAL_REMOVED_KEPT) break;
        this.removed.delete(id);
        this.floor = Math.max(this.floor, at);
      }
    }
    if (changed) this.seq = next;
    return `${this.id}.${this.seq}`;
  }

  /** What changed after `cursor`; null when the cursor is not this journal's, or too old to answer for. */
  since(cursor: string): JournalChanges | null {
    const dot = cursor.lastIndexOf('.');
    if (dot < 0 || cursor.slice(0, dot) !== this.id) return null;
    const digits = cursor.slice(dot + 1);
    if (!/^\d{1,15}$/.test(digits)) return null;
    const after = Number(digits);
    if (after > this.seq || after < this.floor) return null;
    const changed: string[] = [];
    const timed: string[] = [];
    for (const [id, k] of this.known) {
      if (k.seq > after) changed.push(id);
      else if (k.timeSeq > after) timed.push(id);
    }
    const removed: string[] = [];
    for (const [id, at] of this.removed) if (at > after) removed.push(id);
    return { changed, timed, removed };
  }
}
