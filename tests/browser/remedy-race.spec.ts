// The remedies race on its own page: the build's first paint is the default race; Start runs the
// reader's race in workers with Node's numbers; a configuration another slot has cannot be chosen
// (by menu, keyboard or link); a configuration that blows up is reported in words while the
// others finish.
import { expect, test } from '@playwright/test';
import { figure, foreignRequests, inNode, numericBody, parseCsv, readLink, take, watch, workerReady } from './helpers';

const cells = (fig: import('@playwright/test').Locator) =>
  fig.locator('td[data-preset]').evaluateAll((tds) => tds.map((c) => [c.getAttribute('data-preset'), c.getAttribute('data-accuracy')]));

test('remedy-race: Start races in workers as Node does; a blow-up is told in words; each configuration races once', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  await page.goto('./figures/remedy-race/?remedy-race.trainSize=1000&remedy-race.epochs=1&remedy-race.hidden=10&remedy-race.c=off');
  const fig = await figure(page, 'remedy-race');
  await fig.getByRole('button', { name: 'Start the race' }).click();
  await workerReady(fig);
  const node = await inNode<{ runs: { preset: string; accuracy: number[] }[] }>('remedy-race', { trainSize: 1000, epochs: 1, hidden: 10, c: 'off' });
  expect(await cells(fig)).toEqual(node.runs.map((r) => [r.preset, r.accuracy[0] === undefined ? null : String(r.accuracy[0])]));
  await expect(fig.getByRole('status')).toContainText('ReLU + He + skips blew up');
  await expect(fig.getByRole('status')).toContainText('sigmoid + batch norm:');
  // In the plot: one cross, with words beside it, inside the plot area (right of the y axis).
  const blowUp = fig.locator('.race-blow-up');
  await expect(blowUp).toHaveCount(1);
  await expect(blowUp.locator('text')).toHaveText('blew up');
  const [cross, axis] = await Promise.all([blowUp.locator('path').last().boundingBox(), fig.locator('.axis-left > line').first().boundingBox()]);
  expect(cross!.width).toBeGreaterThanOrEqual(12);
  // This run blew up in its first epoch: the cross is centred a little right of the y axis, not on it.
  expect(cross!.x + cross!.width / 2 - (axis!.x + axis!.width / 2)).toBeGreaterThanOrEqual(6);
  // The CSV: accuracies in % as numbers, and for the run that blew up an empty field where the
  // table says "blew up", its header saying so (a spreadsheet plots text in a column as 0).
  const rows = parseCsv((await take(page, fig, 'CSV')).body.toString('utf8'));
  expect(rows[0][0]).toBe('Epoch');
  const blew = node.runs.findIndex((r) => r.accuracy[0] === undefined);
  rows[0].slice(1).forEach((h, i) => expect(h).toMatch(i === blew ? / \(%; blank after it blew up\)$/ : / \(%\)$/));
  const body = numericBody(rows);
  expect(body).toHaveLength(1);
  // Printed to 3 significant figures: within half a unit of the first decimal of Node's value.
  node.runs.forEach((r, i) => (i === blew ? expect(body[0][i]).toBeNaN() : expect(Math.abs(body[0][i] - 100 * r.accuracy[0])).toBeLessThanOrEqual(0.05 + 1e-9)));

  // A's configuration is unavailable in B's menu, named with its slot; the others are not.
  const menuB = fig.getByRole('combobox', { name: 'Configuration B' });
  await expect(menuB.locator('option[value="book"]')).toBeDisabled();
  await expect(menuB.locator('option[value="book"]')).toHaveText(/\(in A\)$/);
  await expect(menuB.locator('option[value="xavier"]')).toBeEnabled();
  // Stepping through D's menu by keyboard changes D alone (it used to swap with every slot it
  // passed), skipping what A, B and C race.
  const before = await Promise.all(['A', 'B', 'C'].map((k) => fig.getByRole('combobox', { name: `Configuration ${k}` }).inputValue()));
  const menuD = fig.getByRole('combobox', { name: 'Configuration D' });
  await menuD.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
  const after = await Promise.all(['A', 'B', 'C'].map((k) => fig.getByRole('combobox', { name: `Configuration ${k}` }).inputValue()));
  expect(after).toEqual(before);
  expect(before).not.toContain(await menuD.inputValue());

  expect(foreignRequests(requests, baseURL!)).toEqual([]);
  expect(errors).toEqual([]);
});

