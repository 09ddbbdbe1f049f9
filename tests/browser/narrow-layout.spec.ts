// Every figure, on both chapters, at a phone's 320, 360 and 412 px and a laptop's 1280 px, once the
// figures have hydrated, been laid out and settled (html[data-figures-laid-out], no figure
// running):
//   (a) each plot <svg> lies inside its .figure-plot box: a box that keeps the wide shape while
//       the panels stack, or an svg drawn at the wide shape in a taller box, paints over the
//       controls or leaves the chart squeezed;
//       and each is drawn at the shape of its box (its viewBox has the box's aspect), not at the
//       wide shape scaled down into a taller box, blank above and below;
//   (b) nothing else in the figure (controls, status, data table, downloads, caption) meets a
//       plot svg's box;
//   (c) within each svg no two texts overlap (more than OVERLAP px both ways) and no text falls
//       outside the svg's box;
//   (d) the dashed marks laid over values (the book's speeds, the reader's z) cross no text;
//   (e) the figure's controls fit the figure (a select's whole choice is readable);
//   (f) its summary doubles no bracket (a message that ends in one, put in brackets).
// Boxes are the browser's own (getBoundingClientRect), except that a text's box is cut down
// across its line to one em: the browser's box runs from the font's ascent to its descent (1.42
// em in Source Sans 3), so two lines of 12.5 px type set 14 px apart, which do not touch, would
// overlap by 4 px. The em kept runs from 0.78 em above the baseline (above the ascenders) to 0.22
// em below it (below the descenders), where the letters' ink is.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

test.describe.configure({ mode: 'parallel' });

/** Pixels by which two boxes may meet: rounding of the layout, and a text box's empty leading. */
const EDGE = 1;
const OVERLAP = 2;

const pages = [
  { name: 'first chapter', path: './' },
  { name: 'second chapter', path: 'chapters/what-fixed-it/' },
];

/** Hydrates every island (scrolled to, one at a time), then waits for the page to settle. */
async function settle(page: Page): Promise<void> {
  // The figure, not its island: an <astro-island> has no box of its own to scroll to.
  const figures = page.locator('figure[data-figure]');
  const n = await figures.count();
  expect(n).toBeGreaterThan(4);
  for (let i = 0; i < n; i++) {
    await figures.nth(i).evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(40);
  }
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0, { timeout: 45_000 });
  await expect(page.locator('html[data-figures-laid-out]')).toHaveCount(1, { timeout: 30_000 });
  for (let i = 0; i < n; i++) await expect(figures.nth(i)).not.toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  // A ResizeObserver answers in the frame after layout, and the redraw lands in the next.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100)))));
}

