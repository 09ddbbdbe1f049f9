// Figure 1 (E1) on the built page: the build's full protocol is shown at once; a quick run from a
// link trains its four networks on separate workers at once and shows Node's sequential numbers
// bit for bit, within-epoch points included; the keyboard changes the seed and reruns; and the
// full protocol streams with progress and time left, pauses all its networks together and stops.
// No test here runs the full protocol to its end (minutes): the quick preset and links keep the
// budgets small.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { FIRST_CHAPTER, figure, inNode, watch, workerReady } from './helpers';
import type { DepthAccuracyResult } from '../../engine/experiments/depth-accuracy';

const ID = 'depth-accuracy';
/** The final table: accuracy (a fraction) by number of hidden layers, from its rows' attributes. */
const finalShown = (fig: Locator) =>
  fig.locator('tr[data-hidden-layers]').evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-hidden-layers')), r.hasAttribute('data-accuracy') ? Number(r.getAttribute('data-accuracy')) : null]));
/** The data table: every evaluation, { at: [1 hidden, ..., 4 hidden] }. */
const curvesShown = (fig: Locator) =>
  fig.locator('tr[data-at]').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-at'), [...r.querySelectorAll('td')].map((c) => (c.hasAttribute('data-value') ? Number(c.getAttribute('data-value')) : null))])),
  );
const epochsDone = (fig: Locator) => fig.locator('[data-epochs-done]').getAttribute('data-epochs-done');

const finals = (r: DepthAccuracyResult) => r.runs.map((x) => [x.hidden, x.accuracy[x.accuracy.length - 1]]);
function curves(r: DepthAccuracyResult) {
  const rows: Record<string, (number | null)[]> = {};
  r.runs.forEach((x, i) => {
    const points = [...x.checkpoints.map((c) => [c.at, c.accuracy]), ...x.accuracy.map((a, e) => [e + 1, a])];
    for (const [at, a] of points) (rows[String(at)] ??= r.runs.map(() => null))[i] = a;
  });
  return rows;
}
/** What the figure asks of the engine for a quick run (see DepthAccuracy.tsx's job). */
const quick = (trainSize: number, epochs: number, seed: number) =>
  ({ depths: '1,2,3,4', trainSize, epochs, validationSize: 10000, perEpoch: 5, checkpointSize: 1000, seed });

async function hydrated(page: Page) {
  await expect(page.locator(`astro-island:has(figure[data-figure="${ID}"])`)).not.toHaveAttribute('ssr', /.*/);
}

/** Makes the page believe it has `n` cores, so the engine client trains up to n - 1 networks at once. */
const cores = (page: Page, n: number) =>
  page.addInitScript((k) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => k }), n);

test('the build\'s full protocol is shown at once, with points within each epoch', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, ID);
  // The chapter's first figure: ready from the build, without waiting for a run of minutes.
  await expect(fig).toHaveAttribute('data-state', 'ready', { timeout: 2000 });
  await expect(fig).toHaveAttribute('data-source', 'build');
  expect(await epochsDone(fig)).toBe('30,30,30,30');
  const shown = await finalShown(fig);
  expect(shown.map(([h]) => h)).toEqual([1, 2, 3, 4]);
  for (const [, a] of shown) expect(a).toBeGreaterThan(0.1); // a fraction, not a percentage
  for (const [, a] of shown) expect(a).toBeLessThan(1);
  await expect(fig.getByRole('status')).toContainText('After 30 epochs over 50,000 training images');
  await expect(fig.locator('tr[data-hidden-layers="1"]').getByText(/^96\.48\s%$/)).toBeVisible(); // the book's value, beside ours
  // Five evaluations per epoch: 150 rows in the data table, the first at a fifth of an epoch.
  await expect(fig.locator('tr[data-at]')).toHaveCount(150);
  await expect(fig.locator('tr[data-at]').first()).toHaveAttribute('data-at', '0.2');
  await expect(fig.getByRole('checkbox', { name: /Full protocol/ })).toBeChecked();
  // The inset magnifies the later epochs' ends: the four final markers, a few pixels apart on the
  // main axis (which reaches down to chance), stand well apart in it, in the same order.
  const inset = fig.locator('.depth-inset');
  await expect(inset).toHaveCount(1);
  await expect(inset.locator('text', { hasText: 'hidden' })).toHaveText(['1 hidden', '2 hidden', '3 hidden', '4 hidden']);
  const lastMarkers = (where: string) =>
    fig.locator(where).evaluateAll((groups) => groups.map((g) => {
      const markers = g.querySelectorAll(':scope > path[transform]');
      return Number(/,([-\d.]+)\)/.exec(markers[markers.length - 1].getAttribute('transform')!)![1]);
    }));
  const main = await lastMarkers('.figure-plot svg > g:has(.series-key)');
  const magnified = await lastMarkers('.depth-inset > g:not(.axis)');
  const span = (ys: number[]) => Math.max(...ys) - Math.min(...ys);
  const finalsAsShown = shown.map(([, a]) => a as number);
  const order = (v: number[]) => v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  expect(order(magnified.map((y) => -y)), 'higher accuracy is higher up').toEqual(order(finalsAsShown));
  // The main axis gives ~5 px per point here and the inset about 50; 5x is a floor with margin.
  expect(span(magnified)).toBeGreaterThan(5 * span(main));
  // On a phone the plot is too narrow to read an inset: the table gives the numbers.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(inset).toHaveCount(0);
  await expect(fig.locator('.series-key')).toHaveCount(4);
  expect(errors, 'console errors').toEqual([]);
});

