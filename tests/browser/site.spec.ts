// The built page as a reader gets it: mathematics already typeset, nothing fetched from another
// origin, and a quiet console.
import { expect, test, type Page } from '@playwright/test';

/** Records every request URL and every console error or uncaught exception on the page. */
function watch(page: Page) {
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { requests, errors };
}

test('the first chapter renders its mathematics at build time, offline and without errors', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  await page.goto('./', { waitUntil: 'load' });
  // Fonts and any lazily started workers: wait until the network is quiet before judging it.
  await page.waitForLoadState('networkidle');

  await expect(page.locator('main')).toBeVisible();
  await expect(page.locator('main h1')).not.toBeEmpty();
  expect(await page.locator('.katex').count()).toBeGreaterThan(0);
  await expect(page.locator('.katex-display').first()).toBeVisible();
  await expect(page.locator('.katex-error')).toHaveCount(0);

  const origin = new URL(baseURL!).origin;
  const foreign = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
  expect(foreign, 'requests that left the local origin').toEqual([]);
  expect(errors, 'console errors').toEqual([]);
});