/** Every fault found on the page, one line each, naming the figure and the elements. */
function faults(page: Page, edge: number, overlap: number): Promise<string[]> {
  return page.evaluate(({ edge, overlap }) => {
    type Box = { left: number; right: number; top: number; bottom: number };
    const inside = (a: Box, b: Box) => a.left >= b.left - edge && a.right <= b.right + edge && a.top >= b.top - edge && a.bottom <= b.bottom + edge;
    const meet = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > edge && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > edge;
    const show = (b: Box) => `[${Math.round(b.left)},${Math.round(b.top)} → ${Math.round(b.right)},${Math.round(b.bottom)}]`;
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''} "${(e.textContent ?? '').trim().slice(0, 40)}"`;
    /** A text's box cut to one em across its line (see the top of the file); turned texts too. */
    const emBox = (t: SVGTextElement): Box => {
      const r = t.getBoundingClientRect();
      const em = parseFloat(getComputedStyle(t).fontSize);
      const m = t.getScreenCTM();
      const turned = !!m && Math.abs(m.b) > Math.abs(m.a); // rotated by ±90°: its line runs up or down
      const across = turned ? r.width : r.height;
      const cut = Math.max(0, across - em);
      // Turned by -90° (the usual y-axis label), the text's top is to the left.
      if (turned) return m!.b < 0 ? { left: r.left + 0.6 * cut, right: r.right - 0.4 * cut, top: r.top, bottom: r.bottom } : { left: r.left + 0.4 * cut, right: r.right - 0.6 * cut, top: r.top, bottom: r.bottom };
      return { left: r.left, right: r.right, top: r.top + 0.6 * cut, bottom: r.bottom - 0.4 * cut };
    };
    const out: string[] = [];
    for (const figure of document.querySelectorAll<HTMLElement>('figure[data-figure]')) {
      const id = figure.id || figure.dataset.figure;
      const plot = figure.querySelector('.figure-plot');
      if (!plot) continue;
      const plotBox = plot.getBoundingClientRect();
      const svgs = [...plot.querySelectorAll('svg')].filter((s) => !s.parentElement?.closest('svg'));
      if (!svgs.length) out.push(`${id}: no plot drawn`);
      const others = [...figure.children].filter((c) => c !== plot);
      const figureBox = figure.getBoundingClientRect();
      for (const svg of svgs) {
        const box = svg.getBoundingClientRect();
        // (a)
        if (!inside(box, plotBox)) out.push(`${id}: plot svg ${show(box)} outside its box ${show(plotBox)}`);
        const vb = svg.viewBox.baseVal;
        if (vb && vb.width > 0 && Math.abs((vb.height * box.width) / vb.width - box.height) > edge) {
          out.push(`${id}: plot svg drawn at ${Math.round(vb.width)}×${Math.round(vb.height)} in a ${Math.round(box.width)}×${Math.round(box.height)} box`);
        }
        // (b)
        for (const o of others) {
          const ob = o.getBoundingClientRect();
          if (ob.width && ob.height && meet(ob, box)) out.push(`${id}: ${name(o)} ${show(ob)} meets the plot svg ${show(box)}`);
        }
        // (c)
        const texts = [...svg.querySelectorAll('text')]
          .filter((t) => (t.textContent ?? '').trim() && getComputedStyle(t).visibility !== 'hidden' && getComputedStyle(t).display !== 'none')
          .map((t) => ({ t, b: emBox(t) }))
          .filter(({ b }) => b.right > b.left && b.bottom > b.top);
        for (const { t, b } of texts) if (!inside(b, box)) out.push(`${id}: text ${name(t)} ${show(b)} outside its svg ${show(box)}`);
        // (d)
        for (const mark of svg.querySelectorAll('.book-mark, .z-marker')) {
          // A line's box has no thickness: give it its stroke's.
          const r = mark.getBoundingClientRect();
          const half = parseFloat(getComputedStyle(mark).strokeWidth) / 2 || 0.5;
          const mb = { left: r.left - half, right: r.right + half, top: r.top - half, bottom: r.bottom + half };
          const touch = (a: Box, b: Box) => Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
          for (const { t, b } of texts) if (touch(mb, b)) out.push(`${id}: ${mark.getAttribute('class')} ${show(mb)} crosses ${name(t)} ${show(b)}`);
        }
        for (let i = 0; i < texts.length; i++) {
          for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i], c = texts[j];
            if (a.t.contains(c.t) || c.t.contains(a.t)) continue;
            const w = Math.min(a.b.right, c.b.right) - Math.max(a.b.left, c.b.left);
            const h = Math.min(a.b.bottom, c.b.bottom) - Math.max(a.b.top, c.b.top);
            if (w > overlap && h > overlap) out.push(`${id}: ${name(a.t)} ${show(a.b)} overlaps ${name(c.t)} ${show(c.b)}`);
          }
        }
      }
      // (e)
      for (const control of figure.querySelectorAll<HTMLElement>('.figure-controls select, .figure-controls input, .figure-controls button')) {
        const b = control.getBoundingClientRect();
        if (b.width && !inside(b, figureBox)) out.push(`${id}: ${name(control)} ${show(b)} sticks out of the figure ${show(figureBox)}`);
      }
      // A closed select cuts its text at its width: it must be as wide as its longest choice, the
      // width the browser gives it when nothing constrains it.
      for (const select of figure.querySelectorAll<HTMLSelectElement>('select')) {
        const has = select.getBoundingClientRect().width;
        const old = select.style.cssText;
        select.style.cssText += ';width:max-content;max-width:none';
        const needs = select.getBoundingClientRect().width;
        select.style.cssText = old;
        if (has < needs - edge) out.push(`${id}: select "${select.selectedOptions[0]?.textContent}" is ${Math.round(has)} px wide, its choices need ${Math.round(needs)}`);
      }
      // (f)
      const summary = figure.querySelector('.figure-status')?.textContent ?? '';
      if (/\)\)/.test(summary)) out.push(`${id}: a doubled bracket in "${summary}"`);
    }
    return out;
  }, { edge, overlap });
}

for (const { name, path } of pages) {
  for (const width of [320, 360, 412, 1280]) {
    test(`${name} at ${width} px: plots stay in their boxes, texts apart`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.setViewportSize({ width, height: 800 });
      expect((await page.goto(path))?.ok()).toBe(true);
      await settle(page);
      expect(await faults(page, EDGE, OVERLAP)).toEqual([]);
    });
  }
  // A phone on its side: every plot fits the screen's height (a plot taller than the screen hid
  // what a slider below it moved), and still holds its drawing with its texts apart.
  test(`${name} on a phone on its side (740 x 360): each plot fits the screen's height`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 740, height: 360 });
    expect((await page.goto(path))?.ok()).toBe(true);
    await settle(page);
    expect(await faults(page, EDGE, OVERLAP)).toEqual([]);
    const heights = await page.locator('.figure-plot').evaluateAll((plots) => plots.map((p) => Math.round(p.getBoundingClientRect().height)));
    expect(heights.length).toBeGreaterThan(3);
    for (const h of heights) expect(h).toBeLessThanOrEqual(360);
  });
}

