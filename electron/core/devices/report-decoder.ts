/**
 * What a report decoder makes of the bytes a HID reader sends. Decoders are pure state machines over
 * byte chunks: no timers, no I/O, the clock injected. The driver turns their output into CardReaderEvents.
 */
export type DecoderOutput =
  /** Keyboard wedge: the reader typed a card id followed by Enter. Says nothing about presence. */
  | { kind: 'read'; cardId: string }
  /** Vendor report: a card (different from the previous one) is now on the reader. */
  | { kind: 'inserted'; cardId: string }
  /** Vendor report: the card left the reader. */
  | { kind: 'removed' }
  /** Something the reader sent could not be used (no event follows from it). Never contains a card id. */
  | { kind: 'error'; message: string };

export interface ReportDecoder {
  /** Feed one chunk as read from the device: a report, part of one, or several back to back. */
  push(chunk: Uint8Array): DecoderOutput[];
  /** Forget everything (partial reports, partial ids, the current card): used when a device is reopened. */
  reset(): void;
}

/** A card id as the core accepts it from any reader. */
export const CARD_ID_PATTERN = /^[0-9A-Za-z]{4,32}$/;

export const hex2 = (n: number) => n.toString(16).padStart(2, '0');
export const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** Bytes carried over between pushes, dropped when stale so one stray fragment cannot misalign every later report. */
export class ReportFramer {
  private pending: Uint8Array = new Uint8Array(0);
  private pendingAt = 0;

  constructor(private readonly staleFragmentMs: number) {}

  /** Append a chunk; returns how many stale bytes were thrown away first. */
  append(chunk: Uint8Array, now: number): number {
    let dropped = 0;
    if (this.pending.length > 0 && now - this.pendingAt > this.staleFragmentMs) {
      dropped = this.pending.length;
      this.pending = new Uint8Array(0);
    }
    if (chunk.length > 0) {
      const joined = new Uint8Array(this.pending.length + chunk.length);
      joined.set(this.pending, 0);
      joined.set(chunk, this.pending.length);
      this.pending = joined;
      this.pendingAt = now;
    }
    return dropped;
  }

  get length(): number {
    return this.pending.length;
  }

  peek(i: number): number | undefined {
    return this.pending[i];
  }

  /** Remove and return the first n bytes (n must be <= length). */
  take(n: number): Uint8Array {
    const head = this.pending.slice(0, n);
    this.pending = this.pending.slice(n);
    return head;
  }

  clear(): void {
    this.pending = new Uint8Array(0);
  }
}
