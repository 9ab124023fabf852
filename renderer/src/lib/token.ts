/**
 * The browser host's per-launch token arrives once in the address (`#token=<hex>`). Keep it for this tab
 * only (sessionStorage survives a reload, not a new tab) and take it out of the address bar so it is not
 * bookmarked, shared or left in history.
 */
const KEY = 'reception.token';
const TOKEN = /^[0-9a-f]{1,512}$/i; // hex, so it is a valid subprotocol token

type Loc = Pick<Location, 'hash' | 'pathname' | 'search'>;
type Hist = Pick<History, 'replaceState' | 'state'>;
type Store = Pick<Storage, 'getItem' | 'setItem'>;

export function takeToken(location: Loc, history: Hist, storage: Store | null): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash !== null) {
    history.replaceState(history.state, '', location.pathname + location.search);
    if (TOKEN.test(fromHash)) {
      safely(() => storage?.setItem(KEY, fromHash));
      return fromHash;
    }
  }
  const kept = safely(() => storage?.getItem(KEY)) ?? null;
  return kept && TOKEN.test(kept) ? kept : null;
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined; // storage can be disabled by policy; the token then lasts until reload
  }
}
