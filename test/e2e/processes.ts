import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface Running {
  /** Each line printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Start a command the way a user would, in its own process group, and wait until every pattern has matched a
 * printed line; resolves with the text after each pattern. Stopped with SIGTERM, then SIGKILL.
 */
export async function startPrinting(cmd: string, args: string[], env: NodeJS.ProcessEnv, patterns: string[]): Promise<Running & { found: string[] }> {
  const child: ChildProcess = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stderr!.on('data', (d) => (out += String(d)));
  const found = await new Promise<string[]>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${cmd} ${args.join(' ')} did not start in time:\n${out}`)), 90_000);
    const check = () => {
      const lines = out.split('\n');
      const hits = patterns.map((p) => lines.find((l) => l.startsWith(p))?.slice(p.length).trim());
      if (hits.every(Boolean)) {
        clearTimeout(timer);
        ok(hits as string[]);
      }
    };
    child.stdout!.on('data', (d) => {
      out += String(d);
      check();
    });
    child.once('exit', (code) => fail(new Error(`${cmd} exited (${code}):\n${out}`)));
  });
  return {
    found,
    output: () => out,
    async stop() {
      const gone = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return; // already gone
      }
      await Promise.race([gone, new Promise((r) => setTimeout(r, 3_000))]);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* stopped cleanly */
      }
    },
  };
}

/** The demo national sandbox in its own process (so the desk can restart while it keeps its state). */
export async function startSandboxProcess(today: string) {
  const s = await startPrinting('npx', ['tsx', 'electron/sandbox/cli.ts', '--port', '0', '--control-port', '0', '--today', today, '--population', '1000'], {}, [
    'PDS sandbox listening at ',
    'Sandbox control API at ',
  ]);
  return { ...s, origin: new URL(s.found[0]!).origin, control: s.found[1]! };
}

/** The built browser host (what `npm run web` runs after building) on a data folder, using the given sandbox. */
export async function startHostProcess(dataDir: string, sandbox: { origin: string; control: string }) {
  const h = await startPrinting(
    process.execPath,
    ['out/main/host.js', '--port', '0'],
    { RECEPTION_DATA_DIR: dataDir, RECEPTION_SANDBOX_URL: sandbox.origin, RECEPTION_SANDBOX_CONTROL_URL: sandbox.control, RECEPTION_FIRST_REFRESH_AFTER_MS: '0' },
    ['GP Reception is running at '],
  );
  return { ...h, url: h.found[0]! };
}
