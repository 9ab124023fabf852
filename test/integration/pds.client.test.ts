import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FhirTransport } from '../../electron/core/national/http.transport';
import { NationalBusyError, NationalHttpError, NationalUnreachableError } from '../../electron/core/national/national.errors';
import { PdsClient } from '../../electron/core/national/pds.client';
import { startSandbox, type Sandbox } from '../../electron/sandbox';

/** The PDS client against the real sandbox over real HTTP on an ephemeral loopback port. */
let sandbox: Sandbox;
const seenHeaders: Headers[] = [];

function client(opts: Partial<ConstructorParameters<typeof FhirTransport>[0]> = {}) {
  const recordingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    seenHeaders.push(res.headers);
    return res;
  };
  const transport = new FhirTransport({ baseUrl: sandbox.baseUrl, timeoutMs: 2_000, maxRetryAfterWaitMs: 1_500, fetch: recordingFetch, ...opts });
  return { pds: new PdsClient(transport), transport };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000 });
});
afterAll(async () => sandbox.close());
beforeEach(() => {
  sandbox.faults.reset();
  seenHeaders.length = 0;
});

const caller = { roleProfileId: '555000000102', odsCode: 'Y90001', correlationId: 'corr-1' };

describe('PDS client ↔ sandbox: read', () => {
  it('reads 9000000009 with its ETag; the sandbox mirrors X-Request-ID and X-Correlation-ID', async () => {
    const { pds } = client();
    const r = await pds.read('9000000009', caller);
    expect(r.patient.id).toBe('9000000009');
    expect(r.patient.name?.[0]?.family).toBe('Smith');
    expect(r.etag).toBe('W/"2"');
    expect(seenHeaders[0]!.get('x-request-id')).toBe(r.requestId);
    expect(seenHeaders[0]!.get('x-correlation-id')).toBe('corr-1');
    expect(seenHeaders[0]!.get('content-type')).toContain('application/fhir+json');
  });

  it('reads the restricted record 9000000025 without address, phone or GP', async () => {
    const { patient } = await client().pds.read('9000000025', caller);
    expect(patient.meta?.security?.[0]?.code).toBe('R');
    expect(patient.address).toBeUndefined();
    expect(patient.telecom).toBeUndefined();
    expect(patient.generalPractitioner).toBeUndefined();
  });

  it('reads the minimal record 9000000033', async () => {
    const { patient } = await client().pds.read('9000000033', caller);
    expect(patient.name).toBeUndefined();
    expect(patient.birthDate).toBeUndefined();
  });

  it('turns 404 RESOURCE_NOT_FOUND and 400 INVALID_RESOURCE_ID into typed errors', async () => {
    const { pds } = client();
    await expect(pds.read('9111231130', caller)).rejects.toMatchObject({ status: 404, spineCode: 'RESOURCE_NOT_FOUND' });
    await expect(pds.read('9000000000', caller)).rejects.toMatchObject({ status: 400, spineCode: 'INVALID_RESOURCE_ID' });
  });
});

