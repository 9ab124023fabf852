import type { CardReader, CardReaderEvent } from './card-reader';
import type { HidDeviceInfo, HidDeviceLike, HidModule } from './hid.types';
import { KeyboardWedgeDecoder } from './keyboard-wedge.decoder';
import { hex4, type DecoderOutput, type ReportDecoder } from './report-decoder';
import { VendorReportDecoder } from './vendor-report.decoder';

export type { HidDeviceInfo, HidDeviceLike, HidModule } from './hid.types';

export type ReaderFormat = 'keyboard-wedge' | 'vendor-report';

/** One kind of reader the driver looks for, by USB vendor/product id. */
export interface ReaderConfig {
  vendorId: number;
  productId: number;
  format: ReaderFormat;
  /** Shown in messages ("RF IDeas pcProx"). */
  name?: string;
  /** The readerId in events; default `hid:vvvv:pppp[:serial]`. */
  readerId?: string;
  /**
   * Keyboard wedge only. A wedge reader types the id once and never says the card left, so presence
   * can only be inferred. 'none' (default): every read is an `inserted` and no `removed` ever follows.
   * 'repeat': for readers set up to re-send the id while the card stays on them; the card counts as
   * removed when no re-read arrives within `presenceTimeoutMs`.
   */
  presence?: 'none' | 'repeat';
  /** 'repeat' presence: no re-read for this long means the card left. Default 2500 ms. */
  presenceTimeoutMs?: number;
  /**
   * Which HID interface (top-level collection) to open when the device has several. Default for a
   * keyboard wedge: Generic Desktop / Keyboard (0x01 / 0x06); for vendor reports: any. Backends that do
   * not report usage pages (0 or missing) match any interface.
   */
  usagePage?: number;
  usage?: number;
  /** Input reports start with this report-id byte (keyboard wedge; vendor reports default to 0x02). */
  reportId?: number;
  /** Input report length in bytes (keyboard wedge: excluding the report id, default 8; vendor: including it, default 32). */
  reportLength?: number;
  /** Keyboard wedge: an id without Enter within this long is discarded. Default 1500 ms. */
  idTimeoutMs?: number;
}

/**
 * Readers looked for when settings name none.
 * - RF IDeas pcProx (0x0C27 is RF IDeas' USB vendor id; 0x3BFA is the product id of the common pcProx
 *   keyboard-emulation readers, from memory of `lsusb` listings: check yours with `lsusb`).
 * - EXAMPLE ONLY: 0x1209:0x0001 is a pid.codes test id, standing in for a reader that speaks the vendor
 *   report format documented in vendor-report.decoder.ts. No product is known to use it.
 * Only ever add card readers here: a keyboard-wedge entry reads every key typed on the matched device.
 */
export const DEFAULT_READERS: readonly ReaderConfig[] = [
  { vendorId: 0x0c27, productId: 0x3bfa, format: 'keyboard-wedge', presence: 'none', name: 'RF IDeas pcProx' },
  { vendorId: 0x1209, productId: 0x0001, format: 'vendor-report', name: 'Vendor-report reader (example id)' },
];

export interface NodeHidCardReaderOptions {
  readers?: readonly ReaderConfig[];
  /** How often to look for readers plugged in or pulled out. Default 2000 ms. */
  pollIntervalMs?: number;
  /** An already-loaded HID module (tests, the simulated reader). Default: node-hid, loaded lazily in start(). */
  hid?: HidModule;
  /** How to load the HID module when `hid` is not given. Default `loadNodeHid`. */
  loadHid?: () => Promise<HidModule>;
  now?: () => number;
}

export interface MatchedReader {
  device: HidDeviceInfo & { path: string };
  config: ReaderConfig;
}

/**
 * Load node-hid and its native binding. node-hid itself loads the binding on first use, so a missing
 * libusb would otherwise only show at the first enumeration; asking for the hidapi version forces it now.
 * Throws what the loader threw; `describeHidLoadFailure` turns that into words for the desk.
 */
export async function loadNodeHid(): Promise<HidModule> {
  const mod = (await import('node-hid')) as typeof import('node-hid') & { default?: typeof import('node-hid') };
  const real = typeof mod.devicesAsync === 'function' ? mod : mod.default;
  if (!real) throw new Error('node-hid did not load: no devicesAsync export');
  const hid: HidModule = real;
  hid.getHidapiVersion?.();
  return hid;
}

/** True when an error means the HID library itself cannot work here (module, native binding or shared library missing). */
export function isHidLoadFailure(e: unknown): boolean {
  const m = errorMessage(e);
  return (
    /libusb|libudev|cannot open shared object|file too short|invalid ELF|wrong ELF|undefined symbol|dlopen|\.node\b|No native build|Cannot find (module|package)/i.test(m) ||
    ['ERR_DLOPEN_FAILED', 'ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'].includes(errorCode(e) ?? '')
  );
}

