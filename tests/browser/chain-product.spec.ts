// Figure 6 end to end: the worker's chain equals Node's bit for bit, a weight moved by keyboard
// and the seed change the numbers as Node says, and the exploding preset shows factors of 25.
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { ChainProductResult } from '../../engine/experiments/chain-product';
import { num } from '../../components/figures/format';
import { FIRST_CHAPTER, figure, inNode, watch, workerReady } from './helpers';

/** What the figure shows, as the experiment's fields (one round trip to the page). */
const shown = (fig: Locator) =>
  fig.evaluate((el) => {
    const cells = (attr: string) => [...el.querySelectorAll(`td[${attr}]`)].map((c) => Number(c.getAttribute(attr)));
    const one = (attr: string) => Number(el.querySelector(`[${attr}]`)?.getAttribute(attr));
    return {
      w: cells('data-w'),
      b: cells('data-b'),
      z: cells('data-z'),
      factors: cells('data-factor'),
      grads: cells('data-grad'),
      analytic: one('data-analytic'),
      fd: one('data-fd'),
    };
  });

/** Node's run of the chain the figure says it shows (a_0 = 0.5 and y = 0 are the defaults). */
function nodeFor({ w, b }: { w: number[]; b: number[] }): Promise<ChainProductResult> {
  return inNode<ChainProductResult>('chain-product', {
    a0: 0.5, y: 0, w1: w[0], b1: b[0], w2: w[1], b2: b[1], w3: w[2], b3: b[2], w4: w[3], b4: b[3],
  });
}

async function expectMatchesNode(fig: Locator) {
  const s = await shown(fig);
  const n = await nodeFor(s);
  // Same engine, same float64 operations in V8: exact equality, including the finite difference.
  expect(s.z).toEqual(n.z);
  expect(s.factors).toEqual(n.factors);
  expect(s.grads).toEqual(n.grads);
  expect(s.analytic).toBe(n.grads[0]);
  expect(s.fd).toBe(n.finiteDifference.value);
  return n;
}

const ready = async (page: Page, fig: Locator) => {
  await expect(fig).toHaveAttribute('data-state', 'ready');
  await page.waitForTimeout(200); // past the debounce: no newer run queued
  await expect(fig).toHaveAttribute('data-state', 'ready');
};

test('chain-product: Node\'s numbers, keyboard on a weight and the seed, and the exploding preset', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto(FIRST_CHAPTER);
  const fig = await figure(page, 'chain-product');
  await workerReady(fig);
  const n0 = await expectMatchesNode(fig);
  expect(n0).toEqual(await inNode('chain-product', {})); // the figure's defaults are the experiment's
  await expect(fig.locator('.fd-agreement')).toContainText(/agree to [6-9] significant figures/);
  // Numbers as the prose writes them (1.179 × 10⁻⁴, −0.98), never as JavaScript does (1.179e-4).
  await expect(fig.getByRole('status')).toContainText(`∂C/∂b₁ = ${num(n0.grads[0], 4)}`);
  await expect(fig.locator('.readout')).toContainText(`h = ${num(n0.finiteDifference.h, 2)}`);
  for (const text of [fig.getByRole('status'), fig.locator('.readout'), fig.locator('.figure-plot')]) {
    await expect(text).not.toContainText(/\de[-+]?\d|-\d/);
  }

  // A weight by keyboard: w2 from -0.809 to -0.80 (the slider snaps to its 0.01 grid first).
  const w2 = fig.getByRole('slider', { name: 'Weight w₂' });
  await w2.focus();
  await page.keyboard.press('ArrowRight');
  await expect(w2).toHaveValue('-0.8');
  await expect.poll(async () => (await shown(fig)).w[1]).toBe(-0.8);
  await ready(page, fig);
  const n1 = await expectMatchesNode(fig);
  expect(n1.grads[0]).not.toBe(n0.grads[0]);

  // The seed draws a new typical chain: Node's draw for seed 14.
  const seed = fig.getByRole('spinbutton', { name: 'Seed' });
  await seed.focus();
  await page.keyboard.press('ArrowUp');
  await expect(seed).toHaveValue('14');
  const n14 = await inNode<ChainProductResult>('chain-product', { preset: 'typical', seed: 14 });
  await expect.poll(async () => (await shown(fig)).grads).toEqual(n14.grads);
  await ready(page, fig);

  // Exploding preset from the keyboard: every factor exactly 25, dC/db_1 = 25^3 / 8.
  await fig.getByRole('button', { name: 'Exploding (w = 100, z = 0)' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await shown(fig)).factors).toEqual([25, 25, 25]);
  await ready(page, fig);
  const s = await shown(fig);
  expect(s.z).toEqual([0, 0, 0, 0]);
  expect(s.grads).toEqual([1953.125, 78.125, 3.125, 0.125]);
  await expectMatchesNode(fig);
  await expect(fig.getByRole('status')).toContainText('15,625 times');
  await expect(fig.locator('.fd-agreement')).toContainText(/agree to \d+ significant figures/);

  expect(errors, 'console errors').toEqual([]);
});

