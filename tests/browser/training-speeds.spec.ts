// Figure 4 (E4) on the built page: a run from a link reaches `ready` from the worker with Node's
// numbers bit for bit, the keyboard changes the depth and reruns, Pause really holds the worker,
// Resume carries on, Stop stops, scrolling away pauses, and a diverging setting says so.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { FIRST_CHAPTER, figure, inNode, watch, workerReady } from './helpers';
import type { TrainingSpeedsResult } from '../../engine/experiments/training-speeds';

const ID = 'training-speeds';
const epochsShown = (fig: Locator) => fig.locator('[data-epochs]').getAttribute('data-epochs').then(Number);

/** The table's speeds by epoch row: { epoch: [layer 1, layer 2, ...] }. */
const tableSpeeds = (fig: Locator) =>
  fig.locator('tr[data-epoch]').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-epoch'), [...r.querySelectorAll('td[data-speed]')].map((c) => Number(c.getAttribute('data-speed')))])),
  );

const fromNode = (r: TrainingSpeedsResult, epochs: number[]) =>
  Object.fromEntries(epochs.map((e) => [String(e), r.speeds.map((s) => s[e - 1])]));

/** Waits for the island to hydrate (Astro removes `ssr` from the island then). */
async function hydrated(page: Page) {
  await expect(page.locator(`astro-island:has(figure[data-figure="${ID}"])`)).not.toHaveAttribute('ssr', /.*/);
}

test('a run from a link matches Node bit for bit; the keyboard changes the depth and reruns', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(`${FIRST_CHAPTER}?${ID}.epochs=40&${ID}.hidden=2`);
  const fig = await figure(page, ID);
  await workerReady(fig); // parameters from a link differ from the build's, so it runs on load
  expect(await epochsShown(fig)).toBe(40);
  const node2 = await inNode<TrainingSpeedsResult>(ID, { sizes: '784,30,30,10', epochs: 40, seed: 1 });
  // Same engine, same float64 operations in V8: exact equality.
  expect(await tableSpeeds(fig)).toEqual(fromNode(node2, [1, 40]));
  await expect(fig.getByRole('status')).toContainText('times as fast as the first');
  // Each layer's line and label keep their colour and dash when the depth changes.
  const looks = () =>
    fig.locator('.figure-plot svg > g:not(.axis)').evaluateAll((groups) =>
      Object.fromEntries(groups.map((g) => [g.querySelector('text')!.textContent, `${g.querySelector('path')!.getAttribute('stroke')} ${g.querySelector('path')!.getAttribute('stroke-dasharray')}`])),
    );
  const twoLayers = await looks();
  expect(Object.keys(twoLayers)).toEqual(['layer 1', 'layer 2']);

  const hidden = fig.getByRole('slider', { name: 'Hidden layers' });
  await hidden.focus();
  await page.keyboard.press('ArrowRight');
  await expect(hidden).toHaveValue('3');
  // 40 epochs take a fraction of a second on the kernels, so 'running' may come and go between
  // two polls: wait for the rerun's numbers instead.
  const node3 = await inNode<TrainingSpeedsResult>(ID, { sizes: '784,30,30,30,10', epochs: 40, seed: 1 });
  await expect.poll(() => tableSpeeds(fig)).toEqual(fromNode(node3, [1, 40]));
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const threeLayers = await looks();
  expect(Object.keys(threeLayers)).toEqual(['layer 1', 'layer 2', 'layer 3']);
  expect({ 'layer 1': threeLayers['layer 1'], 'layer 2': threeLayers['layer 2'] }).toEqual(twoLayers);
  expect(new URL(page.url()).searchParams.get(`${ID}.hidden`)).toBe('3');
  expect(errors, 'console errors').toEqual([]);
});

test('Start streams, Pause holds the worker, Resume carries on, Stop stops', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, ID);
  await hydrated(page);
  // The build's 500-epoch run is shown and not recomputed on load.
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(await epochsShown(fig)).toBe(500);

  // The longest run the figure offers, so that Pause comes long before its end: on the kernels the
  // default 500 epochs take about a second and a half, and could be over before the click. The
  // change starts a run (this figure's runs take seconds); stopped, Start runs it from the start.
  const epochs = fig.getByRole('slider', { name: 'Epochs' });
  await epochs.focus();
  await page.keyboard.press('End');
  await expect(epochs).toHaveValue('2000');
  await expect(fig).toHaveAttribute('data-state', 'running');
  await fig.getByRole('button', { name: 'Stop' }).click();
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await fig.getByRole('button', { name: 'Start' }).click();
  await expect(fig).toHaveAttribute('data-state', 'running');
  await expect.poll(() => epochsShown(fig)).toBeGreaterThanOrEqual(3); // partial curves arrive
  await expect.poll(() => epochsShown(fig)).toBeGreaterThanOrEqual(6); // ... and keep arriving
  await expect(fig.getByText(/Last \/ first hidden layer at epoch \d+:/)).toBeVisible();

  await fig.getByRole('button', { name: 'Pause' }).click();
  await expect(fig).toHaveAttribute('data-paused', 'reader');
  await page.waitForTimeout(300); // an epoch already under way finishes (one epoch takes a few ms)
  const held = await epochsShown(fig);
  await page.waitForTimeout(1500);
  expect(await epochsShown(fig), 'no epochs while paused').toBe(held);
  await expect(fig).toHaveAttribute('data-state', 'running');

  await fig.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => epochsShown(fig)).toBeGreaterThan(held + 2);

  await fig.getByRole('button', { name: 'Stop' }).click();
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await expect(fig.getByRole('status')).toContainText('Stopped.');
  const stopped = await epochsShown(fig);
  expect(stopped).toBeLessThan(2000); // the stopped run's curves stay on show
  await page.waitForTimeout(1000);
  expect(await epochsShown(fig), 'no epochs after Stop').toBe(stopped);
  await expect(fig.getByRole('button', { name: 'Stop' })).toBeDisabled();
  expect(errors, 'console errors').toEqual([]);
});