/** Plain words for why USB card readers cannot work on this machine. */
export function describeHidLoadFailure(e: unknown): string {
  const m = errorMessage(e);
  const prefix = 'USB card reader support is unavailable';
  if (/libusb/i.test(m)) return `${prefix}: libusb is not installed or cannot be loaded (install the libusb-1.0-0 package).`;
  if (/libudev/i.test(m)) return `${prefix}: libudev is not installed or cannot be loaded.`;
  if (/Cannot find (module|package) ['"]?node-hid/i.test(m) || ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'].includes(errorCode(e) ?? '')) {
    return `${prefix}: the node-hid module is not installed.`;
  }
  if (/No native build|\.node\b|ELF|dlopen/i.test(m) || errorCode(e) === 'ERR_DLOPEN_FAILED') {
    return `${prefix}: the node-hid native module cannot be loaded on this computer.`;
  }
  return `${prefix}: ${m}`;
}

/** The devices in `devices` that are configured readers, each once, with the config it matched. */
export function matchReaders(devices: readonly HidDeviceInfo[], configs: readonly ReaderConfig[]): MatchedReader[] {
  const out: MatchedReader[] = [];
  const seen = new Set<string>();
  for (const d of devices) {
    const path = d.path;
    if (!path || seen.has(path)) continue;
    const config = configs.find((c) => c.vendorId === d.vendorId && c.productId === d.productId && interfaceMatches(c, d));
    if (!config) continue;
    seen.add(path);
    out.push({ device: { ...d, path }, config });
  }
  return out;
}

function interfaceMatches(c: ReaderConfig, d: HidDeviceInfo): boolean {
  const wedge = c.format === 'keyboard-wedge';
  const page = c.usagePage ?? (wedge ? 0x01 : undefined);
  const usage = c.usage ?? (wedge ? 0x06 : undefined);
  if (page === undefined || !d.usagePage) return true;
  if (d.usagePage !== page) return false;
  return usage === undefined || !d.usage || d.usage === usage;
}

/** Enumerate through `hid` (off the JS thread) and keep the configured readers: the driver's enumeration path. */
export async function findReaders(hid: HidModule, configs: readonly ReaderConfig[]): Promise<MatchedReader[]> {
  return matchReaders(await hid.devicesAsync(), configs);
}

interface OpenReader {
  readonly path: string;
  readonly readerId: string;
  readonly config: ReaderConfig;
  readonly handle: HidDeviceLike;
  readonly decoder: ReportDecoder;
  /** The card we told the listener is on this reader (tracked only when presence is known). */
  cardId: string | null;
  presenceTimer: ReturnType<typeof setTimeout> | null;
  closed: boolean;
}

const CLOSE_TIMEOUT_MS = 1_000;

/**
 * Card readers on USB HID through node-hid.
 *
 * Events: `status unavailable {readerId:null}` when node-hid cannot load (no libusb…); after the first scan
 * `status disconnected {readerId:null}` if no configured reader is plugged in; `status connected` when a
 * reader is opened; `status unavailable {readerId}` when a reader is plugged in but cannot be opened
 * (permissions; retried every poll, reported again only if the reason changes, `disconnected` if it is
 * unplugged); `inserted`/`removed` from its reports; and when a reader errors or disappears,
 * `removed` first if a card was on it (a pulled reader locks the desk), then `status disconnected`.
 * A reader that comes back is reopened by the next scan. `error` reports unusable input; it never
 * carries a card id.
 */
export class NodeHidCardReader implements CardReader {
  private readonly readers: readonly ReaderConfig[];
  private readonly pollIntervalMs: number;
  private readonly now: () => number;
  private listener: ((e: CardReaderEvent) => void) | null = null;
  private hid: HidModule | null = null;
  private running = false;
  private generation = 0;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private scanning: Promise<void> | null = null;
  private readonly open = new Map<string, OpenReader>();
  private readonly opening = new Set<string>();
  /** Per path, the open failure already reported (so a locked-down reader is not reported every poll). */
  private readonly openFailures = new Map<string, { readerId: string; reason: string }>();
  private lastEnumerationError: string | null = null;
  private announcedNoReader = false;

  constructor(private readonly opts: NodeHidCardReaderOptions = {}) {
    this.readers = opts.readers ?? DEFAULT_READERS;
    this.pollIntervalMs = opts.pollIntervalMs ?? 2_000;
    this.now = opts.now ?? (() => Date.now());
  }

