import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bind } from '../../../electron/core/handlers/bind';
import { checkInputShape, MAX_INPUT_CHARS, MAX_INPUT_DEPTH } from '../../../electron/core/handlers/input.guard';
import type { CallContext } from '../../../electron/core/call-context';
import { verb } from '../../../shared/contract/verb';

const ctx: CallContext = { user: null, transport: 'browser-host', workstation: 'desk-1' };

describe('the structural input check before zod', () => {
  it('lets real requests through: plain objects, arrays, strings, finite numbers, undefined optionals', () => {
    expect(checkInputShape({})).toBeNull();
    expect(checkInputShape(undefined)).toBeNull();
    expect(checkInputShape(null)).toBeNull();
    expect(checkInputShape({ text: 'Smith 22/10/2010', fuzzy: false, reason: undefined })).toBeNull();
    expect(checkInputShape({ rotaId: 'r', template: { pattern: { kind: 'weekly', weekdays: [1, 3] }, sequence: [{ count: 6 }] } })).toBeNull();
    expect(checkInputShape(Object.assign(Object.create(null) as object, { a: 1 }))).toBeNull();
  });

  it('refuses oversized, deep, non-finite and non-data input without echoing it', () => {
    expect(checkInputShape({ text: 'x'.repeat(MAX_INPUT_CHARS + 1) })).toBe('it is too large');
    expect(checkInputShape({ ['k'.repeat(MAX_INPUT_CHARS + 1)]: 1 })).toBe('it is too large');
    expect(checkInputShape(JSON.parse('['.repeat(MAX_INPUT_DEPTH + 2) + ']'.repeat(MAX_INPUT_DEPTH + 2)))).toMatch(/nested more than/);
    // A million levels: the walk is iterative, so no stack overflow.
    const deep: unknown[] = [];
    let cur = deep;
    for (let i = 0; i < 1_000_000; i++) cur = (cur[0] = []) as unknown[];
    expect(checkInputShape(deep)).toMatch(/nested more than/);
    expect(checkInputShape(new Array(100_000).fill(1))).toBe('it has too many values');
    for (const n of [NaN, Infinity, -Infinity]) expect(checkInputShape({ limit: n })).toMatch(/not finite/);
    for (const v of [10n, Symbol('s'), () => 1]) expect(checkInputShape({ v })).toMatch(/not data/);
    for (const v of [new Date(), new Map(), new Set(), new Uint8Array(2), /x/, new Error('x'), Object.create({ nhsNumber: '9000000009' })]) {
      expect(checkInputShape(v)).toBe('it holds an object that is not plain data');
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(checkInputShape(cyclic)).toMatch(/nested more than/);
  });

  it('refuses prototype-pollution keys and accessors', () => {
    expect(checkInputShape(JSON.parse('{"__proto__":{"polluted":1}}'))).toBe('it holds the key "__proto__"');
    expect(checkInputShape({ a: { constructor: { prototype: {} } } })).toBe('it holds the key "constructor"');
    expect(checkInputShape({ [Symbol('s')]: 1 })).toBe('it holds a symbol key');
    const getter = Object.defineProperty({}, 'nhsNumber', { get: () => '9000000009', enumerable: true });
    expect(checkInputShape(getter)).toBe('it holds an accessor property');
  });

  it('is applied by the handler table, which also survives a schema that throws', async () => {
    const errors: string[] = [];
    const contract = {
      t: {
        plain: verb('t:plain', z.object({}).strict(), z.object({ ran: z.literal(true) }), 'public'),
        fragile: verb(
          't:fragile',
          z.object({ a: z.string() }).refine(() => {
            throw new TypeError('refinement bug');
          }),
          z.object({ ran: z.literal(true) }),
          'public',
        ),
      },
    };
    let ran = 0;
    const run = () => ((ran += 1), { ran: true as const });
    const dispatch = bind(contract, { t: { plain: run, fragile: run } }, { error: (v) => errors.push(v) });
    // zod alone would accept a Date as `{}`.
    expect(z.object({}).strict().safeParse(new Date()).success).toBe(true);
    expect(await dispatch('t:plain', new Date(), ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'The request was not valid: it holds an object that is not plain data.' } });
    expect(await dispatch('t:fragile', { a: 'x' }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(errors).toEqual(['t:fragile']);
    const long = await dispatch('t:plain', { ['k'.repeat(5_000)]: 1 }, ctx);
    expect(long.ok ? 0 : long.error.message.length).toBeLessThan(700);
    expect(ran).toBe(0);
  });
});
