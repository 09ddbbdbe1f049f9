// Figure 6's numbers: equation (8) against a finite difference of the same chain and against the
// engine's own backpropagation, the exploding and balanced presets' exact factors, and the
// chapter's claims about a typical N(0, 1) draw.
import { describe, expect, it } from 'vitest';
import { createNetwork, createRng, gradients, runExperiment } from '../../engine/index';
import type { Network } from '../../engine/index';
import { analyse, DEFAULT_SEED, preset, typicalDraw } from '../../engine/experiments/chain-product';
import type { ChainProductResult } from '../../engine/experiments/chain-product';

const noData = async () => {
  throw new Error('closed-form experiments load no data');
};
const run = (p: Record<string, unknown>) => runExperiment('chain-product', p, noData) as Promise<ChainProductResult>;

/**
 * Analytic and finite difference must agree to within the finite difference's own errors:
 * - truncation: the step keeps the nudge reaching every z_j below 1e-4, so the central
 *   difference's O(nudge^2) error is far below 1e-6 of the gradient (unless dC/da_4 = a_4 - y is
 *   itself nearly zero, where C is at its minimum and the curvature term dominates; see below);
 * - rounding: the experiment's `rounding`, a first-order bound on what rounding every z_j and a_j
 *   in the two cost evaluations can do to the difference (eps * sum |x| |dC/dx| / h).
 * The equation itself is exact, so anything beyond that budget would be a wrong formula.
 */
const budget = (r: ChainProductResult) => 1e-6 * Math.abs(r.grads[0]) + r.finiteDifference.rounding;
const error = (r: ChainProductResult) => Math.abs(r.finiteDifference.value - r.grads[0]);

