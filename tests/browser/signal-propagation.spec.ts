// The signal-propagation figure on its own page: the worker's bands equal Node's, a preset
// recomputes them, and the status line describes both ends of the network in words.
import { expect, test } from '@playwright/test';
import { figure, foreignRequests, inNode, watch, workerReady, shownText, heardText } from './helpers';

const bands = (fig: import('@playwright/test').Locator, attr: string) =>
  fig.locator(`td[${attr}]`).evaluateAll((cells, a) => cells.map((c) => JSON.parse(c.getAttribute(a)!)), attr);

test('signal-propagation: Node\'s quantiles in the worker, a preset by keyboard, words for both ends', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  await page.goto('./figures/signal-propagation/?signal-propagation.hidden=8');
  const fig = await figure(page, 'signal-propagation');
  await workerReady(fig);
  const book = await inNode<{ layers: { gradient: (number | null)[]; spread: number }[] }>('signal-propagation', { hidden: 8 });
  expect(await bands(fig, 'data-gradient')).toEqual(book.layers.map((l) => l.gradient));
  // The spread between images, bit for bit Node's, is drawn as one dot per layer in its own panel.
  expect(await bands(fig, 'data-spread')).toEqual(book.layers.map((l) => l.spread));
  await expect(fig.locator('.figure-plot svg g.spread circle')).toHaveCount(8);
  const status = fig.getByRole('status');
  await expect.poll(() => shownText(status)).toMatch(/spread between images is 0\.052 in the first and [\d.]+\u00a0×\u00a010⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+ in the last/);
  // A screen reader hears the power of ten in words, and not its superscripts.
  expect(await heardText(status)).toMatch(/spread between images is 0\.052 in the first and [\d.]+ times 10 to the power minus \d+ in the last/);
  expect(await heardText(status)).not.toMatch(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/);
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

test('signal-propagation: exact zeros (ReLU off) sit on a row marked 0, below the log scale, and the status says which layers', async ({ page }) => {
  await page.goto('./figures/signal-propagation/?signal-propagation.activation=relu&signal-propagation.init=he');
  const fig = await figure(page, 'signal-propagation');
  await workerReady(fig);
  const node = await inNode<{ layers: { gradient: (number | null)[] }[] }>('signal-propagation', { activation: 'relu', init: 'he' });
  // The premise: some medians are exact zeros (null), in the first and the last hidden layer.
  expect(node.layers[0].gradient[2]).toBeNull();
  expect(node.layers[node.layers.length - 1].gradient[2]).toBeNull();
  await expect(fig.getByRole('status')).toContainText('more than half the gradients in the first and the last hidden layer are exactly zero');
  // A zero median is an open circle on that row, one per such layer, and the median line never
  // goes there (a line dropping to the row and back read as wild swings between layers); the
  // bands stop at the bottom of the log scale, above the row.
  const zeroMedians = node.layers.filter((l) => l.gradient[2] === null).length;
  await expect(fig.locator('circle.median-zero')).toHaveCount(zeroMedians);
  const geometry = await fig.locator('.figure-plot svg').evaluate((svg) => {
    const rowY = Number(svg.querySelector('.zero-row line')!.getAttribute('y1'));
    const paths = [...svg.querySelectorAll('path')];
    const ys = (d: string) => [...d.matchAll(/[ML,]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => Number(m[2]));
    const median = [...svg.querySelectorAll('path.band-median')].pop()!.getAttribute('d') ?? '';
    const bandsMaxY = Math.max(...paths.filter((p) => p.getAttribute('fill-opacity')).slice(-2).flatMap((p) => ys(p.getAttribute('d') ?? '')));
    return { rowY, circles: [...svg.querySelectorAll('circle.median-zero')].map((c) => Number(c.getAttribute('cy'))), medianYs: ys(median), bandsMaxY };
  });
  for (const cy of geometry.circles) expect(cy).toBe(geometry.rowY);
  expect(geometry.medianYs.length).toBeGreaterThan(0);
  expect(Math.max(...geometry.medianYs)).toBeLessThan(geometry.rowY - 10);
  expect(geometry.bandsMaxY).toBeLessThan(geometry.rowY - 10);
  // The row is labelled 0 and lies below every tick of the log axis (larger y is lower).
  const row = fig.locator('.zero-row text');
  await expect(row).toHaveText('0');
  const rowY = await row.evaluate((t) => { const r = t.getBoundingClientRect(); return (r.top + r.bottom) / 2; });
  const ticks = await fig.locator('svg .axis-left text').evaluateAll((ts) => ts.filter((t) => /^(1|10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]*)$/.test(t.textContent ?? '')).map((t) => { const r = t.getBoundingClientRect(); return (r.top + r.bottom) / 2; }));
  expect(ticks.length).toBeGreaterThan(2);
  // Set apart by a clear gap (more than a line of its 11 px text), not just below.
  expect(rowY - Math.max(...ticks)).toBeGreaterThan(12);
});

test('signal-propagation: on a phone the table breaks a band\'s quantiles between values, never before a dot', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('./figures/signal-propagation/');
  const fig = await figure(page, 'signal-propagation');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await fig.locator('details.figure-data > summary').click();
  const cells = await fig.locator('td[data-gradient]').evaluateAll((tds) =>
    tds.map((td) => ({
      // As the eye reads it: without the words a screen reader gets for each power of ten.
      text: (() => {
        const copy = td.cloneNode(true) as Element;
        for (const hidden of copy.querySelectorAll('.sr-only')) hidden.remove();
        return copy.textContent;
      })(),
      // A value and its dot that the layout split over two lines have boxes at two heights.
      split: [...td.querySelectorAll('.nowrap')].filter((s) => new Set([...s.getClientRects()].map((r) => Math.round(r.top))).size !== 1).length,
      lines: new Set([...td.querySelectorAll('.nowrap')].map((s) => Math.round(s.getBoundingClientRect().top))).size,
    })),
  );
  expect(cells.length).toBeGreaterThan(10);
  for (const c of cells) {
    expect(c.text).toMatch(/^[^ ·]+( · [^ ·]+){4}$/); // five values, each kept whole (1.2 × 10⁻⁵ has non-breaking spaces)
    expect(c.split).toBe(0);
  }
  expect(Math.max(...cells.map((c) => c.lines)), 'the narrow table does wrap').toBeGreaterThan(1);
});

