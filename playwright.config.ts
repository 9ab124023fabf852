import { defineConfig } from '@playwright/test';
import { findElectron } from './electron/host/electron.probe';

// The Electron journeys run only where an Electron binary exists; global-setup prints why they are left out otherwise.
const electronFound = 'path' in findElectron(__dirname);

// Playwright cannot download its own browsers here: drive Debian's Chromium.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: './test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  testIgnore: electronFound ? [] : ['**/electron.spec.ts'],
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
  },
  projects: [{ name: 'debian-chromium' }],
});
