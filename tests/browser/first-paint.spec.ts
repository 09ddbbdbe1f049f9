// The figures' first paints as files (components/lib/first-paint-store.ts): the built page carries
// no figure results in its islands' props; an island fetches its own file when it comes near the
// screen and hydrates into exactly the state the server drew (Figure 4's table and its summary
// are the same before and after, and equal the file's numbers); and when the file cannot be had,
// the figure still hydrates and computes its result live, instead of staying a picture.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { FIRST_CHAPTER, figure, watch, workerReady } from './helpers';
import type { TrainingSpeedsResult } from '../../engine/experiments/training-speeds';

const ID = 'training-speeds';

const island = (page: Page) => page.locator(`astro-island:has(figure[data-figure="${ID}"])`);
/** The table's speeds by epoch row, as numbers: { epoch: [layer 1, layer 2, ...] }. */
const tableSpeeds = (fig: Locator) =>
  fig.locator('tr[data-epoch]').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-epoch'), [...r.querySelectorAll('td[data-speed]')].map((c) => Number(c.getAttribute('data-speed')))])),
  );

test('a figure hydrates from its first-paint file into the state the server drew', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  // The file arrives well after the island's code (as on a slow connection), so a hydration that
  // did not wait for it would show an empty, recomputing figure.
  await page.route(`**/first-paint/${ID}-*.json`, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto(FIRST_CHAPTER);
  // No island's props carry a result: each names its file instead.
  const props = await page.locator('astro-island[component-url*="/figures/"], astro-island[props*="firstPaint"]').evaluateAll((els) => els.map((e) => e.getAttribute('props') ?? ''));
  expect(props.length).toBeGreaterThanOrEqual(9);
  for (const p of props) {
    expect(p).toContain('firstPaint');
    expect(p).not.toContain('"initial"');
  }
  const ref = JSON.parse((await island(page).getAttribute('opts'))!).value.firstPaint as { key: string; src: string };
  expect(ref.src).toBe(`${new URL(baseURL!).pathname}first-paint/${ref.key}.json`);
  // Off screen, not yet fetched.
  expect(requests.filter((u) => u.includes(`/first-paint/${ID}-`))).toEqual([]);

  // What the server drew, before any script has touched the figure.
  const fig = page.locator(`figure[data-figure="${ID}"]`);
  const serverTable = await tableSpeeds(fig);
  const serverStatus = await fig.getByRole('status').textContent();
  expect(Object.keys(serverTable).length).toBeGreaterThan(2);

  await figure(page, ID);
  await expect(island(page)).not.toHaveAttribute('ssr', /.*/);
  // Hydrated from the file: the build's result, ready at once, not recomputed.
  await expect(fig).toHaveAttribute('data-source', 'build');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(await tableSpeeds(fig)).toEqual(serverTable);
  expect(await fig.getByRole('status').textContent()).toBe(serverStatus);
  expect(requests.filter((u) => u.includes(`/first-paint/${ID}-`))).toEqual([new URL(ref.src, baseURL).href]);

  // The file holds those numbers (the table shows epochs of it, layer by layer).
  const file = (await (await page.request.get(ref.src)).json()) as TrainingSpeedsResult;
  for (const [epoch, speeds] of Object.entries(serverTable)) expect(speeds).toEqual(file.speeds.map((s) => s[Number(epoch) - 1]));
  expect(errors, 'console errors').toEqual([]);
});

test('without its first-paint file a figure still hydrates, and computes its result live', async ({ page }) => {
  const { errors } = watch(page);
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  // Before the page loads: the service worker is not installed yet on a first visit, so the
  // route sees the request.
  await page.route(`**/first-paint/${ID}-*.json`, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, ID);
  await expect(island(page)).not.toHaveAttribute('ssr', /.*/);
  // Figure 4's 500 epochs on the kernels: a few seconds.
  await workerReady(fig);
  expect(Object.keys(await tableSpeeds(fig)).length).toBeGreaterThan(2);
  expect(warnings.some((w) => w.includes('could not be loaded (HTTP 404)') && w.includes(`first-paint/${ID}-`)), warnings.join('\n')).toBe(true);
  // Chromium logs the refused request itself; nothing else may go wrong.
  expect(errors.filter((e) => !/Failed to load resource: .* 404/.test(e)), 'console errors').toEqual([]);
});