  async start(listener: (e: CardReaderEvent) => void): Promise<void> {
    if (this.running) return;
    this.running = true;
    const gen = ++this.generation;
    this.listener = listener;
    this.announcedNoReader = false;
    this.lastEnumerationError = null;
    let hid: HidModule;
    try {
      hid = this.opts.hid ?? (await (this.opts.loadHid ?? loadNodeHid)());
    } catch (e) {
      if (gen === this.generation) this.emit({ type: 'status', state: 'unavailable', readerId: null, reason: describeHidLoadFailure(e) });
      return;
    }
    if (gen !== this.generation) return;
    this.hid = hid;
    await this.scan();
    this.schedule(gen);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    await this.scanning;
    const readers = [...this.open.values()];
    this.open.clear();
    this.openFailures.clear();
    for (const r of readers) this.retire(r);
    await Promise.all(readers.map((r) => closeQuietly(r.handle)));
    this.hid = null;
    this.listener = null;
  }

  /** Look for readers now instead of at the next poll (e.g. right after a simulated plug). */
  rescan(): Promise<void> {
    return this.scan();
  }

  /** The readers open right now (readerId and whether a card is known to be on it). */
  connectedReaders(): { readerId: string; cardId: string | null }[] {
    return [...this.open.values()].map((r) => ({ readerId: r.readerId, cardId: r.cardId }));
  }

  private scan(): Promise<void> {
    const hid = this.hid;
    if (!this.running || !hid) return Promise.resolve();
    if (!this.scanning) {
      this.scanning = this.scanOnce(hid, this.generation).finally(() => {
        this.scanning = null;
      });
    }
    return this.scanning;
  }

