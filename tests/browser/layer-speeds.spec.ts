// The first live figure end to end: a real worker recomputes the build-time numbers bit for bit,
// the keyboard changes the seed, and the worker's new numbers match Node's for that seed.
import { expect, test } from '@playwright/test';
import { FIRST_CHAPTER, figure, foreignRequests, inNode, watch, workerReady } from './helpers';

const speedsShown = (fig: import('@playwright/test').Locator) =>
  fig.locator('td[data-speed]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-speed'))));

test('layer-speeds: worker numbers equal Node\'s, and the seed field works by keyboard', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, 'layer-speeds');
  await workerReady(fig);

  const node1 = await inNode<{ speeds: number[] }>('layer-speeds', { sizes: '784,30,30,30,30,10', seed: 1, samples: 1000 });
  // Same engine, same seed, same float64 operations in V8: bit-identical, so exact equality.
  expect(await speedsShown(fig)).toEqual(node1.speeds);
  await expect(fig.getByRole('status')).toContainText('times as fast as the first');

  const seed = fig.getByRole('spinbutton', { name: 'Seed' });
  await seed.focus();
  await page.keyboard.press('ArrowUp');
  await expect(seed).toHaveValue('2');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const node2 = await inNode<{ speeds: number[] }>('layer-speeds', { sizes: '784,30,30,30,30,10', seed: 2, samples: 1000 });
  await expect.poll(() => speedsShown(fig)).toEqual(node2.speeds);
  expect(node2.speeds).not.toEqual(node1.speeds);
  // The link now reproduces the view.
  expect(new URL(page.url()).searchParams.get('layer-speeds.seed')).toBe('2');

  // The activation menu: ReLU with the 'large' N(0, 1) weights reverses the order, and the
  // status says so in words (not only by the bars' heights).
  await fig.getByRole('combobox', { name: 'Hidden activation' }).selectOption('relu');
  await fig.getByRole('combobox', { name: /Initiali[sz]/ }).selectOption('large');
  const nodeRelu = await inNode<{ speeds: number[] }>('layer-speeds', { sizes: '784,30,30,30,30,10', seed: 2, samples: 1000, init: 'large', activation: 'relu' });
  await expect.poll(() => speedsShown(fig)).toEqual(nodeRelu.speeds);
  await expect(fig.getByRole('status')).toContainText('the first hidden layer learns');
  expect(new URL(page.url()).searchParams.get('layer-speeds.activation')).toBe('relu');

  expect(foreignRequests(requests, baseURL!), 'requests that left the local origin').toEqual([]);
  expect(errors, 'console errors').toEqual([]);
});

test('layer-speeds: a bad link parameter is reported and ignored', async ({ page }) => {
  await page.goto(`${FIRST_CHAPTER}?layer-speeds.hidden=99&layer-speeds.seed=5`);
  const fig = await figure(page, 'layer-speeds');
  await workerReady(fig);
  await expect(fig.getByRole('alert')).toContainText('hidden: got "99", expected an integer from 1 to 10');
  // The bad value changes nothing else: the link's good seed applies, hidden stays at its default,
  // and the address keeps only what the figure shows.
  await expect(fig.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('5');
  expect(await speedsShown(fig)).toHaveLength(4);
  await expect.poll(() => new URL(page.url()).search).toBe('?layer-speeds.seed=5');
});
