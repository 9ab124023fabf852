import { describe, expect, it } from 'vitest';
import { KeyboardWedgeDecoder, encodeWedgeText, usageToChar } from '../../../electron/core/devices/keyboard-wedge.decoder';
import { CARD_ID_PATTERN, type DecoderOutput } from '../../../electron/core/devices/report-decoder';
import { concatStream, loadHidStream, type HidChunk } from '../../fixtures/hid/load';

/** Feed a recorded stream read by read, with the clock at each read's time. */
function decode(chunks: readonly HidChunk[], opts: ConstructorParameters<typeof KeyboardWedgeDecoder>[0] = {}) {
  let t = 0;
  const decoder = new KeyboardWedgeDecoder({ now: () => t, ...opts });
  const outputs: DecoderOutput[] = [];
  for (const c of chunks) {
    t = c.atMs;
    outputs.push(...decoder.push(c.bytes));
  }
  return { decoder, outputs };
}

const reads = (outs: DecoderOutput[]) => outs.flatMap((o) => (o.kind === 'read' ? [o.cardId] : []));
const errors = (outs: DecoderOutput[]) => outs.flatMap((o) => (o.kind === 'error' ? [o.message] : []));

describe('keyboard-wedge decoder: recorded streams', () => {
  it('a normal card: key-down/release pairs then Enter make one id; a digit repeated with releases between counts every time', () => {
    const { decoder, outputs } = decode(loadHidStream('wedge-normal.hex'));
    expect(outputs).toEqual([{ kind: 'read', cardId: '0004211234' }]);
    expect(decoder.stats).toMatchObject({ reports: 22, garbageBytes: 0, unknownUsages: 0, rejectedIds: 0 });
    expect(decoder.partialId).toBe('');
  });

  it('reports split across reads decode exactly as whole ones, and nothing comes out before the Enter', () => {
    const chunks = loadHidStream('wedge-split.hex');
    expect(chunks.some((c) => c.bytes.length % 8 !== 0)).toBe(true); // the fixture really is misaligned
    const { outputs } = decode(chunks);
    expect(outputs).toEqual([{ kind: 'read', cardId: '0004211234' }]);

    const d = new KeyboardWedgeDecoder({ now: () => 0 });
    const all = concatStream(loadHidStream('wedge-normal.hex'));
    const perByte = Array.from(all, (b) => d.push(Uint8Array.of(b)));
    // The id comes out with the last byte of the Enter report (the release report follows it).
    expect(perByte.findIndex((o) => o.length > 0)).toBe(all.length - 8 - 1);
    expect(perByte.flat()).toEqual([{ kind: 'read', cardId: '0004211234' }]);
  });

  it('several reports in one read, and two ids across reads, come out in order', () => {
    const chunks = loadHidStream('wedge-concatenated.hex');
    expect(chunks[0]!.bytes.length).toBe(40);
    expect(reads(decode(chunks).outputs)).toEqual(['4455667788', '1234ABCD']);
    expect(reads(decode([{ atMs: 0, bytes: concatStream(chunks) }]).outputs)).toEqual(['4455667788', '1234ABCD']);
  });

  it('repeated keys: a key held across reports types once, a rollover key types, a held Enter ends one id', () => {
    const { outputs } = decode(loadHidStream('wedge-held-key.hex'));
    expect(outputs).toEqual([{ kind: 'read', cardId: '7731' }]);
  });

  it('unknown usages are ignored and counted', () => {
    const { decoder, outputs } = decode(loadHidStream('wedge-unknown-usages.hex'));
    expect(outputs).toEqual([{ kind: 'read', cardId: '123456' }]);
    expect(decoder.stats.unknownUsages).toBe(3);
  });

  it('reports longer than 8 bytes: with the report length configured, only the first 8 bytes of each are read', () => {
    const chunks = loadHidStream('wedge-long-reports.hex');
    expect(chunks.every((c) => c.bytes.length === 16)).toBe(true);
    expect(decode(chunks, { reportLength: 16 }).outputs).toEqual([{ kind: 'read', cardId: '99887766' }]);
    // Unconfigured, the vendor tail is read as reports of its own and the id is lost: the length must be set.
    expect(reads(decode(chunks).outputs)).not.toContain('99887766');
  });

  it('a leading report-id byte is stripped when configured, and bytes before a report id are skipped', () => {
    const { decoder, outputs } = decode(loadHidStream('wedge-report-id.hex'), { reportId: 0x01 });
    expect(outputs).toEqual([{ kind: 'read', cardId: '55443322' }]);
    expect(decoder.stats.garbageBytes).toBe(3);
  });

  it('shift (left 0x02 or right 0x20) makes capitals; modifiers-only reports type nothing', () => {
    const { outputs } = decode(loadHidStream('wedge-shift.hex'));
    expect(outputs).toEqual([{ kind: 'read', cardId: 'AB12cDEF' }]);
  });

  it('garbage does not crash and yields no id: unusable ids are dropped with an error, a stale fragment is dropped, a good id follows', () => {
    const { decoder, outputs } = decode(loadHidStream('wedge-garbage.hex'));
    expect(reads(outputs)).toEqual(['31415926']);
    expect(errors(outputs)).toEqual([
      'The card reader sent an unusable card id (2 characters; expected 4 to 32 letters or digits).',
      'The card reader sent an unusable card id (more than 32 characters; expected 4 to 32 letters or digits).',
    ]);
    expect(decoder.stats).toMatchObject({ rejectedIds: 2, garbageBytes: 3 });
    expect(decoder.stats.ignoredChords).toBeGreaterThan(0); // the ASCII's "modifier" bytes hold Ctrl/Alt/GUI bits
  });

  it('an id with no Enter within the timeout is discarded (injected clock), the next one is read', () => {
    const { decoder, outputs } = decode(loadHidStream('wedge-timeout.hex'), { timeoutMs: 1_500 });
    expect(outputs).toEqual([
      { kind: 'error', message: expect.stringMatching(/without finishing it within 1500 ms/) },
      { kind: 'read', cardId: '98765432' },
      { kind: 'error', message: expect.stringMatching(/without finishing it within 1500 ms/) },
    ]);
    expect(decoder.stats.timeouts).toBe(2);
    // The same stream within a generous timeout: the first partial runs into the second id instead.
    expect(reads(decode(loadHidStream('wedge-timeout.hex'), { timeoutMs: 60_000 }).outputs)).toEqual(['12398765432', '4567']);
  });
});

