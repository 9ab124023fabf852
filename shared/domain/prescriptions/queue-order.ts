/** What the queue's order reads of a request's view. */
export interface QueueOrdered {
  id: string;
  /** Null once decided: the request is no longer open. */
  timeLeft: string | null;
  deadline: string;
  updatedAt: string;
}

/**
 * The queue's order: open requests first, the nearest deadline first; then the rest, latest change first. The core
 * sorts `rx:queue` by it, and the desk keeps its copy in the same order when it merges in `rx:changes`.
 */
export function queueOrder(a: QueueOrdered, b: QueueOrdered): number {
  const open = (v: QueueOrdered) => (v.timeLeft === null ? 1 : 0);
  return open(a) - open(b) || (open(a) === 0 ? a.deadline.localeCompare(b.deadline) : b.updatedAt.localeCompare(a.updatedAt)) || a.id.localeCompare(b.id);
}
