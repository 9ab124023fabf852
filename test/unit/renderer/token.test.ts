import { describe, expect, it, vi } from 'vitest';
import { takeToken } from '../../../renderer/src/lib/token';

/** The browser host's token: taken from the address once, kept for the tab, removed from the address bar. */

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

const loc = (hash: string) => ({ hash, pathname: '/', search: '?x=1' });

describe('takeToken', () => {
  it('reads #token=, keeps it in session storage and strips it from the address bar', () => {
    const history = { state: null, replaceState: vi.fn() };
    const storage = memoryStorage();
    expect(takeToken(loc('#token=0a1b2c3d4e5f'), history, storage)).toBe('0a1b2c3d4e5f');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/?x=1');
    expect(storage.data.get('reception.token')).toBe('0a1b2c3d4e5f');
  });

  it('uses the kept token after a reload, when the address no longer has it', () => {
    const history = { state: null, replaceState: vi.fn() };
    expect(takeToken(loc(''), history, memoryStorage({ 'reception.token': 'deadbeef' }))).toBe('deadbeef');
    expect(history.replaceState).not.toHaveBeenCalled();
  });

  it('rejects a token that is not hex (it would not be a valid subprotocol) but still clears the address', () => {
    const history = { state: null, replaceState: vi.fn() };
    expect(takeToken(loc('#token=abc%20def'), history, memoryStorage())).toBeNull();
    expect(history.replaceState).toHaveBeenCalled();
  });

  it('works when storage is blocked', () => {
    const blocked = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(takeToken(loc('#token=abc123'), { state: null, replaceState: vi.fn() }, blocked)).toBe('abc123');
    expect(takeToken(loc(''), { state: null, replaceState: vi.fn() }, blocked)).toBeNull();
  });
});
