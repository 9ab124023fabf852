import type { CardReader } from './card-reader';
import type { HidModule } from './hid.types';
import { NodeHidCardReader, type ReaderConfig } from './node-hid.driver';
import { SimulatedCardReader, type SimulatedCardReaderOptions } from './simulated.reader';

export type { CardReader, CardReaderEvent } from './card-reader';
export { CardReaderSettingsSchema, ReaderConfigSchema } from './card-reader.settings';
export type { HidDeviceInfo, HidDeviceLike, HidModule } from './hid.types';
export {
  BOOT_REPORT_LENGTH,
  KeyboardWedgeDecoder,
  encodeWedgeText,
  usageToChar,
  type KeyboardWedgeDecoderOptions,
  type KeyboardWedgeStats,
} from './keyboard-wedge.decoder';
export { MemoryHid, MemoryHidDevice } from './memory-hid';
export {
  DEFAULT_READERS,
  NodeHidCardReader,
  describeHidLoadFailure,
  findReaders,
  isHidLoadFailure,
  loadNodeHid,
  matchReaders,
  type MatchedReader,
  type NodeHidCardReaderOptions,
  type ReaderConfig,
  type ReaderFormat,
} from './node-hid.driver';
export { CARD_ID_PATTERN, type DecoderOutput, type ReportDecoder } from './report-decoder';
export { SIMULATED_READER_DEVICE, SimulatedCardReader, type SimulatedCardReaderOptions } from './simulated.reader';
export {
  VENDOR_REPORT_ID,
  VENDOR_REPORT_LENGTH,
  VendorReportDecoder,
  encodeVendorReport,
  uidFromCardId,
  type VendorReportDecoderOptions,
  type VendorReportStats,
} from './vendor-report.decoder';

export interface CardReaderSettings {
  driver: 'simulated' | 'node-hid';
  /** node-hid: the readers to look for; none given = DEFAULT_READERS. */
  readers?: readonly ReaderConfig[];
  /** node-hid: how often to look for readers plugged in or pulled out (ms). */
  pollIntervalMs?: number;
}

export interface CardReaderDeps {
  /** node-hid: an HID module to use instead of loading node-hid (tests). */
  hid?: HidModule;
  /** node-hid: how to load the HID module (default: node-hid, lazily, in start()). */
  loadHid?: () => Promise<HidModule>;
  /** simulated: options for the simulated reader. */
  simulated?: SimulatedCardReaderOptions;
}

/** The reader the settings ask for. Nothing is loaded or opened until start(). */
export function createCardReader(settings: CardReaderSettings & { driver: 'simulated' }, deps?: CardReaderDeps): SimulatedCardReader;
export function createCardReader(settings: CardReaderSettings & { driver: 'node-hid' }, deps?: CardReaderDeps): NodeHidCardReader;
export function createCardReader(settings: CardReaderSettings, deps?: CardReaderDeps): CardReader;
export function createCardReader(settings: CardReaderSettings, deps: CardReaderDeps = {}): CardReader {
  if (settings.driver === 'simulated') return new SimulatedCardReader(deps.simulated);
  return new NodeHidCardReader({
    ...(settings.readers && settings.readers.length > 0 && { readers: settings.readers }),
    ...(settings.pollIntervalMs !== undefined && { pollIntervalMs: settings.pollIntervalMs }),
    ...(deps.hid && { hid: deps.hid }),
    ...(deps.loadHid && { loadHid: deps.loadHid }),
  });
}