test('a quick run trains the four networks on separate workers and matches Node\'s sequential run', async ({ page }) => {
  const { errors } = watch(page);
  await cores(page, 5); // four networks at once, plus a core for the page
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  const trainingFiles: string[] = [];
  page.on('request', (r) => { if (/\/data\/(train|validation)-/.test(r.url())) trainingFiles.push(r.url()); });
  // A link's settings wait for Start like a control's change: a run of minutes and 10 MB of
  // training images are the reader's choice, not a side effect of opening a link.
  await page.goto(`${FIRST_CHAPTER}?${ID}.full=false&${ID}.trainSize=1000&${ID}.epochs=1`);
  const fig = await figure(page, ID);
  await hydrated(page);
  await expect(fig).toHaveAttribute('data-armed', 'true');
  await expect(fig.getByRole('status')).toContainText('New settings: press Start to run them');
  await page.waitForTimeout(1000);
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await expect(fig).toHaveAttribute('data-source', 'build');
  expect(await epochsDone(fig), 'the build\'s run stays on show').toBe('30,30,30,30');
  const built = await finalShown(fig);
  expect(trainingFiles, 'no training images fetched before Start').toEqual([]);
  await fig.getByRole('button', { name: 'Start' }).click();
  // Four workers each fetch and unpack the 50,000 training images first: on a loaded 2-core
  // machine that alone can take longer than the default 15 s.
  await expect(fig).toHaveAttribute('data-source', 'worker', { timeout: 45_000 });
  await workerReady(fig);
  // One worker per network (short figures on screen may have started one or two more).
  expect(workers.length).toBeGreaterThanOrEqual(4);
  expect(workers.length).toBeLessThanOrEqual(6);
  const node1 = await inNode<DepthAccuracyResult>(ID, quick(1000, 1, 1));
  // Same engine, same float64 operations in V8: exact equality, for the final numbers and for
  // every point within the epoch (on the first 1,000 validation images).
  expect(await finalShown(fig)).toEqual(finals(node1));
  expect(await curvesShown(fig)).toEqual(curves(node1));
  await expect(fig.locator('.depth-inset'), 'one epoch: nothing to magnify').toHaveCount(0);
  expect(await fig.locator('tr[data-at]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-at')))).toEqual(['0.2', '0.4', '0.6', '0.8', '1']);
  await expect(fig.getByRole('status')).toContainText('validation accuracy on 10,000 images');

  const node2 = await inNode<DepthAccuracyResult>(ID, quick(1000, 1, 2));
  const seed = fig.getByRole('spinbutton', { name: 'Seed' });
  await seed.focus();
  await page.keyboard.press('ArrowUp');
  await expect(seed).toHaveValue('2');
  // The change is armed, not run: seed 1's numbers stay, and so do the downloads' parameters.
  await expect(fig).toHaveAttribute('data-armed', 'true');
  await page.waitForTimeout(500);
  expect(await finalShown(fig)).toEqual(finals(node1));
  await expect(fig.locator('details.figure-data caption')).toContainText('seed 1:');
  await fig.getByRole('button', { name: 'Start' }).click();
  await expect(fig).not.toHaveAttribute('data-armed');
  // So small a run may be over before a poll could see `running`: wait for its numbers instead.
  await expect.poll(() => finalShown(fig)).toEqual(finals(node2));
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(await curvesShown(fig)).toEqual(curves(node2));
  expect(finals(node2)).not.toEqual(finals(node1));

  // Reset brings back the defaults' result, which the build computed: the full protocol on show
  // again at once, with nothing armed (it was "press Start", a run of minutes, to see it again).
  await fig.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(fig).toHaveAttribute('data-source', 'build');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await expect(fig).not.toHaveAttribute('data-armed');
  expect(await epochsDone(fig)).toBe('30,30,30,30');
  expect(await finalShown(fig)).toEqual(built);
  await expect(fig.getByRole('checkbox', { name: /Full protocol/ })).toBeChecked();
  await expect(fig.getByRole('status')).toContainText('After 30 epochs over 50,000 training images');
  await expect(fig.getByRole('status')).not.toContainText('press Start');
  expect(new URL(page.url()).search, 'the link holds no settings').toBe('');
  await page.waitForTimeout(500);
  await expect(fig, 'and no run starts').toHaveAttribute('data-source', 'build');
  expect(errors, 'console errors').toEqual([]);
});

