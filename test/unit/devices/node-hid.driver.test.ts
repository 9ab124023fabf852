import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardReaderEvent } from '../../../electron/core/devices/card-reader';
import { MemoryHid, type MemoryHidDevice } from '../../../electron/core/devices/memory-hid';
import {
  DEFAULT_READERS,
  NodeHidCardReader,
  describeHidLoadFailure,
  matchReaders,
  type NodeHidCardReaderOptions,
  type ReaderConfig,
} from '../../../electron/core/devices/node-hid.driver';
import { loadHidStream, type HidChunk } from '../../fixtures/hid/load';

const POLL = 100;
const WEDGE: ReaderConfig = { vendorId: 0x0c27, productId: 0x3bfa, format: 'keyboard-wedge', name: 'RF IDeas pcProx' };
const VENDOR: ReaderConfig = { vendorId: 0x1209, productId: 0x0001, format: 'vendor-report' };
const WEDGE_DEVICE = { vendorId: 0x0c27, productId: 0x3bfa, path: '/dev/hidraw3', serialNumber: 'P1', usagePage: 0x01, usage: 0x06 };
const VENDOR_DEVICE = { vendorId: 0x1209, productId: 0x0001, path: '/dev/hidraw5', usagePage: 0xff00, usage: 0x01 };
const WEDGE_ID = 'hid:0c27:3bfa:P1';
const VENDOR_ID = 'hid:1209:0001';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function rig(readers: ReaderConfig[], extra: Partial<NodeHidCardReaderOptions> = {}) {
  const hid = new MemoryHid();
  const events: CardReaderEvent[] = [];
  const reader = new NodeHidCardReader({ readers, hid, pollIntervalMs: POLL, ...extra });
  /** Events since the last call. */
  const take = () => events.splice(0);
  return { hid, events, reader, take, start: () => reader.start((e) => events.push(e)) };
}

/** Replay a recorded stream through a device, advancing the (fake) clock to each read's time. */
async function replay(device: MemoryHidDevice, chunks: readonly HidChunk[]): Promise<void> {
  const t0 = Date.now();
  for (const c of chunks) {
    const wait = t0 + c.atMs - Date.now();
    if (wait > 0) await vi.advanceTimersByTimeAsync(wait);
    device.send(c.bytes);
  }
}

