// Figure 7 end to end: the worker's quantiles equal Node's bit for bit, and the log-scale weight
// slider moved by keyboard turns vanishing into exploding, again exactly as Node computes it.
import { expect, test, type Locator } from '@playwright/test';
import type { UnstableProductResult } from '../../engine/experiments/unstable-product';
import { figure, inNode, watch, workerReady } from './helpers';

/** The table's log10 quantiles, as quantiles[q][k - 1]. */
const shownQuantiles = (fig: Locator) =>
  fig.locator('tbody tr').evaluateAll((rows) => {
    const out: number[][] = [[], [], [], [], []];
    for (const row of rows) row.querySelectorAll('td[data-log10]').forEach((c, j) => out[j].push(Number(c.getAttribute('data-log10'))));
    return out;
  });
const shownParams = (fig: Locator) =>
  fig.locator('table[data-scale]').evaluate((t) => ({
    scale: Number(t.getAttribute('data-scale')),
    weights: t.getAttribute('data-weights'),
    spread: Number(t.getAttribute('data-spread')),
    draws: Number(t.getAttribute('data-draws')),
    seed: Number(t.getAttribute('data-seed')),
    maxDepth: 30,
  }));

test('unstable-product: worker quantiles equal Node\'s; the weight scale by keyboard makes it explode', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto('./');
  const fig = await figure(page, 'unstable-product');
  await workerReady(fig);

  const p0 = await shownParams(fig);
  expect(p0).toEqual({ scale: 1, weights: 'gaussian', spread: 1, draws: 2000, seed: 1, maxDepth: 30 });
  const n0 = await inNode<UnstableProductResult>('unstable-product', p0);
  expect(await shownQuantiles(fig)).toEqual(n0.quantiles);
  await expect(fig.getByRole('status')).toContainText('the product vanishes');

  // End moves a range input to its maximum: s = 100.
  const scale = fig.getByRole('slider', { name: 'Weight scale s (log scale)' });
  await scale.focus();
  await page.keyboard.press('End');
  await expect.poll(async () => (await shownParams(fig)).scale).toBe(100);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const n1 = await inNode<UnstableProductResult>('unstable-product', await shownParams(fig));
  await expect.poll(() => shownQuantiles(fig)).toEqual(n1.quantiles);
  await expect(fig.getByRole('status')).toContainText('the product explodes');
  expect(n1.quantiles[2][29]).toBeGreaterThan(3);

  // One step back down: 10^(2 - 0.01) = 97.7 after rounding to three figures.
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await shownParams(fig)).scale).toBe(97.7);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const n2 = await inNode<UnstableProductResult>('unstable-product', await shownParams(fig));
  await expect.poll(() => shownQuantiles(fig)).toEqual(n2.quantiles);
  expect(new URL(page.url()).searchParams.get('unstable-product.scale')).toBe('97.7');

  expect(errors, 'console errors').toEqual([]);
});