test('Reset during a run stops it and shows the build\'s run of the defaults again, at once', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, ID);
  await hydrated(page);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const built = await tableSpeeds(fig);
  const epochs = fig.getByRole('slider', { name: 'Epochs' });
  await epochs.focus();
  await page.keyboard.press('End'); // 2,000 epochs: a run of several seconds
  await expect(fig).toHaveAttribute('data-state', 'running');
  await expect.poll(() => epochsShown(fig)).toBeGreaterThanOrEqual(3);
  await fig.getByRole('button', { name: 'Reset to defaults' }).click();
  // No second run of the defaults: the build's result, the same numbers, straight away.
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await expect(fig).toHaveAttribute('data-source', 'build');
  await expect(epochs).toHaveValue('500');
  expect(await epochsShown(fig)).toBe(500);
  expect(await tableSpeeds(fig)).toEqual(built);
  await page.waitForTimeout(1000);
  await expect(fig, 'the stopped run does not come back').toHaveAttribute('data-state', 'ready');
  expect(await epochsShown(fig)).toBe(500);
  expect(new URL(page.url()).search).toBe('');
  expect(errors, 'console errors').toEqual([]);
});

test('scrolled out of view, a run pauses; back in view, it carries on', async ({ page }) => {
  await page.goto(`${FIRST_CHAPTER}?${ID}.epochs=2000&${ID}.hidden=2`);
  const fig = await figure(page, ID);
  // Streaming: fewer epochs than the build's 500 on show means the live run's partial curves.
  await expect.poll(() => epochsShown(fig).then((n) => n >= 3 && n < 400)).toBe(true);
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(fig).toHaveAttribute('data-paused', 'offscreen');
  await page.waitForTimeout(300);
  const held = await epochsShown(fig);
  await page.waitForTimeout(1500);
  expect(await epochsShown(fig), 'no epochs while off screen').toBe(held);
  await fig.scrollIntoViewIfNeeded();
  await expect(fig).not.toHaveAttribute('data-paused', /.*/);
  await expect.poll(() => epochsShown(fig)).toBeGreaterThan(held + 2);
  await fig.getByRole('button', { name: 'Stop' }).click();
  await expect(fig).toHaveAttribute('data-state', 'ready');
});

test('the largest learning rate, chosen by keyboard, makes the weight decay overshoot: `diverged` in words', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, ID);
  await hydrated(page);
  const eta = fig.getByRole('slider', { name: /Learning rate/ });
  await eta.focus();
  await page.keyboard.press('End'); // log10(eta) = 4: eta = 10,000
  await expect(eta).toHaveAttribute('aria-valuetext', '10000');
  // eta * lambda / n = 10000 * 5 / 1000 = 50: each step multiplies the weights by -49, so they
  // overflow after ~180 of the 500 epochs (about a second on the kernels, so 'running' is not
  // waited for: it may be over before a poll sees it).
  await expect(fig).toHaveAttribute('data-state', 'diverged', { timeout: 40_000 });
  // The engine's sentence, begun with a capital after the status word "Diverged.".
  await expect(fig.getByRole('status')).toContainText(/Diverged\. Weights into .* became infinite in epoch \d+/);
  await expect(fig.getByRole('status')).toContainText('weight-decay factor 1 − ηλ/n is −49');
  expect(errors, 'console errors').toEqual([]);
});

test('a run that stops learning before it overflows says so: every speed exactly 0, and why', async ({ page }) => {
  const { errors } = watch(page);
  // The same overshooting decay as above, but 50 epochs: the weights are huge and finite, every
  // sigmoid saturated, every speed exactly 0, and the run ends 'ready'. The figure used to end
  // with flat-lined curves, a '–' readout and no sentence at all.
  await page.goto(`${FIRST_CHAPTER}?${ID}.eta=10000&${ID}.epochs=50`);
  const fig = await figure(page, ID);
  await hydrated(page);
  await expect(fig).toHaveAttribute('data-source', 'worker', { timeout: 40_000 });
  await expect(fig).toHaveAttribute('data-state', 'ready');
  const last = await fig.locator('tr[data-epoch="50"] td[data-speed]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-speed')));
  expect(last).toEqual(['0', '0', '0', '0']); // the figure's four hidden layers by default, all stalled
  const status = fig.getByRole('status');
  await expect(status).toContainText(/From epoch \d+, every hidden layer learned at a speed of exactly 0/);
  await expect(status).toContainText('weight-decay factor 1 − ηλ/n is −49');
  await expect(status).toContainText('σ′ = σ(1 − σ) to 0');
  expect(errors, 'console errors').toEqual([]);
});
