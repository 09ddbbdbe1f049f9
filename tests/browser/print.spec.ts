// Print (issue 10 item 8): a printed or PDF-saved chapter shows each figure as it stands, with its
// caption, the solutions open, the addresses of links to other sites, and no controls; black on
// white even when the reader chose dark. One load of the chapter, read under print media, then
// printed to PDF.
import { expect, test } from '@playwright/test';
import { FIRST_CHAPTER, figure } from './helpers';

test('the chapter on paper: figures and captions, no controls, link addresses, solutions open, black on white', async ({ page }) => {
  test.setTimeout(90_000); // page.pdf() of the whole chapter takes some seconds on 2 busy cores
  // The reader chose dark on screen: paper must still be white.
  await page.addInitScript(() => localStorage.setItem('theme', 'dark'));
  await page.goto(FIRST_CHAPTER);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // Solutions: a beforeprint handler (components/lib/print.ts) opens every closed <details> and
  // afterprint closes them again. Printing from the browser's menu or window.print() fires those
  // events, but Playwright's page.pdf() (DevTools' Page.printToPDF) does not, and window.print()
  // would block on a dialog; so the test fires the events the browser would, which is exactly
  // what the handler listens to. (For print paths that skip the events, print CSS opens
  // ::details-content; checked below.)
  const solutions = page.locator('main details:not(.figure-data)');
  const total = await solutions.count();
  expect(total).toBeGreaterThanOrEqual(3); // the chapter's problems have hints and solutions
  await solutions.first().locator('summary').click(); // one opened by the reader stays open after
  const openCount = () => page.evaluate(() => document.querySelectorAll('main details:not(.figure-data)[open]').length);
  expect(await openCount()).toBe(1);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  expect(await openCount()).toBe(total);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  expect(await openCount()).toBe(1);
  await expect(solutions.first()).toHaveAttribute('open', '');

  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => {
    const display = (el: Element | null) => (el ? getComputedStyle(el).display : 'missing');
    const all = (sel: string) => [...document.querySelectorAll(sel)];
    const fig = document.querySelector('figure[data-figure]')!;
    const svg = fig.querySelector('.figure-plot svg')!.getBoundingClientRect();
    const link = document.querySelector<HTMLAnchorElement>('main a[href^="http"]')!;
    const inPage = document.querySelector<HTMLAnchorElement>('main a[href^="#"]')!;
    const closed = document.querySelector('main details:not(.figure-data):not([open])');
    const closedBody = closed?.querySelector(':scope > :not(summary)')?.getBoundingClientRect();
    return {
      // Every control, of every kind, is hidden: each display value must be 'none'.
      controls: [...new Set(all('main input, main button, main select, .site-nav, .theme-toggle, .chapter-nav, .figure-controls, .figure-export, .toc, details.figure-data').map(display))],
      controlCount: all('main input, main button, main select').length,
      svg: { display: display(fig.querySelector('.figure-plot svg')), width: svg.width, height: svg.height },
      caption: display(fig.querySelector('figcaption')),
      figureBreak: getComputedStyle(fig).breakInside,
      linkAfter: getComputedStyle(link, '::after').content,
      href: link.href,
      inPageAfter: getComputedStyle(inPage, '::after').content,
      closedBodyHeight: closedBody?.height ?? -1,
      colour: getComputedStyle(document.body).color,
      background: getComputedStyle(document.body).backgroundColor,
      figureBackground: getComputedStyle(fig).backgroundColor,
    };
  });
  expect(shown.controlCount).toBeGreaterThan(20); // the figures' sliders, buttons and selects
  expect(shown.controls).toEqual(['none']);
  expect(shown.svg.display).not.toBe('none');
  expect(shown.svg.width).toBeGreaterThan(200);
  expect(shown.svg.height).toBeGreaterThan(100);
  expect(shown.caption).not.toBe('none');
  expect(shown.figureBreak).toBe('avoid');
  expect(shown.linkAfter).toContain(shown.href.replace(/\/$/, ''));
  expect(shown.inPageAfter).toBe('none'); // an in-page link prints no address
  // A solution left closed is still laid out under print media (::details-content fallback).
  expect(shown.closedBodyHeight).toBeGreaterThan(0);
  expect(shown.colour).toBe('rgb(0, 0, 0)');
  expect(shown.background).toBe('rgb(255, 255, 255)');
  expect(shown.figureBackground).toMatch(/^rgba?\((255, 255, 255|0, 0, 0, 0)/);

  // Chromium prints it. Plausible length: about 10,000 words and nine figures at 10.5 pt on A4
  // came to 32 pages when this test was written; fewer than 20 would mean content is missing
  // (e.g. figures or solutions dropped), more than 60 that the print scale or breaks went wrong.
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  expect(pages).toBeGreaterThanOrEqual(20);
  expect(pages).toBeLessThanOrEqual(60);
});

