// Figure 7 end to end: the worker's quantiles equal Node's bit for bit. The log-scale weight slider
// moved by keyboard does not make the default chain of sigmoid neurons explode (large weights
// saturate them); switching to the independent model by keyboard does, exactly as Node computes it.
import { expect, test, type Locator } from '@playwright/test';
import type { UnstableProductResult } from '../../engine/experiments/unstable-product';
import { FIRST_CHAPTER, figure, inNode, watch, workerReady } from './helpers';

/** The table's log10 quantiles, as quantiles[q][k - 1] (null for a product of exactly zero). */
const shownQuantiles = (fig: Locator) =>
  fig.locator('tbody tr').evaluateAll((rows) => {
    const out: (number | null)[][] = [[], [], [], [], []];
    for (const row of rows) {
      row.querySelectorAll('td[data-q]').forEach((c, j) => out[j].push(c.hasAttribute('data-zero-product') ? null : Number(c.getAttribute('data-log10'))));
    }
    return out;
  });
const shownParams = (fig: Locator) =>
  fig.locator('table[data-scale]').evaluate((t) => ({
    model: t.getAttribute('data-model'),
    activation: t.getAttribute('data-activation'),
    scale: Number(t.getAttribute('data-scale')),
    weights: t.getAttribute('data-weights'),
    bias: Number(t.getAttribute('data-bias')),
    spread: Number(t.getAttribute('data-spread')),
    draws: Number(t.getAttribute('data-draws')),
    seed: Number(t.getAttribute('data-seed')),
    maxDepth: 30,
  }));

test('unstable-product: worker quantiles equal Node\'s; large weights vanish in a chain and explode only when z ignores them', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, 'unstable-product');
  await workerReady(fig);

  const p0 = await shownParams(fig);
  expect(p0).toEqual({ model: 'chain', activation: 'sigmoid', scale: 1, weights: 'gaussian', bias: 1, spread: 1, draws: 2000, seed: 1, maxDepth: 30 });
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
  // The chain's neurons saturate: the median vanishes even faster.
  await expect(fig.getByRole('status')).toContainText('the product vanishes');
  expect(n1.quantiles[2][29]).toBeLessThan(n0.quantiles[2][29] as number);

  // The independent model, chosen by keyboard, ignores the link between w and z: it explodes.
  const model = fig.getByRole('combobox', { name: 'Model' });
  await model.focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await shownParams(fig)).model).toBe('independent');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const n3 = await inNode<UnstableProductResult>('unstable-product', await shownParams(fig));
  await expect.poll(() => shownQuantiles(fig)).toEqual(n3.quantiles);
  await expect(fig.getByRole('status')).toContainText('the product explodes');
  expect(n3.quantiles[2][29]).toBeGreaterThan(3);
  await scale.focus();

  // One step back down by keyboard: the next round value below 100 (log-track.ts niceStep).
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await shownParams(fig)).scale).toBe(80);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const n2 = await inNode<UnstableProductResult>('unstable-product', await shownParams(fig));
  await expect.poll(() => shownQuantiles(fig)).toEqual(n2.quantiles);
  expect(new URL(page.url()).searchParams.get('unstable-product.scale')).toBe('80');
  // Page Down: a decade.
  await page.keyboard.press('PageDown');
  await expect.poll(async () => (await shownParams(fig)).scale).toBe(8);

  expect(errors, 'console errors').toEqual([]);
});
