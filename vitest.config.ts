// Unit and content tests run in Node (the engine is DOM-free). Browser tests are Playwright's
// (tests/browser, *.spec.ts) and are not picked up here.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/build-kernels.setup.ts'],
    // Some tests train small networks on real MNIST: generous, but still catches a hang.
    testTimeout: 60_000,
    // Content tests may build the site in beforeAll when dist/ is stale.
    hookTimeout: 120_000,
  },
});
