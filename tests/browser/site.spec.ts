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

// A reader who wants to share or note a section takes its address from the heading: the heading's
// words link to it, a # shows on hover and on keyboard focus (drawn by CSS, named "" so a screen
// reader hears the heading once), and following it puts the section in the address bar.
test('each section heading links to itself: a # on hover and keyboard focus, its address on click', async ({ page }) => {
  await page.goto('./');
  // The contents at the top has a link of the same name; this one is the heading's.
  const link = page.locator('main h2#vanishing').getByRole('link', { name: 'The vanishing gradient problem', exact: true });
  await expect(link).toHaveCount(1);
  await expect(link).toHaveAttribute('href', '#vanishing');
  const mark = () => link.evaluate((a) => { const s = getComputedStyle(a, '::after'); return { content: s.content, opacity: s.opacity }; });
  // Hidden until wanted, and with an empty name for assistive technology.
  expect(await mark()).toEqual({ content: '"#" / ""', opacity: '0' });
  await link.hover();
  await expect.poll(async () => (await mark()).opacity).toBe('1');
  await page.mouse.move(0, 0);
  await expect.poll(async () => (await mark()).opacity).toBe('0');
  // By keyboard: Tab from the stop before it lands on it, and the # shows.
  await link.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  expect((await mark()).opacity).toBe('1');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#vanishing$/);
  // Its colour is the heading's, not a link's.
  expect(await link.evaluate((a) => getComputedStyle(a).color === getComputedStyle(a.parentElement!).color)).toBe(true);
});