test('on paper every figure\'s drawing stays inside its box, above its caption, also figures never scrolled to', async ({ page }) => {
  // Figures below the fold are not hydrated until the reader comes near them: they print as the
  // server drew them, at the default width, whatever the paper's column. Printing right after
  // load drew three of them 110-123 px over their own summary and caption.
  await page.goto(FIRST_CHAPTER);
  await page.waitForTimeout(1500);
  await page.emulateMedia({ media: 'print' });
  // The paper's column: 34 em of 10.5 pt, narrower than the 640 px the server draws at.
  await page.setViewportSize({ width: 600, height: 900 });
  const overflows = await page.evaluate(() =>
    [...document.querySelectorAll('figure[data-figure]')].flatMap((fig) => {
      const box = fig.querySelector('.figure-plot')!.getBoundingClientRect();
      const below = fig.querySelector('.figure-status, figcaption')!.getBoundingClientRect();
      return [...fig.querySelectorAll('.figure-plot svg')].flatMap((svg) => {
        const r = svg.getBoundingClientRect();
        const out = [];
        if (r.bottom > box.bottom + 1) out.push(`${fig.id}: drawing ends ${Math.round(r.bottom - box.bottom)} px below its box`);
        if (r.bottom > below.top + 1) out.push(`${fig.id}: drawing runs ${Math.round(r.bottom - below.top)} px into the text below it`);
        if (r.right > box.right + 1) out.push(`${fig.id}: drawing ends ${Math.round(r.right - box.right)} px right of its box`);
        return out;
      });
    }),
  );
  expect(overflows).toEqual([]);
});

test('a figure the reader has looked at prints the drawing they saw, Figure 1\'s magnified inset included', async ({ page }) => {
  // Hydrated figures used to be drawn again for the paper's column (476 px here), and Figure 1's
  // inset, which needs 400 px of plot, vanished from the printout of anyone who had scrolled to it.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, 'depth-accuracy');
  const svg = fig.locator('.figure-plot svg').first();
  await expect(fig.locator('.depth-inset')).toHaveCount(1);
  const screenViewBox = await svg.getAttribute('viewBox');
  await page.emulateMedia({ media: 'print' });
  await page.waitForTimeout(500); // a redraw, if any, would come with the next frames
  await expect(fig.locator('.depth-inset')).toHaveCount(1);
  expect(await svg.getAttribute('viewBox')).toBe(screenViewBox);
  // The same drawing, scaled to the paper's column by its viewBox: no wider than the figure.
  const [drawn, box] = await Promise.all([svg.boundingBox(), fig.boundingBox()]);
  expect(drawn!.width).toBeLessThanOrEqual(box!.width + 1);
  expect(drawn!.width).toBeLessThan(Number(screenViewBox!.split(' ')[2]));
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // Back on screen the figure is as it was, drawn for its box.
  await page.emulateMedia({ media: 'screen' });
  await expect(fig.locator('.depth-inset')).toHaveCount(1);
  expect(await svg.getAttribute('viewBox')).toBe(screenViewBox);
});

