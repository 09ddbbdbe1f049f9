// Failure is part of the lesson, and bad input changes nothing else: a corrupt data file puts one
// figure in the error state with a message naming the file, the other figures keep working, and
// Retry recovers once the file is good again.
import { expect, test } from '@playwright/test';
import { FIRST_CHAPTER, figure, inNode, watch, workerReady } from './helpers';

test('a corrupt data file: the figure says which file and why, others work, Retry recovers', async ({ page }) => {
  const { errors } = watch(page);
  // Serve garbage in place of the first 1,000 training images (the layer-speeds figure needs them).
  await page.route('**/data/first1000-images.idx3.gz', (route) =>
    route.fulfill({ status: 200, contentType: 'application/gzip', body: Buffer.from('this is not an idx file') }),
  );
  await page.goto(FIRST_CHAPTER);
  const speeds = await figure(page, 'layer-speeds');
  await expect(speeds).toHaveAttribute('data-state', 'error');
  await expect(speeds.getByRole('status')).toContainText('first1000-images.idx3.gz: not a gzip file');
  // The build-time numbers stay on show: nothing is half-replaced.
  await expect(speeds.locator('td[data-speed]')).toHaveCount(4);

  // Another figure, in the same or another worker, is unaffected.
  const sigmoid = await figure(page, 'sigmoid-prime');
  await workerReady(sigmoid);

  // The file is fixed; Retry fetches it again (failed loads are not cached) and recomputes.
  await page.unroute('**/data/first1000-images.idx3.gz');
  await speeds.scrollIntoViewIfNeeded();
  await speeds.getByRole('button', { name: 'Retry' }).click();
  await workerReady(speeds);
  const node = await inNode<{ speeds: number[] }>('layer-speeds', { sizes: '784,30,30,30,30,10', seed: 1, samples: 1000 });
  const shown = await speeds.locator('td[data-speed]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-speed'))));
  expect(shown).toEqual(node.speeds);
  // The only console noise allowed is none: the failure is reported in the figure, not thrown.
  expect(errors).toEqual([]);
});

test('a worker that dies: the figure shows the error with Retry, and Retry starts a fresh worker', async ({ page }) => {
  const { errors } = watch(page);
  // Until `healthy`, every worker script the page asks for throws at start-up, as a crashed
  // worker would (whichever figure happens to start a worker first).
  let healthy = false;
  let served = 0;
  await page.route('**/_astro/worker*.js', (route) => {
    if (healthy) {
      served++;
      return route.continue();
    }
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: 'throw new Error("simulated crash");' });
  });
  await page.goto(FIRST_CHAPTER);
  const speeds = await figure(page, 'layer-speeds');
  await expect(speeds).toHaveAttribute('data-state', 'error');
  await expect(speeds.getByRole('status')).toContainText(/[Tt]he engine worker stopped/);

  healthy = true;
  await speeds.getByRole('button', { name: 'Retry' }).click();
  await workerReady(speeds);
  expect(served).toBeGreaterThan(0); // a new worker was started, not the dead one reused
  // The crash itself is the worker's uncaught error; the page reports it in the figure instead.
  expect(errors.filter((e) => !e.includes('simulated crash'))).toEqual([]);
});
