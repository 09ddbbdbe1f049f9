// Typography (issue 10 item 3): the chapter is set in its own faces, served from our origin,
// and they arrive without moving the page. One load of the chapter per viewport checks that
//   - every font file comes from this origin, under the site's base path, and nothing at all is
//     fetched from another origin;
//   - the text face (upright and italic) and the figure face are loaded (FontFace status);
//   - the prose is drawn in Source Serif 4 and a figure's SVG text in Source Sans 3: what Chromium
//     actually rendered the node with (DevTools' CSS.getPlatformFontsForNode), not just the
//     declared stack, which would name the face even if it never arrived;
//   - the cumulative layout shift over the load, until document.fonts.ready and one more frame,
//     is 0 (font-display: optional with preloads; components/chapter/fonts.css says why);
//   - (at 1280 px) KaTeX is sized to the text, and the figures' text, captions and controls
//     take their sizes from the same scale as the prose.
import { expect, test, type Page } from '@playwright/test';
import { foreignRequests, watch } from './helpers';

/** The families Chromium drew a node's text with (not the CSS stack: the fonts actually used). */
async function renderedFonts(page: Page, selector: string): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  expect(nodeId, `no element matches ${selector}`).toBeGreaterThan(0);
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts;
}

/** Sum of layout-shift values (without recent input) since navigation: the page's CLS, unwindowed. */
function layoutShift(page: Page): Promise<{ sum: number; sources: string[] }> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    // One more frame, so a relayout that the last font would cause has been reported.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return await new Promise<{ sum: number; sources: string[] }>((resolve) => {
      new PerformanceObserver((list, observer) => {
        observer.disconnect();
        let sum = 0;
        const sources: string[] = [];
        for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
          if (e.hadRecentInput) continue;
          sum += e.value;
          for (const s of e.sources ?? []) sources.push(`${e.value.toFixed(4)} ${(s.node as Element | undefined)?.outerHTML?.slice(0, 100) ?? s.node?.nodeName}`);
        }
        resolve({ sum, sources });
      }).observe({ type: 'layout-shift', buffered: true });
      // A buffered observer is called once with the entries so far, or never if there are none.
      setTimeout(() => resolve({ sum: 0, sources: [] }), 500);
    });
  });
}

// The service worker runs, as for a reader: the offline control it brings is part of the page's top.
test.use({ serviceWorkers: 'allow' });

