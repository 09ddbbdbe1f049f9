// Figure 5 end to end: the worker's sigma, sigma' (and overlays) equal Node's bit for bit, and the
// z slider and the overlay toggles work from the keyboard.
import { expect, test, type Locator } from '@playwright/test';
import type { SigmoidPrimeResult } from '../../engine/experiments/sigmoid-prime';
import { FIRST_CHAPTER, figure, inNode, watch, workerReady } from './helpers';

const shownAt = (fig: Locator, what: string) => fig.locator(`[data-at="${what}"]`).getAttribute('data-value').then(Number);
const column = (fig: Locator, attr: string) =>
  fig.locator(`td[${attr}]`).evaluateAll((cells, a) => cells.map((c) => Number(c.getAttribute(a))), attr);
/** The grid values at whole-number z, which is what the table lists. */
const wholeZ = (r: SigmoidPrimeResult, ys: number[]) => ys.filter((_, i) => Number.isInteger(r.z[i]));

test('sigmoid-prime: worker numbers equal Node\'s; z and the overlays work by keyboard', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, 'sigmoid-prime');
  await workerReady(fig);

  const node2 = await inNode<SigmoidPrimeResult>('sigmoid-prime', { z: 2, tanh: false, relu: false });
  // Same engine, same float64 operations: exact equality.
  expect(await shownAt(fig, 'sigma')).toBe(node2.at.sigma);
  expect(await shownAt(fig, 'sigmaPrime')).toBe(node2.at.sigmaPrime);
  expect(await column(fig, 'data-sigma-prime')).toEqual(wholeZ(node2, node2.sigmaPrime));
  await expect(fig.getByRole('status')).toContainText('of the peak value 1/4');

  const z = fig.getByRole('slider', { name: 'z' });
  await z.focus();
  await page.keyboard.press('ArrowRight');
  await expect(z).toHaveValue('2.1');
  const node21 = await inNode<SigmoidPrimeResult>('sigmoid-prime', { z: 2.1, tanh: false, relu: false });
  await expect.poll(() => shownAt(fig, 'sigmaPrime')).toBe(node21.at.sigmaPrime);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(node21.at.sigmaPrime).toBeLessThan(node2.at.sigmaPrime);

  // The exercise's overlays: Space toggles a focused checkbox.
  await fig.getByRole('checkbox', { name: 'Show tanh′' }).focus();
  await page.keyboard.press('Space');
  await fig.getByRole('checkbox', { name: 'Show ReLU′' }).focus();
  await page.keyboard.press('Space');
  const both = await inNode<SigmoidPrimeResult>('sigmoid-prime', { z: 2.1, tanh: true, relu: true });
  await expect.poll(() => column(fig, 'data-relu-prime')).toEqual(wholeZ(both, both.reluPrime!));
  expect(await column(fig, 'data-tanh-prime')).toEqual(wholeZ(both, both.tanhPrime!));
  expect(await shownAt(fig, 'tanhPrime')).toBe(both.at.tanhPrime);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await expect(fig.locator('svg path[stroke-dasharray="7 4"]')).toHaveCount(1); // the tanh' curve
  expect(new URL(page.url()).searchParams.get('sigmoid-prime.z')).toBe('2.1');

  expect(errors, 'console errors').toEqual([]);
});
