import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runHost, RUNNING_PREFIX } from './host.run';

/** `npm run web -- --port <n>`: the desk in a browser, served from 127.0.0.1 only. */
async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } }, allowPositionals: false });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535 (got "${values.port}").`);
    process.exit(2);
  }
  // Built to out/main/host.js; the renderer is built beside it in out/renderer.
  const running = await runHost({ rendererDir: resolve(__dirname, '../renderer'), port });
  if (running.sandboxUrl) console.log(`Demo national API sandbox at ${running.sandboxUrl}`);
  console.log(`${RUNNING_PREFIX}${running.host.url}`);
  const stop = () => void running.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`GP Reception could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
