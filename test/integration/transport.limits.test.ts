import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppointmentsClient, BOOK_MAX_REPLY_BYTES } from '../../electron/core/national/appointments.client';
import { DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_REPLY_BYTES, FhirTransport, jsonNestedDeeperThan } from '../../electron/core/national/http.transport';
import { NationalProtocolError } from '../../electron/core/national/national.errors';
import { PdsClient } from '../../electron/core/national/pds.client';
import { startSandbox, type Sandbox } from '../../electron/sandbox';

/**
 * Oversized and deeply nested replies (issue 9), over real loopback HTTP: a tiny hostile server, and the
 * sandbox's appointment book at 40 clinicians × 4 weeks to show that a big but honest reply still reads.
 */
const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20); // spaces: valid JSON whitespace, so only the size can be wrong

let server: Server;
let base = '';
/** What the endless route managed to send before the client hung up. */
const endless = { sent: 0, closed: false };

function nest(depth: number): string {
  return '{"resourceType":"Patient","id":"9000000009","x":' + '['.repeat(depth - 1) + ']'.repeat(depth - 1) + '}';
}

beforeAll(async () => {
  server = createServer((req, res: ServerResponse) => {
    const json = (body: string, headers: Record<string, string> = {}) => res.writeHead(200, { 'Content-Type': 'application/fhir+json', ...headers }).end(body);
    switch (req.url) {
      case '/declared-huge':
        // Says 30 MB up front; the client should not wait for any of it.
        res.writeHead(200, { 'Content-Type': 'application/fhir+json', 'Content-Length': String(30 * MB) });
        res.write('{');
        return;
      case '/endless': {
        // Chunked, no length, never ends: only the client's cap stops it.
        endless.sent = 0;
        endless.closed = false;
        res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
        res.write('{"resourceType":"Patient","id":"9000000009","pad":"');
        const pump = () => {
          while (!res.destroyed && res.write(CHUNK)) endless.sent += CHUNK.length;
          if (!res.destroyed) endless.sent += CHUNK.length;
        };
        res.on('drain', pump);
        res.on('close', () => (endless.closed = true));
        pump();
        return;
      }
      case '/exactly-1mb': {
        const head = '{"resourceType":"Patient","id":"9000000009"}';
        return json(head + ' '.repeat(MB - head.length));
      }
      case '/over-1mb': {
        const head = '{"resourceType":"Patient","id":"9000000009"}';
        return json(head + ' '.repeat(MB - head.length + 1));
      }
      case '/deep-101':
        return json(nest(DEFAULT_MAX_JSON_DEPTH + 1));
      case '/deep-100':
        return json(nest(DEFAULT_MAX_JSON_DEPTH));
      case '/deep-100000':
        return json(nest(100_000));
      case '/brackets-in-strings':
        // Brackets inside strings (with escaped quotes) are text, not nesting.
        return json(JSON.stringify({ resourceType: 'Patient', id: '9000000009', note: '["{'.repeat(5_000) + '\\"' + '[['.repeat(5_000) }));
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

const transport = (o: Partial<ConstructorParameters<typeof FhirTransport>[0]> = {}) =>
  new FhirTransport({ baseUrl: base, timeoutMs: 5_000, maxRetryAfterWaitMs: 0, ...o });
const get = (t: FhirTransport, path: string) => t.send({ method: 'GET', path, headers: { Accept: 'application/fhir+json' } });

async function refusal(p: Promise<unknown>): Promise<NationalProtocolError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(NationalProtocolError);
  return e as NationalProtocolError;
}

describe('reply size cap', () => {
  it('is 20 MB by default', () => {
    expect(DEFAULT_MAX_REPLY_BYTES).toBe(20 * MB);
  });

  it('refuses a declared Content-Length over the cap at once, with a plain reason', async () => {
    const started = Date.now();
    const e = await refusal(get(transport(), '/declared-huge'));
    expect(e.reason).toBe('the reply was larger than 20 MB');
    expect(e.message).toBe('National service sent an unexpected reply: the reply was larger than 20 MB');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops reading an endless reply just past the cap and drops the connection', async () => {
    const e = await refusal(get(transport({ maxReplyBytes: 2 * MB }), '/endless'));
    expect(e.reason).toBe('the reply was larger than 2 MB');
    await expect.poll(() => endless.closed, { timeout: 3_000 }).toBe(true);
    // The socket buffers a little more than the client read, but nowhere near "forever".
    expect(endless.sent).toBeLessThan(2 * MB + 8 * MB);
  });

  it('reads a reply of exactly the cap, and refuses one byte more', async () => {
    const t = transport({ maxReplyBytes: MB });
    expect((await get(t, '/exactly-1mb')).body).toMatchObject({ resourceType: 'Patient' });
    expect((await refusal(get(t, '/over-1mb'))).reason).toBe('the reply was larger than 1 MB');
  });

  it('is not retried and does not count as the service being down', async () => {
    const t = transport({ maxReplyBytes: MB, breakerThreshold: 1 });
    await refusal(get(t, '/over-1mb'));
    await refusal(get(t, '/over-1mb'));
    expect(t.currentHealth()).toBe('online');
  });
});

describe('JSON nesting cap', () => {
  it(`accepts ${DEFAULT_MAX_JSON_DEPTH} levels and refuses ${DEFAULT_MAX_JSON_DEPTH + 1} before parsing`, async () => {
    const t = transport();
    expect((await get(t, '/deep-100')).body).toMatchObject({ resourceType: 'Patient' });
    expect((await refusal(get(t, '/deep-101'))).reason).toBe(`the reply was nested more than ${DEFAULT_MAX_JSON_DEPTH} levels deep`);
    expect((await refusal(get(t, '/deep-100000'))).reason).toMatch(/nested more than/);
  });

  it('counts only structure, not brackets inside strings', async () => {
    expect((await get(transport(), '/brackets-in-strings')).body).toMatchObject({ id: '9000000009' });
    expect(jsonNestedDeeperThan('{"a":"\\\\"}', 1)).toBe(false); // an escaped backslash before the closing quote
    expect(jsonNestedDeeperThan('{"a":"x\\"[[[["}', 1)).toBe(false); // an escaped quote inside the string
    expect(jsonNestedDeeperThan('{"a":"\\\\\\"[[["}', 1)).toBe(false); // backslash, then escaped quote
    expect(jsonNestedDeeperThan('[[1]]', 1)).toBe(true);
    expect(jsonNestedDeeperThan('[["]"],[1]]', 2)).toBe(false);
  });

  it('reaches the PDS client as a refusal, not a crash', async () => {
    const pds = new PdsClient(transport({ baseUrl: `${base}/deep-100000#` }));
    const caller = { roleProfileId: '555000000102', odsCode: 'Y90001', correlationId: 'c-1' };
    await expect(pds.read('9000000009', caller)).rejects.toBeInstanceOf(NationalProtocolError);
  });
});

describe('a big honest reply', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, population: 1_000, today: '2026-11-25', clinicians: 40 });
  }, 60_000);
  afterAll(async () => sandbox.close());

  const bookClient = (sizes: number[]) => {
    const measuring: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      sizes.push((await res.clone().arrayBuffer()).byteLength);
      return res;
    };
    return new AppointmentsClient({
      transport: new FhirTransport({ baseUrl: sandbox.appointments.baseUrl, timeoutMs: 30_000, maxRetryAfterWaitMs: 0, fetch: measuring }),
      patientName: () => 'X',
      practice: () => ({ odsCode: 'Y90001', name: 'Riverside Medical Practice' }),
    });
  };

  it('reads the whole 40-clinician, 4-week book: bigger than the default cap, within the book\'s own', async () => {
    const sizes: number[] = [];
    const { slots } = await bookClient(sizes).fetchRange('2026-11-25', '2026-12-22');
    expect(new Set(slots.map((s) => s.clinicianId)).size).toBe(40);
    const biggest = Math.max(...sizes);
    console.log(`[limits] 40 clinicians × 4 weeks: ${slots.length} slots in one ${(biggest / MB).toFixed(1)} MB reply (book cap ${BOOK_MAX_REPLY_BYTES / MB} MB)`);
    expect(biggest).toBeGreaterThan(DEFAULT_MAX_REPLY_BYTES);
    expect(biggest).toBeLessThan(BOOK_MAX_REPLY_BYTES / 2); // room for a bigger practice
  }, 60_000);

  it('refuses the same reply on a transport call without the book\'s cap', async () => {
    const t = new FhirTransport({ baseUrl: sandbox.appointments.baseUrl, timeoutMs: 30_000, maxRetryAfterWaitMs: 0 });
    const q = '/Slot?start=ge2026-11-25&end=le2026-12-22&_include=Slot:schedule&_all-states=true&_revinclude=Appointment:slot';
    const e = await refusal(t.send({ method: 'GET', path: q, headers: { Accept: 'application/fhir+json' }, budgetMs: 60_000 }));
    expect(e.reason).toBe('the reply was larger than 20 MB');
  }, 60_000);
});
