/**
 * A smartcard / badge reader as the core sees it, whatever the hardware: a card arrives, a card
 * leaves, the reader comes and goes. Drivers: node-hid (real USB HID readers) and simulated (demo, tests).
 */
export type CardReaderEvent =
  | { type: 'inserted'; cardId: string; readerId: string }
  | { type: 'removed'; readerId: string }
  /** Reader state for the UI: connected, disconnected (unplugged), or unavailable (no driver, no libusb…) with why. */
  | { type: 'status'; state: 'connected' | 'disconnected' | 'unavailable'; readerId: string | null; reason?: string }
  | { type: 'error'; readerId: string | null; message: string };

export interface CardReader {
  /** Start watching; events arrive through the listener until stop(). Never throws: problems become events. */
  start(listener: (e: CardReaderEvent) => void): Promise<void>;
  stop(): Promise<void>;
}
