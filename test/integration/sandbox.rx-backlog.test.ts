/**
 * The prescriptions sandbox sized for the benchmark (RECEPTION_SANDBOX_RX_REQUESTS → `rxRequests`): the starting
 * backlog is topped up to the number asked for, over the same six days and the same mix of states, the same on
 * every run; without it the seed's own backlog is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../electron/sandbox';

const TODAY = '2026-11-25';

describe('the prescriptions sandbox backlog', () => {
  it('holds at least the requests asked for, in every state, the same each time', async () => {
    const plain = await startSandbox({ port: 0, population: 1_000, today: TODAY });
    const big = await startSandbox({ port: 0, population: 1_000, today: TODAY, rxRequests: 1_500 });
    const again = await startSandbox({ port: 0, population: 1_000, today: TODAY, rxRequests: 1_500 });
    try {
      const seed = plain.prescriptions.stats();
      const stats = big.prescriptions.stats();
      expect(seed.tasks).toBeLessThan(1_500);
      expect(stats.tasks).toBe(1_500);
      for (const s of ['requested', 'with-prescriber', 'printed', 'rejected', 'cancelled']) expect(stats.byStatus[s]).toBeGreaterThan(0);
      expect(again.prescriptions.stats().byStatus).toEqual(stats.byStatus);
      // Every request is within the last six days, so the desk's refresh (open ones + the last month) takes them all.
      const oldest = Math.min(...Array.from({ length: stats.tasks }, (_, i) => Date.parse(big.prescriptions.task(String(i + 1))!.authoredOn)));
      expect(Date.parse(stats.now) - oldest).toBeLessThanOrEqual(6 * 86_400_000 + 60_000);
    } finally {
      await Promise.all([plain.close(), big.close(), again.close()]);
    }
  });
});