  private schedule(gen: number): void {
    if (!this.running || gen !== this.generation || !this.hid) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.scan().then(() => this.schedule(gen));
    }, this.pollIntervalMs);
    this.pollTimer.unref?.();
  }

  private async scanOnce(hid: HidModule, gen: number): Promise<void> {
    let found: MatchedReader[];
    try {
      found = await findReaders(hid, this.readers);
    } catch (e) {
      if (gen !== this.generation) return;
      if (isHidLoadFailure(e)) {
        this.hid = null; // no point polling a library that cannot load
        this.emit({ type: 'status', state: 'unavailable', readerId: null, reason: describeHidLoadFailure(e) });
        return;
      }
      const message = `Could not list USB devices: ${errorMessage(e)}`;
      if (message !== this.lastEnumerationError) this.emit({ type: 'error', readerId: null, message });
      this.lastEnumerationError = message;
      return;
    }
    if (gen !== this.generation) return;
    this.lastEnumerationError = null;
    const listed = new Set(found.map((f) => f.device.path));
    for (const r of [...this.open.values()]) if (!listed.has(r.path)) this.lose(r, 'The card reader was unplugged.');
    for (const [path, failure] of [...this.openFailures]) {
      if (listed.has(path)) continue;
      this.openFailures.delete(path);
      this.emit({ type: 'status', state: 'disconnected', readerId: failure.readerId, reason: 'The card reader was unplugged.' });
    }
    const fresh = found.filter((f) => !this.open.has(f.device.path) && !this.opening.has(f.device.path));
    await Promise.all(fresh.map((f) => this.openReader(hid, f, gen)));
    if (gen !== this.generation) return;
    if (!this.announcedNoReader && this.open.size === 0 && this.openFailures.size === 0) {
      this.emit({ type: 'status', state: 'disconnected', readerId: null, reason: 'No card reader is connected.' });
    }
    this.announcedNoReader = true;
  }

  private async openReader(hid: HidModule, { device, config }: MatchedReader, gen: number): Promise<void> {
    const path = device.path;
    this.opening.add(path);
    let handle: HidDeviceLike;
    try {
      handle = await hid.HIDAsync.open(path);
    } catch (e) {
      if (gen === this.generation) {
        const readerId = this.readerIdFor(device, config);
        const reason = openFailureReason(e, config);
        if (this.openFailures.get(path)?.reason !== reason) this.emit({ type: 'status', state: 'unavailable', readerId, reason });
        this.openFailures.set(path, { readerId, reason });
      }
      return;
    } finally {
      this.opening.delete(path);
    }
    if (gen !== this.generation || !this.running) {
      await closeQuietly(handle);
      return;
    }
    this.openFailures.delete(path);
    const reader: OpenReader = {
      path,
      readerId: this.readerIdFor(device, config),
      config,
      handle,
      decoder: decoderFor(config, this.now),
      cardId: null,
      presenceTimer: null,
      closed: false,
    };
    // Listeners stay attached until close(): removing the 'error' one early would turn a late read error into a crash.
    handle.on('data', (data) => this.onData(reader, data));
    handle.on('error', (err) => this.lose(reader, `The card reader stopped responding (${errorMessage(err)}).`));
    this.open.set(path, reader);
    this.emit({ type: 'status', state: 'connected', readerId: reader.readerId });
  }

  private onData(reader: OpenReader, data: Uint8Array): void {
    if (reader.closed) return;
    let outputs: DecoderOutput[];
    try {
      outputs = reader.decoder.push(data);
    } catch (e) {
      this.emit({ type: 'error', readerId: reader.readerId, message: `Could not decode the card reader's report: ${errorMessage(e)}` });
      return;
    }
    for (const o of outputs) this.onOutput(reader, o);
  }

  private onOutput(reader: OpenReader, o: DecoderOutput): void {
    const readerId = reader.readerId;
    switch (o.kind) {
      case 'error':
        return this.emit({ type: 'error', readerId, message: o.message });
      case 'removed':
        if (reader.cardId === null) return;
        reader.cardId = null;
        return this.emit({ type: 'removed', readerId });
      case 'inserted':
        reader.cardId = o.cardId;
        return this.emit({ type: 'inserted', cardId: o.cardId, readerId });
      case 'read': {
        if ((reader.config.presence ?? 'none') === 'none') return this.emit({ type: 'inserted', cardId: o.cardId, readerId });
        if (reader.presenceTimer) clearTimeout(reader.presenceTimer);
        reader.presenceTimer = setTimeout(() => this.presenceLapsed(reader), reader.config.presenceTimeoutMs ?? 2_500);
        reader.presenceTimer.unref?.();
        if (reader.cardId === o.cardId) return; // the reader re-sent the id of the card still on it
        if (reader.cardId !== null) this.emit({ type: 'removed', readerId });
        reader.cardId = o.cardId;
        return this.emit({ type: 'inserted', cardId: o.cardId, readerId });
      }
    }
  }

  private presenceLapsed(reader: OpenReader): void {
    reader.presenceTimer = null;
    if (reader.closed || reader.cardId === null) return;
    reader.cardId = null;
    this.emit({ type: 'removed', readerId: reader.readerId });
  }

  /** The reader errored or left: removed (if a card was on it), then disconnected; the handle is closed. */
  private lose(reader: OpenReader, reason: string): void {
    if (reader.closed) return;
    this.retire(reader);
    if (this.open.get(reader.path) === reader) this.open.delete(reader.path);
    if (reader.cardId !== null) {
      reader.cardId = null;
      this.emit({ type: 'removed', readerId: reader.readerId });
    }
    this.emit({ type: 'status', state: 'disconnected', readerId: reader.readerId, reason });
    void closeQuietly(reader.handle);
  }

  private retire(reader: OpenReader): void {
    reader.closed = true;
    if (reader.presenceTimer) clearTimeout(reader.presenceTimer);
    reader.presenceTimer = null;
    reader.decoder.reset();
  }

  private readerIdFor(device: HidDeviceInfo & { path: string }, config: ReaderConfig): string {
    const base = config.readerId ?? `hid:${hex4(device.vendorId)}:${hex4(device.productId)}${device.serialNumber ? `:${device.serialNumber}` : ''}`;
    const clash = [...this.open.values()].some((r) => r.readerId === base && r.path !== device.path);
    return clash ? `${base}@${device.path}` : base;
  }

  private emit(e: CardReaderEvent): void {
    if (!this.running || !this.listener) return;
    try {
      this.listener(e);
    } catch {
      // A listener's bug must not stop the reader (and start() promises never to throw).
    }
  }
}

function decoderFor(config: ReaderConfig, now: () => number): ReportDecoder {
  if (config.format === 'keyboard-wedge') {
    return new KeyboardWedgeDecoder({
      now,
      ...(config.reportId !== undefined && { reportId: config.reportId }),
      ...(config.reportLength !== undefined && { reportLength: config.reportLength }),
      ...(config.idTimeoutMs !== undefined && { timeoutMs: config.idTimeoutMs }),
    });
  }
  return new VendorReportDecoder({
    now,
    ...(config.reportId !== undefined && { reportId: config.reportId }),
    ...(config.reportLength !== undefined && { reportLength: config.reportLength }),
  });
}

function openFailureReason(e: unknown, config: ReaderConfig): string {
  const name = config.name ?? `${hex4(config.vendorId)}:${hex4(config.productId)}`;
  const hint =
    process.platform === 'linux'
      ? ' If this is a permissions problem, install the udev rule described in resources/README-card-readers.md.'
      : '';
  return `The card reader (${name}) is plugged in but could not be opened: ${errorMessage(e).replace(/\.$/, '')}.${hint}`;
}

async function closeQuietly(handle: HidDeviceLike): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      handle.close(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        timer.unref?.();
      }),
    ]);
  } catch {
    // closing a device that has gone away fails; it is closed either way
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
