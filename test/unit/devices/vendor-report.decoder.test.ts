import { describe, expect, it } from 'vitest';
import type { DecoderOutput } from '../../../electron/core/devices/report-decoder';
import {
  VENDOR_REPORT_LENGTH,
  VendorReportDecoder,
  encodeVendorReport,
  uidFromCardId,
} from '../../../electron/core/devices/vendor-report.decoder';
import { concatStream, loadHidStream, type HidChunk } from '../../fixtures/hid/load';

function decode(chunks: readonly HidChunk[]) {
  let t = 0;
  const decoder = new VendorReportDecoder({ now: () => t });
  const outputs: DecoderOutput[] = [];
  for (const c of chunks) {
    t = c.atMs;
    outputs.push(...decoder.push(c.bytes));
  }
  return { decoder, outputs };
}

const A = '04A1B2C3D4E5F6';
const B = 'DEADBEEF';

describe('vendor-report decoder: recorded streams', () => {
  it('a normal card: inserted once however often the reader repeats the present report, removed on the absent one', () => {
    const { decoder, outputs } = decode(loadHidStream('vendor-normal.hex'));
    expect(outputs).toEqual([{ kind: 'inserted', cardId: A }, { kind: 'removed' }]);
    expect(decoder.stats).toMatchObject({ reports: 6, otherReportIds: 0, malformedReports: 0 });
    expect(decoder.currentCardId).toBeNull();
  });

  it('reports split across reads decode as whole ones', () => {
    const chunks = loadHidStream('vendor-split.hex');
    expect(chunks.some((c) => c.bytes.length !== VENDOR_REPORT_LENGTH)).toBe(true);
    expect(decode(chunks).outputs).toEqual([{ kind: 'inserted', cardId: A }, { kind: 'removed' }]);

    const d = new VendorReportDecoder({ now: () => 0 });
    const perByte = Array.from(concatStream(chunks), (b) => d.push(Uint8Array.of(b))).flat();
    expect(perByte).toEqual([{ kind: 'inserted', cardId: A }, { kind: 'removed' }]);
  });

  it('several reports in one read; a swapped card is removed then the new one inserted', () => {
    const chunks = loadHidStream('vendor-concatenated.hex');
    expect(chunks[0]!.bytes.length).toBe(3 * VENDOR_REPORT_LENGTH);
    expect(decode(chunks).outputs).toEqual([
      { kind: 'inserted', cardId: A },
      { kind: 'removed' },
      { kind: 'inserted', cardId: B },
      { kind: 'removed' },
    ]);
  });

  it('reports with other report ids are ignored, even when they look like present reports', () => {
    const { decoder, outputs } = decode(loadHidStream('vendor-wrong-report-id.hex'));
    expect(outputs).toEqual([{ kind: 'inserted', cardId: B }, { kind: 'removed' }]);
    expect(decoder.stats.otherReportIds).toBe(2);
  });

  it('a length beyond the report, a zero length, bytes after the UID or an unknown status: an error and no event', () => {
    const { decoder, outputs } = decode(loadHidStream('vendor-bad-length.hex'));
    expect(outputs).toEqual([
      { kind: 'error', message: 'The card reader sent a report with a card id length of 32 bytes (expected 1 to 16); it was ignored.' },
      { kind: 'error', message: 'The card reader sent a report with a card id length of 29 bytes (expected 1 to 16); it was ignored.' },
      { kind: 'error', message: 'The card reader sent a report with a card id length of 0 bytes (expected 1 to 16); it was ignored.' },
      { kind: 'error', message: 'The card reader sent a report with non-zero bytes after the card id; it was ignored.' },
      { kind: 'error', message: 'The card reader sent a report with an unknown status byte 0x07; it was ignored.' },
      { kind: 'inserted', cardId: B },
    ]);
    expect(decoder.stats.malformedReports).toBe(5);
  });

  it('garbage: no crash, no event from it; a stale leftover is dropped and the next good report is read', () => {
    const { decoder, outputs } = decode(loadHidStream('vendor-garbage.hex'));
    expect(outputs).toEqual([
      { kind: 'error', message: 'The card reader sent a report with non-zero bytes after the card id; it was ignored.' },
      { kind: 'inserted', cardId: A },
      { kind: 'removed' },
    ]);
    expect(decoder.stats).toMatchObject({ otherReportIds: 1, malformedReports: 1, garbageBytes: 10 });
  });
});

describe('vendor-report decoder: rules', () => {
  it('an absent report with no card present is a no-op; an absent report with data in it is an error, not a removal', () => {
    const d = new VendorReportDecoder({ now: () => 0 });
    expect(d.push(encodeVendorReport(null))).toEqual([]);
    d.push(encodeVendorReport({ uid: uidFromCardId(B)! }));
    const dirty = encodeVendorReport(null);
    dirty[5] = 0x01;
    expect(d.push(dirty)).toEqual([{ kind: 'error', message: expect.stringMatching(/absent-card report with data/) }]);
    expect(d.currentCardId).toBe(B);
  });

  it('UIDs of 1 and 16 bytes are card ids in upper-case hex', () => {
    const d = new VendorReportDecoder({ now: () => 0 });
    expect(d.push(encodeVendorReport({ uid: Uint8Array.of(0xab) }))).toEqual([{ kind: 'inserted', cardId: 'AB' }]);
    const uid16 = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    expect(d.push(encodeVendorReport({ uid: uid16 }))).toEqual([
      { kind: 'removed' },
      { kind: 'inserted', cardId: '00112233445566778899AABBCCDDEEFF' },
    ]);
  });

  it('uidFromCardId accepts even-length hex of 1..16 bytes only; the encoder refuses impossible UIDs', () => {
    expect(Array.from(uidFromCardId('0aFF')!)).toEqual([0x0a, 0xff]);
    expect(uidFromCardId('ABC')).toBeNull();
    expect(uidFromCardId('')).toBeNull();
    expect(uidFromCardId('00'.repeat(17))).toBeNull();
    expect(uidFromCardId('XYZW')).toBeNull();
    expect(() => encodeVendorReport({ uid: new Uint8Array(17) })).toThrow(RangeError);
  });

  it('reset() forgets the current card and any partial report', () => {
    const d = new VendorReportDecoder({ now: () => 0 });
    d.push(encodeVendorReport({ uid: uidFromCardId(A)! }));
    d.push(encodeVendorReport(null).subarray(0, 7));
    d.reset();
    expect(d.currentCardId).toBeNull();
    expect(d.push(encodeVendorReport({ uid: uidFromCardId(A)! }))).toEqual([{ kind: 'inserted', cardId: A }]);
  });

  it('random bytes never throw; anything inserted is upper-case hex of at most 16 bytes', () => {
    let seed = 99;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    let t = 0;
    const d = new VendorReportDecoder({ now: () => t });
    for (let i = 0; i < 3_000; i++) {
      t += Math.floor(rnd() * 300);
      const chunk = Uint8Array.from({ length: Math.floor(rnd() * 70) }, () => (rnd() < 0.5 ? 0 : Math.floor(rnd() * 4)));
      for (const o of d.push(chunk)) if (o.kind === 'inserted') expect(o.cardId).toMatch(/^(?:[0-9A-F]{2}){1,16}$/);
    }
  });
});
