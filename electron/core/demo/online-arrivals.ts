/**
 * Demo mode: patients booking online through the day, so the "Booked online" feed and the online marks in the
 * book have something to show. RECEPTION_SANDBOX_ONLINE_PER_HOUR (default 6; 0 = none, as the tests use).
 */
export function startOnlineArrivals(bookOnline: () => unknown, perHour = Number(process.env.RECEPTION_SANDBOX_ONLINE_PER_HOUR ?? 6)): () => void {
  if (!(perHour > 0)) return () => undefined;
  const timer = setInterval(() => {
    try {
      bookOnline();
    } catch {
      // No slot offered online just now (all taken, or before release): the next tick tries again.
    }
  }, 3_600_000 / perHour);
  timer.unref();
  return () => clearInterval(timer);
}