test('Reset before any run takes a link\'s settings out of the address too', async ({ page }) => {
  // Nothing has run, so the figure's effect returns before it writes the address: Reset must.
  await page.goto(`${FIRST_CHAPTER}?${ID}.seed=2`);
  const fig = await figure(page, ID);
  await hydrated(page);
  await expect(fig).toHaveAttribute('data-armed', 'true');
  await fig.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(fig).not.toHaveAttribute('data-armed');
  await expect(fig.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('1');
  await expect.poll(() => new URL(page.url()).search).toBe('');
  await expect(fig).toHaveAttribute('data-source', 'build');
});

test('the full protocol streams with progress and time left; Pause holds every network, Stop stops', async ({ page }) => {
  // Starting four workers on 50,000 images each, then pausing and resuming, took 57 s alone on a busy
  // two-core machine: too close to the default 60 s.
  test.setTimeout(150_000);
  const { errors } = watch(page);
  await cores(page, 5);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, ID);
  await hydrated(page);
  await expect(fig.getByRole('slider', { name: 'Epochs (quick run)' })).toBeDisabled();
  await fig.getByRole('button', { name: 'Start' }).click();
  await expect(fig).toHaveAttribute('data-state', 'running');
  // Progress is reported and, after a few seconds of it, an estimate of the time left. The first
  // report waits for four workers to unpack 50,000 images each: 7-12 s here when the machine is
  // busy (other builds on the same two cores), so 45 s rather than the default 15.
  await expect(fig.getByRole('progressbar')).toBeVisible({ timeout: 45_000 });
  await expect(fig.getByRole('status')).toContainText(/about \d+\u00a0(s|min) left/, { timeout: 30_000 });
  // The networks train side by side: all four have their first point (a fifth of an epoch in)
  // while the first is far from its 30th epoch (one after another, it would have ended first).
  await expect.poll(() => fig.locator('tr[data-at="0.2"] td[data-value]').count(), { timeout: 30_000 }).toBe(4);
  expect(Number((await epochsDone(fig))!.split(',')[0])).toBeLessThan(30);

  const progress = () => fig.getByRole('progressbar').getAttribute('value');
  await fig.getByRole('button', { name: 'Pause' }).click();
  await expect(fig).toHaveAttribute('data-paused', 'reader');
  await page.waitForTimeout(500); // messages in flight land
  const [heldAt, curvesAt] = [await progress(), await curvesShown(fig)];
  await page.waitForTimeout(2000);
  expect(await progress(), 'no progress while paused').toBe(heldAt);
  expect(await curvesShown(fig), 'no network moves while paused').toEqual(curvesAt);
  await fig.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(progress, { timeout: 20_000 }).not.toBe(heldAt);

  await fig.getByRole('button', { name: 'Stop' }).click();
  await expect(fig).not.toHaveAttribute('data-state', 'running');
  await expect(fig.getByRole('status')).toContainText('Stopped.');
  const statusAtStop = await fig.getByRole('status').textContent();
  const curvesAtStop = await curvesShown(fig);
  await page.waitForTimeout(2000);
  expect(await fig.getByRole('status').textContent()).toBe(statusAtStop);
  expect(await curvesShown(fig), 'no more points after Stop').toEqual(curvesAtStop);
  // Stopped, the lines end at different epochs (each network went at its own pace). Their labels
  // stand in one column right of the furthest end, where no curve runs: at their own lines' ends
  // the shorter ones' labels sat on the curves of the networks ahead.
  const plot = fig.locator('.figure-plot svg').first();
  const labelXs = await plot.locator(':scope > g > .series-key').evaluateAll((gs) => gs.map((g) => Number(/translate\(([-\d.]+)/.exec(g.getAttribute('transform')!)![1])));
  expect(labelXs).toHaveLength(4);
  expect(new Set(labelXs).size, 'one column').toBe(1);
  const curveEnds = await plot.locator(':scope > g > path[fill="none"]').evaluateAll((ps) => ps.map((p) => { const b = (p as SVGGraphicsElement).getBBox(); return b.x + b.width; }));
  expect(curveEnds).toHaveLength(4);
  expect(labelXs[0]).toBeGreaterThan(Math.max(...curveEnds));
  expect(errors, 'console errors').toEqual([]);
});

test('one network\'s worker dies: the whole figure fails at once, and Retry runs all four again', async ({ page }) => {
  const { errors } = watch(page);
  await cores(page, 5);
  // Figure 1 is the only figure on screen (short figures start no worker), so its four part
  // workers are the page's first four; the third one's script throws at start-up, as a crashed
  // worker would, while the other three train.
  let requests = 0;
  await page.route('**/_astro/worker*.js', (route) =>
    ++requests === 3 ? route.fulfill({ status: 200, contentType: 'text/javascript', body: 'throw new Error("simulated crash");' }) : route.continue(),
  );
  await page.goto(`${FIRST_CHAPTER}?${ID}.full=false&${ID}.trainSize=2000&${ID}.epochs=2`);
  const fig = await figure(page, ID);
  await hydrated(page);
  await fig.getByRole('button', { name: 'Start' }).click();
  await expect(fig).toHaveAttribute('data-state', 'error', { timeout: 45_000 });
  await expect(fig.getByRole('status')).toContainText(/[Tt]he engine worker stopped/);
  // Nothing more of the failed run streams in (the client stops its other networks with it).
  const shown = await curvesShown(fig);
  await page.waitForTimeout(1500);
  expect(await curvesShown(fig)).toEqual(shown);

  await fig.getByRole('button', { name: 'Retry' }).click();
  await expect(fig).toHaveAttribute('data-source', 'worker', { timeout: 45_000 });
  await workerReady(fig);
  const node = await inNode<DepthAccuracyResult>(ID, quick(2000, 2, 1));
  expect(await finalShown(fig)).toEqual(finals(node));
  expect(await curvesShown(fig)).toEqual(curves(node));
  expect(errors.filter((e) => !e.includes('simulated crash'))).toEqual([]);
});

test('before a run trains, the status says how much of the training images has downloaded, with a bar', async ({ page }) => {
  // A slow connection (2 MB/s, a phone's on a train): the 50,000 training images take seconds.
  // Chromium's network emulation covers the page's dedicated workers' fetches too.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: 2_000_000, uploadThroughput: -1 });
  await page.goto(`${FIRST_CHAPTER}?${ID}.full=false&${ID}.trainSize=1000&${ID}.epochs=1`);
  const fig = await figure(page, ID);
  await hydrated(page);
  await fig.getByRole('button', { name: 'Start' }).click();
  const status = fig.getByRole('status');
  // The sizes are the files' as served (public/data), so the total is theirs, not a guess.
  await expect(status).toContainText(/Downloading the images: \d+\.\d of \d+\.\d\u00a0MB\./, { timeout: 15_000 });
  await expect(fig.getByRole('progressbar', { name: 'Download of the images' })).toBeVisible();
  const said = async () => ((await status.textContent()) ?? '').match(/(\d+\.\d) of (\d+\.\d)\u00a0MB/)?.slice(1).map(Number);
  const [loaded, total] = (await said())!;
  expect(loaded).toBeLessThan(total);
  // A screen reader hears "Downloading the images." once: the changing megabytes are hidden from it.
  await expect(fig.locator('.status-download > [aria-hidden="true"]')).toHaveText(/^: \d+\.\d of \d+\.\d\u00a0MB$/);
  // Four part workers fetch the same files side by side: the count never steps back.
  let last = loaded;
  for (let i = 0; i < 8; i++) {
    await page.waitForTimeout(150);
    const now = await said();
    if (!now) break;
    expect(now[0], 'megabytes downloaded').toBeGreaterThanOrEqual(last);
    last = now[0];
  }
  // The files under way: the training split's (8.2 MB gzip'd), then the validation split's too.
  expect(total).toBeGreaterThan(5), expect(total).toBeLessThan(13);
  // Then it trains (the download's line gives way to the run's progress) and ends.
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(fig).toHaveAttribute('data-source', 'worker', { timeout: 60_000 });
  await expect(status).not.toContainText('Downloading');
});

test('on a phone the results table above the controls never shrinks during a run, so Pause and Stop stay put', async ({ page }) => {
  // 10,000 images: the one-layer network passes 90 % within the first epoch while the others do
  // not, its "not yet" becomes a short epoch and the other cells rewrap: without the held height
  // the table went 307, 324, 307 px.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${FIRST_CHAPTER}?${ID}.full=false&${ID}.trainSize=10000&${ID}.epochs=3`);
  const fig = await figure(page, ID);
  await hydrated(page);
  // Every height the table takes while the figure runs, as the browser lays it out.
  // and where the Pause button is (relative to the figure) each time the table's height changes;
  // and its height before Start, which it must never drop below (at Start its cells say "not yet").
  const before = await fig.locator('.figure-aside').evaluate((el) => Math.round(el.getBoundingClientRect().height));
  await fig.evaluate((f) => {
    const el = f.querySelector('.figure-aside')!;
    const w = window as unknown as { asideHeights: number[]; pauseTops: number[] };
    w.asideHeights = [];
    w.pauseTops = [];
    const pause = [...f.querySelectorAll('button')].find((b) => b.textContent === 'Pause')!;
    new ResizeObserver(() => {
      if (f.getAttribute('data-state') !== 'running') return;
      w.asideHeights.push(Math.round(el.getBoundingClientRect().height));
      w.pauseTops.push(Math.round(pause.getBoundingClientRect().top - f.getBoundingClientRect().top));
    }).observe(el);
  });
  await fig.getByRole('button', { name: 'Start' }).click();
  await expect(fig).toHaveAttribute('data-state', 'running');
  await expect(fig).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const { heights, pauseTops } = await page.evaluate(() => {
    const w = window as unknown as { asideHeights: number[]; pauseTops: number[] };
    return { heights: w.asideHeights, pauseTops: w.pauseTops };
  });
  expect(heights.length, 'the table changed while the run lasted').toBeGreaterThan(0);
  for (const h of heights) expect(h, `heights ${heights.join(', ')} after ${before} before Start`).toBeGreaterThanOrEqual(before);
  for (let i = 1; i < heights.length; i++) expect(heights[i], `heights ${heights.join(', ')}`).toBeGreaterThanOrEqual(heights[i - 1]);
  // While it ran, the button moved only as the table grew (at most once, as results arrived).
  for (let i = 1; i < pauseTops.length; i++) expect(pauseTops[i], `Pause at ${pauseTops.join(', ')}`).toBeGreaterThanOrEqual(pauseTops[i - 1]);
});

test('on a phone Figure 1 keys its four lines in two rows above the plot, which takes the width', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, ID);
  await hydrated(page);
  const layout = await fig.locator('.figure-plot svg').first().evaluate((svg) => {
    const box = (el: Element) => el.getBoundingClientRect();
    const grid = [...svg.querySelectorAll('.axis-left .grid-line')].map(box);
    return {
      width: box(svg).width,
      plotLeft: Math.min(...grid.map((r) => r.left)),
      plotRight: Math.max(...grid.map((r) => r.right)),
      plotTop: Math.min(...grid.map((r) => r.top)),
      keys: [...svg.querySelectorAll('.series-key')].map((k) => ({ bottom: box(k).bottom, text: k.textContent, parts: k.querySelectorAll('line, path, text').length })),
    };
  });
  // Each depth's key (its dash pattern, marker and name) above the plot, none at the lines' ends.
  expect(layout.keys.map((k) => k.text)).toEqual(['1 hidden', '2 hidden', '3 hidden', '4 hidden']);
  for (const k of layout.keys) expect(k.parts).toBe(3), expect(k.bottom).toBeLessThanOrEqual(layout.plotTop);
  // The plot spans most of the width (the end labels took a third of it).
  expect((layout.plotRight - layout.plotLeft) / layout.width).toBeGreaterThan(0.75);
});