describe('PDS client ↔ sandbox: search', () => {
  it('finds Smith, female, 2010-10-22 with score 1', async () => {
    const r = await client().pds.search({ family: 'Smith', gender: 'female', birthdate: ['eq2010-10-22'] }, caller);
    expect(r).toMatchObject({ kind: 'matches', entries: [{ patient: { id: '9000000009' }, score: 1 }] });
  });

  it('sends the wildcard as %2A and gets both Sm* matches, best first', async () => {
    const r = await client().pds.search({ family: 'Sm*', gender: 'female', birthdate: ['eq2010-10-22'] }, caller);
    if (r.kind !== 'matches') throw new Error('expected matches');
    expect(r.entries.map((e) => e.patient.id).sort()).toEqual(['9000000009', '9000000017']);
    const scores = r.entries.map((e) => e.score ?? 0);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('reads TOO_MANY_MATCHES, which arrives as HTTP 200', async () => {
    const r = await client().pds.search({ family: 'Sm*', gender: 'female', birthdate: ['eq2010-10-22'], maxResults: 1 }, caller);
    expect(r).toEqual({ kind: 'too-many-matches' });
  });

  it('finds Jayne Smyth by a fuzzy search for Jane Smith', async () => {
    const r = await client().pds.search({ family: 'Smith', given: ['Jane'], gender: 'female', birthdate: ['eq2010-10-22'], fuzzy: true }, caller);
    if (r.kind !== 'matches') throw new Error('expected matches');
    expect(r.entries.map((e) => e.patient.id)).toContain('9000000017');
  });

  it('finds the restricted Smythe record and a date-of-birth range', async () => {
    const s = await client().pds.search({ family: 'Smythe', given: ['Janet'], gender: 'female', birthdate: ['eq2005-06-16'] }, caller);
    expect(s).toMatchObject({ kind: 'matches', entries: [{ patient: { id: '9000000025', meta: { security: [{ code: 'R' }] } } }] });
    const range = await client().pds.search({ family: 'Smith', gender: 'female', birthdate: ['ge2010-10-21', 'le2010-10-23'] }, caller);
    expect(range).toMatchObject({ kind: 'matches', entries: [{ patient: { id: '9000000009' } }] });
  });

  it('reports the invalid searches of the NOTES table as typed 400s', async () => {
    const { pds } = client();
    await expect(pds.search({ family: 'Smith' }, caller)).rejects.toMatchObject({ status: 400, spineCode: 'MISSING_VALUE' });
    await expect(pds.search({ birthdate: ['eq2010-10-22'], gender: 'female' }, caller)).rejects.toMatchObject({ status: 400, spineCode: 'INVALID_SEARCH_DATA' });
    await expect(pds.search({}, caller)).rejects.toMatchObject({ status: 400, spineCode: 'UNSUPPORTED_SERVICE' });
    await expect(pds.search({ family: 'Smith', birthdate: ['22-10-2010'] }, caller)).rejects.toMatchObject({ status: 400, spineCode: 'INVALID_VALUE' });
  });
});

describe('PDS client ↔ sandbox: patch', () => {
  it('patches with If-Match, gets the new version, and a stale version is refused with 409', async () => {
    const { pds } = client();
    const read = await pds.read('9000000017', caller);
    const patched = await pds.patch('9000000017', [{ op: 'replace', path: '/gender', value: 'other' }], read.etag!, caller);
    expect(patched.patient.gender).toBe('other');
    expect(patched.etag).not.toBe(read.etag);
    await expect(pds.patch('9000000017', [{ op: 'replace', path: '/gender', value: 'female' }], read.etag!, caller)).rejects.toMatchObject({
      status: 409,
      spineCode: 'RESOURCE_VERSION_MISMATCH',
    });
  });

  it('re-sending with the same X-Request-ID applies the change once', async () => {
    const { pds } = client();
    const read = await pds.read('9000000009', caller);
    const id = crypto.randomUUID();
    const first = await pds.patch('9000000009', [{ op: 'replace', path: '/gender', value: 'female' }], read.etag!, caller, id);
    const again = await pds.patch('9000000009', [{ op: 'replace', path: '/gender', value: 'female' }], read.etag!, caller, id);
    expect(again.patient.meta?.versionId).toBe(first.patient.meta?.versionId);
  });
});

describe('PDS client ↔ sandbox: faults', () => {
  it('retries a 503 with the same X-Request-ID, honouring a short Retry-After', async () => {
    sandbox.faults.set({ status: 503, retryAfterSeconds: 1 });
    const { pds } = client({ maxAttempts: 2 });
    const id = crypto.randomUUID();
    const t = Date.now();
    await expect(pds.read('9000000009', caller, id)).rejects.toBeInstanceOf(NationalBusyError);
    expect(Date.now() - t).toBeGreaterThanOrEqual(1_000); // waited out Retry-After before the second attempt
    expect(sandbox.requestsSeen(id)).toBe(2);
  });

  it('does not wait out a long Retry-After: it reports busy with the wait', async () => {
    sandbox.faults.set({ status: 429, retryAfterSeconds: 30 });
    const id = crypto.randomUUID();
    const e = await client().pds.read('9000000009', caller, id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NationalBusyError);
    expect((e as NationalBusyError).retryAfterSeconds).toBe(30);
    expect(sandbox.requestsSeen(id)).toBe(1);
  });

  it('says unreachable when the service drops connections, and opens the circuit', async () => {
    sandbox.faults.set({ outage: true });
    const { pds, transport } = client({ breakerThreshold: 2, halfOpenAfterMs: 60_000 });
    const health: string[] = [];
    transport.onHealth((h) => health.push(h));
    await expect(pds.read('9000000009', caller)).rejects.toBeInstanceOf(NationalUnreachableError);
    await expect(pds.read('9000000009', caller)).rejects.toBeInstanceOf(NationalUnreachableError);
    sandbox.faults.reset();
    // Open circuit: the desk stops knocking and falls back at once, until the half-open probe.
    const id = crypto.randomUUID();
    await expect(pds.read('9000000009', caller, id)).rejects.toThrow(/paused after repeated failures/);
    expect(sandbox.requestsSeen(id)).toBe(0);
    expect(health).toEqual(['offline']);
  });

  it('recovers through the half-open probe', async () => {
    sandbox.faults.set({ outage: true });
    const { pds, transport } = client({ breakerThreshold: 1, halfOpenAfterMs: 200 });
    await expect(pds.read('9000000009', caller)).rejects.toBeInstanceOf(NationalUnreachableError);
    sandbox.faults.reset();
    await new Promise((r) => setTimeout(r, 250));
    await expect(pds.read('9000000009', caller)).resolves.toMatchObject({ patient: { id: '9000000009' } });
    expect(transport.currentHealth()).toBe('online');
  });

  it('times out a hung service per attempt', async () => {
    sandbox.faults.set({ latencyMs: 1_500 });
    const { pds } = client({ timeoutMs: 300, maxAttempts: 1 });
    await expect(pds.read('9000000009', caller)).rejects.toThrow(/no answer within 300 ms/);
  });

  it('reports a malformed reply as a protocol error, not as data', async () => {
    sandbox.faults.set({ malformed: true });
    await expect(client().pds.read('9000000009', caller)).rejects.toThrow(/not JSON|unexpected reply/);
  });

  it('keeps typed errors for 4xx (never retried)', async () => {
    const id = crypto.randomUUID();
    await expect(client().pds.read('9111231130', caller, id)).rejects.toBeInstanceOf(NationalHttpError);
    expect(sandbox.requestsSeen(id)).toBe(1);
  });
});