describe('NodeHidCardReader: keyboard-wedge readers', () => {
  it('opens a plugged-in reader, reports it connected and turns its reports into inserted events (presence none: no removed)', async () => {
    const r = rig([WEDGE]);
    const dev = r.hid.plug(WEDGE_DEVICE);
    await r.start();
    expect(r.take()).toEqual([{ type: 'status', state: 'connected', readerId: WEDGE_ID }]);
    expect(r.hid.calls.open).toEqual(['/dev/hidraw3']);

    await replay(dev, loadHidStream('wedge-normal.hex'));
    await replay(dev, loadHidStream('wedge-split.hex'));
    await replay(dev, loadHidStream('wedge-shift.hex'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(r.take()).toEqual([
      { type: 'inserted', cardId: '0004211234', readerId: WEDGE_ID },
      { type: 'inserted', cardId: '0004211234', readerId: WEDGE_ID },
      { type: 'inserted', cardId: 'AB12cDEF', readerId: WEDGE_ID },
    ]);
    await r.reader.stop();
  });

  it('presence repeat: re-reads of the same card are silent; no re-read within the timeout means removed; another card swaps', async () => {
    const r = rig([{ ...WEDGE, presence: 'repeat', presenceTimeoutMs: 1_000 }]);
    const dev = r.hid.plug(WEDGE_DEVICE);
    await r.start();
    r.take();
    const card = loadHidStream('wedge-normal.hex');
    await replay(dev, card);
    expect(r.take()).toEqual([{ type: 'inserted', cardId: '0004211234', readerId: WEDGE_ID }]);
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(800); // the reader re-sends every 800 ms while the card stays
      await replay(dev, card);
    }
    expect(r.take()).toEqual([]);
    await replay(dev, loadHidStream('wedge-held-key.hex')); // a different card
    expect(r.take()).toEqual([
      { type: 'removed', readerId: WEDGE_ID },
      { type: 'inserted', cardId: '7731', readerId: WEDGE_ID },
    ]);
    await vi.advanceTimersByTimeAsync(999);
    expect(r.take()).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    expect(r.take()).toEqual([{ type: 'removed', readerId: WEDGE_ID }]);
    await r.reader.stop();
  });

  it("unusable input from the reader becomes error events that never carry a card id", async () => {
    const r = rig([WEDGE]);
    const dev = r.hid.plug(WEDGE_DEVICE);
    await r.start();
    r.take();
    await replay(dev, loadHidStream('wedge-garbage.hex'));
    await replay(dev, loadHidStream('wedge-timeout.hex'));
    const events = r.take();
    expect(events.filter((e) => e.type === 'inserted')).toEqual([
      { type: 'inserted', cardId: '31415926', readerId: WEDGE_ID },
      { type: 'inserted', cardId: '98765432', readerId: WEDGE_ID },
    ]);
    const errors = events.filter((e) => e.type === 'error');
    expect(errors).toHaveLength(4);
    expect(errors.every((e) => e.readerId === WEDGE_ID)).toBe(true);
  });

  it('opens only the keyboard interface of a wedge reader and ignores devices that are not configured readers', () => {
    const devices = [
      { ...WEDGE_DEVICE, path: 'kbd', usagePage: 0x01, usage: 0x06 },
      { ...WEDGE_DEVICE, path: 'cfg', usagePage: 0xff00, usage: 0x01 },
      { ...WEDGE_DEVICE, path: 'unknown-page', usagePage: 0, usage: 0 }, // backend without usage pages: accepted
      { vendorId: 0x046d, productId: 0xc31c, path: 'someone-elses-keyboard', usagePage: 0x01, usage: 0x06 },
      { ...WEDGE_DEVICE, path: undefined },
    ];
    expect(matchReaders(devices, [WEDGE]).map((m) => m.device.path)).toEqual(['kbd', 'unknown-page']);
    expect(matchReaders(devices, [{ ...WEDGE, usagePage: 0xff00, usage: 0x01 }]).map((m) => m.device.path)).toEqual(['cfg', 'unknown-page']);
  });
});

describe('NodeHidCardReader: vendor-report readers', () => {
  it('inserted and removed follow the reports; repeats are silent; a swap is removed + inserted; bad reports are errors', async () => {
    const r = rig([VENDOR]);
    const dev = r.hid.plug(VENDOR_DEVICE);
    await r.start();
    expect(r.take()).toEqual([{ type: 'status', state: 'connected', readerId: VENDOR_ID }]);
    await replay(dev, loadHidStream('vendor-normal.hex'));
    await replay(dev, loadHidStream('vendor-concatenated.hex'));
    expect(r.take()).toEqual([
      { type: 'inserted', cardId: '04A1B2C3D4E5F6', readerId: VENDOR_ID },
      { type: 'removed', readerId: VENDOR_ID },
      { type: 'inserted', cardId: '04A1B2C3D4E5F6', readerId: VENDOR_ID },
      { type: 'removed', readerId: VENDOR_ID },
      { type: 'inserted', cardId: 'DEADBEEF', readerId: VENDOR_ID },
      { type: 'removed', readerId: VENDOR_ID },
    ]);
    await replay(dev, loadHidStream('vendor-bad-length.hex'));
    const events = r.take();
    expect(events.filter((e) => e.type === 'error')).toHaveLength(5);
    expect(events.at(-1)).toEqual({ type: 'inserted', cardId: 'DEADBEEF', readerId: VENDOR_ID });
    await r.reader.stop();
  });
});

describe('NodeHidCardReader: hot-plug', () => {
  it('no reader at start: says so once; a reader plugged in later is found by the poll', async () => {
    const r = rig([WEDGE, VENDOR]);
    await r.start();
    expect(r.take()).toEqual([{ type: 'status', state: 'disconnected', readerId: null, reason: 'No card reader is connected.' }]);
    await vi.advanceTimersByTimeAsync(POLL * 5);
    expect(r.take()).toEqual([]);
    r.hid.plug(VENDOR_DEVICE);
    await vi.advanceTimersByTimeAsync(POLL);
    expect(r.take()).toEqual([{ type: 'status', state: 'connected', readerId: VENDOR_ID }]);
    await r.reader.stop();
  });

  it('a reader pulled out with a card on it: removed first (the desk locks), then disconnected; its handle is closed', async () => {
    const r = rig([VENDOR]);
    const dev = r.hid.plug(VENDOR_DEVICE);
    await r.start();
    await replay(dev, loadHidStream('vendor-normal.hex').slice(0, 2)); // card placed, still on the reader
    r.take();
    r.hid.unplug(VENDOR_DEVICE.path);
    expect(r.take()).toEqual([
      { type: 'removed', readerId: VENDOR_ID },
      { type: 'status', state: 'disconnected', readerId: VENDOR_ID, reason: expect.stringMatching(/stopped responding/) },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(dev.openHandles).toBe(0);
    await vi.advanceTimersByTimeAsync(POLL * 3);
    expect(r.take()).toEqual([]); // nothing more while it is out
  });

  it('replugged: connected again and reading resumes (the old card state is forgotten)', async () => {
    const r = rig([VENDOR]);
    const dev = r.hid.plug(VENDOR_DEVICE);
    await r.start();
    await replay(dev, loadHidStream('vendor-normal.hex').slice(0, 2));
    r.hid.unplug(VENDOR_DEVICE.path);
    await vi.advanceTimersByTimeAsync(POLL);
    r.take();
    const again = r.hid.plug(VENDOR_DEVICE);
    await vi.advanceTimersByTimeAsync(POLL);
    expect(r.take()).toEqual([{ type: 'status', state: 'connected', readerId: VENDOR_ID }]);
    await replay(again, loadHidStream('vendor-normal.hex'));
    expect(r.take()).toEqual([
      { type: 'inserted', cardId: '04A1B2C3D4E5F6', readerId: VENDOR_ID },
      { type: 'removed', readerId: VENDOR_ID },
    ]);
    expect(r.hid.calls.open).toEqual([VENDOR_DEVICE.path, VENDOR_DEVICE.path]);
    await r.reader.stop();
  });

  it('a reader that vanishes from enumeration without a read error is noticed by the poll', async () => {
    const r = rig([{ ...WEDGE, presence: 'repeat', presenceTimeoutMs: 60_000 }]);
    const dev = r.hid.plug(WEDGE_DEVICE);
    await r.start();
    await replay(dev, loadHidStream('wedge-normal.hex'));
    r.take();
    r.hid.unplug(WEDGE_DEVICE.path, { silently: true });
    expect(r.take()).toEqual([]);
    await vi.advanceTimersByTimeAsync(POLL);
    expect(r.take()).toEqual([
      { type: 'removed', readerId: WEDGE_ID },
      { type: 'status', state: 'disconnected', readerId: WEDGE_ID, reason: 'The card reader was unplugged.' },
    ]);
    expect(dev.openHandles).toBe(0);
    await r.reader.stop();
  });

  it('a read error on a reader still plugged in: disconnected, then reopened by the next poll', async () => {
    const r = rig([WEDGE]);
    const dev = r.hid.plug(WEDGE_DEVICE);
    await r.start();
    r.take();
    dev.fail(new Error('could not read from HID device'));
    expect(r.take()).toEqual([
      { type: 'status', state: 'disconnected', readerId: WEDGE_ID, reason: 'The card reader stopped responding (could not read from HID device).' },
    ]);
    dev.fail(new Error('a second error on the dead handle')); // must neither crash nor repeat the event
    expect(r.take()).toEqual([]);
    await vi.advanceTimersByTimeAsync(POLL);
    expect(r.take()).toEqual([{ type: 'status', state: 'connected', readerId: WEDGE_ID }]);
    await replay(dev, loadHidStream('wedge-normal.hex'));
    expect(r.take()).toEqual([{ type: 'inserted', cardId: '0004211234', readerId: WEDGE_ID }]);
    await r.reader.stop();
  });

  it('a reader that cannot be opened (permissions) is reported once as unavailable with the udev hint, and opened once allowed', async () => {
    const r = rig([WEDGE]);
    r.hid.plug(WEDGE_DEVICE);
    r.hid.failOpen(WEDGE_DEVICE.path, new Error('cannot open device with path /dev/hidraw3'));
    await r.start();
    const first = r.take();
    expect(first).toEqual([{ type: 'status', state: 'unavailable', readerId: WEDGE_ID, reason: expect.stringContaining('RF IDeas pcProx') }]);
    if (process.platform === 'linux') expect(first[0]).toMatchObject({ reason: expect.stringContaining('udev rule') });
    await vi.advanceTimersByTimeAsync(POLL * 3);
    expect(r.take()).toEqual([]);
    expect(r.hid.calls.open.length).toBe(4); // still retried every poll
    r.hid.failOpen(WEDGE_DEVICE.path, null);
    await vi.advanceTimersByTimeAsync(POLL);
    expect(r.take()).toEqual([{ type: 'status', state: 'connected', readerId: WEDGE_ID }]);
    await r.reader.stop();
  });

  it('a reader that could not be opened and is then unplugged is reported disconnected (the UI does not keep showing it)', async () => {
    const r = rig([WEDGE]);
    r.hid.plug(WEDGE_DEVICE);
    r.hid.failOpen(WEDGE_DEVICE.path, new Error('Permission denied'));
    await r.start();
    expect(r.take()).toEqual([{ type: 'status', state: 'unavailable', readerId: WEDGE_ID, reason: expect.stringContaining('Permission denied') }]);
    r.hid.unplug(WEDGE_DEVICE.path);
    await vi.advanceTimersByTimeAsync(POLL);
    expect(r.take()).toEqual([{ type: 'status', state: 'disconnected', readerId: WEDGE_ID, reason: 'The card reader was unplugged.' }]);
    await r.reader.stop();
  });

  it('two identical readers without serial numbers get distinct reader ids', async () => {
    const r = rig([VENDOR]);
    r.hid.plug(VENDOR_DEVICE);
    r.hid.plug({ ...VENDOR_DEVICE, path: '/dev/hidraw6' });
    await r.start();
    const ids = r.take().map((e) => e.readerId);
    expect(new Set(ids).size).toBe(2);
    expect(ids).toContain(VENDOR_ID);
    expect(r.reader.connectedReaders()).toHaveLength(2);
    await r.reader.stop();
  });
});

describe('NodeHidCardReader: availability and errors', () => {
  it('node-hid failing to load (no libusb) → status unavailable with a plain reason; start() does not throw', async () => {
    const events: CardReaderEvent[] = [];
    const reader = new NodeHidCardReader({
      loadHid: () => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory')),
    });
    await expect(reader.start((e) => events.push(e))).resolves.toBeUndefined();
    expect(events).toEqual([
      {
        type: 'status',
        state: 'unavailable',
        readerId: null,
        reason: 'USB card reader support is unavailable: libusb is not installed or cannot be loaded (install the libusb-1.0-0 package).',
      },
    ]);
    await reader.stop();
  });

  it('plain reasons for the other ways loading fails', () => {
    const missing = Object.assign(new Error("Cannot find package 'node-hid' imported from /app/core.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(describeHidLoadFailure(missing)).toBe('USB card reader support is unavailable: the node-hid module is not installed.');
    expect(describeHidLoadFailure(new Error('/x/HID_hidraw.node: invalid ELF header'))).toBe(
      'USB card reader support is unavailable: the node-hid native module cannot be loaded on this computer.',
    );
    expect(describeHidLoadFailure(new Error('libudev.so.1: cannot open shared object file'))).toMatch(/libudev is not installed/);
  });

  it('the native binding failing at first enumeration (node-hid loads it lazily) is also unavailable, and polling stops', async () => {
    const r = rig([WEDGE]);
    r.hid.enumerationError = new Error('/tmp/x/libusb-1.0.so.0: file too short');
    await r.start();
    expect(r.take()).toEqual([{ type: 'status', state: 'unavailable', readerId: null, reason: expect.stringMatching(/libusb/) }]);
    const calls = r.hid.calls.devicesAsync;
    await vi.advanceTimersByTimeAsync(POLL * 10);
    expect(r.hid.calls.devicesAsync).toBe(calls);
    await r.reader.stop();
  });

  it('a passing enumeration failure is one error event; polling carries on and recovers', async () => {
    const r = rig([VENDOR]);
    r.hid.enumerationError = new Error('hid_enumerate failed');
    await r.start();
    await vi.advanceTimersByTimeAsync(POLL * 3);
    expect(r.take()).toEqual([{ type: 'error', readerId: null, message: 'Could not list USB devices: hid_enumerate failed' }]);
    r.hid.enumerationError = null;
    r.hid.plug(VENDOR_DEVICE);
    await vi.advanceTimersByTimeAsync(POLL);
    expect(r.take()).toEqual([{ type: 'status', state: 'connected', readerId: VENDOR_ID }]);
    await r.reader.stop();
  });

  it('a listener that throws does not stop the reader', async () => {
    const hid = new MemoryHid();
    const dev = hid.plug(VENDOR_DEVICE);
    const seen: string[] = [];
    const reader = new NodeHidCardReader({ readers: [VENDOR], hid, pollIntervalMs: POLL });
    await reader.start((e) => {
      seen.push(e.type);
      throw new Error('listener bug');
    });
    await replay(dev, loadHidStream('vendor-normal.hex'));
    expect(seen).toEqual(['status', 'inserted', 'removed']);
    await reader.stop();
  });

  it('the defaults include the pcProx as a keyboard wedge with no removal events', () => {
    expect(DEFAULT_READERS).toContainEqual(expect.objectContaining({ vendorId: 0x0c27, productId: 0x3bfa, format: 'keyboard-wedge', presence: 'none' }));
  });
});

describe('NodeHidCardReader: stop()', () => {
  it('closes open devices, stops polling, and emits nothing afterwards; start() again works', async () => {
    const r = rig([VENDOR, { ...WEDGE, presence: 'repeat' }]);
    const vdev = r.hid.plug(VENDOR_DEVICE);
    const wdev = r.hid.plug(WEDGE_DEVICE);
    await r.start();
    await replay(wdev, loadHidStream('wedge-normal.hex')); // arms the presence timer
    r.take();
    expect(vdev.openHandles + wdev.openHandles).toBe(2);

    await r.reader.stop();
    expect(vdev.openHandles + wdev.openHandles).toBe(0);
    const calls = r.hid.calls.devicesAsync;
    await vi.advanceTimersByTimeAsync(POLL * 50);
    expect(r.hid.calls.devicesAsync).toBe(calls);
    vdev.send(loadHidStream('vendor-normal.hex')[1]!.bytes);
    r.hid.unplug(VENDOR_DEVICE.path);
    expect(r.take()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);

    await r.start();
    expect(r.take()).toEqual([{ type: 'status', state: 'connected', readerId: WEDGE_ID }]);
    await r.reader.stop();
  });

  it('stop() during a slow open closes the device when the open completes, and nothing is reported', async () => {
    const r = rig([VENDOR]);
    r.hid.plug(VENDOR_DEVICE);
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    const realOpen = r.hid.HIDAsync.open;
    r.hid.HIDAsync.open = async (path: string) => {
      await gate;
      return realOpen(path);
    };
    const started = r.start();
    await vi.advanceTimersByTimeAsync(0);
    const stopped = r.reader.stop();
    release();
    await started;
    await stopped;
    expect(r.take()).toEqual([]);
    expect(r.hid.device(VENDOR_DEVICE.path)!.openHandles).toBe(0);
  });
});