test('remedy-race: with fewer cores than configurations they take turns, so the race moves together', async ({ page }) => {
  // One core reported: one worker for the race. Its configurations take turns on it (every
  // ~40 ms), so each finishes its first epoch before any finishes its last: run one after
  // another, A would have finished all ten epochs before B's first.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 1 }));
  await page.goto('./figures/remedy-race/?remedy-race.trainSize=10000&remedy-race.epochs=10&remedy-race.hidden=10&remedy-race.c=off&remedy-race.d=off');
  const fig = await figure(page, 'remedy-race');
  await fig.getByRole('button', { name: 'Start the race' }).click();
  await expect(fig).toHaveAttribute('data-state', 'running');
  const epochsDone = () =>
    fig.locator('td[data-preset][data-accuracy]').evaluateAll((tds) => {
      const done: Record<string, number> = {};
      for (const td of tds) done[td.getAttribute('data-preset')!] = (done[td.getAttribute('data-preset')!] ?? 0) + 1;
      return done;
    });
  await expect.poll(async () => Object.keys(await epochsDone()).length, { timeout: 60_000, intervals: [100] }).toBe(2);
  const done = await epochsDone();
  expect(Math.max(...Object.values(done)), `epochs done when both had one: ${JSON.stringify(done)}`).toBeLessThan(10);
  // Both are drawn and named; none is left "starting".
  await expect(fig.locator('.race-legend')).toHaveCount(2);
  await expect(fig.locator('.race-waiting')).toHaveCount(0);
  await fig.getByRole('button', { name: 'Stop' }).click();
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await expect(fig.getByRole('status')).toContainText(/The book's network: [\d.]+\u00a0% after epoch \d+; sigmoid \+ batch norm: [\d.]+\u00a0% after epoch \d+/);
});

test('remedy-race: a link naming one configuration twice keeps the first, and says why', async ({ page }) => {
  await page.goto('./figures/remedy-race/?remedy-race.c=book&remedy-race.seed=3');
  const fig = await figure(page, 'remedy-race');
  await expect(fig.getByRole('alert')).toContainText("link parameter ignored: c: The book's network already races as Configuration A");
  await expect(fig.getByRole('combobox', { name: 'Configuration C' })).not.toHaveValue('book');
  await expect(fig.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('3'); // the rest of the link applies
  await expect.poll(() => new URL(page.url()).searchParams.get('remedy-race.c')).toBeNull();
});

test('batchnorm-scale: a link\'s scaled layer deeper than the network is refused with a message', async ({ page }) => {
  await page.goto('./figures/batchnorm-scale/?batchnorm-scale.layer=9');
  const fig = await figure(page, 'batchnorm-scale');
  await expect(fig.getByRole('alert')).toContainText('layer: got 9, but the network has only 4 hidden layers');
  await expect(fig.getByRole('slider', { name: 'Scaled hidden layer' })).toHaveValue('2');
  await expect.poll(() => new URL(page.url()).searchParams.get('batchnorm-scale.layer')).toBeNull();
});

test('remedy-race: links that only work taken together apply whole (a swap; a slot freed for another)', async ({ page }) => {
  // Copy link after setting C to (none) and then A to C's old configuration gives a=residual&c=off:
  // taken one by one in declaration order, a=residual clashed with C and was dropped.
  await page.goto('./figures/remedy-race/?remedy-race.a=residual&remedy-race.c=off');
  let fig = await figure(page, 'remedy-race');
  await expect(fig.getByRole('combobox', { name: 'Configuration A' })).toHaveValue('residual');
  await expect(fig.getByRole('combobox', { name: 'Configuration C' })).toHaveValue('off');
  await expect(fig.getByRole('alert')).toHaveCount(0);
  await page.goto('./figures/remedy-race/?remedy-race.a=batch-norm&remedy-race.b=book');
  fig = await figure(page, 'remedy-race');
  await expect(fig.getByRole('combobox', { name: 'Configuration A' })).toHaveValue('batch-norm');
  await expect(fig.getByRole('combobox', { name: 'Configuration B' })).toHaveValue('book');
  await expect(fig.getByRole('alert')).toHaveCount(0);
});
