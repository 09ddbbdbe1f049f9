// The site built for a sub-path, as an instructor deploys it (GitHub Pages serves a fork at
// /<repository>/): every link and asset points inside the base and every link to another page
// answers, nothing is requested outside it, the engine's worker and its WebAssembly kernels run,
// and the MNIST assets load from <base>data/.
// The server (scripts/serve.mjs) answers 404 outside the base, like such a host would.
// Only meaningful against such a build: `npm test` builds one into dist-course/ and runs this
// file alone against it (BASE_PATH=/course/ DIST_DIR=dist-course TEST_PORT=4330); in the
// ordinary run at the site root it skips itself.
import { expect, test, type Page } from '@playwright/test';
import { figure, SIMD_PROBE, watch, workerReady } from './helpers';

const base = `/${(process.env.BASE_PATH || '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
test.skip(base === '/', 'checks a build served under a sub-path: run with BASE_PATH=/course/ and DIST_DIR set to that build (npm test does)');

/** Every URL the page's markup and style sheets point at, with the element or rule it is in. */
const urlsInPage = (page: Page) =>
  page.evaluate(() => {
    const out: { where: string; url: string; navigation: boolean }[] = [];
    // Astro's islands load their code from component-url and renderer-url.
    const attrs = ['href', 'src', 'srcset', 'action', 'poster', 'component-url', 'renderer-url', 'before-hydration-url'];
    for (const el of document.querySelectorAll('*')) {
      for (const attr of attrs) {
        const value = el.getAttribute(attr);
        if (value === null) continue;
        // A link (<a href>) to another site is a citation, not something this page loads.
        const navigation = el.localName === 'a' && attr === 'href';
        const parts = attr === 'srcset' ? value.split(',').map((s) => s.trim().split(/\s+/)[0]) : [value];
        for (const part of parts) out.push({ where: `<${el.localName} ${attr}="${value}">`, url: new URL(part, document.baseURI).href, navigation });
      }
    }
    // Fonts and images named by the CSS (KaTeX's fonts), resolved as the browser does: against the sheet.
    for (const sheet of document.styleSheets) {
      const rules = [...sheet.cssRules].map((r) => r.cssText).join('\n');
      for (const m of rules.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
        out.push({ where: `css ${sheet.href ?? 'inline <style>'}`, url: new URL(m[1], sheet.href ?? document.baseURI).href, navigation: false });
      }
    }
    return out;
  });

/** URLs (with where they came from) that are not inside `${origin}${base}`. */
function outsideBase(urls: { where: string; url: string; navigation: boolean }[], origin: string): string[] {
  return urls
    .filter(({ url, navigation }) => {
      if (url.startsWith('data:') || url.startsWith('blob:')) return false;
      const u = new URL(url);
      if (u.origin !== origin) return !navigation;
      return !u.pathname.startsWith(base);
    })
    .map(({ where, url }) => `${url} (${where})`);
}

/** Every request the page and its workers make, and every answer that was not a success. */
function record(page: Page) {
  const requests: string[] = [];
  const failures: string[] = [];
  // The context, not the page: it also hears the requests made by the page's Web Workers.
  page.context().on('request', (r) => requests.push(r.url()));
  page.context().on('response', (r) => r.status() >= 400 && failures.push(`${r.status()} ${r.url()}`));
  page.context().on('requestfailed', (r) => failures.push(`${r.failure()?.errorText} ${r.url()}`));
  return { requests, failures };
}

const requestsOutside = (requests: string[], origin: string) =>
  requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && !url.startsWith(`${origin}${base}`));

/** Follows every link to another page of the site (contents, previous/next, ...): each must answer 200. */
async function linksAnswer(page: Page, urls: { url: string; navigation: boolean }[], origin: string) {
  const here = page.url().split('#')[0];
  const pages = [...new Set(urls.filter((u) => u.navigation && new URL(u.url).origin === origin).map((u) => u.url.split('#')[0]))];
  for (const url of pages.filter((u) => u !== here)) {
    expect((await page.request.get(url)).status(), `link to ${url}`).toBe(200);
  }
}

test('under the base path, every link and asset points inside it and nothing is fetched outside it', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  expect(new URL(baseURL!).pathname, 'the configured baseURL').toBe(base);
  const { requests, failures } = record(page);
  const { errors } = watch(page);
  const response = await page.goto('./');
  expect(response?.status()).toBe(200);
  await page.waitForLoadState('networkidle');

  await expect(page.locator('main h1')).not.toBeEmpty();
  const urls = await urlsInPage(page);
  // The page does point at things (stylesheet, favicon, island code), so the check below has teeth.
  expect(urls.filter((u) => u.url.includes('/_astro/')).length).toBeGreaterThan(10);
  expect(urls.some((u) => u.url === `${origin}${base}favicon.svg`), 'favicon under the base').toBe(true);
  // The first chapter's canonical address is its own page, under the base too.
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', `${base}chapters/unstable-gradients/`);
  expect(outsideBase(urls, origin), 'URLs in the page outside the base').toEqual([]);
  await linksAnswer(page, urls, origin);

  expect(requests.length).toBeGreaterThan(0);
  expect(requestsOutside(requests, origin), 'requests outside the base (or to other origins)').toEqual([]);
  expect(failures, 'failed requests').toEqual([]);
  expect(errors, 'console errors').toEqual([]);
});

test('under the base path, workers compute figures with the kernels and load MNIST from <base>data/', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const { requests, failures } = record(page);
  const { errors } = watch(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto('./');

  // sigmoid-prime needs no data: this is the worker script and the kernels alone.
  await workerReady(await figure(page, 'sigmoid-prime'));
  expect(workers.length, 'a Web Worker started').toBeGreaterThan(0);
  for (const url of workers) expect(url.startsWith(`${origin}${base}_astro/`), `worker script ${url}`).toBe(true);

  // gradient-bars runs on the first 1,000 training images, fetched by the worker.
  await workerReady(await figure(page, 'gradient-bars'));
  expect(requests, 'the MNIST asset, fetched under the base').toContain(`${origin}${base}data/first1000-images.idx3.gz`);

  // The kernels are inlined in the worker's script, so nothing more to fetch; if they failed to
  // start, the engine would fall back to the reference and the page would say so.
  const simd = await page.evaluate((bytes) => WebAssembly.validate(new Uint8Array(bytes)), SIMD_PROBE);
  if (simd) await expect(page.locator('.engine-note[data-shown]')).toHaveCount(0);

  // The figures' settings go into the page's link, which must stay under the base.
  expect(new URL(page.url()).pathname.startsWith(base), `page URL ${page.url()}`).toBe(true);
  expect(requestsOutside(requests, origin), 'requests outside the base (or to other origins)').toEqual([]);
  expect(failures, 'failed requests').toEqual([]);
  expect(errors, 'console errors').toEqual([]);
});

// The site's other pages, each with what shows it is there: a chapter, the contents, the figures'
// gallery and one figure's own page (computed by its worker from the MNIST assets).
const pages: [string, (page: Page) => Promise<void>][] = [
  ['chapters/unstable-gradients/', (page) => expect(page.locator('main figure[data-figure]').first()).toBeAttached()],
  ['contents/', (page) => expect(page.locator('main a[href*="/chapters/"]').first()).toBeAttached()],
  ['figures/', (page) => expect(page.locator('main a[href*="/figures/"]').first()).toBeAttached()],
  ['figures/gradient-bars/', async (page) => workerReady(page.locator('figure[data-figure="gradient-bars"]'))],
];

for (const [route, shown] of pages) {
  test(`under the base path, <base>${route} loads and its links stay inside the base`, async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const { requests, failures } = record(page);
    const { errors } = watch(page);
    const response = await page.goto(`./${route}`);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(`${origin}${base}${route}`);
    await page.waitForLoadState('networkidle');

    await shown(page);
    const urls = await urlsInPage(page);
    expect(outsideBase(urls, origin), 'URLs in the page outside the base').toEqual([]);
    await linksAnswer(page, urls, origin);
    expect(requestsOutside(requests, origin), 'requests outside the base (or to other origins)').toEqual([]);
    expect(failures, 'failed requests').toEqual([]);
    expect(errors, 'console errors').toEqual([]);
  });
}

// The offline service worker follows the base: its script and scope are <base>sw.js and <base>,
// it caches nothing outside the base, and a reload with the network off still shows the chapter
// with a figure computing on the precached first 1,000 images (tests/browser/offline.spec.ts has
// the rest, at the site root).
test.describe('offline under the base path', () => {
  test.use({ serviceWorkers: 'allow' });
  test('the service worker is <base>sw.js with scope <base>, caches only inside it, and works offline', async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const { errors } = watch(page);
    await page.goto('./');
    const reg = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.ready;
      return { scope: r.scope, script: r.active?.scriptURL };
    });
    expect(reg).toEqual({ scope: `${origin}${base}`, script: `${origin}${base}sw.js` });
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null)).toBe('activated');
    const urls = await page.evaluate(async () => {
      const out: string[] = [];
      for (const name of await caches.keys()) out.push(...(await (await caches.open(name)).keys()).map((r) => r.url));
      return out;
    });
    expect(urls.some((u) => u.startsWith(`${origin}${base}data/first1000-images.idx3.gz`)), 'the first 1,000 images, precached under the base').toBe(true);
    expect(urls.filter((u) => !u.startsWith(`${origin}${base}`)), 'cached outside the base').toEqual([]);

    await page.context().setOffline(true);
    await page.reload();
    await expect(page.locator('main h1')).not.toBeEmpty();
    await workerReady(await figure(page, 'gradient-bars'));
    expect(errors, 'console errors').toEqual([]);
  });
});
