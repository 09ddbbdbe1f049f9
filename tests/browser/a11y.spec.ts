// Accessible at every width, in light and in dark (issue 10, items 2 and 4): axe-core finds
// nothing on the site's pages at a phone's 360 px and a laptop's 1280 px, in either colour scheme,
// once the figures have hydrated (so it judges what a reader uses, not the build's first paint);
// a keyboard walk through every figure (on its own page) lands only on visible elements with a
// visible focus ring;
// the dark-mode toggle changes the page and survives a reload; reduced motion is respected.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

// Independent pages: two workers share them (the chapter's runs take minutes each).
test.describe.configure({ mode: 'parallel' });

const pages = [
  { name: 'chapter', path: './' },
  { name: 'second chapter', path: 'chapters/what-fixed-it/' },
  { name: 'contents', path: 'contents/' },
  { name: 'figure gallery', path: 'figures/' },
  { name: 'figure page', path: 'figures/layer-speeds/' },
];
const widths = [360, 1280];
const schemes = ['light', 'dark'] as const;

/** Brings every island into view once so each client:visible figure hydrates, then waits until none is busy. */
async function hydrateFigures(page: Page): Promise<void> {
  // One scroll per island, not per screenful: a long chapter is a hundred screens at 360 px.
  const islands = page.locator('astro-island');
  const count = await islands.count();
  for (let i = 0; i < count; i++) {
    // An island is display: contents, with no box to scroll to: scroll to what it holds.
    await islands.nth(i).evaluate((e) => (e.querySelector('figure') ?? e.firstElementChild ?? e).scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(40);
  }
  // Live figures (not the gallery's inert thumbnails) must hydrate, so that axe audits what the
  // reader uses rather than the build's HTML, then settle: ready, or diverged on purpose.
  const liveFigure = 'figure[data-figure]:not([inert] *):not([aria-hidden="true"] *)';
  await expect(page.locator(`astro-island[ssr]:has(${liveFigure})`)).toHaveCount(0, { timeout: 45_000 });
  const live = page.locator(liveFigure);
  const n = await live.count();
  for (let i = 0; i < n; i++) {
    await expect(live.nth(i)).toHaveAttribute('data-state', /^(ready|diverged)$/, { timeout: 45_000 });
  }
  // A chapter's figures are laid out in idle time after load (components/lib/lay-out-figures.ts):
  // audit the page as it then stays, every figure at its true size.
  if (await page.locator('main > .toc').count()) await expect(page.locator('html[data-figures-laid-out]')).toHaveCount(1, { timeout: 30_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** One line per violation and node: rule, impact, where, and what axe says to fix. */
function describe(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string {
  return violations
    .flatMap((v) => v.nodes.map((n) => `${v.id} [${v.impact}] ${n.target.join(' ')}\n    ${n.failureSummary?.replace(/\n/g, ' ')}`))
    .join('\n');
}

// One test per page and width: the figures hydrate once, then axe audits the page in light and
// again in dark (the scheme is the system's, switched in place; the stylesheet follows it live).
for (const { name, path } of pages) {
  for (const width of widths) {
    test(`axe: ${name} at ${width} px, light and dark`, async ({ page }) => {
      // A chapter is long (about 17,000 elements): each audit takes a quarter of a minute on 2 cores.
      test.setTimeout(name.includes('chapter') ? 300_000 : 120_000);
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme: 'light' });
      expect((await page.goto(path))?.ok(), `${path} is served`).toBe(true);
      await hydrateFigures(page);
      // Every block drawn, as it is wherever a reader is: a block the page skips off screen
      // (content-visibility) keeps a placeholder height, and axe, which lays its content out where
      // it would be, then judges text over whatever the next block put there (a KaTeX symbol
      // against a figure's grey, once in four runs) and buttons as covered by their neighbours.
      await page.addStyleTag({ content: 'main * { content-visibility: visible !important; }' });
      const backgrounds: string[] = [];
      for (const colorScheme of schemes) {
        await page.emulateMedia({ colorScheme });
        backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
        // Only violations are collected: passes and incomplete results cost time on a long page.
        const result = await new AxeBuilder({ page }).options({ resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } }).analyze();
        expect(result.violations.length, `axe violations in ${colorScheme}:\n${describe(result.violations)}`).toBe(0);
      }
      // The second audit judged the other palette, not the first one again.
      expect(backgrounds[0], 'the page changed colour scheme between the audits').not.toBe(backgrounds[1]);
    });
  }
}

// From 320 px up every equation fits (its narrow form where it has one: narrow-layout.spec.ts); a
// folding phone's 280 px outer screen is narrower than some of the narrow forms.
test('wide display equations at 280 px are labelled groups a keyboard can reach and scroll', async ({ page }) => {
  await page.setViewportSize({ width: 280, height: 800 });
  await page.goto('./');
  const displays = page.locator('.katex-display');
  expect(await displays.count()).toBeGreaterThan(0);
  // Read in one call: thirty-odd displays one round trip each took most of a minute on a busy page.
  const attrs = await displays.evaluateAll((els) => els.map((e) => [e.getAttribute('tabindex'), e.getAttribute('role'), /quation/.test(e.getAttribute('aria-label') ?? '')]));
  expect(attrs.filter(([tabindex, role, labelled]) => tabindex !== '0' || role !== 'group' || !labelled), 'displays that are not labelled, focusable groups').toEqual([]);
  // One that overflows scrolls with the arrow keys once focused.
  const wide = (await displays.evaluateAll((els) => els.map((e, i) => (e.scrollWidth > e.clientWidth + 4 ? i : -1)))).filter((i) => i >= 0);
  expect(wide.length, 'some display is wider than a phone').toBeGreaterThan(0);
  const target = displays.nth(wide[0]);
  await target.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => target.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
});

// Every figure the build made a page for (its own page: the same island as in a chapter).
const FIGURE_IDS = readdirSync(join(process.env.DIST_DIR || 'dist', 'figures'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

test('a keyboard walk through every figure: every stop is visible and shows a focus ring', async ({ page }) => {
  test.setTimeout(240_000);
  expect(FIGURE_IDS.length).toBeGreaterThanOrEqual(13);
  for (const id of FIGURE_IDS) {
    await page.goto(`figures/${id}/`);
    const fig = page.locator(`figure[data-figure="${id}"]`);
    // Hydrated (the build's first paint is there at once; the island adds its handlers).
    await expect(page.locator(`astro-island:has(figure[data-figure="${id}"])`)).not.toHaveAttribute('ssr', /.*/, { timeout: 45_000 });
    await page.locator('body').focus();
    const controls = await fig.locator('input:not([disabled]), select:not([disabled]), button:not([disabled]), summary, textarea, a[href], [tabindex="0"]').count();
    expect(controls, `${id} has controls`).toBeGreaterThan(2);
    let stops = 0;
    for (let i = 0; i < controls + 5 && stops < controls; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate((figureId) => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {
          inFigure: !!el.closest(`figure[data-figure="${figureId}"]`),
          what: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''}`,
          outline: `${style.outlineStyle} ${style.outlineWidth}`,
          visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && box.bottom > 0 && box.top < innerHeight,
        };
      }, id);
      if (!info || !info.inFigure) continue;
      stops++;
      expect(info.visible, `${id}: ${info.what} is on screen when focused`).toBe(true);
      expect(info.outline, `${id}: ${info.what} shows a focus ring`).not.toMatch(/^none|\s0px$/);
    }
    expect(stops, `Tab reached ${id}'s controls`).toBeGreaterThan(2);
  }
});

test('the dark-mode toggle changes the page, says so, and survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('./');
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const light = await background();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const dark = await background();
  expect(dark).not.toBe(light);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Dark mode' })).toHaveAttribute('aria-pressed', 'true');
  expect(await background()).toBe(dark);
  // The choice holds on the other pages too, and turning it off returns to light.
  await page.goto('contents/');
  expect(await background()).toBe(dark);
  await page.getByRole('button', { name: 'Dark mode' }).click();
  expect(await background()).toBe(light);
});

test('the system dark setting is followed when the reader has not chosen', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('./');
  await expect(page.getByRole('button', { name: 'Dark mode' })).toHaveAttribute('aria-pressed', 'true');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  // Dark: each channel well below the middle.
  const [r, g, b] = bg.match(/\d+/g)!.map(Number);
  expect(Math.max(r, g, b)).toBeLessThan(80);
});

test('reduced motion: no smooth scrolling and no transitions', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('./');
  const styles = await page.evaluate(() => {
    const html = getComputedStyle(document.documentElement).scrollBehavior;
    const moving = [...document.querySelectorAll('body *')].filter((el) => {
      const s = getComputedStyle(el);
      return s.transitionDuration.split(',').some((d) => parseFloat(d) > 0.011) || (s.animationName !== 'none' && parseFloat(s.animationDuration) > 0.011);
    });
    return { html, moving: moving.slice(0, 5).map((el) => el.tagName + '.' + el.className) };
  });
  expect(styles.html).toBe('auto');
  expect(styles.moving).toEqual([]);
});

test('a long run is announced once per quarter, not at every redraw of its progress', async ({ page }) => {
  // The status line redraws its percentage and time left several times a second; in a polite
  // live region a screen reader read every one (20 changes in 8 s of a race). What its live
  // regions say is logged here as a screen reader would meet it: the text outside aria-hidden.
  await page.goto('./figures/training-speeds/?training-speeds.epochs=2000&training-speeds.hidden=4');
  const fig = page.locator('figure[data-figure="training-speeds"]');
  await expect(fig).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await page.evaluate(() => {
    const heard = (el: Element): string =>
      [...el.childNodes].map((n) => (n.nodeType === Node.TEXT_NODE ? n.textContent : n instanceof Element && n.getAttribute('aria-hidden') !== 'true' ? heard(n) : '')).join('');
    const log: string[] = ((window as unknown as { heard: string[] }).heard = []);
    const regions = [...document.querySelectorAll('figure[data-figure="training-speeds"] [aria-live], figure[data-figure="training-speeds"] [role="status"], [data-announces="training-speeds"]')];
    // No live region sits inside an element that is aria-busy while the run lasts (NVDA holds back
    // a busy element's news): only the drawing is busy.
    if (!document.querySelector('figure[data-figure="training-speeds"] .figure-plot[aria-busy="true"]')) log.push('the drawing is not marked busy while it runs');
    if (regions.some((r) => r.closest('[aria-busy="true"]'))) log.push('a live region inside a busy element');
    const last = new Map(regions.map((r) => [r, heard(r).replace(/\s+/g, ' ').trim()]));
    new MutationObserver(() => {
      for (const r of regions) {
        const text = heard(r).replace(/\s+/g, ' ').trim();
        if (text !== last.get(r)) {
          last.set(r, text);
          if (text) log.push(text);
        }
      }
    }).observe(document.querySelector('figure[data-figure="training-speeds"]')!.parentElement!, { subtree: true, childList: true, characterData: true });
  });
  await expect(fig).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard);
  // A quarter, a half, three quarters, each once, then the outcome; nothing in between.
  const quarters = heard.filter((t) => /% done/.test(t));
  expect(quarters.map((t) => t.match(/(\d+)% done/)![1])).toEqual(['25', '50', '75']);
  for (const t of quarters) expect(t).toMatch(/^The figure: \d+% done(, about \d+ (s|min) left)?\.$/); // as heard: whitespace, the non-breaking space too, collapsed
  expect(heard.length, heard.join(' | ')).toBeLessThanOrEqual(6);
  expect(heard[heard.length - 1]).toMatch(/^After 2000 epochs with 4 hidden layers, the last hidden layer learns/);
});