// At a phone's width no page scrolls sideways: what is wider than the screen (an equation, a
// table, a block of code) scrolls within its own box. The gallery's block of script once made
// the whole gallery 792 px wide at 360.
for (const path of ['./', './chapters/what-fixed-it/', './contents/', './figures/', './figures/chain-product/', './no-such-page/']) {
  test(`${path} at 360 px: the page itself never scrolls sideways`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(path);
    await page.waitForLoadState('load');
    const { scroll, client, wide } = await page.evaluate(() => {
      const client = document.documentElement.clientWidth;
      // The elements that stick out, for the message (their own scrolling boxes excepted).
      const wide = [...document.querySelectorAll('body *')].filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.right <= client + 1) return false;
        for (let p = el.parentElement; p; p = p.parentElement) if (p.scrollWidth > p.clientWidth + 1 && getComputedStyle(p).overflowX !== 'visible') return false;
        return true;
      }).slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      return { scroll: document.documentElement.scrollWidth, client, wide };
    });
    expect(scroll, `wider than the screen: ${wide.join(', ')}`).toBeLessThanOrEqual(client);
  });
}

test('a data table wider than a phone scrolls in its own box, by keyboard too, with its last column reachable', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('./figures/chain-product/');
  const fig = page.locator('figure[data-figure="chain-product"]');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await fig.locator('details.figure-data > summary').click();
  const box = fig.locator('.figure-table-scroll');
  // The premise: the chain's table (six columns, the last the ratio of neighbouring gradients)
  // is wider than the screen.
  const [scroll, client] = await box.evaluate((e) => [e.scrollWidth, e.clientWidth]);
  expect(scroll).toBeGreaterThan(client);
  // Then, and only then, the box is a named keyboard stop.
  await expect(box).toHaveAttribute('tabindex', '0');
  await expect(box).toHaveAttribute('aria-label', /^Data behind the figure, wider than the screen: scroll sideways$/);
  await box.focus();
  await expect(box).toBeFocused();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => box.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
  // Scrolled to its end, the last header is inside the box.
  await box.evaluate((e) => e.scrollTo({ left: e.scrollWidth }));
  const inside = await box.evaluate((e) => {
    const last = [...e.querySelectorAll('thead th')].pop()!.getBoundingClientRect();
    const r = e.getBoundingClientRect();
    return last.right <= r.right + 1 && last.left >= r.left - 1;
  });
  expect(inside).toBe(true);
});

test('a data table that fits is no keyboard stop of its own', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./figures/chain-product/');
  const fig = page.locator('figure[data-figure="chain-product"]');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await fig.locator('details.figure-data > summary').click();
  const box = fig.locator('.figure-table-scroll');
  await expect(box.locator('table')).toBeVisible();
  await page.waitForTimeout(200); // a resize observer's turn
  expect(await box.evaluate((e) => [e.scrollWidth <= e.clientWidth, e.getAttribute('tabindex'), e.getAttribute('role')])).toEqual([true, null, null]);
});