for (const width of [1280, 360]) {
  test(`the chapter's own faces, from our origin, without layout shift (${width} px)`, async ({ page, baseURL }) => {
    await page.setViewportSize({ width, height: 800 });
    const { requests } = watch(page);
    await page.goto('./');
    // The last thing to change the top of the page: the offline control, shown once the service
    // worker answers (its place is kept until then, so nothing moves when it appears).
    await expect(page.getByRole('button', { name: /Make available offline/ })).toBeVisible();
    const cls = await layoutShift(page);
    // CLS is 0 exactly: no entry at all, not merely a small sum. A shift would mean the page
    // was laid out in one font and then another (or something else moved under the reader).
    expect(cls.sum, `layout shifts:\n${cls.sources.join('\n')}`).toBe(0);

    expect(foreignRequests(requests, baseURL!)).toEqual([]);
    const base = new URL(baseURL!).pathname;
    const fontFiles = requests.filter((u) => /\.woff2?(\?|$)/.test(u));
    const ours = fontFiles.filter((u) => /\/source-(serif-4|sans-3|code-pro)-/.test(u));
    // The four preloaded faces at least (KaTeX's files are the rest).
    expect(ours.length).toBeGreaterThanOrEqual(4);
    for (const u of fontFiles) expect(new URL(u).pathname.startsWith(`${base}_astro/`), u).toBe(true);

    const status = await page.evaluate(() =>
      [...document.fonts].filter((f) => f.family.replace(/"/g, '').startsWith('Source')).map((f) => `${f.family.replace(/"/g, '')} ${f.style} ${f.weight} ${f.unicodeRange.slice(0, 6)} ${f.status}`),
    );
    // The latin faces of the preloaded four (unicode-range U+0000-00FF, ...) are loaded: static
    // instances, so the title's semibold is a face of its own.
    for (const face of ['Source Serif 4 normal 400', 'Source Serif 4 italic 400', 'Source Serif 4 normal 600', 'Source Sans 3 normal 400']) {
      expect(status, status.join('\n')).toContain(`${face} U+0-FF loaded`);
    }
    expect(await page.evaluate(() => document.fonts.check('italic 18px "Source Serif 4"', 'emphasis'))).toBe(true);

    // What the text was actually drawn in: the first paragraph of prose, and a figure's axis
    // text (its build-time SVG is in the page before any script runs). On the next page a reader
    // opens, that is: on a first visit a face that has not arrived within Chromium's short wait
    // for a preloaded optional font is not used on that page (the metric-matched fallback is, and
    // nothing moves: the CLS check above), which on a busy machine happens even from localhost;
    // from then on the faces are cached, and every page is drawn in them from its first paint.
    // The figure is brought on screen first: off-screen blocks are not laid out at all
    // (content-visibility), so nothing has been drawn there to ask about.
    await page.reload();
    const prose = await renderedFonts(page, 'main > p:not(.byline)');
    expect(prose.map((f) => f.familyName)).toEqual(['Source Serif 4']);
    expect(prose[0].isCustomFont).toBe(true);
    // The title, in the semibold face (not the fallback, which a face missing its 100 ms would leave).
    const title = await renderedFonts(page, 'main h1');
    // (the file's own name for it is "Source Serif 4 SemiBold").
    expect(title.map((f) => [f.familyName, f.isCustomFont])).toEqual([['Source Serif 4 SemiBold', true]]);
    await page.locator('figure[data-figure]').first().scrollIntoViewIfNeeded();
    // A skipped block is drawn in the frame after it comes near the screen.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const svgText = await renderedFonts(page, 'figure[data-figure] .figure-plot svg text');
    // fontsource's static files keep the variable font's name, "Source Sans 3 ExtraLight".
    const sans = svgText.find((f) => f.familyName.startsWith('Source Sans 3'));
    expect(sans, JSON.stringify(svgText)).toBeDefined();
    expect(sans!.isCustomFont).toBe(true);

    // The stacks as declared (theme.css): prose in the text face, the figure's text in the figure face.
    const families = await page.evaluate(() => ({
      prose: getComputedStyle(document.querySelector('main > p:not(.byline)')!).fontFamily,
      svg: getComputedStyle(document.querySelector('figure[data-figure] .figure-plot svg text')!).fontFamily,
      caption: getComputedStyle(document.querySelector('figure[data-figure] figcaption')!).fontFamily,
    }));
    expect(families.prose).toMatch(/^"Source Serif 4", "Source Serif 4 Fallback"/);
    expect(families.svg).toMatch(/^"Source Sans 3", "Source Sans 3 Fallback"/);
    expect(families.caption).toMatch(/^"Source Sans 3"/);

    if (width === 1280) await checkScale(page);
  });
}

/** KaTeX sized to the text, and the prose and the figures sized from one scale (at 1280 px). */
async function checkScale(page: Page) {
  const sizes = await page.evaluate(() => {
    const px = (sel: string) => parseFloat(getComputedStyle(document.querySelector(sel)!).fontSize);
    const root = getComputedStyle(document.documentElement);
    const step = (n: string) => parseFloat(root.getPropertyValue(`--step-${n}`)); // in rem
    return {
      p: px('main > p:not(.byline)'),
      katex: px('main p .katex'),
      svgText: px('figure[data-figure] .figure-plot svg text'),
      caption: px('figure[data-figure] figcaption'),
      label: px('figure[data-figure] .control label'),
      steps: { '-2': step('-2'), '-1': step('-1'), '0': step('0') },
      measure: document.querySelector('main')!.getBoundingClientRect().width,
    };
  });
  expect(sizes.p).toBe(18); // --step-0 at 1280 px
  // KaTeX at 1.1 em: its x-height (0.431 em) then matches Source Serif 4's (0.475 em) within 1%.
  expect(sizes.katex / sizes.p).toBeCloseTo(1.1, 2);
  expect(Math.abs((sizes.katex * 0.431) / (sizes.p * 0.475) - 1)).toBeLessThan(0.01);
  // The figure's text, caption and controls take their sizes from the same scale as the prose.
  expect(sizes.steps).toEqual({ '-2': 0.78125, '-1': 0.9375, '0': 1.125 });
  expect(sizes.svgText).toBeCloseTo(0.78125 * 16, 1);
  expect(sizes.caption).toBeCloseTo(0.9375 * 16, 1);
  expect(sizes.label).toBeCloseTo(0.9375 * 16, 1);
  // The column: 34 em of the body size, about 70 characters of Source Serif 4 a line.
  expect(sizes.measure).toBeCloseTo(34 * 18, 0);
}

// The first layout is the top of the page (chapter.css, components/lib/lay-out-figures.ts): the
// figures are skipped (content-visibility) until the page has loaded and then laid out in idle
// time, one per idle callback. The page's idle callbacks are held here, so that the page can be
// seen loaded and painted with every figure still skipped, whatever the machine's load; then they
// are let run, and every figure is laid out for good, at its true height. (Which fonts a slow
// phone then fetches before its first paint is Lighthouse's measurement: README, "Lighthouse".)
test('the figures are left out of the first layout and laid out after load', async ({ page }) => {
  await page.addInitScript(() => {
    const held: IdleRequestCallback[] = [];
    (window as unknown as { heldIdle: IdleRequestCallback[] }).heldIdle = held;
    window.requestIdleCallback = (cb: IdleRequestCallback) => held.push(cb);
  });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('./');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint').length)).toBe(1);
  // A skipped block's own box is there; what is inside it is not drawn.
  const state = () =>
    page.locator('main > astro-island > figure').evaluateAll((els) =>
      els.map((f) => ({
        id: f.id,
        laidOut: f.hasAttribute('data-laid-out'),
        drawn: f.querySelector('figcaption')!.checkVisibility({ contentVisibilityAuto: true }),
        height: f.getBoundingClientRect().height,
      })),
    );
  const before = await state();
  expect(before.length).toBeGreaterThanOrEqual(9);
  for (const f of before) expect(f, f.id).toMatchObject({ laidOut: false, drawn: false });

  // Now the idle time the page asked for: one figure per callback, until the page says it is done.
  await page.evaluate(async () => {
    const held = (window as unknown as { heldIdle: IdleRequestCallback[] }).heldIdle;
    for (let n = 0; held.length && n < 100; n++) {
      held.shift()!({ didTimeout: false, timeRemaining: () => 0 });
      await new Promise((r) => requestAnimationFrame(r));
    }
  });
  await expect(page.locator('html[data-figures-laid-out]')).toHaveCount(1);
  for (const f of await state()) {
    expect(f, f.id).toMatchObject({ laidOut: true, drawn: true });
    // Taller than the 6em placeholder of a skipped block: the figure's own height.
    expect(f.height, f.id).toBeGreaterThan(300);
  }
});

// After the figures, the text blocks holding links or summaries are laid out too (lay-out-figures.ts):
// inside a skipped block Chromium kept the positions its links had before the figures above took
// their true heights, and Lighthouse's target-size audit found a citation "covering" a button of
// Figure 7, 900 px below where the link really was (accessibility 96 on the phone).
test('once laid out, every link in the text is inside its own paragraph, not where a stale layout put it', async ({ page }) => {
  await page.setViewportSize({ width: 412, height: 823 });
  await page.goto('./');
  await expect(page.locator('html[data-blocks-laid-out]')).toHaveCount(1, { timeout: 30_000 });
  const misplaced = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLAnchorElement>('main > p a[href]')].filter((a) => {
      const p = a.closest('p')!.getBoundingClientRect();
      return [...a.getClientRects()].some((r) => r.top < p.top - 1 || r.bottom > p.bottom + 1);
    }).map((a) => `${a.textContent} (${a.getAttribute('href')})`),
  );
  expect(misplaced).toEqual([]);
  expect(await page.locator('main > p a[href]').count()).toBeGreaterThan(50);
});
