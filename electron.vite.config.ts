import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      // electron-store and conf are ESM-only: bundle them into the CJS main. Natives stay external.
      externalizeDeps: { exclude: ['electron-store', 'conf', 'env-paths', 'soundex-code', 'zod', 'cockatiel'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'), // Electron main process
          host: resolve(__dirname, 'electron/host/cli.ts'), // browser host (plain Node)
          launch: resolve(__dirname, 'electron/host/launch.ts'), // npm start: Electron, else the browser host
          'audit-verify': resolve(__dirname, 'electron/core/audit/verify.cli.ts'), // npm run audit:verify
          'local-copy': resolve(__dirname, 'electron/core/security/local-copy.cli.ts'), // npm run local-copy (rotate key, backup, restore)
        },
      },
    },
  },
  preload: {
    // A sandboxed preload can require almost nothing: bundle everything it uses.
    build: { externalizeDeps: false, rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } } },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
    plugins: [react()],
  },
});
