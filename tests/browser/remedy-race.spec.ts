// The remedies race on its own page: the build's first paint is the default race; Start runs the
// reader's race in workers with Node's numbers; choosing a configuration that another slot has
// swaps the two; a configuration that blows up is reported in words while the others finish.
import { expect, test } from '@playwright/test';
import { figure, foreignRequests, inNode, readLink, watch, workerReady } from './helpers';

const cells = (fig: import('@playwright/test').Locator) =>
  fig.locator('td[data-preset]').evaluateAll((tds) => tds.map((c) => [c.getAttribute('data-preset'), c.getAttribute('data-accuracy')]));

test('remedy-race: Start races in workers as Node does; slots swap; a blow-up is told in words', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  await page.goto('./figures/remedy-race/?remedy-race.trainSize=1000&remedy-race.epochs=1&remedy-race.hidden=10&remedy-race.c=off');
  const fig = await figure(page, 'remedy-race');
  await fig.getByRole('button', { name: 'Start the race' }).click();
  await workerReady(fig);
  const node = await inNode<{ runs: { preset: string; accuracy: number[] }[] }>('remedy-race', { trainSize: 1000, epochs: 1, hidden: 10, c: 'off' });
  expect(await cells(fig)).toEqual(node.runs.map((r) => [r.preset, r.accuracy[0] === undefined ? null : String(r.accuracy[0])]));
  await expect(fig.getByRole('status')).toContainText('ReLU + He + skips blew up');
  await expect(fig.getByRole('status')).toContainText('sigmoid + batch norm:');

  // B takes A's configuration: the two swap, each still racing once.
  await fig.getByRole('combobox', { name: 'Configuration B' }).selectOption('book');
  await expect(fig.getByRole('combobox', { name: 'Configuration A' })).toHaveValue('batch-norm');
  expect(await readLink(page, 'remedy-race.b')).toBe('book');

  expect(foreignRequests(requests, baseURL!)).toEqual([]);
  expect(errors).toEqual([]);
});

test('remedy-race: configurations waiting for a core, or never started, are named in the legend and the status', async ({ page }) => {
  // One core reported: the race runs its configurations one after another, so the later ones
  // wait, and a race stopped early never starts them. Neither may vanish without a word.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 1 }));
  await page.goto('./figures/remedy-race/?remedy-race.trainSize=10000&remedy-race.epochs=3&remedy-race.hidden=10&remedy-race.c=off');
  const fig = await figure(page, 'remedy-race');
  await fig.getByRole('button', { name: 'Start the race' }).click();
  await expect(fig).toHaveAttribute('data-state', 'running');
  // While it runs the status line shows progress; the legend names the configurations to come.
  await expect(fig.locator('.race-waiting')).toContainText(['ReLU + He + skips (waiting)']);
  await fig.getByRole('button', { name: 'Stop' }).click();
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await expect(fig.getByRole('status')).toContainText('ReLU + He + skips: not started');
  await expect(fig.locator('.race-waiting')).toContainText(['ReLU + He + skips (not started)']);
});
