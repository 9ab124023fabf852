import type { DemoFaults } from '../../../shared/contract/auth';
import type { Faults } from '../../sandbox';

/** The sandbox's fault switches as the demo panel offers them: one mode at a time. */
export interface SandboxFaultSwitches {
  current(): Promise<Faults> | Faults;
  set(patch: Partial<Faults>): Promise<void> | void;
  reset(): Promise<void> | void;
}

/** Retry-After long enough that the desk reports "busy" rather than waiting it out by itself. */
const BUSY_SECONDS = 30;

const PATCH: Record<DemoFaults['mode'], Partial<Faults>> = {
  none: {},
  down: { down: true },
  hang: { hang: true },
  slow: { latencyMs: 4_000 },
  'error-500': { status: 500 },
  'busy-503': { status: 503, retryAfterSeconds: BUSY_SECONDS },
  'rate-limited-429': { status: 429, retryAfterSeconds: BUSY_SECONDS },
  reset: { resetMidResponse: true },
  malformed: { malformed: true },
};

export function modeOf(f: Faults): DemoFaults {
  const mode: DemoFaults['mode'] = f.down || f.outage
    ? 'down'
    : f.hang
      ? 'hang'
      : f.status === 500
        ? 'error-500'
        : f.status === 503
          ? 'busy-503'
          : f.status === 429
            ? 'rate-limited-429'
            : f.resetMidResponse
              ? 'reset'
              : f.malformed
                ? 'malformed'
                : f.latencyMs > 0
                  ? 'slow'
                  : 'none';
  return { mode, otherDeskTakesNextSlot: f.takeNextBookedSlot };
}

export async function applyDemoFaults(sw: SandboxFaultSwitches, want: DemoFaults): Promise<DemoFaults> {
  await sw.reset();
  await sw.set({ ...PATCH[want.mode], takeNextBookedSlot: want.otherDeskTakesNextSlot });
  return modeOf(await sw.current());
}

/** The control API of a sandbox running in its own process (tests that restart the desk use one). */
export function remoteFaultSwitches(controlOrigin: string): SandboxFaultSwitches {
  const call = async (method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<Faults> => {
    const res = await fetch(`${controlOrigin}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`the sandbox's control API answered ${res.status}`);
    return (await res.json()) as Faults;
  };
  return {
    current: () => call('GET', '/_sandbox/faults'),
    set: async (patch) => void (await call('PUT', '/_sandbox/faults', patch)),
    reset: async () => void (await call('POST', '/_sandbox/faults/reset')),
  };
}
