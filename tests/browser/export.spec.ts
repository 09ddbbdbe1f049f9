// Taking a figure away (issue 10 item 1), on the built page in Chromium: each figure's CSV, JSON,
// SVG and PNG downloads and its Copy link, found by their accessible names. What passing means:
// the CSV reads back to the figure's own data table cell for cell; the JSON's result is what Node
// computes for the parameters the figure shows (bit for bit: same engine, same float64 in V8); the
// SVG is well-formed XML with an <svg> root in the SVG namespace that holds the plot's shapes with
// their styles inlined and renders as an image; the PNG is a PNG twice the plot's CSS width; the
// copied link, opened in a fresh page, shows the same state. And exporting works mid-run.
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { UnstableProductResult } from '../../engine/experiments/unstable-product';
import { FIRST_CHAPTER, figure, inNode, numericBody, parseCsv, readShown, tableCells, take, watch, workerReady, shownText } from './helpers';

const VERSION: string = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')).version;

/**
 * Node's result as the JSON file has it: typed arrays as arrays, non-finite numbers as strings.
 * (Written here, not imported from export.ts, which Playwright's loader cannot take: it imports
 * package.json, and Node's ESM wants an import attribute for that which Vite does not.)
 */
function toPlain(x: unknown): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? x : String(x);
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>, toPlain);
  if (Array.isArray(x)) return x.map(toPlain);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toPlain(v)]));
  return x;
}

/** What the page's plot draws: the count of each kind of shape (the SVG file must hold them all). */
const shapesShown = (fig: Locator) =>
  fig.locator('.figure-plot').evaluate((plot) => Object.fromEntries(['path', 'rect', 'line', 'text'].map((k) => [k, plot.querySelectorAll(`svg ${k}`).length])));

const plotWidth = (fig: Locator) =>
  fig.locator('.figure-plot').evaluate((plot) => {
    const boxes = [...plot.querySelectorAll('svg')].map((s) => s.getBoundingClientRect());
    return Math.max(...boxes.map((b) => b.right)) - Math.min(...boxes.map((b) => b.left));
  });

