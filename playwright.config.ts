// Browser tests run in Chromium against the BUILT site (dist/), served by scripts/serve.mjs on
// a fixed port. Build first (`npm run build`); `npm test` does that for you.
import { defineConfig, devices } from '@playwright/test';
import { findChromium } from './scripts/chromium.mjs';

const port = Number(process.env.TEST_PORT || 4329);
const basePath = `/${(process.env.BASE_PATH || '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
const browser = findChromium();
if (!browser) throw new Error('No Chromium found: run `bash scripts/ensure-browser.sh` or set CHROMIUM_PATH.');

export default defineConfig({
  testDir: 'tests/browser',
  fullyParallel: false,
  // Two workers on the two cores CI has: the whole suite took 5.4 min this way against 10.4 min
  // with one (measured 2026-12-04, every test passing in both), and each test owns its page.
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}${basePath}`,
    trace: 'retain-on-failure',
    // The built site registers an offline service worker. Blocked here so that no spec is served
    // from its precache (page.route never sees requests a service worker answers); offline.spec.ts
    // and base-path.spec.ts's offline test allow it.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: browser.executablePath, args: browser.args },
      },
    },
  ],
  webServer: {
    command: 'node scripts/serve.mjs',
    url: `http://127.0.0.1:${port}${basePath}`,
    env: { PORT: String(port), STRICT_PORT: '1', BASE_PATH: basePath, ...(process.env.DIST_DIR ? { DIST_DIR: process.env.DIST_DIR } : {}) },
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
