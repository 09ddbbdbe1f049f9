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

test('an address the site does not have answers 404 with a page that leads back to the chapters', async ({ page, baseURL }) => {
  // A figure or chapter renamed, a link mistyped: the host serves 404.html at any depth, so its
  // links must not be relative to where the reader happened to land.
  const { errors } = watch(page);
  const response = await page.goto('./figures/no-such-figure/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('No page at this address');
  const chapters = page.locator('.not-found-chapters a');
  await expect(chapters).toHaveCount(2);
  await chapters.first().click();
  await expect(page).toHaveURL(new URL('./chapters/unstable-gradients/', baseURL).href);
  // The one error is the browser's report of the 404 itself.
  expect(errors.filter((e) => !/status of 404/.test(e)), errors.join('\n')).toEqual([]);
});

test('with JavaScript off, the page says the figures show the build\'s results and their controls need it', async ({ browser, baseURL }) => {
  // The controls are no longer disabled before their code arrives (Tab must reach them), so a
  // reader without JavaScript would otherwise find controls that look ready and do nothing.
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  for (const path of ['./', './figures/layer-speeds/']) {
    await page.goto(path);
    await expect(page.locator('.noscript-note')).toBeVisible();
    await expect(page.locator('.noscript-note')).toContainText('their controls do nothing');
  }
  await context.close();
  // With JavaScript, nothing of it shows.
  const live = await browser.newPage({ baseURL });
  await live.goto('./');
  await expect(live.locator('.noscript-note')).toHaveCount(0);
  await live.close();
});
