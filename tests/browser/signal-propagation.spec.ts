// The signal-propagation figure on its own page: the worker's bands equal Node's, a preset
// recomputes them, and the status line describes both ends of the network in words.
import { expect, test } from '@playwright/test';
import { figure, foreignRequests, inNode, watch, workerReady } from './helpers';

const bands = (fig: import('@playwright/test').Locator, attr: string) =>
  fig.locator(`td[${attr}]`).evaluateAll((cells, a) => cells.map((c) => JSON.parse(c.getAttribute(a)!)), attr);

test('signal-propagation: Node\'s quantiles in the worker, a preset by keyboard, words for both ends', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  await page.goto('./figures/signal-propagation/?signal-propagation.hidden=8');
  const fig = await figure(page, 'signal-propagation');
  await workerReady(fig);
  const book = await inNode<{ layers: { gradient: (number | null)[] }[] }>('signal-propagation', { hidden: 8 });
  expect(await bands(fig, 'data-gradient')).toEqual(book.layers.map((l) => l.gradient));
  await expect(fig.getByRole('status')).toContainText('at the first hidden layer and');

  const preset = fig.getByRole('button', { name: 'sigmoid + batch norm' });
  await preset.focus();
  await page.keyboard.press('Enter');
  await expect(preset).toHaveAttribute('aria-pressed', 'true');
  const bn = await inNode<{ layers: { activation: number[] }[] }>('signal-propagation', { hidden: 8, norm: 'batch' });
  await expect.poll(() => bands(fig, 'data-activation')).toEqual(bn.layers.map((l) => l.activation));
  await expect(fig.getByRole('status')).toContainText('batch norm');
  expect(new URL(page.url()).searchParams.get('signal-propagation.norm')).toBe('batch');

  expect(foreignRequests(requests, baseURL!)).toEqual([]);
  expect(errors).toEqual([]);
});