// An instructor embeds the exploding chain with a short link (`preset=` as the chapter's prop
// takes it) rather than eight values; a link's own value wins over the preset's; a preset the
// figure does not have is named, with the ones it has.
test('chain-product: a link names a preset; its other values win; an unknown preset is refused', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto('./figures/chain-product/?chain-product.preset=exploding');
  let fig = await figure(page, 'chain-product');
  await workerReady(fig);
  await ready(page, fig);
  expect((await shown(fig)).factors).toEqual([25, 25, 25]);
  await expectMatchesNode(fig);
  await expect(fig.getByRole('status')).toContainText('15,625 times');

  await page.goto('./figures/chain-product/?chain-product.preset=typical&chain-product.seed=14');
  fig = await figure(page, 'chain-product');
  await workerReady(fig);
  await ready(page, fig);
  const n14 = await inNode<ChainProductResult>('chain-product', { preset: 'typical', seed: 14 });
  expect((await shown(fig)).grads).toEqual(n14.grads);

  await page.goto('./figures/chain-product/?chain-product.preset=wild');
  fig = await figure(page, 'chain-product');
  await workerReady(fig);
  await expect(fig).toContainText('preset=wild: expected one of typical, exploding, balanced');
  expect(errors, 'console errors').toEqual([]);
});

test('chain-product: a gradient that is exactly 0 says why (a saturated neuron, not underflow)', async ({ page }) => {
  const { errors } = watch(page);
  // Weights of 100: every z_j is near 100, sigma(z) rounds to exactly 1 in float64, so the engine's
  // sigma (1 - sigma) is 0 and so is every dC/db_j, though sigma'(100) (about 4e-44) and even
  // the product of all four factors are representable: "underflow" would be the wrong reason.
  await page.goto(`${FIRST_CHAPTER}?chain-product.w1=100&chain-product.w2=100&chain-product.w3=100&chain-product.w4=100`);
  const fig = await figure(page, 'chain-product');
  await workerReady(fig);
  await ready(page, fig);
  const n = await expectMatchesNode(fig);
  expect(n.grads).toEqual([0, 0, 0, 0]);
  expect(n.sigmaPrime.every((s) => s === 0)).toBe(true);
  const labels = await fig.locator('.figure-plot svg[aria-label^="Log-scale chart"] text').allTextContents();
  expect(labels.filter((t) => t === '0')).toHaveLength(4);
  await expect(fig.locator('.zero-note')).toHaveText('0: σ′ rounds to 0');
  expect(labels.join(' ')).not.toContain('underflow');
  const status = fig.getByRole('status');
  await expect(status).toContainText('both are zero');
  await expect(status).toContainText('σ(z) rounds to exactly 1 in float64');
  // The size sigma'(z_1) really has, computed in the page from z_1 as the sentence says.
  const z1 = n.z[0];
  const exact = Math.exp(-z1) / (1 + Math.exp(-z1)) ** 2;
  expect(exact).toBeGreaterThan(1e-50);
  // Written as the axes write it (2.9 × 10⁻²²), not as JavaScript does (2.9e-22).
  await expect(status).toContainText(`though σ′ itself is about ${num(exact, 2)}`);
  expect(num(exact, 2)).toMatch(/^\d(\.\d)?\u00a0×\u00a010⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/);
  expect(errors).toEqual([]);
});
