import type { CardReader, CardReaderEvent } from './card-reader';
import { MemoryHid, type MemoryHidDevice } from './memory-hid';
import { NodeHidCardReader, type ReaderConfig } from './node-hid.driver';
import { encodeVendorReport, uidFromCardId } from './vendor-report.decoder';

/** The simulated reader's USB identity (the pid.codes test id used by the example vendor-report reader). */
export const SIMULATED_READER_DEVICE = {
  vendorId: 0x1209,
  productId: 0x0001,
  path: 'simulated:card-reader',
  product: 'Simulated card reader',
  usagePage: 0xff00,
  usage: 0x01,
} as const;

export interface SimulatedCardReaderOptions {
  /** readerId in events. Default 'simulated'. */
  readerId?: string;
  /** Whether the reader is plugged in when started. Default true. */
  plugged?: boolean;
}

/**
 * A card reader for demo mode and tests that goes through the real path: it is a vendor-report reader on
 * an in-memory HID bus, so present()/withdraw() send real report bytes to the same NodeHidCardReader,
 * decoder and hot-plug logic a USB reader uses, and unplug() fails the device like a pulled USB cable.
 *
 * Card ids are the reader's format: upper-case hex of a 1..16-byte UID, e.g. '04A1B2C3D4E5F6'.
 * A card left on the reader while it is unplugged is reported again when it is plugged back in,
 * as a real reader does with its first report.
 */
export class SimulatedCardReader implements CardReader {
  private readonly bus = new MemoryHid();
  private readonly driver: NodeHidCardReader;
  private device: MemoryHidDevice | null = null;
  private card: Uint8Array | null = null;
  private plugged: boolean;

  constructor(opts: SimulatedCardReaderOptions = {}) {
    const config: ReaderConfig = {
      vendorId: SIMULATED_READER_DEVICE.vendorId,
      productId: SIMULATED_READER_DEVICE.productId,
      format: 'vendor-report',
      name: 'Simulated card reader',
      readerId: opts.readerId ?? 'simulated',
    };
    // Hot-plug is driven by plug()/unplug() calling rescan(); the poll is only a backstop.
    this.driver = new NodeHidCardReader({ readers: [config], hid: this.bus, pollIntervalMs: 60_000 });
    this.plugged = opts.plugged ?? true;
    if (this.plugged) this.device = this.bus.plug({ ...SIMULATED_READER_DEVICE });
  }

  async start(listener: (e: CardReaderEvent) => void): Promise<void> {
    await this.driver.start(listener);
    this.sendCardState();
  }

  stop(): Promise<void> {
    return this.driver.stop();
  }

  /** Put a card on the reader (replacing any card already on it). */
  async present(cardId: string): Promise<void> {
    const uid = uidFromCardId(cardId);
    if (!uid) throw new RangeError(`A simulated card id is 2 to 32 hex digits (an even number), not ${JSON.stringify(cardId)}`);
    this.card = uid;
    this.sendCardState();
  }

  /** Take the card off the reader. */
  async withdraw(): Promise<void> {
    this.card = null;
    this.sendCardState();
  }

  /** Pull the reader's USB cable. */
  async unplug(): Promise<void> {
    if (!this.plugged) return;
    this.plugged = false;
    this.device = null;
    this.bus.unplug(SIMULATED_READER_DEVICE.path);
    await this.driver.rescan();
  }

  /** Plug the reader back in; a card still on it is reported. */
  async plug(): Promise<void> {
    if (this.plugged) return;
    this.plugged = true;
    this.device = this.bus.plug({ ...SIMULATED_READER_DEVICE });
    await this.driver.rescan();
    this.sendCardState();
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  private sendCardState(): void {
    this.device?.send(encodeVendorReport(this.card ? { uid: this.card } : null));
  }
}
