/**
 * Run the PDS sandbox on its own:
 *   tsx electron/sandbox/cli.ts --port 9000 --population 10000 [--seed 1]
 * Prints only the base URL (never patient data). Ctrl+C stops it.
 */
import { startSandbox, type SandboxOptions } from './server';

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
    else if (flag === '--population') opts.population = number();
    else if (flag === '--seed') opts.seed = number();
    else if (flag === '--host' && value !== undefined) {
      opts.host = value;
      i++;
    } else throw new Error(`Unknown option ${flag}. Usage: cli.ts [--port 9000] [--population 10000] [--seed 1] [--host 127.0.0.1]`);
  }
  return opts;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 9000, ...parseArgs(process.argv.slice(2)) });
  console.log(`PDS sandbox listening at ${sandbox.baseUrl}`);
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
