// Figure 2 end to end: the worker's gradients equal Node's bit for bit, the keyboard changes the
// seed and the number of neurons shown, and showing more neurons only adds rows.
import { expect, test, type Locator } from '@playwright/test';
import type { GradientBarsResult } from '../../engine/experiments/gradient-bars';
import { FIRST_CHAPTER, figure, foreignRequests, inNode, watch, workerReady } from './helpers';

/** The exact gradients in the data table, per hidden layer, from the data-grad attributes. */
const gradsShown = (fig: Locator) =>
  fig.locator('td[data-grad]').evaluateAll((cells) => {
    const out: number[][] = [[], []];
    for (const c of cells) out[Number(c.getAttribute('data-layer')) - 1].push(Number(c.getAttribute('data-grad')));
    return out;
  });
const speedsShown = (fig: Locator) =>
  fig.locator('td[data-speed]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-speed'))));
const expected = (r: GradientBarsResult) => r.layers.map((l) => l.grads);

test('gradient-bars: worker numbers equal Node\'s; seed and neurons shown work by keyboard', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, 'gradient-bars');
  await workerReady(fig);

  const node1 = await inNode<GradientBarsResult>('gradient-bars', { seed: 1, init: 'default', shown: 6 });
  // Same engine, same seed, same float64 operations in V8: bit-identical, so exact equality.
  expect(await gradsShown(fig)).toEqual(expected(node1));
  expect(await speedsShown(fig)).toEqual(node1.layers.map((l) => l.speed));
  await expect(fig.getByRole('status')).toContainText('times faster');
  // Six bars per hidden layer in the diagram, one per shown neuron.
  await expect(fig.locator('svg g[data-layer] rect')).toHaveCount(12);

  const seed = fig.getByRole('spinbutton', { name: 'Seed' });
  await seed.focus();
  await page.keyboard.press('ArrowUp');
  await expect(seed).toHaveValue('2');
  const node2 = await inNode<GradientBarsResult>('gradient-bars', { seed: 2, init: 'default', shown: 6 });
  await expect.poll(() => gradsShown(fig)).toEqual(expected(node2));
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(expected(node2)).not.toEqual(expected(node1));
  expect(new URL(page.url()).searchParams.get('gradient-bars.seed')).toBe('2');

  // More neurons: the first six values stay exactly as they were; only rows are added.
  const shown = fig.getByRole('slider', { name: 'Neurons shown per layer' });
  await shown.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(shown).toHaveValue('8');
  const node3 = await inNode<GradientBarsResult>('gradient-bars', { seed: 2, init: 'default', shown: 8 });
  await expect.poll(() => gradsShown(fig)).toEqual(expected(node3));
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(expected(node3).map((g) => g.slice(0, 6))).toEqual(expected(node2));
  await expect(fig.locator('svg g[data-layer] rect')).toHaveCount(16);

  expect(foreignRequests(requests, baseURL!), 'requests that left the local origin').toEqual([]);
  expect(errors, 'console errors').toEqual([]);
});

test('gradient-bars: the initialiser select recomputes, and reset restores the defaults', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, 'gradient-bars');
  await workerReady(fig);
  await fig.getByRole('combobox', { name: 'Initialisation' }).selectOption('large');
  const large = await inNode<GradientBarsResult>('gradient-bars', { seed: 1, init: 'large', shown: 6 });
  await expect.poll(() => gradsShown(fig)).toEqual(expected(large));
  await expect(fig).toHaveAttribute('data-state', 'ready');

  await fig.getByRole('button', { name: 'Reset to defaults' }).click();
  const node1 = await inNode<GradientBarsResult>('gradient-bars', { seed: 1, init: 'default', shown: 6 });
  await expect.poll(() => gradsShown(fig)).toEqual(expected(node1));
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(errors, 'console errors').toEqual([]);
});
