// The first live figure end to end: a real worker recomputes the build-time numbers bit for bit,
// the keyboard changes the seed, and the worker's new numbers match Node's for that seed.
import { expect, test } from '@playwright/test';
import { num, sig, spoken } from '../../components/figures/format';
import { FIRST_CHAPTER, figure, foreignRequests, inNode, watch, workerReady, shownText, heardText } from './helpers';

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

// Ten sigmoid layers: the last learns about a million times as fast as the first. The status, bar
// labels and table write it as the axis does (1.4 × 10⁶, 10⁻⁶), not as JavaScript does
// (1.40e+6), while the table's data-speed and its CSV field stay plain numbers.
test('layer-speeds: with 10 hidden layers, large and small numbers read as powers of ten', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(`${FIRST_CHAPTER}?layer-speeds.hidden=10`);
  const fig = await figure(page, 'layer-speeds');
  await workerReady(fig);
  const node = await inNode<{ speeds: number[]; ratio: number }>('layer-speeds', { sizes: `784,${'30,'.repeat(10)}10`, seed: 1, samples: 1000 });
  await expect.poll(() => speedsShown(fig)).toEqual(node.speeds);
  expect(node.ratio).toBeGreaterThan(1e5);
  const status = fig.getByRole('status');
  await expect.poll(() => shownText(status)).toContain(`the last hidden layer learns ${num(node.ratio, 3)} times as fast as the first`);
  expect(await shownText(status)).toMatch(/learns \d(\.\d+)?\u00a0×\u00a010[⁰¹²³⁴⁵⁶⁷⁸⁹]+ times/);
  // Said to a screen reader in words ("1.4 times 10 to the power 6"): superscripts are read as
  // "10 6", "106" or not at all, depending on the reader.
  expect(await heardText(status)).toContain(`the last hidden layer learns ${spoken(num(node.ratio, 3))} times as fast as the first`);
  expect(await heardText(status)).toMatch(/learns \d(\.\d+)? times 10 to the power \d+ times/);
  for (const text of [status, fig.locator('.figure-plot'), fig.locator('details.figure-data')]) await expect(text).not.toContainText(/\de[-+]?\d/);
  // The first layer's speed, below 10⁻³, in the table as 1.234 × 10⁻⁶ and in its CSV field as 1.234e-6.
  const first = fig.locator('td[data-speed]').first();
  expect(await shownText(first)).toBe(num(node.speeds[0], 4));
  await fig.locator('details.figure-data > summary').click(); // a closed table is not read at all
  expect(await heardText(first)).toContain(spoken(num(node.speeds[0], 4)));
  expect(await heardText(first)).not.toMatch(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/);
  expect(JSON.parse((await first.getAttribute('data-csv'))!)).toEqual([sig(node.speeds[0], 4)]);
  expect(errors, 'console errors').toEqual([]);
});

test('layer-speeds: a value over a bar never runs into the next bar or its value, on a phone or a laptop', async ({ page }) => {
  // At 360 px six bars stand about 40 px apart, and "7.2 × 10⁻⁵" ran under the next bar, which
  // hid its exponent: values are shown where each fits beside its neighbours, else the table has them.
  const { errors } = watch(page);
  const clashes = () =>
    page.locator('figure[data-figure="layer-speeds"] .figure-plot svg').evaluate((svg) => {
      const bars = [...svg.querySelectorAll(':scope > g:not(.axis) > rect')].map((r) => r.getBoundingClientRect());
      const values = [...svg.querySelectorAll(':scope > g:not(.axis) > text')].map((t) => t.getBoundingClientRect());
      const meet = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const found: string[] = [];
      values.forEach((v, i) => {
        bars.forEach((b, j) => { if (j !== i && meet(v, b)) found.push(`value ${i + 1} on bar ${j + 1}`); });
        values.forEach((w, j) => { if (j > i && meet(v, w)) found.push(`values ${i + 1} and ${j + 1}`); });
      });
      return { found, values: values.length, bars: bars.length };
    });
  let labelled = 0;
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    for (const hidden of [2, 4, 5, 6]) {
      await page.goto(`${FIRST_CHAPTER}?layer-speeds.hidden=${hidden}`);
      const fig = await figure(page, 'layer-speeds');
      await workerReady(fig);
      await expect(fig.locator('td[data-speed]')).toHaveCount(hidden);
      const c = await clashes();
      expect(c.bars, `${width} px, ${hidden} hidden layers`).toBe(hidden);
      expect(c.found, `${width} px, ${hidden} hidden layers`).toEqual([]);
      if (c.values) labelled++;
    }
  }
  // Not by showing none: at 1280 px every depth here has room for its values.
  expect(labelled).toBeGreaterThanOrEqual(4);
  expect(errors, 'console errors').toEqual([]);
});
