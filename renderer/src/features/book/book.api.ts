import type { book } from '../../../../shared/contract/appointments';
import type { ApiOf } from '../../../../shared/contract/verb';
import { err } from '../../../../shared/result';
import { getApi } from '../../lib/api';

/**
 * The appointment book's verbs as the renderer sees them. Derived from the book domain of the contract alone,
 * so this compiles before and after `book` joins the app contract (then `getApi().book` has exactly this type).
 */
export type BookApi = ApiOf<{ book: typeof book }>['book'];

const NOT_READY = 'The appointment book is not available on this desk yet.';

/** What the desk uses while the core does not offer the book: every verb answers a plain refusal. */
const missing: BookApi = new Proxy({} as BookApi, {
  get: () => async () => err('UNKNOWN_VERB', NOT_READY),
});

const bookOf = (): BookApi | undefined => (getApi() as unknown as { book?: BookApi }).book;

/** True when the core offers the appointment book (so the desk may show it). */
export const bookAvailable = (): boolean => bookOf() !== undefined;

/** The one accessor for the book verbs. Stores call it; components never do. */
export const bookApi = (): BookApi => bookOf() ?? missing;
