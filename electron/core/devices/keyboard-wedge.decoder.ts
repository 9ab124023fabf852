import { CARD_ID_PATTERN, ReportFramer, type DecoderOutput, type ReportDecoder } from './report-decoder';

/**
 * Decoder for "keyboard wedge" readers: the reader is a USB HID keyboard and types the card id
 * followed by Enter. Read through hidraw, each input report is an 8-byte boot-keyboard report
 * (HID 1.11 appendix B.1, usage page 0x07):
 *
 *   byte 0     modifiers  bit0 LCtrl, bit1 LShift, bit2 LAlt, bit3 LGUI, bit4 RCtrl, bit5 RShift, bit6 RAlt, bit7 RGUI
 *   byte 1     reserved   (not checked: some readers put OEM data there)
 *   bytes 2-7  up to six usages of the keys down *now*; 0x00 = empty slot, 0x01 x6 = ErrorRollOver
 *
 * A report is a snapshot of the keys held, so a key is typed when its usage appears in a report and was
 * not in the previous one. A key held across several reports counts once; the same key pressed again
 * after a report without it (a release) counts again. An all-zero report releases everything; a
 * modifiers-only report releases every key and types nothing.
 *
 * Characters: 0x04-0x1D a-z (A-Z with either shift bit, 0x02 or 0x20), 0x1E-0x27 1-9,0 (shifted:
 * US-layout symbols, which then fail the card-id check), keypad 0x59-0x62 1-9,0. Enter (0x28) and
 * keypad Enter (0x58) end the id. Every other usage is ignored and counted in stats.unknownUsages.
 * A key pressed while Ctrl, Alt or GUI is held is a shortcut, not typing: readers never send one, so it
 * is ignored (stats.ignoredChords). This also keeps garbage, whose "modifier" bytes are random, out of ids.
 *
 * Framing: chunks need not be whole reports. Bytes are buffered and cut into reports of
 * (reportId ? 1 : 0) + reportLength bytes. With `reportId` set, each report must start with that byte;
 * bytes before it are skipped as garbage. When the device's reports are longer than 8 bytes
 * (`reportLength` > 8: some readers append vendor bytes after the boot layout) only the first 8 bytes of
 * each report are read and the rest ignored: the boot layout is fixed at the front, and whatever follows
 * is vendor-specific. A partial report left over for longer than `staleFragmentMs` is dropped when new
 * bytes arrive, so one stray fragment cannot misalign every later report (hidapi hands over whole
 * reports, so a leftover fragment is always garbage).
 *
 * An id is accepted only if it is 4..32 characters of [0-9A-Za-z]; anything else is dropped with an
 * error that gives its length, never its content. An id whose Enter does not arrive within `timeoutMs`
 * of its first character is discarded (checked when the next key arrives: a reader types a whole id
 * in well under a second, so a stale partial id is a fragment of something else).
 */
export interface KeyboardWedgeDecoderOptions {
  /** Each report starts with this report-id byte (composite devices number their reports). Default: none. */
  reportId?: number;
  /** Report size in bytes, excluding the report id. Default 8; if larger, bytes after the 8th are ignored. */
  reportLength?: number;
  /** An id with no Enter this long after its first character is discarded. Default 1500 ms. */
  timeoutMs?: number;
  /** A partial report older than this is dropped when new bytes arrive. Default 500 ms. */
  staleFragmentMs?: number;
  /** Usages that end an id. Default Enter 0x28 and keypad Enter 0x58 (some readers can be set to Tab 0x2B). */
  terminators?: readonly number[];
  now?: () => number;
}

export interface KeyboardWedgeStats {
  reports: number;
  garbageBytes: number;
  unknownUsages: number;
  rollOverReports: number;
  /** Keys pressed with Ctrl, Alt or GUI held: shortcuts, never typed by a reader, so never part of an id. */
  ignoredChords: number;
  timeouts: number;
  rejectedIds: number;
}

export const BOOT_REPORT_LENGTH = 8;
export const USAGE_ENTER = 0x28;
export const USAGE_KEYPAD_ENTER = 0x58;
const SHIFT_BITS = 0x02 | 0x20;
const ERROR_ROLL_OVER = 0x01;
/** Longest partial id kept; more characters only mark the id as too long. */
const MAX_BUFFERED = 33;
const SHIFTED_DIGITS = '!@#$%^&*()';
const DIGITS = '1234567890';

/** The character a key usage types, or null when it types none we know. */
export function usageToChar(usage: number, shift: boolean): string | null {
  if (usage >= 0x04 && usage <= 0x1d) {
    const c = String.fromCharCode(0x61 + usage - 0x04);
    return shift ? c.toUpperCase() : c;
  }
  if (usage >= 0x1e && usage <= 0x27) return (shift ? SHIFTED_DIGITS : DIGITS)[usage - 0x1e] ?? null;
  if (usage >= 0x59 && usage <= 0x62) return DIGITS[usage - 0x59] ?? null;
  return null;
}

export class KeyboardWedgeDecoder implements ReportDecoder {
  readonly stats: KeyboardWedgeStats = { reports: 0, garbageBytes: 0, unknownUsages: 0, rollOverReports: 0, ignoredChords: 0, timeouts: 0, rejectedIds: 0 };
  private readonly reportId: number | undefined;
  private readonly reportLength: number;
  private readonly timeoutMs: number;
  private readonly terminators: ReadonlySet<number>;
  private readonly now: () => number;
  private readonly framer: ReportFramer;
  private held = new Set<number>();
  private chars = '';
  private overflow = false;
  private idStartedAt = 0;