describe('keyboard-wedge decoder: rules', () => {
  const push = (d: KeyboardWedgeDecoder, ...reports: number[][]) => reports.flatMap((r) => d.push(Uint8Array.from(r)));
  const key = (mod: number, ...keys: number[]) => [mod, 0, ...keys, ...Array(6 - keys.length).fill(0)];
  const UP = key(0);

  it('maps usages: letters, digits, keypad digits; shifted digits are symbols; others are null', () => {
    expect(usageToChar(0x04, false)).toBe('a');
    expect(usageToChar(0x1d, true)).toBe('Z');
    expect(usageToChar(0x1e, false)).toBe('1');
    expect(usageToChar(0x27, false)).toBe('0');
    expect(usageToChar(0x1e, true)).toBe('!');
    expect(usageToChar(0x59, false)).toBe('1');
    expect(usageToChar(0x62, false)).toBe('0');
    expect(usageToChar(0x2c, false)).toBeNull();
  });

  it('an id with a symbol in it is dropped, and the error never repeats the id', () => {
    const d = new KeyboardWedgeDecoder({ now: () => 0 });
    // q z 9 ! 7 Enter (shift+1 is "!")
    const out = push(d, key(0, 0x14), UP, key(0, 0x1d), UP, key(0, 0x26), UP, key(0x02, 0x1e), UP, key(0, 0x24), UP, key(0, 0x28), UP);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'error' });
    expect(JSON.stringify(out)).not.toMatch(/qz9/);
  });

  it('ids shorter than 4 or longer than 32 characters are dropped; 4 and 32 are accepted', () => {
    const d = new KeyboardWedgeDecoder({ now: () => 0 });
    expect(d.push(encodeWedgeText('123'))).toEqual([{ kind: 'error', message: expect.stringMatching(/3 characters/) }]);
    expect(d.push(encodeWedgeText('1234'))).toEqual([{ kind: 'read', cardId: '1234' }]);
    expect(d.push(encodeWedgeText('A'.repeat(32)))).toEqual([{ kind: 'read', cardId: 'A'.repeat(32) }]);
    expect(d.push(encodeWedgeText('B'.repeat(33)))).toEqual([{ kind: 'error', message: expect.stringMatching(/\(33 characters/) }]);
    expect(d.push(encodeWedgeText('C'.repeat(500)))).toEqual([{ kind: 'error', message: expect.stringMatching(/more than 32/) }]);
  });

  it('keypad Enter ends an id; a stray Enter with nothing typed is silent', () => {
    const d = new KeyboardWedgeDecoder({ now: () => 0 });
    expect(push(d, key(0, 0x28), UP)).toEqual([]);
    expect(push(d, key(0, 0x59), UP, key(0, 0x5a), UP, key(0, 0x5b), UP, key(0, 0x62), UP, key(0, 0x58), UP)).toEqual([{ kind: 'read', cardId: '1230' }]);
  });

  it('an ErrorRollOver report changes nothing (a held key is still held after it)', () => {
    const d = new KeyboardWedgeDecoder({ now: () => 0 });
    const out = push(d, key(0, 0x1e), key(0, 1, 1, 1, 1, 1, 1), key(0, 0x1e), UP, key(0, 0x1f), UP, key(0, 0x20), UP, key(0, 0x21), UP, key(0, 0x28), UP);
    expect(out).toEqual([{ kind: 'read', cardId: '1234' }]);
    expect(d.stats.rollOverReports).toBe(1);
  });

  it('keys pressed with Ctrl, Alt or GUI are shortcuts, never part of an id', () => {
    const d = new KeyboardWedgeDecoder({ now: () => 0 });
    const out = [...push(d, key(0x01, 0x04), UP, key(0x04, 0x05), UP), ...d.push(encodeWedgeText('5678'))];
    expect(out).toEqual([{ kind: 'read', cardId: '5678' }]);
    expect(d.stats.ignoredChords).toBe(2);
  });

  it('reset() forgets a partial id and a partial report', () => {
    const d = new KeyboardWedgeDecoder({ now: () => 0 });
    d.push(encodeWedgeText('12', { enter: false }));
    d.push(Uint8Array.of(0, 0, 0x1e));
    d.reset();
    expect(d.partialId).toBe('');
    expect(d.push(encodeWedgeText('9876'))).toEqual([{ kind: 'read', cardId: '9876' }]);
  });

  it('a report-id prefix produced by the encoder round-trips', () => {
    const d = new KeyboardWedgeDecoder({ reportId: 0x05, now: () => 0 });
    expect(d.push(encodeWedgeText('Zz09', { reportId: 0x05 }))).toEqual([{ kind: 'read', cardId: 'Zz09' }]);
  });

  it('random bytes in random-sized reads never throw, and anything read is a well-formed id', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const opts of [{}, { reportId: 1 }, { reportLength: 12 }]) {
      let t = 0;
      const d = new KeyboardWedgeDecoder({ now: () => t, ...opts });
      for (let i = 0; i < 2_000; i++) {
        t += Math.floor(rnd() * 50);
        const chunk = Uint8Array.from({ length: Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256));
        for (const o of d.push(chunk)) if (o.kind === 'read') expect(o.cardId).toMatch(CARD_ID_PATTERN);
      }
    }
  });
});
