import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CardReaderEvent } from '../../electron/core/devices/card-reader';
import { DEFAULT_READERS, NodeHidCardReader, findReaders, loadNodeHid } from '../../electron/core/devices/node-hid.driver';

/**
 * The real node-hid (prebuilt N-API binding, libusb, hidraw) on this machine. There is no HID device
 * here (no /dev/hidraw*), so enumeration must work and find no reader; where hidraw nodes exist, any
 * reader found must at least be one of the configured ones.
 */
const ROOT = resolve(__dirname, '../..');
const hidrawNodes = existsSync('/dev') ? readdirSync('/dev').filter((n) => n.startsWith('hidraw')) : [];

describe('node-hid (real module)', () => {
  it("loads lazily and enumerates through the driver's path (devicesAsync), finding no reader here", async () => {
    const hid = await loadNodeHid();
    expect(typeof hid.getHidapiVersion?.()).toBe('string');
    const all = await hid.devicesAsync();
    expect(Array.isArray(all)).toBe(true);
    const found = await findReaders(hid, DEFAULT_READERS);
    if (hidrawNodes.length === 0) expect(found).toEqual([]);
    for (const f of found) {
      expect(DEFAULT_READERS.some((c) => c.vendorId === f.device.vendorId && c.productId === f.device.productId)).toBe(true);
    }
  });

  it('the real driver runs for a few hundred ms: reports no reader (disconnected), nothing unavailable, no error, and stops cleanly', async () => {
    const events: CardReaderEvent[] = [];
    const reader = new NodeHidCardReader({ pollIntervalMs: 50 });
    await reader.start((e) => events.push(e));
    await new Promise((r) => setTimeout(r, 300));
    await reader.stop();
    expect(events.filter((e) => e.type === 'error' || (e.type === 'status' && e.state === 'unavailable'))).toEqual([]);
    if (hidrawNodes.length === 0) {
      expect(events).toEqual([{ type: 'status', state: 'disconnected', readerId: null, reason: 'No card reader is connected.' }]);
    }
  });

  describe('with libusb broken (a zero-byte libusb-1.0.so.0 first on LD_LIBRARY_PATH)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reception-nolibusb-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.runIf(process.platform === 'linux')('the real driver starts and says plainly that card readers are unavailable', () => {
      writeFileSync(join(dir, 'libusb-1.0.so.0'), '');
      const script = join(dir, 'run.mts');
      const driver = JSON.stringify(join(ROOT, 'electron/core/devices/node-hid.driver.ts'));
      writeFileSync(
        script,
        `import { NodeHidCardReader } from ${driver};
const events: unknown[] = [];
const reader = new NodeHidCardReader({ pollIntervalMs: 50 });
await reader.start((e) => events.push(e));
await new Promise((r) => setTimeout(r, 150));
await reader.stop();
console.log(JSON.stringify(events));
`,
      );
      const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
        cwd: ROOT,
        env: { ...process.env, LD_LIBRARY_PATH: dir },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(child.stderr).not.toMatch(/Error/);
      expect(child.status).toBe(0);
      expect(JSON.parse(child.stdout.trim().split('\n').at(-1)!)).toEqual([
        {
          type: 'status',
          state: 'unavailable',
          readerId: null,
          reason: 'USB card reader support is unavailable: libusb is not installed or cannot be loaded (install the libusb-1.0-0 package).',
        },
      ]);
    });
  });
});
