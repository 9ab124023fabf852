import { EventEmitter } from 'node:events';
import type { HidDeviceInfo, HidDeviceLike, HidModule } from './hid.types';

/**
 * An in-memory stand-in for node-hid: devices are plugged and unplugged by code, and an open device
 * delivers whatever bytes it is given (recorded streams, or reports made up by the simulated reader)
 * exactly as node-hid would: one 'data' Buffer per chunk, 'error' when the device goes away.
 */
export class MemoryHidDevice {
  private readonly handles = new Set<MemoryHidHandle>();

  constructor(readonly info: HidDeviceInfo & { path: string }) {}

  /** Deliver one chunk to every open handle (one chunk = one read from the device). */
  send(bytes: Uint8Array | readonly number[]): void {
    for (const h of [...this.handles]) h.deliver(Buffer.from(bytes as Uint8Array));
  }

  /** Deliver each chunk in turn. */
  replay(chunks: Iterable<Uint8Array | readonly number[]>): void {
    for (const c of chunks) this.send(c);
  }

  /** A read failure on every open handle, as hidraw reports an unplugged device. */
  fail(error: unknown = new Error('could not read from HID device')): void {
    for (const h of [...this.handles]) h.emit('error', error);
  }

  get openHandles(): number {
    return this.handles.size;
  }

  /** @internal */
  attach(h: MemoryHidHandle): void {
    this.handles.add(h);
  }

  /** @internal */
  detach(h: MemoryHidHandle): void {
    this.handles.delete(h);
  }
}

export class MemoryHidHandle extends EventEmitter implements HidDeviceLike {
  closed = false;

  constructor(private readonly device: MemoryHidDevice) {
    super();
    device.attach(this);
  }

  deliver(data: Buffer): void {
    if (!this.closed) this.emit('data', data);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.device.detach(this);
    this.removeAllListeners();
  }
}

export class MemoryHid implements HidModule {
  private readonly listed = new Map<string, MemoryHidDevice>();
  private readonly openFailures = new Map<string, unknown>();
  /** When set, devicesAsync() rejects with it. */
  enumerationError: unknown = null;
  readonly calls = { devicesAsync: 0, open: [] as string[] };

  readonly HIDAsync = {
    open: async (path: string): Promise<HidDeviceLike> => {
      this.calls.open.push(path);
      const failure = this.openFailures.get(path);
      if (failure !== undefined) throw failure;
      const device = this.listed.get(path);
      if (!device) throw new Error(`cannot open device with path ${path}`);
      return new MemoryHidHandle(device);
    },
  };

  async devicesAsync(): Promise<HidDeviceInfo[]> {
    this.calls.devicesAsync++;
    if (this.enumerationError !== null) throw this.enumerationError;
    return [...this.listed.values()].map((d) => ({ ...d.info }));
  }

  /** Plug a device in (listed by the next enumeration). Plugging a known path again returns the same device. */
  plug(info: HidDeviceInfo & { path: string }): MemoryHidDevice {
    const device = this.listed.get(info.path) ?? new MemoryHidDevice(info);
    this.listed.set(info.path, device);
    return device;
  }

  /**
   * Pull a device out: it leaves the list and its open handles fail, as hidraw reports a real unplug.
   * `silently`: the handles stay quiet and only the next enumeration shows the device gone.
   */
  unplug(path: string, opts: { silently?: boolean } = {}): void {
    const device = this.listed.get(path);
    this.listed.delete(path);
    if (!opts.silently) device?.fail();
  }

  /** Make opening `path` fail (e.g. permission denied) until cleared with `null`. */
  failOpen(path: string, error: unknown | null): void {
    if (error === null) this.openFailures.delete(path);
    else this.openFailures.set(path, error);
  }

  device(path: string): MemoryHidDevice | undefined {
    return this.listed.get(path);
  }
}
