import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/integration/**/*.test.ts'],
    environment: 'node', // per file: // @vitest-environment happy-dom
    pool: 'forks',
    testTimeout: 20_000,
    server: { deps: { inline: ['electron-store'] } },
  },
});