describe('chain-product', () => {
  it('equation (8) equals the finite difference for 1,500 typical N(0, 1) chains', () => {
    let worst = 0;
    for (let seed = 0; seed < 500; seed++) {
      for (const a0 of [-1, 0.5, 1]) {
        const r = analyse({ a0, y: 0, ...typicalDraw(seed) });
        worst = Math.max(worst, error(r) / budget(r));
      }
    }
    // Measured worst ratio: about 0.3.
    expect(worst).toBeLessThan(1);
  });

  it('and for chains with weights and biases up to 100, with any target y', () => {
    const rng = createRng(2024);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const s = [0.3, 1, 3, 10, 30, 100][i % 6];
      const clip = (v: number) => Math.max(-100, Math.min(100, v));
      const w = [0, 1, 2, 3].map(() => clip(rng.gaussian(0, s)));
      const b = [0, 1, 2, 3].map(() => clip(rng.gaussian(0, s)));
      const r = analyse({ a0: rng.uniform(-1, 1), y: rng.next(), w, b });
      // Near the minimum of C (a_4 ~ y) dC/db_1 -> 0 while d^3C/db_1^3 does not: the relative
      // truncation error is unbounded there, so those chains test nothing about equation (8).
      if (Math.abs(r.dCda4) < 0.01) continue;
      checked++;
      // Over 100,000 such chains the worst ratio seen was 1.37 (rounding bound is first-order).
      if (error(r) >= 2 * budget(r)) expect.fail(`finite difference off by ${error(r)} for ${JSON.stringify(r)}`);
    }
    expect(checked).toBeGreaterThan(2900);
  });

  it('where the gradient is well above rounding, the two agree to better than one part in a million', async () => {
    const r = await run({}); // the figure's default chain
    expect(r.finiteDifference.rounding).toBeLessThan(1e-8 * Math.abs(r.grads[0]));
    expect(r.relativeDifference!).toBeLessThan(1e-6);
  });

  it('dC/db_j agrees with the engine\'s backpropagation on the same chain (y = 1: one-hot label 0)', () => {
    for (let seed = 0; seed < 50; seed++) {
      const { w, b } = typicalDraw(seed);
      const a0 = 0.3;
      const net: Network = {
        sizes: [1, 1, 1, 1, 1],
        weights: w.map((x) => Float64Array.of(x)),
        biases: b.map((x) => Float64Array.of(x)),
        activation: 'sigmoid',
      };
      const g = gradients(net, [Float64Array.of(a0)], [0], { cost: 'quadratic' });
      const r = analyse({ a0, y: 1, w, b });
      r.grads.forEach((gj, j) => {
        // Same products in a different order: a few ulp apart at most.
        expect(Math.abs(g.biases[j][0] - gj)).toBeLessThanOrEqual(1e-13 * Math.abs(gj));
      });
    }
  });

  it('the typical draw is the engine\'s N(0, 1) network draw for [1, 1, 1, 1, 1]', () => {
    for (const seed of [1, DEFAULT_SEED, 999]) {
      const net = createNetwork({ sizes: [1, 1, 1, 1, 1], seed, init: 'large' });
      const d = typicalDraw(seed);
      expect(d.w).toEqual(net.weights.map((x) => x[0]));
      expect(d.b).toEqual(net.biases.map((x) => x[0]));
    }
  });

  it('exploding preset: every z_j is 0 and every factor is exactly 25, for any input a_0', async () => {
    // Exact, not approximately: b_1 = -(100 a_0) cancels 100 a_0 exactly, sigma(0) = 1/2,
    // 100 * 1/2 - 50 = 0, sigma'(0) = 1/4 and 100 * 1/4 = 25 are all exact in binary floating
    // point, so equality (toBe) is the right test.
    for (const a0 of [0.5, 0.37, -0.81, 1, 0]) {
      const r = await run({ preset: 'exploding', a0 });
      expect(r.w).toEqual([100, 100, 100, 100]);
      expect(r.z).toEqual([0, 0, 0, 0]);
      expect(r.sigmaPrime).toEqual([0.25, 0.25, 0.25, 0.25]);
      r.factors.forEach((f) => expect(f).toBe(25));
      // dC/db_j = 1/4 * 25^(4-j) * (a_4 - 0) with a_4 = 1/2: 25^3/8 = 1953.125 for b_1.
      expect(r.grads).toEqual([1953.125, 78.125, 3.125, 0.125]);
      expect(r.grads[0] / r.grads[3]).toBe(15625); // equation (11): 25^3
    }
  });

  it('balanced preset: every factor is exactly 1, so every bias has the same gradient', async () => {
    const r = await run({ preset: 'balanced', a0: 0.5 });
    expect(r.factors).toEqual([1, 1, 1]);
    expect(new Set(r.grads).size).toBe(1);
  });

  it('the default chain is a typical draw with every |w_j| < 1 and every |factor| < 1/4', async () => {
    const r = await run({});
    expect(r).toEqual(await run({ preset: 'typical', seed: DEFAULT_SEED }));
    r.w.forEach((w) => expect(Math.abs(w)).toBeLessThan(1));
    r.factors.forEach((f) => expect(Math.abs(f)).toBeLessThan(0.25));
    expect(Math.abs(r.grads[0])).toBeLessThan(Math.abs(r.grads[3]) / 100);
  });

  it('each factor sigma\'(z_j) w_{j+1} is the ratio of consecutive bias gradients (equation (10)\'s grouping)', () => {
    // Both sides are the same products of the same doubles in a different association, so they
    // agree to a few ulps: 1e-14 relative is rounding, a wrong index would be off by far more.
    for (let seed = 0; seed < 200; seed++) {
      const r = analyse({ a0: 0.5, y: 0, ...typicalDraw(seed) });
      r.factors.forEach((f, j) => expect(Math.abs(r.grads[j] / r.grads[j + 1] - f)).toBeLessThanOrEqual(1e-14 * Math.abs(f)));
    }
  });

  it('Figure 6\'s caption: the default chain shrinks the gradient by factors of about 6 to 20 per step; all three factors below 1/4 for about half the seeds', async () => {
    const r = await run({});
    const steps = [1, 2, 3].map((j) => Math.abs(r.grads[j] / r.grads[j - 1]));
    // "about 6 to 20": the three steps back measure 6.0, 8.4 and 19.6 with the default chain.
    expect(Math.min(...steps)).toBeGreaterThan(5.5);
    expect(Math.max(...steps)).toBeLessThan(21);
    // "about half the seeds": the typical-draw preset over seeds 0-999 (47.4 % here); 42-55 % is
    // what "about half" can honestly cover.
    let below = 0;
    for (let seed = 0; seed < 1000; seed++) {
      const d = await run({ preset: 'typical', seed });
      if (d.factors.every((f) => Math.abs(f) < 0.25)) below++;
    }
    expect(below / 1000).toBeGreaterThan(0.42);
    expect(below / 1000).toBeLessThan(0.55);
  });

  it('equation (10): with every |w_j| < 1, |dC/db_1| < |dC/db_3| / 16', () => {
    let seen = 0;
    for (let seed = 0; seed < 2000; seed++) {
      const d = typicalDraw(seed);
      if (d.w.some((w) => Math.abs(w) >= 1)) continue;
      seen++;
      const r = analyse({ a0: 0.5, y: 0, ...d });
      expect(Math.abs(r.grads[0])).toBeLessThan(Math.abs(r.grads[2]) / 16);
    }
    expect(seen).toBeGreaterThan(50);
  });
});
