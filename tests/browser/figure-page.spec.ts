// A figure on a page of its own (/figures/<id>/), as an instructor embeds it: no chapter around it,
// the chapter's URL parameters, the worker computing what Node computes, its height reported to an
// embedding page; and the gallery listing every figure with a working embed code.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { figure, foreignRequests, inNode, watch, workerReady } from './helpers';

const speedsShown = (fig: import('@playwright/test').Locator) =>
  fig.locator('td[data-speed]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-speed'))));

test('a figure page: no chapter chrome, URL parameters as in a chapter, Node\'s numbers', async ({ page, baseURL }) => {
  const { requests, errors } = watch(page);
  await page.goto('./figures/layer-speeds/?layer-speeds.seed=3&layer-speeds.hidden=5');
  const fig = await figure(page, 'layer-speeds');
  await workerReady(fig);
  const node = await inNode<{ speeds: number[] }>('layer-speeds', { sizes: '784,30,30,30,30,30,10', seed: 3, samples: 1000 });
  expect(await speedsShown(fig)).toEqual(node.speeds);
  await expect(page.locator('h1, .site-nav, .byline')).toHaveCount(0);
  await expect(fig.locator('figcaption')).not.toContainText('Figure ');
  await expect(fig.locator('figcaption')).toContainText('speed of learning of each hidden layer');
  // Where it comes from, for a reader who opened a shared link (in a frame, the link opens in
  // the page around it); a tab title of a few words, not the caption's first sentence.
  const source = page.getByRole('link', { name: 'Unstable gradients' });
  await expect(source).toHaveAttribute('href', /chapters\/unstable-gradients\/#fig-layer-speeds$/);
  await expect(source).toHaveAttribute('target', '_top');
  expect((await page.title()).length).toBeLessThanOrEqual(90);
  expect(foreignRequests(requests, baseURL!)).toEqual([]);
  expect(errors).toEqual([]);
});

test('an embedded figure tells its parent its height', async ({ page, baseURL }) => {
  // An embedding page on the same server (about:blank cannot frame it); the message carries the id.
  await page.goto('./figures/');
  const message = await page.evaluate(async (src) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    frame.style.width = '700px';
    const got = new Promise<{ type: string; id: string; height: number }>((resolve) =>
      window.addEventListener('message', (e) => e.data?.type === 'live-figure:height' && resolve(e.data)),
    );
    document.body.append(frame);
    return got;
  }, new URL('figures/sigmoid-prime/', baseURL).href);
  expect(message.id).toBe('sigmoid-prime');
  expect(message.height).toBeGreaterThan(300);
});

test('the gallery\'s listener, pasted into a course page, fits each frame to its figure', async ({ page, baseURL }) => {
  await page.goto('./figures/');
  const listener = await page.locator('.gallery-listener').textContent();
  const embed = await page.getByRole('textbox', { name: 'Embed code' }).first().inputValue();
  expect(embed).toContain('height="1000"');
  // A course page on the same server holding the embed code twice, the second with far more room
  // than its figure needs (the frame must shrink to it), and the listener once. The listener starts
  // only after both frames have loaded and reported, as a script at the end of a slow page would:
  // it must ask them again.
  await page.evaluate(async (embeds) => {
    const reports = new Set<MessageEventSource | null>();
    addEventListener('message', (e) => e.data?.type === 'live-figure:height' && reports.add(e.source));
    document.body.innerHTML = `<div style="width:700px">${embeds.join('')}</div>`;
    document.querySelectorAll('iframe').forEach((f) => f.setAttribute('loading', 'eager'));
    while (reports.size < 2) await new Promise((r) => setTimeout(r, 50));
  }, [embed, embed.replace('height="1000"', 'height="4000"')]);
  // The listener's code as the course page would run it (evaluated by the test: this page's own
  // Content-Security-Policy allows only its own scripts).
  await page.evaluate(/<script>([\s\S]*)<\/script>/.exec(listener!)![1]);
  // Each frame's height is its figure's: the content's bottom edge, nothing cut, nothing blank. A
  // frame never sized reads NaN and fails after the timeout.
  const mismatches = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('iframe')]
        .map((f) => ({
          set: Number.parseFloat(f.style.height),
          inner: Math.ceil(f.contentDocument!.documentElement.getBoundingClientRect().height),
        }))
        .filter((h) => !(h.set === h.inner && h.set > 300 && h.set < 4000)),
    );
  await expect.poll(mismatches, { timeout: 20_000 }).toEqual([]);
  expect(await page.locator('iframe').count()).toBe(2);
  expect(baseURL).toBeTruthy();
});

