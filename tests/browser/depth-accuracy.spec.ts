// Figure 1 (E1) on the built page: ready at once from the build, a small run from a link reaches
// `ready` from the worker with Node's numbers bit for bit, the keyboard changes the seed and reruns,
// and Stop really stops the full protocol (with its progress and time-left estimate).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { figure, inNode, watch, workerReady } from './helpers';
import type { DepthAccuracyResult } from '../../engine/experiments/depth-accuracy';

const ID = 'depth-accuracy';
const finalShown = (fig: Locator) =>
  fig.locator('td[data-accuracy]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-accuracy'))));
const epochsDone = (fig: Locator) => fig.locator('[data-epochs-done]').getAttribute('data-epochs-done');
const finals = (r: DepthAccuracyResult) => r.runs.map((x) => x.accuracy[x.accuracy.length - 1]);

async function hydrated(page: Page) {
  await expect(page.locator(`astro-island:has(figure[data-figure="${ID}"])`)).not.toHaveAttribute('ssr', /.*/);
}

test('the build\'s quick run is shown at once; a small run matches Node; the seed reruns by keyboard', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto('./');
  const fig = await figure(page, ID);
  // The chapter's first figure: ready from the build, without waiting for a 30-second run.
  await expect(fig).toHaveAttribute('data-state', 'ready', { timeout: 2000 });
  await expect(fig).toHaveAttribute('data-source', 'build');
  await expect(fig.locator('td[data-accuracy]')).toHaveCount(4);

  // A small budget from a link runs at once in the worker.
  await page.goto(`./?${ID}.trainSize=1000&${ID}.epochs=1`);
  const small = await figure(page, ID);
  await workerReady(small);
  const node1 = await inNode<DepthAccuracyResult>(ID, { depths: '1,2,3,4', trainSize: 1000, epochs: 1, validationSize: 10000, seed: 1 });
  // Same engine, same float64 operations in V8: exact equality.
  expect(await finalShown(small)).toEqual(finals(node1));
  await expect(small.getByRole('status')).toContainText('validation accuracy on 10,000 images');
  await expect(small.getByText(/^96\.48\s%$/)).toBeVisible(); // the book's value, beside ours

  const seed = small.getByRole('slider', { name: 'Seed' });
  await seed.focus();
  await page.keyboard.press('ArrowRight');
  await expect(seed).toHaveValue('2');
  await expect(small).toHaveAttribute('data-state', 'running');
  await expect(small).toHaveAttribute('data-state', 'ready');
  const node2 = await inNode<DepthAccuracyResult>(ID, { depths: '1,2,3,4', trainSize: 1000, epochs: 1, validationSize: 10000, seed: 2 });
  expect(await finalShown(small)).toEqual(finals(node2));
  expect(finals(node2)).not.toEqual(finals(node1));
  expect(errors, 'console errors').toEqual([]);
});

test('the full protocol streams with progress and time left, and Stop stops it', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto('./');
  const fig = await figure(page, ID);
  await hydrated(page);
  const full = fig.getByRole('checkbox', { name: /Full protocol/ });
  await full.focus();
  await page.keyboard.press('Space');
  await expect(full).toBeChecked();
  await expect(fig).toHaveAttribute('data-state', 'running');
  await expect(fig.getByRole('slider', { name: 'Epochs (quick run)' })).toBeDisabled();
  // Progress is reported and, after a few seconds of it, an estimate of the time left.
  await expect(fig.getByRole('progressbar')).toBeVisible();
  await expect(fig.getByRole('status')).toContainText(/about \d+ (s|min) left/, { timeout: 20_000 });

  await fig.getByRole('button', { name: 'Stop' }).click();
  await expect(fig).not.toHaveAttribute('data-state', 'running');
  await expect(fig.getByRole('status')).toContainText('stopped');
  const progressAtStop = await fig.getByRole('status').textContent();
  const doneAtStop = await epochsDone(fig);
  await page.waitForTimeout(2000);
  expect(await fig.getByRole('status').textContent()).toBe(progressAtStop);
  expect(await epochsDone(fig), 'no more epochs after Stop').toBe(doneAtStop);
  expect(errors, 'console errors').toEqual([]);
});
