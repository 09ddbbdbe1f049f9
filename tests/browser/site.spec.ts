// The built page as a reader gets it: mathematics already typeset, nothing fetched from another
// origin, and a quiet console.
import { expect, test } from '@playwright/test';
import { foreignRequests, watch } from './helpers';

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

  expect(foreignRequests(requests, baseURL!), 'requests that left the local origin').toEqual([]);
  expect(errors, 'console errors').toEqual([]);
});
