// Offline after one visit (issue 10 item 5). The built site's service worker (Workbox, from
// astro.config.mjs) precaches the pages, scripts, fonts and the first 1,000 MNIST images on the
// first visit, so that a reload with the network off still shows the chapter and a figure that
// trains on those images computes in its Web Worker. The large training files are not fetched by
// a plain visit; "Make available offline" fetches them into the worker's data cache, with
// progress, and then they load with the network off. A new deploy's worker waits until the
// reader presses Reload.
// Service workers are blocked for the other specs (playwright.config.ts); allowed here.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { figure, watch, workerReady } from './helpers';

test.use({ serviceWorkers: 'allow' });

const dist = process.env.DIST_DIR || 'dist';
const LARGE = ['train-images.idx3.gz', 'train-labels.idx1.gz', 'validation-images.idx3.gz', 'validation-labels.idx1.gz'];
const largeRequest = /\/data\/(train|validation|test)-/;

/** Waits until the service worker is active (its precache complete) and controls the page. */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null)).toBe('activated');
}

/** The names of the URLs in every cache the site's worker keeps, by cache name. */
const cached = (page: Page) =>
  page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    return out;
  });

test('after one visit, a reload with the network off shows the chapter and a figure computes on the first 1,000 images', async ({ page, baseURL }) => {
  const { errors } = watch(page);
  const requests: string[] = [];
  page.context().on('request', (r) => requests.push(r.url()));
  await page.goto('./');
  await controlled(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope, 'the worker\'s scope is the site').toBe(new URL(baseURL!).href);

  const caches1 = await cached(page);
  const precache = Object.entries(caches1).find(([name]) => name.startsWith('workbox-precache'))?.[1] ?? [];
  // The pages, scripts (the engine's worker among them), fonts and the small data asset, and
  // nothing else: no large MNIST file, nothing outside the site.
  expect(precache.some((u) => u.includes('/chapters/unstable-gradients/index.html')), 'the chapter page').toBe(true);
  expect(precache.some((u) => /\/figures\/gradient-bars\/index\.html/.test(u)), 'a figure page').toBe(true);
  expect(precache.some((u) => /\/_astro\/worker-[^/]+\.js/.test(u)), 'the engine worker').toBe(true);
  expect(precache.some((u) => /KaTeX_Main-Regular[^/]*\.woff2/.test(u)), 'a KaTeX font').toBe(true);
  expect(precache.some((u) => u.includes('/data/first1000-images.idx3.gz')), 'the first 1,000 images').toBe(true);
  expect(precache.filter((u) => !u.startsWith(new URL(baseURL!).href)), 'precached outside the site').toEqual([]);
  expect(Object.values(caches1).flat().filter((u) => largeRequest.test(u)), 'large files cached unasked').toEqual([]);

  await page.context().setOffline(true);
  await page.reload();
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page.locator('main h1')).not.toBeEmpty();
  // Figure 2 trains on the first 1,000 images: a fresh worker fetches them, and the service
  // worker answers from its precache (worker requests go through it too).
  await workerReady(await figure(page, 'gradient-bars'));
  await expect(page.getByRole('button', { name: /offline/ })).toBeVisible();

  expect(requests.filter((u) => largeRequest.test(u)), 'large files fetched on a plain visit').toEqual([]);
  expect(errors, 'console errors').toEqual([]);
  // And the network really was off: a file that is not cached fails to load.
  expect(await page.evaluate(() => fetch('data/test-labels.idx1.gz').then(() => 'loaded', () => 'failed'))).toBe('failed');

  // Figure 1 needs the 50,000 training images, which a plain visit does not keep: Start says so
  // in words, with what to do, and the build's curves stay on show, said to be the earlier run's.
  const fig1 = await figure(page, 'depth-accuracy');
  await fig1.getByRole('button', { name: 'Start' }).click();
  await expect(fig1).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  const status = fig1.getByRole('status');
  await expect(status).toContainText('This run needs the 50,000 training images, which could not be downloaded (this device is offline)');
  await expect(status).toContainText('Connect and press Retry; to run it offline later, press “Make available offline” at the top of the page while connected.');
  await expect(status).not.toContainText('Failed to fetch');
  await expect(fig1.locator('.status-earlier')).toContainText('Still shown, from before: After 30 epochs');
  await expect(fig1.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('"Make available offline" downloads the large files with progress; then they load with the network off', async ({ page, baseURL }) => {
  const { errors } = watch(page);
  // The contents page has the same site nav as the chapter and is a fraction of its size, which
  // keeps axe and the reloads quick.
  await page.goto('./contents/');
  await controlled(page);
  const total = LARGE.reduce((s, f) => s + statSync(join(dist, 'data', f)).size, 0);
  const totalMb = (total / 1e6).toFixed(1);
  const url = (f: string) => new URL(`data/${f}`, baseURL).href;

  const button = page.getByRole('button', { name: /Make available offline/ });
  await expect(button).toHaveText(`Make available offline (${totalMb} MB)`);
  // The other specs, which block service workers, never see this control: axe checks it here.
  const axe = await new AxeBuilder({ page }).include('.site-nav').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`), 'axe violations in the nav').toEqual([]);
  // Record every progress text the control shows (a local download is over in a moment).
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => {
      const p = document.querySelector('.offline-progress');
      if (p) seen.push(`${p.textContent?.trim().replace(/\s+/g, ' ')} max=${p.querySelector('progress')?.max}`); // the unit's non-breaking space read as a space
    }).observe(document.querySelector('.offline')!, { subtree: true, childList: true, characterData: true });
  });
  // Without a network it says that it failed and why, and can be tried again.
  await page.context().setOffline(true);
  const before = errors.length;
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.offline [role="status"]')).toHaveText('Could not make the figures available offline: the network failed. Try again when online.');
  await expect(button).toBeEnabled();
  // The browser logs the failed load itself; nothing else may appear.
  expect(errors.splice(before).filter((e) => !/net::ERR_(FAILED|INTERNET_DISCONNECTED)/.test(e)), 'console errors of the failed try').toEqual([]);
  await page.context().setOffline(false);
  await page.evaluate(() => ((window as unknown as { seen: string[] }).seen.length = 0));
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.offline [role="status"]')).toHaveText('✓ Available offline', { timeout: 30_000 });
  await expect(button).toHaveCount(0);

  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  const steps = seen.map((s) => Number(/^([\d.]+) of/.exec(s)?.[1]));
  expect(seen.every((s) => s.endsWith(`of ${totalMb} MB max=${total}`)), `progress texts ${seen.slice(0, 3)}`).toBe(true);
  expect(steps.some((x) => x > 0 && x < total / 1e6), `some progress between 0 and the total: ${seen.length} steps`).toBe(true);

  // The four files are in the cache that the worker's cache-first route reads (its name is in
  // sw.js), whole, and there is no other data cache.
  const swCache = /cacheName:"(mnist-data:[^"]+)"/.exec(readFileSync(join(dist, 'sw.js'), 'utf8'))?.[1];
  expect(swCache, 'the data cache named in sw.js').toBeTruthy();
  const held = await page.evaluate(async ({ name, urls }) => {
    const all = (await caches.keys()).filter((k) => k.startsWith('mnist-data:'));
    const cache = await caches.open(name);
    return { all, sizes: await Promise.all(urls.map(async (u) => (await (await cache.match(u))?.arrayBuffer())?.byteLength ?? 0)) };
  }, { name: swCache!, urls: LARGE.map(url) });
  expect(held).toEqual({ all: [swCache], sizes: LARGE.map((f) => statSync(join(dist, 'data', f)).size) });

  // With the network off, the service worker's cache-first route answers for them (as it does for
  // the engine's workers), and the control says so after a reload.
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.locator('.offline [role="status"]')).toHaveText('✓ Available offline');
  expect(await page.evaluate((u) => fetch(u).then((r) => r.arrayBuffer()).then((b) => b.byteLength, (e) => String(e)), url('train-images.idx3.gz'))).toBe(
    statSync(join(dist, 'data', 'train-images.idx3.gz')).size,
  );
  expect(errors, 'console errors').toEqual([]);
});

test('a new deploy waits: the page offers Reload, a plain reload keeps the old version, Reload switches', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto('./contents/');
  await controlled(page);
  // A new deploy, as the browser sees it: sw.js changes (a changed page or script changes the
  // revisions listed in it). Playwright's routes do not see the browser's check for a new sw.js,
  // so the served file itself gets a comment for the length of this test. Only this file's tests
  // let service workers run, and they run one after another.
  const swPath = join(dist, 'sw.js');
  const original = readFileSync(swPath, 'utf8');
  try {
    writeFileSync(swPath, `${original}\n// the next deploy\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const prompt = page.getByText('A new version of this site is available.');
    await expect(prompt).toBeVisible();
    // Said where the reader is: at the foot of the page, on a short screen, it is still in view.
    await page.setViewportSize({ width: 800, height: 300 });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await page.evaluate(() => window.scrollY), 'the page scrolled').toBeGreaterThan(100);
    await expect(prompt).toBeInViewport();
    // The old worker keeps serving (the page keeps the scripts it was built with) across a reload.
    await page.reload();
    await expect(prompt).toBeVisible();
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting)).toBe(true);
    // Reload hands over to the new worker and reloads into it: nothing waits any more.
    await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name: 'Reload' }).click()]);
    await controlled(page);
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting)).toBe(false);
    await expect(page.getByRole('button', { name: /Make available offline/ })).toBeVisible();
    await expect(prompt).toHaveCount(0);
  } finally {
    writeFileSync(swPath, original);
  }
  expect(errors, 'console errors').toEqual([]);
});
