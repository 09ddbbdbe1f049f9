// The batchnorm-scale figure on its own page: the worker's ratios equal Node's, k by keyboard,
// and the status line says in numbers how much each network's speeds moved.
import { expect, test } from '@playwright/test';
import { figure, foreignRequests, inNode, readLink, watch, workerReady } from './helpers';


const ratios = (fig: import('@playwright/test').Locator, attr: string) =>
  fig.locator(`td[${attr}]`).evaluateAll((cells, a) => cells.map((c) => Number(c.getAttribute(a))), attr);

test('batchnorm-scale: Node\'s ratios in the worker, k by keyboard, the comparison in words', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  await page.goto('./figures/batchnorm-scale/');
  const fig = await figure(page, 'batchnorm-scale');
  await workerReady(fig);
  const node = await inNode<{ none: { ratio: number[] }; batch: { ratio: number[] } }>('batchnorm-scale', {});
  expect(await ratios(fig, 'data-none-ratio')).toEqual(node.none.ratio);
  expect(await ratios(fig, 'data-batch-ratio')).toEqual(node.batch.ratio);
  // The largest move in words, as the figure rounds it: "every speed moves by less than 0.01 %"
  // when it is that small (it printed "no speed moves by more than less than 0.01 %").
  const moved = 100 * (Math.max(...node.batch.ratio.map((q) => (q >= 1 ? q : 1 / q))) - 1);
  await expect(fig.getByRole('status')).toContainText(moved < 0.01 ? 'with batch norm every speed moves by less than 0.01\u00a0%.' : 'with batch norm no speed moves by more than ');
  await expect(fig.getByRole('status')).not.toContainText('than less');
  // "0.01 %" never breaks before its "%": a non-breaking space (toContainText counts it as a space).
  expect(await fig.getByRole('status').textContent()).toMatch(/\d\u00a0%/);

  const k = fig.getByRole('slider', { name: /multiplied by k/ });
  await k.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const value = Number(await readLink(page, 'batchnorm-scale.k'));
  expect(value).toBeLessThan(5);
  const after = await inNode<{ none: { ratio: number[] } }>('batchnorm-scale', { k: value });
  await expect.poll(() => ratios(fig, 'data-none-ratio')).toEqual(after.none.ratio);

  expect(foreignRequests(requests, baseURL!)).toEqual([]);
  expect(errors).toEqual([]);
});
