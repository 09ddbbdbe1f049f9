// Figure 8 (Problem 1) end to end: the worker's measured width and bound equal Node's bit for bit,
// the w slider moved by keyboard changes both, and negative w gives the same width as |w|.
import { expect, test, type Locator } from '@playwright/test';
import type { IntervalWidthResult } from '../../engine/experiments/interval-width';
import { FIRST_CHAPTER, figure, inNode, watch, workerReady } from './helpers';

/** The exact numbers behind the table, read in one round trip. */
const shown = (fig: Locator) =>
  fig.evaluate((el) => {
    const num = (attr: string) => Number(el.querySelector(`td[${attr}]`)!.getAttribute(attr));
    return { width: num('data-width'), bound: num('data-bound'), maxW: num('data-max-w'), maxWidth: num('data-max-width') };
  });

test('interval-width: worker numbers equal Node\'s; w and b by keyboard', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, 'interval-width');
  await workerReady(fig);

  const node = await inNode<IntervalWidthResult>('interval-width', { w: 10, b: -5 });
  // Same engine and libm, same float64 operations: bit-identical, so exact equality.
  expect(await shown(fig)).toEqual({ width: node.window.width, bound: node.bound, maxW: node.maximum.w, maxWidth: node.maximum.width });
  await expect(fig.getByRole('status')).toContainText('Measured width of the shaded window: 0.4127; the bound for |w| = 10: 0.4127');

  // Each arrow press moves one step (0.01); check the exact value the keyboard produced.
  const w = fig.getByRole('slider', { name: 'Weight w' });
  await w.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await expect(w).toHaveValue('9.97');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const node2 = await inNode<IntervalWidthResult>('interval-width', { w: 9.97, b: -5 });
  await expect.poll(async () => (await shown(fig)).width).toBe(node2.window.width);
  expect((await shown(fig)).bound).toBe(node2.bound);
  expect(node2.window.width).not.toBe(node.window.width);
  await expect(fig.getByRole('status')).toContainText('for |w| = 9.97');

  // b only slides the window: its width does not change.
  const b = fig.getByRole('slider', { name: 'Bias b' });
  await b.focus();
  await page.keyboard.press('ArrowRight');
  await expect(b).toHaveValue('-4.95');
  const node3 = await inNode<IntervalWidthResult>('interval-width', { w: 9.97, b: -4.95 });
  await expect.poll(async () => (await shown(fig)).width).toBe(node3.window.width);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(Math.abs(node3.window.width - node2.window.width)).toBeLessThan(1e-9);

  expect(errors, 'console errors').toEqual([]);
});

test('interval-width: below |w| = 4 there is no window, and a negative w uses |w|', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(`${FIRST_CHAPTER}?interval-width.w=-3.5&interval-width.b=1`);
  const fig = await figure(page, 'interval-width');
  await workerReady(fig);
  await expect(fig.getByRole('status')).toContainText('below 4 the factor never reaches 1');
  expect((await shown(fig)).width).toBe(0);

  await page.goto(`${FIRST_CHAPTER}?interval-width.w=-10&interval-width.b=5`);
  const fig2 = await figure(page, 'interval-width');
  await workerReady(fig2);
  const node = await inNode<IntervalWidthResult>('interval-width', { w: -10, b: 5 });
  expect((await shown(fig2)).width).toBe(node.window.width);
  await expect(fig2.getByRole('status')).toContainText('the bound for |w| = 10: 0.4127');
  expect(errors, 'console errors').toEqual([]);
});