test('signal-propagation: activations that grow to millions go on a log scale, so every layer\'s growth shows', async ({ page }) => {
  // ReLU + He + skips: each layer adds to what it was given, and the activations reach millions
  // by the last layer. On a linear scale every layer but the last few lay flat on the axis.
  await page.goto('./figures/signal-propagation/?signal-propagation.activation=relu&signal-propagation.init=he&signal-propagation.residual=true');
  const fig = await figure(page, 'signal-propagation');
  await workerReady(fig);
  const node = await inNode<{ layers: { activation: number[] }[] }>('signal-propagation', { activation: 'relu', init: 'he', residual: true });
  const medians = node.layers.map((l) => l.activation[2]);
  expect(Math.max(...medians) / Math.min(...medians.filter((m) => m > 0))).toBeGreaterThan(1000); // the premise
  const svg = fig.locator('.figure-plot svg');
  await expect(svg.locator('text').first()).toHaveText('activations a, forward → (log scale)');
  await expect(svg).toHaveAttribute('aria-label', /activations going forward on a log scale/);
  // The top panel's median markers (the first BandPlot's dots): the first and the middle layer
  // stand clearly apart (on the linear scale they were a pixel apart, at the bottom).
  const ys = await svg.evaluate((s) => [...[...s.querySelectorAll('g')].find((g) => g.querySelector('path.band-median'))!.querySelectorAll('circle')].map((c) => Number(c.getAttribute('cy'))));
  expect(ys).toHaveLength(node.layers.length);
  expect(ys[0] - ys[Math.floor(ys.length / 2)]).toBeGreaterThan(30);
});