test('a figure made live while the page is laid out for paper is drawn for its box once back on screen', async ({ page }) => {
  // Sizes are ignored on paper; a figure that went live then (here, the one a link names) kept its
  // 640 px fallback drawing on screen afterwards when its box was as wide on screen as on paper
  // (534 px here), squeezed by the browser to 476 px: text a quarter smaller than intended.
  await page.setViewportSize({ width: 534, height: 800 });
  await page.emulateMedia({ media: 'print' });
  await page.goto(`${FIRST_CHAPTER}?layer-speeds.hidden=6`);
  const fig = page.locator('figure[data-figure="layer-speeds"]');
  await expect(page.locator('astro-island[ssr]:has(figure[data-figure="layer-speeds"])')).toHaveCount(0, { timeout: 45_000 });
  await expect(fig.locator('td[data-speed]')).toHaveCount(6, { timeout: 30_000 });
  await page.emulateMedia({ media: 'screen' });
  const drawnFor = () => fig.evaluate((el) => {
    const svg = el.querySelector('.figure-plot svg')!;
    return { attribute: Number(svg.getAttribute('width')), box: Math.round(svg.parentElement!.getBoundingClientRect().width) };
  });
  await expect.poll(async () => { const d = await drawnFor(); return d.attribute - d.box; }).toBe(0);
});

test('a link\'s settings reach the paper: the figure it names goes live on load, not when scrolled to', async ({ page }) => {
  // Printed straight after opening /?layer-speeds.hidden=8, Figure 3 showed the server's four
  // layers: figures go live as the reader comes near them, and this one never was.
  await page.goto(`${FIRST_CHAPTER}?layer-speeds.hidden=8`);
  const fig = page.locator('figure[data-figure="layer-speeds"]');
  await expect(page.locator('astro-island[ssr]:has(figure[data-figure="layer-speeds"])')).toHaveCount(0, { timeout: 45_000 });
  await expect(fig.locator('td[data-speed]')).toHaveCount(8, { timeout: 30_000 });
  expect(await fig.evaluate((el) => el.getBoundingClientRect().top > innerHeight)).toBe(true); // never scrolled to
  // A figure the link does not name still waits for the reader.
  await expect(page.locator('astro-island[ssr]:has(figure[data-figure="training-speeds"])')).toHaveCount(1);
  await page.emulateMedia({ media: 'print' });
  await expect(fig.getByRole('status')).toContainText('8 hidden layers');
});

test('printed during a run, a figure says the drawing is a part of a run, without time left or screen-only words', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(FIRST_CHAPTER);
  // Figure 1's full protocol: long enough (tens of seconds) to be printed in the middle of it.
  const fig = await figure(page, 'depth-accuracy');
  await fig.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(fig).toHaveAttribute('data-state', 'running');
  const status = fig.locator('.figure-status');
  await expect(status.locator('.status-progress')).toBeVisible();
  await expect(status.locator('.status-print')).toBeHidden(); // on screen: the bar and time left
  await page.emulateMedia({ media: 'print' });
  await expect(status.locator('.status-print')).toBeVisible();
  await expect(status.locator('.status-print')).toHaveText(/^(Printed during a run, \d+% of the way through: the drawing shows the part done so far|Printed before its run got under way: the drawing is from before it)\.$/);
  // Once it has progress, the sentence says how far it got.
  await page.emulateMedia({ media: 'screen' });
  await expect(status.locator('.status-progress')).toBeVisible({ timeout: 45_000 });
  await page.emulateMedia({ media: 'print' });
  await expect(status.locator('.status-print')).toHaveText(/^Printed during a run, \d+% of the way through: the drawing shows the part done so far\.$/);
  await expect(status.locator('.status-progress')).toBeHidden();
  for (const el of await status.locator('.status-offscreen, .status-armed').all()) await expect(el).toBeHidden();
});
