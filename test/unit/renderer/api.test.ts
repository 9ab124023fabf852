// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { connection, setConnection } from '../../../renderer/src/lib/api';
import { installFakeApi } from './fake-api';

/** Which transport the renderer uses: the Electron preload when present, else the browser host. */

afterEach(() => {
  delete window.reception;
  setConnection(undefined);
  sessionStorage.clear();
});

describe('api accessor', () => {
  it('uses the preload api when Electron exposes window.reception', () => {
    const { api } = installFakeApi();
    window.reception = api;
    setConnection(undefined);
    expect(connection().api).toBe(api);
    expect(connection().link.status().state).toBe('open');
  });

  it('without a token, says how to open the desk instead of trying a socket that would be refused', async () => {
    setConnection(undefined);
    const conn = connection();
    expect(conn.link.status()).toMatchObject({ state: 'lost', message: expect.stringMatching(/without its access key/) });
    await expect(conn.api.patients.search({ text: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'SERVICE_UNREACHABLE' } });
  });
});
