// Browser tests of pkadmin, run by `make test` inside the local stack
// (cmd/pkstack starts the portal and sets PKSTACK_PORTAL_URL). They use
// Debian's Chromium: a test tool's own browser download cannot work here.
import { defineConfig } from '@playwright/test';

const portal = process.env.PKSTACK_PORTAL_URL;
if (!portal) {
  throw new Error('PKSTACK_PORTAL_URL is not set: run the browser tests through `make test`');
}

export default defineConfig({
  testDir: '.',
  timeout: 60_000,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: '../../test-results',
  use: {
    baseURL: portal,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
