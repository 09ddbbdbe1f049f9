// Which engine the figures run on. ?engine=reference in a link makes every worker use the
// TypeScript reference engine: the figures still compute (Node's numbers, bit for bit), and the
// page says so in ONE note however many workers start, which the reader can dismiss. Without it,
// the note appears only where the browser lacks WebAssembly SIMD (checked here independently).
import { expect, test, type Page } from '@playwright/test';
import { FIRST_CHAPTER, figure, inNode, SIMD_PROBE, watch, workerReady } from './helpers';

const note = (page: Page) => page.locator('.engine-note[data-shown]');
const speedsShown = (page: Page) =>
  page.locator('figure[data-figure="layer-speeds"] td[data-speed]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-speed'))));

test('?engine=reference: figures compute on the reference engine and one note says so', async ({ page }) => {
  const { errors } = watch(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(`${FIRST_CHAPTER}?engine=reference&layer-speeds.seed=4`);
  const speeds = await figure(page, 'layer-speeds');
  await workerReady(speeds);
  const node = await inNode<{ speeds: number[] }>('layer-speeds', { sizes: '784,30,30,30,30,10', seed: 4, samples: 1000 });
  expect(await speedsShown(page)).toEqual(node.speeds);
  await expect(note(page)).toHaveCount(1);
  await expect(note(page)).toContainText('reference engine');
  await expect(note(page)).toBeVisible();

  // More figures, more workers: still one note.
  await workerReady(await figure(page, 'gradient-bars'));
  await workerReady(await figure(page, 'sigmoid-prime'));
  const training = await figure(page, 'training-speeds');
  await expect(page.locator('astro-island:has(figure[data-figure="training-speeds"])')).not.toHaveAttribute('ssr', /.*/);
  await training.getByRole('button', { name: 'Start' }).click();
  await expect(training).toHaveAttribute('data-state', 'running');
  await expect.poll(() => workers.length).toBeGreaterThanOrEqual(2);
  await training.getByRole('button', { name: 'Stop' }).click();
  await expect(note(page)).toHaveCount(1);
  expect(await page.getByText('as this page’s link asks').count()).toBe(1);

  await note(page).getByRole('button', { name: 'Dismiss' }).click();
  await expect(note(page)).toHaveCount(0);
  expect(errors, 'console errors').toEqual([]);
});

test('by default the note appears only if this browser lacks WebAssembly SIMD; a bad engine= is named on the page and ignored', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(`${FIRST_CHAPTER}?engine=turbo`);
  const speeds = await figure(page, 'layer-speeds');
  await workerReady(await figure(page, 'gradient-bars'));
  await speeds.scrollIntoViewIfNeeded();
  await workerReady(speeds);
  await expect(page.locator('main > .link-notice p')).toHaveText([/^Link setting engine=turbo not applied: the only engine a link can ask for is engine=reference/]);
  const simd = await page.evaluate((bytes) => WebAssembly.validate(new Uint8Array(bytes)), SIMD_PROBE);
  // The worker has answered a run, so it has long since said which engine it uses.
  await page.waitForTimeout(500);
  if (simd) {
    await expect(note(page)).toHaveCount(0);
  } else {
    await expect(note(page)).toHaveCount(1);
    await expect(note(page)).toContainText('lacks WebAssembly SIMD');
  }
  expect(errors, 'console errors').toEqual([]);
});