/** Parses the SVG file in the page as XML and loads it as an image, as a browser opening it would. */
async function checkSvg(page: Page, fig: Locator, text: string) {
  const info = await page.evaluate(async (svgText) => {
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const root = doc.documentElement;
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
    await img.decode();
    const painted = [...doc.querySelectorAll('path, rect, line')].filter((e) => /(?:^|;)\s*(?:fill|stroke):/.test(e.getAttribute('style') ?? '')).length;
    return {
      parseError: doc.querySelector('parsererror')?.textContent ?? null,
      root: root.localName,
      ns: root.namespaceURI,
      xmlns: root.getAttribute('xmlns'),
      // The plot's own shapes; the caption block under it is counted apart.
      shapes: Object.fromEntries(['path', 'rect', 'line', 'text'].map((k) => [k, [...doc.querySelectorAll(k)].filter((e) => !e.closest('#figure-caption')).length])),
      caption: [...doc.querySelectorAll('#figure-caption text')].map((t) => t.textContent ?? ''),
      captionBelow: [...doc.querySelectorAll('#figure-caption text')].every((t) => Number(t.getAttribute('y')) > Math.max(...[...root.children].filter((c) => c.localName === 'svg').map((c) => Number(c.getAttribute('y')) + Number(c.getAttribute('height'))))),
      background: doc.querySelector(':scope > rect')?.getAttribute('fill') ?? '',
      painted,
      styleSheets: doc.querySelectorAll('style').length,
      sheet: doc.querySelector('style')?.textContent ?? '',
      classes: doc.querySelectorAll('[class]').length,
      textFont: doc.querySelector('text')?.getAttribute('style') ?? '',
      haloed: [...doc.querySelectorAll('text')].filter((t) => /paint-order:\s*stroke/.test(t.getAttribute('style') ?? '')).length,
      image: img.naturalWidth,
    };
  }, text);
  expect(info.parseError).toBeNull();
  // Colours resolved to plain values: a file has no page variables, and Inkscape knows no light-dark().
  expect(text).not.toMatch(/var\(|light-dark\(|currentcolor/i);
  expect(info.root).toBe('svg');
  expect(info.ns).toBe('http://www.w3.org/2000/svg');
  expect(info.xmlns).toBe('http://www.w3.org/2000/svg');
  const shown = await shapesShown(fig);
  // The file holds every shape of the plot, plus one background rect.
  expect(info.shapes).toEqual({ ...shown, rect: shown.rect + 1 });
  expect(shown.path + shown.rect + shown.line).toBeGreaterThan(0);
  // Styles come inline, not from the page's classes (which a file opened alone does not have).
  expect(info.painted).toBeGreaterThan(0);
  expect(info.classes).toBe(0);
  // Its one style sheet carries the figure face its text is set in, as data: (a viewer without
  // the page's fonts drew a wider face, and labels ran past the edge): @font-face rules only,
  // the regular weight among them, each a woff2 file, nothing fetched from anywhere.
  expect(info.styleSheets).toBe(1);
  const faces = info.sheet.match(/@font-face\{[^}]*\}/g) ?? [];
  expect(faces.join('\n')).toBe(info.sheet);
  expect(faces.some((f) => f.includes('font-family:"Source Sans 3"') && f.includes('font-weight:400'))).toBe(true);
  for (const f of faces) expect(f).toMatch(/src:url\(data:font\/woff2;base64,d09GMg/); // "wOF2", the woff2 signature
  expect(info.sheet).not.toMatch(/url\((?!data:)/);
  // The plot's text size: theme.css's --step--2, 12.5 px.
  expect(info.textFont).toMatch(/font-family:[^;]+;.*font-size:12\.5px/);
  // Labels with a halo (a background-coloured stroke) keep it under their letters: without
  // paint-order in the file the stroke is painted over the fill and eats the text.
  expect(info.haloed).toBe(await fig.locator('.figure-plot svg text.halo').count());
  expect(info.image).toBeGreaterThan(0);
  // Under the plot, its caption (what a report needs with it): the figure's caption as the page
  // sets it, the status line's summary of what it shows, and the link to this state.
  const caption = info.caption.join(' ');
  const figcaption = ((await fig.locator('figcaption').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  expect(caption.startsWith(figcaption)).toBe(true);
  // (During a run there is no summary yet: the file says it was drawn during the run.)
  const summary = fig.locator('.status-summary');
  if (await summary.count()) expect(caption).toContain((await shownText(summary)).slice(0, 40));
  else expect(caption).toMatch(/Drawn during a run(, \d+\u00a0% done)?: the plot shows the run so far\./);
  // The link to this state, whole: set over as many lines as it needs (a link with its settings
  // is wider than a phone's plot), never cut off at the edge.
  const at = info.caption.findIndex((l) => l.startsWith('Source:'));
  expect(at).toBeGreaterThan(0);
  const link = [info.caption[at].slice('Source:'.length).trim(), ...info.caption.slice(at + 1)].join('');
  const here = new URL(page.url());
  here.hash = `fig-${await fig.getAttribute('data-figure')}`;
  expect(link).toBe(here.href);
  expect(info.captionBelow).toBe(true);
  return info;
}

/** The PNG signature and the width from its IHDR chunk, against twice the plot's CSS width. */
async function checkPng(fig: Locator, body: Buffer) {
  expect([...body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(body.subarray(12, 16).toString('latin1')).toBe('IHDR');
  expect(body.readUInt32BE(16)).toBe(Math.round(2 * (await plotWidth(fig))));
}

test.describe('take a figure with you', () => {
  test.beforeEach(async ({ context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
  });

  test('layer-speeds: CSV, JSON, SVG, PNG and Copy link give what the figure shows', async ({ page, context }) => {
    const { errors } = watch(page);
    await page.goto(FIRST_CHAPTER);
    const fig = await figure(page, 'layer-speeds');
    await workerReady(fig);
    // Not the defaults: seed 2, three hidden layers (keyboard, as a reader would).
    await fig.getByRole('spinbutton', { name: 'Seed' }).focus();
    await page.keyboard.press('ArrowUp');
    await fig.getByRole('slider', { name: 'Hidden layers' }).focus();
    await page.keyboard.press('ArrowLeft');
    const node = await inNode<{ speeds: number[] }>('layer-speeds', { sizes: '784,30,30,30,10', seed: 2, samples: 1000 });
    const speedsShown = () => fig.locator('td[data-speed]').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-speed'))));
    await expect.poll(speedsShown).toEqual(node.speeds);
    await expect(fig).toHaveAttribute('data-state', 'ready');
    const stem = 'layer-speeds_hidden-3_seed-2_init-default_activation-sigmoid';

    // The buttons are reachable by keyboard: Tab from the data table's summary lands on CSV.
    await fig.locator('details.figure-data > summary').focus();
    await page.keyboard.press('Tab');
    await expect(fig.getByRole('button', { name: 'CSV' })).toBeFocused();

    const csv = await take(page, fig, 'CSV');
    expect(csv.download.suggestedFilename()).toBe(`${stem}.csv`);
    // UTF-8 with a byte-order mark, so that Excel reads the headers' σ′, ∂ and subscripts right.
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.body.toString('utf8'));
    expect(rows).toEqual(await tableCells(fig));
    expect(rows[0]).toEqual(['Hidden layer', 'Speed (live)', 'Book (Nielsen 2015)']);
    // The numbers: each speed as the table prints it (4 significant figures) of Node's value.
    const printed = await Promise.all((await fig.locator('td[data-speed]').all()).map(shownText));
    expect(rows.slice(1).map((r) => Number(r[1]))).toEqual(printed.map(readShown));
    rows.slice(1).forEach((r, i) => expect(Number(r[1])).toBeCloseTo(node.speeds[i], -Math.floor(Math.log10(node.speeds[i])) + 2));

    const json = await take(page, fig, 'JSON');
    expect(json.download.suggestedFilename()).toBe(`${stem}.json`);
    const payload = JSON.parse(json.body.toString('utf8'));
    expect(payload).toMatchObject({ figure: 'layer-speeds', experiment: 'layer-speeds', engineVersion: VERSION, seed: 2, complete: true });
    expect(payload.values).toEqual({ hidden: 3, seed: 2, init: 'default', activation: 'sigmoid' });
    // Node, given the parameters the file names, computes the file's result exactly.
    expect(payload.result).toEqual(toPlain(await inNode('layer-speeds', payload.params)));
    expect(payload.result.speeds).toEqual(node.speeds);

    const svg = await take(page, fig, 'SVG');
    expect(svg.download.suggestedFilename()).toBe(`${stem}.svg`);
    await checkSvg(page, fig, svg.body.toString('utf8'));

    const png = await take(page, fig, 'PNG');
    expect(png.download.suggestedFilename()).toBe(`${stem}.png`);
    await checkPng(fig, png.body);

    await fig.getByRole('button', { name: 'Copy link' }).click();
    await expect(fig.getByText('Link copied.')).toBeVisible();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const url = new URL(link);
    expect(url.hash).toBe('#fig-layer-speeds');
    expect(url.searchParams.get('layer-speeds.seed')).toBe('2');
    expect(url.searchParams.get('layer-speeds.hidden')).toBe('3');
    // Opened afresh, the link shows the same figure.
    const other = await context.newPage();
    await other.goto(link);
    const again = await figure(other, 'layer-speeds');
    await workerReady(again);
    await expect(again.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('2');
    await expect(again.getByRole('slider', { name: 'Hidden layers' })).toHaveValue('3');
    expect(await tableCells(again)).toEqual(await tableCells(fig));
    await other.close();
    expect(errors, 'console errors').toEqual([]);
  });

  test('on a phone the file\'s caption fits its width, the link to this state set over several lines', async ({ page }) => {
    const { errors } = watch(page);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${FIRST_CHAPTER}?layer-speeds.hidden=6&layer-speeds.seed=2`);
    const fig = await figure(page, 'layer-speeds');
    await workerReady(fig);
    const text = (await take(page, fig, 'SVG')).body.toString('utf8');
    await checkSvg(page, fig, text); // the link, whole, from its lines
    // Rendered, no caption line is wider than the file (the link was cut off at the edge).
    const fit = await page.evaluate((t) => {
      const holder = document.createElement('div');
      holder.innerHTML = t;
      document.body.append(holder);
      const svg = holder.querySelector('svg')!;
      const width = Number(svg.getAttribute('width'));
      const lines = [...svg.querySelectorAll('#figure-caption text')].map((e) => ({ x: Number(e.getAttribute('x')), w: (e as SVGTextElement).getComputedTextLength() }));
      holder.remove();
      return { width, lines };
    }, text);
    expect(fit.lines.length).toBeGreaterThan(3);
    for (const l of fit.lines) expect(l.x + l.w).toBeLessThanOrEqual(fit.width);
    expect(errors, 'console errors').toEqual([]);
  });

  test('in dark mode the files still come out in the light palette, and the page stays dark', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(FIRST_CHAPTER);
    const fig = await figure(page, 'chain-product');
    await expect(fig).toHaveAttribute('data-state', 'ready');
    const lightness = (rgb: string) => { const [r, g, b] = rgb.match(/[\d.]+/g)!.map(Number); return (r + g + b) / 3 / 255; };
    const pageBackground = () => fig.evaluate((f) => getComputedStyle(f).backgroundColor);
    expect(lightness(await pageBackground())).toBeLessThan(0.3);
    const info = await checkSvg(page, fig, (await take(page, fig, 'SVG')).body.toString('utf8'));
    expect(lightness(info.background)).toBeGreaterThan(0.9);
    // The switch to light was for the file only: the figure on the page is dark as before.
    expect(lightness(await pageBackground())).toBeLessThan(0.3);
    expect(await fig.evaluate((f) => (f as HTMLElement).style.colorScheme)).toBe('');
  });

  test('chain-product: the SVG keeps its labels\' halos and the axis label\'s subscript', async ({ page }) => {
    const { errors } = watch(page);
    await page.goto(FIRST_CHAPTER);
    const fig = await figure(page, 'chain-product');
    await expect(fig).toHaveAttribute('data-state', 'ready');
    // Four value labels and the finite difference's: each over grid lines.
    expect(await fig.locator('.figure-plot svg text.halo').count()).toBeGreaterThanOrEqual(5);
    const svg = await take(page, fig, 'SVG');
    const text = svg.body.toString('utf8');
    await checkSvg(page, fig, text);
    const sub = await page.evaluate((t) => {
      const span = new DOMParser().parseFromString(t, 'image/svg+xml').querySelector('tspan');
      return { text: span?.textContent, style: span?.getAttribute('style') ?? '' };
    }, text);
    expect(sub.text).toBe('j');
    expect(sub.style).toMatch(/baseline-shift:\s*sub/);
    expect(errors, 'console errors').toEqual([]);
  });

  test('unstable-product: the same five, on a figure of bands and a median line', async ({ page, context }) => {
    const { errors } = watch(page);
    await page.goto(FIRST_CHAPTER);
    const fig = await figure(page, 'unstable-product');
    await workerReady(fig);
    await fig.getByRole('combobox', { name: 'Model' }).selectOption({ index: 1 });
    await fig.getByRole('spinbutton', { name: 'Seed' }).focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(fig.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('3');
    await expect.poll(() => fig.locator('table[data-seed]').getAttribute('data-seed')).toBe('3');
    await expect(fig).toHaveAttribute('data-state', 'ready');

    const csv = await take(page, fig, 'CSV');
    expect(csv.download.suggestedFilename()).toMatch(/^unstable-product_model-[a-z-]+_.*seed-3.*\.csv$/);
    const rows = parseCsv(csv.body.toString('utf8'));
    expect(rows).toEqual(await tableCells(fig));
    expect(rows.length).toBeGreaterThan(30);
    // Numbers a spreadsheet reads (3.2e-12, not "3.2 × 10⁻¹²"; shares without their "%", which the
    // header names), each the printed value of the figure's own: quantiles to within the 2
    // significant figures printed (5 % at worst), shares exactly as printed.
    expect(rows[0]).toEqual(['k', '|product|, 10th percentile', '|product|, 25th percentile', '|product|, median', '|product|, 75th percentile', '|product|, 90th percentile', 'share ≥ 1 (%)', 'share = 0 (%)']);
    const body = numericBody(rows);
    const log10s = await fig.locator('details.figure-data tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td[data-q]')].map((td) => (td.hasAttribute('data-log10') ? Number(td.getAttribute('data-log10')) : null))));
    const shares = await Promise.all((await fig.locator('details.figure-data tbody td[data-above-one]').all()).map(shownText));
    body.forEach((r, i) => {
      log10s[i].forEach((l, j) => (l === null ? expect(r[j]).toBe(0) : expect(Math.abs(r[j] / 10 ** l - 1)).toBeLessThan(0.05)));
      expect(`${r[5]}%`).toBe(shares[i]);
    });

    const json = await take(page, fig, 'JSON');
    const payload = JSON.parse(json.body.toString('utf8'));
    expect(payload).toMatchObject({ figure: 'unstable-product', experiment: 'unstable-product', engineVersion: VERSION, seed: 3, complete: true });
    const node = await inNode<UnstableProductResult>('unstable-product', payload.params);
    expect(payload.result).toEqual(toPlain(node));
    expect(payload.params.seed).toBe(3);

    await checkSvg(page, fig, (await take(page, fig, 'SVG')).body.toString('utf8'));
    await checkPng(fig, (await take(page, fig, 'PNG')).body);

    await fig.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).hash).toBe('#fig-unstable-product');
    const other = await context.newPage();
    await other.goto(link);
    const again = await figure(other, 'unstable-product');
    await workerReady(again);
    await expect(again.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('3');
    await expect(again.getByRole('combobox', { name: 'Model' })).toHaveValue(await fig.getByRole('combobox', { name: 'Model' }).inputValue());
    expect(await tableCells(again)).toEqual(await tableCells(fig));
    await other.close();
    expect(errors, 'console errors').toEqual([]);
  });

  test('depth-accuracy and signal-propagation: CSV numbers without their units, a list of values as so many fields', async ({ page }) => {
    // The build's first paint of each (nothing to train): Figure 1's accuracies in % under
    // headers that say so, two decimals as printed; the signal figure's five quantiles per band
    // as five fields under five headers.
    await page.goto('./figures/depth-accuracy/');
    let fig = await figure(page, 'depth-accuracy');
    await fig.locator('details.figure-data > summary').click();
    const fig1Csv = await take(page, fig, 'CSV');
    // The full protocol's file is named for it and the seed: the quick run's epochs and images,
    // which it does not use, are left out.
    expect(fig1Csv.download.suggestedFilename()).toBe('depth-accuracy_full-true_seed-1.csv');
    let rows = parseCsv(fig1Csv.body.toString('utf8'));
    expect(rows).toEqual(await tableCells(fig));
    expect(rows[0]).toEqual(['Epochs', '1 hidden (%)', '2 hidden (%)', '3 hidden (%)', '4 hidden (%)']);
    const body = numericBody(rows);
    const values = await fig.locator('details.figure-data tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.hasAttribute('data-value') ? Number(td.getAttribute('data-value')) : null))));
    expect(body.length).toBeGreaterThan(30);
    body.forEach((r, i) => values[i].forEach((v, j) => (v === null ? expect(r[j]).toBeNaN() : expect(Math.abs(r[j] - 100 * v)).toBeLessThanOrEqual(0.005 + 1e-9))));

    await page.goto('./figures/signal-propagation/');
    fig = await figure(page, 'signal-propagation');
    await expect(fig).toHaveAttribute('data-state', 'ready');
    await fig.locator('details.figure-data > summary').click();
    rows = parseCsv((await take(page, fig, 'CSV')).body.toString('utf8'));
    expect(rows).toEqual(await tableCells(fig));
    const bands = (name: string) => [5, 25, 50, 75, 95].map((p) => `${name}, ${p}th percentile`);
    expect(rows[0]).toEqual(['Hidden layer', ...bands('Activations a'), 'Spread between images', ...bands('Gradients |∂C/∂z|'), 'Gradients exactly zero (%)']);
    // As the eye reads the cells: without the words a screen reader gets for a power of ten.
    const shown = await fig.locator('details.figure-data tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => {
      const copy = td.cloneNode(true) as Element;
      for (const hidden of copy.querySelectorAll('.sr-only')) hidden.remove();
      return copy.textContent ?? '';
    })));
    numericBody(rows).forEach((r, i) => {
      // The table writes 6.9 × 10⁻¹⁵ where the CSV has 6.9e-15: the same number.
      expect(r.slice(0, 5)).toEqual(shown[i][0].split(' · ').map(readShown));
      expect(r[5]).toBe(readShown(shown[i][1]));
      expect(r.slice(6, 11)).toEqual(shown[i][2].split(' · ').map(readShown));
      expect(`${r[11]}\u00a0%`).toBe(shown[i][3]);
    });
  });

  test('every figure\'s CSV fields are what a spreadsheet reads: no true minus, ×, powers written as superscripts or non-breaking spaces', async ({ page }) => {
    // The tables write numbers for readers (−0.62, 1.4 × 10⁶, 96.54 %); their CSV fields must stay
    // parseable (a cell whose text differs gives data-csv). Interval-width's window was missed:
    // with b = 5 it lies at negative a, and its CSV field read "−0.6234 to −0.3766".
    // A number as written for readers: a true minus before a digit, a digit before a non-breaking
    // space (96.54 %), a ×, or a power of ten in superscripts. (Headers keep their subscripts.)
    const reader = /\u2212\d|\d\u00a0|\u00d7|10[\u2070-\u207f\u00b2\u00b3\u00b9]/;
    for (const url of [FIRST_CHAPTER + '?interval-width.b=5', './chapters/what-fixed-it/']) {
      await page.goto(url);
      const ids = await page.locator('figure[data-figure]').evaluateAll((figs) => figs.map((f) => f.getAttribute('data-figure')!));
      expect(ids.length).toBeGreaterThan(4);
      for (const id of ids) {
        const fig = await figure(page, id);
        if (id === 'interval-width') await expect(fig.locator('td[data-csv]').first()).toHaveAttribute('data-csv', /^\["-0\.\d{4} to -0\.\d{4}"\]$/);
        const fields = (await tableCells(fig)).flat();
        expect(fields.filter((f) => reader.test(f)), `${id}'s CSV fields`).toEqual([]);
      }
    }
  });

  test('training-speeds: exporting during a run takes what is shown, and the run goes on', async ({ page }) => {
    test.setTimeout(90_000);
    const { errors } = watch(page);
    const ID = 'training-speeds';
    // The longest run with the most layers (several seconds even on the kernels), so that it is
    // still under way for the exports.
    await page.goto(`${FIRST_CHAPTER}?${ID}.epochs=2000&${ID}.hidden=4`);
    const fig = await figure(page, ID);
    const epochsShown = () => fig.locator('[data-epochs]').getAttribute('data-epochs').then(Number);
    // Streaming: fewer epochs than the build's 500 on show means the live run's partial curves.
    await expect.poll(() => epochsShown().then((n) => n >= 3 && n < 400)).toBe(true);
    await expect(fig).toHaveAttribute('data-state', 'running');

    // Mid-run, not paused: the JSON is the partial result, marked incomplete.
    const json = JSON.parse((await take(page, fig, 'JSON')).body.toString('utf8'));
    expect(json).toMatchObject({ figure: ID, experiment: ID, complete: false, seed: 1, engineVersion: VERSION });
    expect(json.values).toMatchObject({ hidden: 4, epochs: 2000 });
    expect(json.result.speeds).toHaveLength(4);
    expect(json.result.speeds[0].length).toBeGreaterThanOrEqual(3);
    expect(json.result.speeds[0].length).toBeLessThan(2000);
    await expect(fig).toHaveAttribute('data-state', 'running');

    // Paused (still a run in progress), so that the files can be checked against the screen.
    await fig.getByRole('button', { name: 'Pause' }).click();
    await expect(fig).toHaveAttribute('data-paused', 'reader');
    await page.waitForTimeout(300); // an epoch under way finishes
    await expect(fig).toHaveAttribute('data-state', 'running');
    const csv = await take(page, fig, 'CSV');
    expect(csv.download.suggestedFilename()).toMatch(/^training-speeds_hidden-4_.*epochs-2000.*\.csv$/);
    const rows = parseCsv(csv.body.toString('utf8'));
    expect(rows).toEqual(await tableCells(fig));
    numericBody(rows);
    await checkSvg(page, fig, (await take(page, fig, 'SVG')).body.toString('utf8'));
    await checkPng(fig, (await take(page, fig, 'PNG')).body);
    await expect(fig).toHaveAttribute('data-state', 'running');

    // The run carries on afterwards.
    const held = await epochsShown();
    await fig.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(epochsShown).toBeGreaterThan(held + 2);
    await fig.getByRole('button', { name: 'Stop' }).click();
    await expect(fig).toHaveAttribute('data-state', 'ready');
    expect(errors, 'console errors').toEqual([]);
  });
});
