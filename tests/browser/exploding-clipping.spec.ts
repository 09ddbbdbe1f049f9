// The exploding-clipping figure on its own page: the worker trains both runs as Node does, the
// status says in words which run diverged and which stayed finite, and the threshold slider works
// by keyboard (a divergence of the unclipped run is the lesson, not the figure's failure).
import { expect, test } from '@playwright/test';
import { figure, foreignRequests, inNode, readLink, watch, workerReady } from './helpers';


const accuracies = (fig: import('@playwright/test').Locator) =>
  fig.locator('td[data-clipped-accuracy]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-clipped-accuracy'))));

test('exploding-clipping: Node\'s runs in the worker, words for both outcomes, the threshold by keyboard', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  await page.goto('./figures/exploding-clipping/?exploding-clipping.epochs=2');
  const fig = await figure(page, 'exploding-clipping');
  await workerReady(fig);
  const node = await inNode<{ clipped: { accuracy: number[] } }>('exploding-clipping', { epochs: 2 });
  expect(await accuracies(fig)).toEqual(node.clipped.accuracy);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  // The line names the settings it shows (the caption describes the placement's).
  await expect(fig.getByRole('status')).toContainText('10 hidden layers, η = 0.5. Unclipped, the network diverged at step');
  await expect(fig.getByRole('status')).toContainText('stayed finite');

  const clip = fig.getByRole('slider', { name: /Clip the gradient norm/ });
  await clip.focus();
  await page.keyboard.press('ArrowRight');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const threshold = Number(await readLink(page, 'exploding-clipping.clip'));
  expect(threshold).toBeGreaterThan(0.5);
  const after = await inNode<{ clipped: { accuracy: number[] } }>('exploding-clipping', { epochs: 2, clip: threshold });
  await expect.poll(() => accuracies(fig)).toEqual(after.clipped.accuracy);

  expect(foreignRequests(requests, baseURL!)).toEqual([]);
  expect(errors).toEqual([]);
});
