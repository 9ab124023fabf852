/**
 * The part of node-hid the driver uses, as interfaces: the real module satisfies them (checked by
 * `loadNodeHid`), and tests and the simulated reader plug in an in-memory one (memory-hid.ts).
 * Only the async API: enumeration and reads run off the JS thread.
 */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  /** hidraw node on Linux (/dev/hidrawN), IOService path on macOS, device path on Windows. */
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  interface?: number | undefined;
  /** Top-level collection of this interface; 0 or missing when the backend does not know it. */
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/** An open device: emits 'data' (one input report per event, as a Buffer) and 'error' (read failed: usually unplugged). */
export interface HidDeviceLike {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): Promise<void>;
}

export interface HidModule {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<HidDeviceLike> };
  /** Forces the native binding to load (node-hid loads it lazily): how a missing libusb shows up early. */
  getHidapiVersion?(): string;
}
