import { describe, expect, it } from 'vitest';
import type { CardReaderEvent } from '../../../electron/core/devices/card-reader';
import { MemoryHid, NodeHidCardReader, SimulatedCardReader, createCardReader } from '../../../electron/core/devices/index';

function started(reader: SimulatedCardReader) {
  const events: CardReaderEvent[] = [];
  const take = () => events.splice(0);
  return { ready: reader.start((e) => events.push(e)), take };
}

describe('SimulatedCardReader', () => {
  it('present / withdraw / swap go through the vendor-report path: inserted, no-op repeat, removed + inserted, removed', async () => {
    const sim = new SimulatedCardReader();
    const { ready, take } = started(sim);
    await ready;
    expect(take()).toEqual([{ type: 'status', state: 'connected', readerId: 'simulated' }]);
    await sim.present('04a1b2c3');
    await sim.present('04A1B2C3'); // same card, as the reader repeats it
    await sim.present('DEADBEEF');
    await sim.withdraw();
    await sim.withdraw();
    expect(take()).toEqual([
      { type: 'inserted', cardId: '04A1B2C3', readerId: 'simulated' },
      { type: 'removed', readerId: 'simulated' },
      { type: 'inserted', cardId: 'DEADBEEF', readerId: 'simulated' },
      { type: 'removed', readerId: 'simulated' },
    ]);
    await sim.stop();
  });

  it('unplugging with a card on it: removed then disconnected; plugging back: connected and the card still on it is reported', async () => {
    const sim = new SimulatedCardReader({ readerId: 'desk-1' });
    const { ready, take } = started(sim);
    await ready;
    await sim.present('0102030405');
    take();
    await sim.unplug();
    expect(take()).toEqual([
      { type: 'removed', readerId: 'desk-1' },
      { type: 'status', state: 'disconnected', readerId: 'desk-1', reason: expect.any(String) },
    ]);
    expect(sim.isPlugged).toBe(false);
    await sim.present('0A0B0C0D'); // a card put on an unplugged reader: nothing to hear yet
    expect(take()).toEqual([]);
    await sim.plug();
    expect(take()).toEqual([
      { type: 'status', state: 'connected', readerId: 'desk-1' },
      { type: 'inserted', cardId: '0A0B0C0D', readerId: 'desk-1' },
    ]);
    await sim.stop();
  });

  it('starting unplugged says no reader is connected; a card on the reader before start is reported at start', async () => {
    const off = new SimulatedCardReader({ plugged: false });
    const a = started(off);
    await a.ready;
    expect(a.take()).toEqual([{ type: 'status', state: 'disconnected', readerId: null, reason: 'No card reader is connected.' }]);
    await off.stop();

    const on = new SimulatedCardReader();
    await on.present('CAFE01');
    const b = started(on);
    await b.ready;
    expect(b.take()).toEqual([
      { type: 'status', state: 'connected', readerId: 'simulated' },
      { type: 'inserted', cardId: 'CAFE01', readerId: 'simulated' },
    ]);
    await on.stop();
  });

  it('refuses card ids the simulated reader cannot send, and emits nothing after stop()', async () => {
    const sim = new SimulatedCardReader();
    const { ready, take } = started(sim);
    await ready;
    take();
    await expect(sim.present('not hex')).rejects.toThrow(RangeError);
    await expect(sim.present('ABC')).rejects.toThrow(RangeError);
    await sim.stop();
    await sim.present('AABBCCDD');
    await sim.unplug();
    expect(take()).toEqual([]);
  });
});

describe('createCardReader', () => {
  it('builds the simulated reader or the node-hid driver from settings', async () => {
    expect(createCardReader({ driver: 'simulated' })).toBeInstanceOf(SimulatedCardReader);
    const hid = new MemoryHid();
    hid.plug({ vendorId: 0x1234, productId: 0x5678, path: 'p1' });
    const reader = createCardReader({ driver: 'node-hid', readers: [{ vendorId: 0x1234, productId: 0x5678, format: 'vendor-report' }], pollIntervalMs: 50 }, { hid });
    expect(reader).toBeInstanceOf(NodeHidCardReader);
    const events: CardReaderEvent[] = [];
    await reader.start((e) => events.push(e));
    expect(events).toEqual([{ type: 'status', state: 'connected', readerId: 'hid:1234:5678' }]);
    await reader.stop();
  });

  it('node-hid with no readers listed uses the defaults, and does not load node-hid before start()', async () => {
    let loads = 0;
    const hid = new MemoryHid();
    hid.plug({ vendorId: 0x0c27, productId: 0x3bfa, path: 'pcprox', usagePage: 1, usage: 6 });
    const reader = createCardReader({ driver: 'node-hid', readers: [] }, { loadHid: async () => (loads++, hid) });
    expect(loads).toBe(0);
    const events: CardReaderEvent[] = [];
    await reader.start((e) => events.push(e));
    expect(loads).toBe(1);
    expect(events).toEqual([{ type: 'status', state: 'connected', readerId: 'hid:0c27:3bfa' }]);
    await reader.stop();
  });
});