  constructor(opts: KeyboardWedgeDecoderOptions = {}) {
    this.reportId = opts.reportId;
    this.reportLength = opts.reportLength ?? BOOT_REPORT_LENGTH;
    if (!Number.isInteger(this.reportLength) || this.reportLength < BOOT_REPORT_LENGTH) {
      throw new RangeError(`reportLength must be an integer of at least ${BOOT_REPORT_LENGTH}`);
    }
    this.timeoutMs = opts.timeoutMs ?? 1_500;
    this.terminators = new Set(opts.terminators ?? [USAGE_ENTER, USAGE_KEYPAD_ENTER]);
    this.now = opts.now ?? Date.now;
    this.framer = new ReportFramer(opts.staleFragmentMs ?? 500);
  }

  /** Characters typed so far towards the next id (for diagnostics and tests). */
  get partialId(): string {
    return this.chars;
  }

  push(chunk: Uint8Array): DecoderOutput[] {
    const now = this.now();
    const out: DecoderOutput[] = [];
    this.stats.garbageBytes += this.framer.append(chunk, now);
    const frame = (this.reportId === undefined ? 0 : 1) + this.reportLength;
    for (;;) {
      if (this.reportId !== undefined) {
        while (this.framer.length > 0 && this.framer.peek(0) !== this.reportId) {
          this.framer.take(1);
          this.stats.garbageBytes++;
        }
      }
      if (this.framer.length < frame) break;
      const report = this.framer.take(frame);
      const boot = this.reportId === undefined ? report.subarray(0, BOOT_REPORT_LENGTH) : report.subarray(1, 1 + BOOT_REPORT_LENGTH);
      this.onReport(boot, now, out);
    }
    return out;
  }

  reset(): void {
    this.framer.clear();
    this.held = new Set();
    this.clearId();
  }

  private onReport(r: Uint8Array, now: number, out: DecoderOutput[]): void {
    this.stats.reports++;
    const keys = Array.from(r.subarray(2, BOOT_REPORT_LENGTH));
    // Too many keys down: the report carries no key information; keep the previous state.
    if (keys.every((k) => k === ERROR_ROLL_OVER)) {
      this.stats.rollOverReports++;
      return;
    }
    const modifiers = r[0] ?? 0;
    const shift = (modifiers & SHIFT_BITS) !== 0;
    const chord = (modifiers & ~SHIFT_BITS) !== 0;
    const down = new Set(keys.filter((k) => k > 0x03));
    for (const usage of down) {
      if (this.held.has(usage)) continue; // still held from the previous report: already typed
      if (chord) {
        this.stats.ignoredChords++;
        continue;
      }
      if (this.terminators.has(usage)) this.endId(now, out);
      else {
        const c = usageToChar(usage, shift);
        if (c === null) this.stats.unknownUsages++;
        else this.addChar(c, now, out);
      }
    }
    this.held = down;
  }

  private addChar(c: string, now: number, out: DecoderOutput[]): void {
    if (this.chars.length > 0 && this.expired(now)) this.discardExpired(out);
    if (this.chars.length === 0 && !this.overflow) this.idStartedAt = now;
    if (this.chars.length < MAX_BUFFERED) this.chars += c;
    else this.overflow = true;
  }

  private endId(now: number, out: DecoderOutput[]): void {
    if (this.chars.length === 0) return; // a stray Enter
    if (this.expired(now)) return this.discardExpired(out);
    const id = this.chars;
    const tooLong = this.overflow;
    this.clearId();
    if (!tooLong && CARD_ID_PATTERN.test(id)) {
      out.push({ kind: 'read', cardId: id });
    } else {
      this.stats.rejectedIds++;
      const length = tooLong ? `more than ${MAX_BUFFERED - 1}` : String(id.length);
      out.push({ kind: 'error', message: `The card reader sent an unusable card id (${length} characters; expected 4 to 32 letters or digits).` });
    }
  }

  private expired(now: number): boolean {
    return now - this.idStartedAt > this.timeoutMs;
  }

  private discardExpired(out: DecoderOutput[]): void {
    this.stats.timeouts++;
    this.clearId();
    out.push({ kind: 'error', message: `The card reader sent part of a card id without finishing it within ${this.timeoutMs} ms; it was discarded.` });
  }

  private clearId(): void {
    this.chars = '';
    this.overflow = false;
  }
}

/**
 * The reports a keyboard-wedge reader sends to type `text` (letters, digits) and then Enter: each key
 * down (with left shift for capitals) followed by an all-zero release. For the simulated reader and tests.
 */
export function encodeWedgeText(text: string, opts: { enter?: boolean; reportId?: number } = {}): Uint8Array {
  const reports: number[][] = [];
  const key = (mod: number, usage: number) => {
    reports.push([mod, 0, usage, 0, 0, 0, 0, 0]);
    reports.push([0, 0, 0, 0, 0, 0, 0, 0]);
  };
  for (const ch of text) {
    const lower = ch.toLowerCase();
    if (lower >= 'a' && lower <= 'z') key(ch === lower ? 0 : 0x02, 0x04 + lower.charCodeAt(0) - 0x61);
    else if (ch >= '0' && ch <= '9') key(0, 0x1e + DIGITS.indexOf(ch));
    else throw new RangeError(`encodeWedgeText types letters and digits only, not ${JSON.stringify(ch)}`);
  }
  if (opts.enter ?? true) key(0, USAGE_ENTER);
  const prefix = opts.reportId === undefined ? [] : [opts.reportId];
  return Uint8Array.from(reports.flatMap((r) => [...prefix, ...r]));
}
