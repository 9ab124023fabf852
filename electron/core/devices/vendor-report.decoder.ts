import { ReportFramer, hex2, type DecoderOutput, type ReportDecoder } from './report-decoder';

/**
 * Decoder for readers that report presence in a vendor-defined input report (usage page 0xFF00+).
 * This is GP Reception's documented format (see resources/README-card-readers.md); a reader with a
 * different layout needs its own decoder. Every report is 32 bytes, report id included:
 *
 *   byte 0        report id 0x02 (other report ids from the same device are ignored)
 *   byte 1        status: 0x00 no card, 0x01 card present (anything else is an error)
 *   byte 2        n, the UID length: 1..16 when present, 0 when absent
 *   bytes 3..3+n  the card UID; the card id is its upper-case hex ("04A1B2C3D4E5F6")
 *   the rest      zero padding
 *
 * A "present" report whose id differs from the current card emits `inserted` (after `removed` for the
 * previous card when cards are swapped without an absent report between); an identical present report
 * (readers repeat them while the card stays) is a no-op; an "absent" report emits `removed` only if a card
 * was present. A report with an impossible length, a non-zero padding byte or an unknown status is an
 * error and changes nothing: a half-understood report must neither log anyone in nor out.
 *
 * Framing is by the fixed report length; chunks may hold part of a report or several. A partial report
 * left over longer than `staleFragmentMs` is dropped when new bytes arrive so alignment recovers after garbage.
 */
export interface VendorReportDecoderOptions {
  reportId?: number;
  reportLength?: number;
  staleFragmentMs?: number;
  now?: () => number;
}

export interface VendorReportStats {
  reports: number;
  otherReportIds: number;
  malformedReports: number;
  garbageBytes: number;
}

export const VENDOR_REPORT_ID = 0x02;
export const VENDOR_REPORT_LENGTH = 32;
export const VENDOR_STATUS_ABSENT = 0x00;
export const VENDOR_STATUS_PRESENT = 0x01;
export const VENDOR_MAX_UID_BYTES = 16;
const HEADER = 3;

export class VendorReportDecoder implements ReportDecoder {
  readonly stats: VendorReportStats = { reports: 0, otherReportIds: 0, malformedReports: 0, garbageBytes: 0 };
  private readonly reportId: number;
  private readonly reportLength: number;
  private readonly now: () => number;
  private readonly framer: ReportFramer;
  private current: string | null = null;

  constructor(opts: VendorReportDecoderOptions = {}) {
    this.reportId = opts.reportId ?? VENDOR_REPORT_ID;
    this.reportLength = opts.reportLength ?? VENDOR_REPORT_LENGTH;
    if (!Number.isInteger(this.reportLength) || this.reportLength < HEADER + 1) {
      throw new RangeError(`reportLength must be an integer of at least ${HEADER + 1}`);
    }
    this.now = opts.now ?? Date.now;
    this.framer = new ReportFramer(opts.staleFragmentMs ?? 500);
  }

  /** The card on the reader as far as the reports said, or null. */
  get currentCardId(): string | null {
    return this.current;
  }

  push(chunk: Uint8Array): DecoderOutput[] {
    const out: DecoderOutput[] = [];
    this.stats.garbageBytes += this.framer.append(chunk, this.now());
    while (this.framer.length >= this.reportLength) this.onReport(this.framer.take(this.reportLength), out);
    return out;
  }

  reset(): void {
    this.framer.clear();
    this.current = null;
  }

  private onReport(r: Uint8Array, out: DecoderOutput[]): void {
    this.stats.reports++;
    if (r[0] !== this.reportId) {
      this.stats.otherReportIds++;
      return;
    }
    const status = r[1] ?? -1;
    const n = r[2] ?? 0;
    if (status === VENDOR_STATUS_ABSENT) {
      if (!zeroFrom(r, 2)) return this.malformed(out, 'an absent-card report with data in it');
      if (this.current !== null) {
        this.current = null;
        out.push({ kind: 'removed' });
      }
      return;
    }
    if (status !== VENDOR_STATUS_PRESENT) return this.malformed(out, `an unknown status byte 0x${hex2(status)}`);
    if (n < 1 || n > VENDOR_MAX_UID_BYTES || HEADER + n > r.length) {
      return this.malformed(out, `a card id length of ${n} bytes (expected 1 to ${Math.min(VENDOR_MAX_UID_BYTES, r.length - HEADER)})`);
    }
    if (!zeroFrom(r, HEADER + n)) return this.malformed(out, 'non-zero bytes after the card id');
    const id = Array.from(r.subarray(HEADER, HEADER + n), hex2).join('').toUpperCase();
    if (id === this.current) return;
    if (this.current !== null) out.push({ kind: 'removed' });
    this.current = id;
    out.push({ kind: 'inserted', cardId: id });
  }

  private malformed(out: DecoderOutput[], what: string): void {
    this.stats.malformedReports++;
    out.push({ kind: 'error', message: `The card reader sent a report with ${what}; it was ignored.` });
  }
}

function zeroFrom(r: Uint8Array, start: number): boolean {
  for (let i = start; i < r.length; i++) if (r[i] !== 0) return false;
  return true;
}

/** One report in the format above: for the simulated reader and tests. */
export function encodeVendorReport(
  card: { uid: Uint8Array } | null,
  opts: { reportId?: number; reportLength?: number } = {},
): Uint8Array {
  const r = new Uint8Array(opts.reportLength ?? VENDOR_REPORT_LENGTH);
  r[0] = opts.reportId ?? VENDOR_REPORT_ID;
  if (card) {
    if (card.uid.length < 1 || card.uid.length > VENDOR_MAX_UID_BYTES || HEADER + card.uid.length > r.length) {
      throw new RangeError(`a card UID must be 1 to ${VENDOR_MAX_UID_BYTES} bytes`);
    }
    r[1] = VENDOR_STATUS_PRESENT;
    r[2] = card.uid.length;
    r.set(card.uid, HEADER);
  }
  return r;
}

/** The UID bytes of a card id in this format (even-length hex, 1..16 bytes), or null if it is not one. */
export function uidFromCardId(cardId: string): Uint8Array | null {
  if (!/^(?:[0-9A-Fa-f]{2}){1,16}$/.test(cardId)) return null;
  return Uint8Array.from(cardId.match(/../g) ?? [], (h) => parseInt(h, 16));
}
