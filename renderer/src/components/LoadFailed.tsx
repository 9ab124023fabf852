/** "Could not load the book: <why> [Try again]": a failed load, said at once, with the way out next to it. */
export function LoadFailed({ what, error, onRetry }: { what: string; error: string; onRetry(): void }) {
  return (
    <div role="alert" className="notice notice--alert">
      Could not load {what}: {error}{' '}
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
