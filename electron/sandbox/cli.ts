/**
 * Run the national-API sandbox as its own process (e.g. for tests that restart the desk around it):
 *   tsx electron/sandbox/cli.ts [--port 9000] [--control-port 9001] [--population 10000] [--seed 1]
 *                               [--today yyyy-mm-dd] [--clinicians 12] [--rx-requests 5000] [--host 127.0.0.1]
 * Prints only where it listens (never patient data), one line each, with the ports actually bound
 * (so --port 0 / --control-port 0 are usable):
 *   PDS sandbox listening at http://127.0.0.1:<port>/personal-demographics/FHIR/R4
 *   Sandbox control API at http://127.0.0.1:<control port>        (only with --control-port)
 * Ctrl+C (SIGINT) or SIGTERM stops it.
 */
import { startSandbox, type SandboxOptions } from './server';

const USAGE =
  'Usage: cli.ts [--port 9000] [--control-port n] [--population 10000] [--seed 1] [--today yyyy-mm-dd] [--clinicians 12] [--rx-requests 5000] [--host 127.0.0.1]';

function parseArgs(argv: readonly string[]): SandboxOptions {
  const opts: SandboxOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const number = (): number => {
      if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${flag} needs a whole number`);
      i++;
      return Number(value);
    };
    if (flag === '--port') opts.port = number();
    else if (flag === '--control-port') opts.controlPort = number();
    else if (flag === '--population') opts.population = number();
    else if (flag === '--seed') opts.seed = number();
    else if (flag === '--clinicians') opts.clinicians = number();
    else if (flag === '--rx-requests') opts.rxRequests = number();
    else if (flag === '--today') {
      if (value === undefined || !isCalendarDate(value)) throw new Error('--today needs a date as yyyy-mm-dd');
      opts.today = value;
      i++;
    } else if (flag === '--host' && value !== undefined) {
      opts.host = value;
      i++;
    } else throw new Error(`Unknown option ${flag}. ${USAGE}`);
  }
  return opts;
}

function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s; // rejects 2026-02-30
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 9000, ...parseArgs(process.argv.slice(2)) });
  console.log(`PDS sandbox listening at ${sandbox.baseUrl}`);
  if (sandbox.controlOrigin) console.log(`Sandbox control API at ${sandbox.controlOrigin}`);
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
