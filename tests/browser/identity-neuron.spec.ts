// Figure 9 (Problem 2) end to end: the worker's offset and worst deviation equal Node's bit for
// bit; w1 by keyboard keeps the worked solution and shrinks the deviation; w2 by keyboard leaves
// it; the "Worked solution" button brings it back.
import { expect, test, type Locator } from '@playwright/test';
import type { IdentityNeuronResult } from '../../engine/experiments/identity-neuron';
import { FIRST_CHAPTER, figure, inNode, watch, workerReady } from './helpers';

const cell = (fig: Locator, attr: string) => fig.evaluate((el, a) => el.querySelector(`td[${a}]`)!.getAttribute(a)!, attr);
const deviationShown = async (fig: Locator) => Number(await cell(fig, 'data-max-deviation'));

test('identity-neuron: worker numbers equal Node\'s; w1 and w2 by keyboard; the preset button', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, 'identity-neuron');
  await workerReady(fig);

  const node = await inNode<IdentityNeuronResult>('identity-neuron', { w1: 0.5, b: -0.25, w2: 8 });
  // Same engine and libm, same float64 operations: bit-identical, so exact equality.
  expect(await deviationShown(fig)).toBe(node.maxDeviation);
  expect(Number(await cell(fig, 'data-offset'))).toBe(node.offset);
  expect(node.offset).toBe(2 / 0.5 - 0.5);
  await expect(fig.getByRole('status')).toContainText('Worst deviation from x on [0, 1]: 0.00259 (worked solution; w₁²/96 = 0.0026)');

  // w1 down one step by keyboard: with "keep" ticked, b and w2 follow (b = -w1/2, w2 = 4/w1).
  const w1 = fig.getByRole('slider', { name: 'Input weight w₁' });
  await w1.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(w1).toHaveValue('0.45');
  const node2 = await inNode<IdentityNeuronResult>('identity-neuron', { w1: 0.45, b: -0.45 / 2, w2: 4 / 0.45 });
  await expect.poll(() => deviationShown(fig)).toBe(node2.maxDeviation);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(node2.maxDeviation).toBeLessThan(node.maxDeviation);
  expect(await cell(fig, 'data-worked')).toBe('true');

  // w2 by keyboard leaves the worked solution: "keep" unticks and the deviation grows.
  const w2 = fig.getByRole('slider', { name: 'Output weight w₂' });
  await w2.focus();
  await page.keyboard.press('ArrowRight');
  const w2Value = Number(await w2.inputValue());
  expect(Math.abs(w2Value - (4 / 0.45 + 0.01))).toBeLessThan(0.006); // one step of 0.01 from 8.89 (the slider's snap of 8.888…)
  await expect(fig.getByRole('checkbox')).not.toBeChecked();
  const node3 = await inNode<IdentityNeuronResult>('identity-neuron', { w1: 0.45, b: -0.45 / 2, w2: w2Value });
  await expect.poll(() => deviationShown(fig)).toBe(node3.maxDeviation);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(await cell(fig, 'data-worked')).toBe('false');
  await expect(fig.getByRole('status')).toContainText('Not the worked solution');

  // The preset restores b = -w1/2, w2 = 4/w1 for the current w1.
  await fig.getByRole('button', { name: 'Worked solution' }).click();
  await expect.poll(() => deviationShown(fig)).toBe(node2.maxDeviation);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await expect(fig.getByRole('checkbox')).toBeChecked();

  expect(errors, 'console errors').toEqual([]);
});

test('identity-neuron: a link with only w1 gives the worked solution for that w1', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(`${FIRST_CHAPTER}?identity-neuron.w1=0.2`);
  const fig = await figure(page, 'identity-neuron');
  await workerReady(fig);
  const node = await inNode<IdentityNeuronResult>('identity-neuron', { w1: 0.2, b: -0.1, w2: 4 / 0.2 });
  await expect.poll(() => deviationShown(fig)).toBe(node.maxDeviation);
  expect(node.maxDeviation).toBeLessThan(0.01);
  await expect(fig.getByRole('slider', { name: 'Output weight w₂' })).toHaveValue('20');
  expect(errors, 'console errors').toEqual([]);
});