// Display equations on a phone: an equation wider than the column has a narrow form (the same
// mathematics over lines, Display.astro) that CSS swaps in below its breakpoint. Swept across
// widths from the narrowest phone to a laptop, at each width and for each such equation: the wide
// form shows wherever it fits; the narrow form shows only where the wide one would scroll (or fit
// with under one 20 px breakpoint step to spare, at this width's size of type or a laptop's), and
// then fits itself. The widths are measured at each screen width, with both forms shown for a
// moment, because phones set display mathematics smaller (chapter.css). From 320 px up no display
// equation scrolls at all (solutions opened too).
const SWEEP = [320, 340, 360, 380, 400, 420, 440, 460, 480, 481, 500, 520, 560, 600, 640, 700, 800, 1280];

// Every published chapter the build made, an instructor's own included.
const CHAPTERS = readdirSync(join(process.env.DIST_DIR || 'dist', 'chapters'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

for (const slug of CHAPTERS) {
  const [name, path] = [slug, `chapters/${slug}/`];
  test(`${name}: display equations take their narrow form exactly where the wide one would scroll, and none scrolls from 320 px up`, async ({ page }) => {
    test.setTimeout(90_000);
    /** Each equation with two forms: its breakpoint, its box's width, which form shows, and both forms' widths as set at this screen width. */
    const forms = () =>
      page.evaluate(async () => {
        const all = [...document.querySelectorAll<HTMLElement>('.eq-forms')];
        const width = (form: Element) => {
          const range = document.createRange();
          range.selectNodeContents(form.querySelector('.katex-html')!);
          return Math.ceil(range.getBoundingClientRect().width);
        };
        const shown = all.map((f) => [...f.children].filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.className));
        // Both forms shown for the measurement (most equations sit in blocks the browser skips
        // until scrolled to; laying them out asks for the mathematics fonts, which must have
        // arrived: the fallback faces are wider).
        const both = document.createElement('style');
        both.textContent = '.eq-forms > .eq-wide, .eq-forms > .eq-narrow { display: block !important; }';
        document.head.append(both);
        all.forEach((f) => f.getClientRects());
        await document.fonts.ready;
        const measured = all.map((f) => ({
          tex: f.querySelector('annotation')!.textContent!.trim().slice(0, 40),
          below: Number(f.dataset.narrowBelow),
          box: f.clientWidth,
          wide: width(f.querySelector(':scope > .eq-wide')!),
          narrow: width(f.querySelector(':scope > .eq-narrow')!),
        }));
        both.remove();
        return measured.map((m, i) => ({ ...m, shown: shown[i].join() }));
      });
    /** The display equations that scroll sideways (each `.katex-display` is its own scrolling box). */
    const scrolling = () =>
      page.evaluate(() => {
        document.querySelectorAll('details').forEach((d) => (d.open = true));
        return [...document.querySelectorAll<HTMLElement>('.katex-display')]
          .filter((d) => d.getClientRects().length > 0 && d.scrollWidth > d.clientWidth + 1)
          .map((d) => `${d.querySelector('annotation')!.textContent!.trim().slice(0, 50)} (${d.scrollWidth - d.clientWidth} px)`);
      });

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(path);
    await page.evaluate(() => document.fonts.ready);
    const laptop = await forms();
    for (const screen of SWEEP) {
      await page.setViewportSize({ width: screen, height: 900 });
      const at = await forms();
      // The narrow form may also show where the wide one would fit at a phone's smaller size if the
      // breakpoint is the one the wide form needs at the laptop size: just above a phone's width
      // (481 px) the mathematics is set larger in a column no wider, and there it would scroll.
      const wrong = at.filter((f, i) =>
        f.shown === 'eq-wide'
          ? f.wide > f.box
          : f.shown !== 'eq-narrow' || (f.wide <= f.box - 20 && f.below - 20 >= laptop[i].wide) || f.narrow > f.box,
      );
      expect(wrong, `at ${screen} px: a narrow form where the wide one fits (with a breakpoint step to spare), or a form that does not fit`).toEqual([]);
      expect(await scrolling(), `at ${screen} px`).toEqual([]);
    }
    // On a laptop every equation shows its wide form.
    expect((await forms()).filter((f) => f.shown !== 'eq-wide')).toEqual([]);
  });
}