test('the gallery lists every figure with its page and an absolute embed code', async ({ page, baseURL }) => {
  await page.goto('./figures/');
  const items = page.locator('[data-gallery-figure]');
  // Every figure the build made a page for, the second chapter's included (13 today).
  const pages = readdirSync(join(process.env.DIST_DIR || 'dist', 'figures'), { withFileTypes: true }).filter((d) => d.isDirectory()).length;
  expect(pages).toBeGreaterThanOrEqual(13);
  await expect(items).toHaveCount(pages);
  const first = items.first();
  const id = await first.getAttribute('data-gallery-figure');
  const code = first.getByRole('textbox', { name: 'Embed code' });
  await expect(code).toHaveValue(new RegExp(`<iframe src="${new URL(`figures/${id}/`, baseURL).href.replace(/[.?]/g, '\\$&')}"`));
  // Named by what it shows (its experiment's title), with its id beside: in the heading, the
  // frame's title and the copy button (they were the bare id, "exploding-clipping").
  const title = (await first.getByRole('heading', { level: 2 }).getByRole('link').textContent())!;
  expect(title).not.toBe(id);
  expect(title).toMatch(/^[A-Z][a-z]/);
  await expect(first.getByRole('heading', { level: 2 })).toContainText(id!);
  await expect(code).toHaveValue(new RegExp(`title="Live figure: ${title.replace(/[.?()+*[\]]/g, '\\$&')}"`));
  await expect(first.getByRole('button', { name: `Copy embed code for ${title}` })).toBeVisible();
  // Its link leads to the figure's page.
  await first.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/figures/${id}/$`));
  await expect(page.locator(`figure[data-figure="${id}"]`)).toBeVisible();
});

test('each gallery thumbnail shows its figure\'s drawings whole, and stops below them', async ({ page }) => {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('./figures/');
    // The boxes are fitted by the gallery's script once the thumbnails have their size.
    await expect.poll(() => page.locator('.gallery-thumb[style*="height"]').count()).toBe(await page.locator('.gallery-thumb').count());
    const fits = await page.locator('.gallery-thumb').evaluateAll((thumbs) =>
      thumbs.map((t) => {
        const box = t.getBoundingClientRect();
        const bottom = Math.max(...[...t.querySelectorAll('.figure-plot svg')].map((d) => d.getBoundingClientRect().bottom));
        return { id: t.closest('[data-gallery-figure]')!.getAttribute('data-gallery-figure'), below: Math.round(box.bottom - bottom) };
      }),
    );
    // The drawing starts at the top of its box (the figure's own margin opened an empty strip).
    const tops = await page.locator('.gallery-thumb').evaluateAll((thumbs) =>
      thumbs.map((t) => Math.round(t.querySelector('.figure-plot')!.getBoundingClientRect().top - t.getBoundingClientRect().top)));
    for (const top of tops) expect(top, `${width} px`).toBeLessThanOrEqual(12);
    // Every drawing ends inside its box (a fixed 16 rem cut most of them: up to 40 % of Figure 1),
    // with the 8 px margin (plus the box's borders and a pixel's rounding) and no more, so the
    // controls below it are left out.
    for (const f of fits) expect(f.below, `${f.id} at ${width} px`).toBeGreaterThanOrEqual(8);
    for (const f of fits) expect(f.below, `${f.id} at ${width} px`).toBeLessThanOrEqual(11);
  }
});
