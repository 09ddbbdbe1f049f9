// Values set from a script that the figure cannot take: a clear notice, and nothing else changes;
// the control shows the value still in use (a refused menu choice used to leave the menu blank).
import { expect, test, type Page } from '@playwright/test';
import { FIRST_CHAPTER, figure, workerReady } from './helpers';

test('a refused menu choice and an out-of-range seed: a notice, the controls keep the values in use', async ({ page }) => {
  await page.goto('./figures/layer-speeds/');
  const fig = await figure(page, 'layer-speeds');
  await workerReady(fig);
  const activation = fig.getByRole('combobox', { name: 'Hidden activation' });
  await activation.evaluate((el: HTMLSelectElement) => {
    el.value = 'bogus';
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(fig.getByRole('alert')).toContainText('not applied');
  await expect(activation).toHaveValue('sigmoid');

  const seed = fig.getByRole('spinbutton', { name: 'Seed' });
  await seed.evaluate((el: HTMLInputElement) => {
    el.value = '1000000000';
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(fig.getByRole('alert')).toContainText('seed: got 1000000000, expected an integer from 0 to 999999');
  await seed.evaluate((el: HTMLInputElement) => el.dispatchEvent(new Event('blur')));
  await expect(seed).toHaveValue('1');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  expect(new URL(page.url()).search).toBe('');
});

test('batchnorm-scale: fewer hidden layers than the scaled one takes the scaled layer along, in the control and the link', async ({ page }) => {
  await page.goto('./figures/batchnorm-scale/?batchnorm-scale.layer=4');
  const fig = await figure(page, 'batchnorm-scale');
  await workerReady(fig);
  const hidden = fig.getByRole('slider', { name: 'Hidden layers' });
  await hidden.focus();
  await page.keyboard.press('ArrowLeft'); // 4 hidden layers -> 3, below the scaled layer 4
  await expect(hidden).toHaveValue('3');
  await expect(fig.getByRole('slider', { name: 'Scaled hidden layer' })).toHaveValue('3');
  await expect.poll(() => new URL(page.url()).searchParams.get('batchnorm-scale.layer')).toBe('3');
  await expect(fig.getByRole('status')).toContainText('into hidden layer 3');
});

test('typing in a seed field: it applies on Enter or leaving, not at each keystroke; a refused value is explained and marked', async ({ page }) => {
  await page.goto('./figures/layer-speeds/');
  const fig = await figure(page, 'layer-speeds');
  await workerReady(fig);
  const seed = fig.getByRole('spinbutton', { name: 'Seed' });
  const seedInLink = () => new URL(page.url()).searchParams.get('layer-speeds.seed');
  await seed.focus();
  await page.keyboard.press('Control+A');
  // Each keystroke re-renders nothing the field holds: "2.5" stays "2.5" (it became "2" with the
  // caret moved, and the next digit made 52), and "2" on the way is not run.
  await page.keyboard.type('2.5', { delay: 50 });
  await expect(seed).toHaveValue('2.5');
  await page.waitForTimeout(300);
  expect(seedInLink(), 'nothing applied while typing').toBeNull();
  await expect(fig.getByRole('alert')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(fig.getByRole('alert')).toContainText('seed: got 2.5, expected an integer from 0 to 999999');
  await expect(seed).toHaveAttribute('aria-invalid', 'true');
  await expect(seed).toHaveValue('2.5');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('-7', { delay: 50 });
  await page.keyboard.press('Enter');
  await expect(seed).toHaveValue('-7');
  await expect(fig.getByRole('alert')).toContainText('seed: got -7');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('25', { delay: 50 });
  await page.keyboard.press('Enter');
  await expect(seed).toHaveValue('25');
  await expect(fig.getByRole('alert')).toHaveCount(0);
  await expect(seed).not.toHaveAttribute('aria-invalid', /.*/);
  await expect.poll(seedInLink).toBe('25');
  await expect(fig).toHaveAttribute('data-state', 'ready');
  // 1000000 on the way passes through 100000, a good seed, which must not run.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1000000', { delay: 30 });
  await page.waitForTimeout(300);
  expect(seedInLink()).toBe('25');
  await page.keyboard.press('Enter');
  await expect(fig.getByRole('alert')).toContainText('seed: got 1000000');
  // Text that is no number at all is refused when the reader leaves the field, which then shows
  // the seed in use again.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('-', { delay: 50 });
  await page.keyboard.press('Tab');
  await expect(fig.getByRole('alert')).toContainText('seed: got something that is not a number');
  await expect(seed).toHaveValue('25');
  await expect(seed).not.toHaveAttribute('aria-invalid', /.*/);
  // The arrow keys step it, and each step applies.
  await seed.focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(seedInLink).toBe('26');
});

/** Opens the first chapter with a figure's island code held back until `release()`: the moment before hydration, for as long as a test needs. */
async function holdIsland(page: Page, id: string) {
  await page.goto(FIRST_CHAPTER);
  const island = page.locator(`astro-island:has(figure[data-figure="${id}"])`);
  const code = (await island.getAttribute('component-url'))!.split('/').pop()!;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route((url) => url.pathname.endsWith(code), async (route) => {
    await held;
    await route.continue();
  });
  await page.reload();
  await expect(island).toHaveAttribute('ssr', '');
  return { island, release };
}

test('a figure not yet live keeps its controls in the tab order: reaching one hydrates it, and early input is not lost', async ({ page }) => {
  // A figure far down the chapter is not hydrated until the reader comes near it. Its menu,
  // changed before then, used to show the new value and snap back when the island took over;
  // then its controls were disabled, and Tab skipped every figure not yet scrolled to. Here the
  // island's code is held back, so the test sees the moment before hydration for as long as it
  // needs.
  const { island, release } = await holdIsland(page, 'identity-neuron');
  const fig = page.locator('figure[data-figure="identity-neuron"]');
  const first = fig.locator('.figure-controls input[type="range"]').first();
  await expect(first).toBeEnabled();
  const before = await first.inputValue();
  // Tab from the control just before it reaches it (the browser scrolls it into view), and a key
  // pressed before the island is live changes nothing.
  const previous = await page.evaluate(() => {
    // Focusable elements with a box (a link in a closed <details> has none and is skipped by Tab).
    const all = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, summary, [tabindex="0"]')].filter((e) => e.checkVisibility());
    const target = document.querySelector('figure[data-figure="identity-neuron"] .figure-controls input[type="range"]');
    const i = all.findIndex((e) => e === target);
    all[i - 1].setAttribute('data-test-before', '');
    return all[i - 1].outerHTML.slice(0, 80);
  });
  await page.locator('[data-test-before]').focus();
  await page.keyboard.press('Tab');
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  await expect(first, `Tab from ${previous} reached ${at}`).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(first).toHaveValue(before);
  await expect(island).toHaveAttribute('ssr', '');
  await expect(fig.getByRole('button', { name: /Download CSV/ })).toBeEnabled();
  // The code arrives: the figure goes live where the reader is, and the control works.
  release();
  await expect(island).not.toHaveAttribute('ssr', /.*/);
  await expect(fig.locator('fieldset.figure-live').first()).toHaveAttribute('data-live', 'true');
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(first).not.toHaveValue(before);
});

test('a button pressed before its figure is live is pressed again once it is: Start runs', async ({ page }) => {
  // A reader pressed Start on a figure whose code was still arriving: the press was swallowed (so
  // that nothing the server drew changed under them) and nothing ran. A button means the same
  // before and after hydration, so the press now waits for the island and then happens.
  const { island, release } = await holdIsland(page, 'training-speeds');
  const fig = page.locator('figure[data-figure="training-speeds"]');
  await fig.scrollIntoViewIfNeeded();
  await fig.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(island).toHaveAttribute('ssr', '');
  await expect(fig).toHaveAttribute('data-source', 'build');
  release();
  await expect(island).not.toHaveAttribute('ssr', /.*/);
  // The build's result is replaced by the run Start asked for, in a worker.
  await expect(fig).toHaveAttribute('data-source', 'worker', { timeout: 30_000 });
  await expect(fig).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
});

test('a link setting no figure reads is named at the top of the page, not ignored in silence', async ({ page }) => {
  await page.goto('./chapters/what-fixed-it/?hidden=12&remedy-racee.hidden=12&remedy-race.seed=4');
  const notice = page.locator('main > .link-notice');
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice.locator('p')).toHaveText([
    /^Link setting hidden=12 not applied: a setting is named after its figure, e\.g\. .*remedy-race\.hidden=12/,
    'Link setting remedy-racee.hidden=12 not applied: this page has no figure remedy-racee (did you mean remedy-race.hidden=12?).',
  ]);
  // The figure's own key applied as usual.
  await expect((await figure(page, 'remedy-race')).getByRole('spinbutton', { name: 'Seed' })).toHaveValue('4');
  // The stray keys leave the address (as a figure's refused values do), so a link copied from it
  // does not pass the mistake on; the figure's own stays.
  await expect.poll(() => new URL(page.url()).search).toBe('?remedy-race.seed=4');
  // An engine a link cannot ask for is named too.
  await page.goto('./chapters/what-fixed-it/?engine=wasm&utm_source=newsletter');
  await expect(page.locator('main > .link-notice p')).toHaveText([/^Link setting engine=wasm not applied: the only engine a link can ask for is engine=reference/]);
  await expect.poll(() => new URL(page.url()).search, 'keys that are not ours stay').toBe('?utm_source=newsletter');
  // A link with nothing stray shows no notice.
  await page.goto('./chapters/what-fixed-it/?remedy-race.seed=4');
  await expect(page.locator('.link-notice')).toHaveCount(0);
});

test('on a phone, a tap on a figure not yet live changes nothing, and brings the figure to life', async ({ browser, baseURL }) => {
  // Cancelling pointerdown does not stop a range input following a tap: the slider moved, then
  // snapped back when the island took over.
  const context = await browser.newContext({ baseURL, hasTouch: true, isMobile: true, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const { island, release } = await holdIsland(page, 'identity-neuron');
  const fig = page.locator('figure[data-figure="identity-neuron"]');
  const slider = fig.locator('.figure-controls input[type="range"]').first();
  const before = await slider.inputValue();
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  await page.touchscreen.tap(box.x + box.width * 0.9, box.y + box.height / 2);
  await expect(slider).toHaveValue(before);
  release();
  await expect(island).not.toHaveAttribute('ssr', /.*/);
  await expect(slider).toHaveValue(before);
  await context.close();
});
