// E3 on the real first 1,000 training images: in [784, 30, 30, 30, 30, 10] each hidden layer
// learns faster than the one before, the last about a hundred times faster than the first.
import { describe, expect, it } from 'vitest';
import { createNetwork, layerSpeeds, meanGradients, norm, runExperiment } from '../../engine/index';
import { mnist } from './helpers';
import type { LayerSpeedsResult } from '../../engine/experiments/layer-speeds';

describe('layer speeds at initialisation (E3)', () => {
  it('rise layer by layer with a last/first ratio in the tens to hundreds, over several seeds', async () => {
    const data = await mnist('first1000');
    const ratios: number[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const speeds = layerSpeeds(createNetwork({ sizes: [784, 30, 30, 30, 30, 10], seed }), data);
      expect(speeds).toHaveLength(4);
      for (let l = 1; l < speeds.length; l++) expect(speeds[l]).toBeGreaterThan(speeds[l - 1]);
      ratios.push(speeds[3] / speeds[0]);
    }
    // The book reports about 96 for one unseeded draw; across seeds we see 90 to 200. Each ratio
    // must lie in the tens to hundreds, and the median within a factor of 3 of the book's.
    for (const r of ratios) expect(r).toBeGreaterThan(20), expect(r).toBeLessThan(1000);
    const median = [...ratios].sort((a, b) => a - b)[2];
    expect(median).toBeGreaterThan(96 / 3);
    expect(median).toBeLessThan(96 * 3);
    // The chapter's footnote on seeds: "between about 100 and 200 times more slowly ... depending
    // on the seed, where the book's one draw gave 96": 149, 117, 186, 118, 153 for seeds 1-5
    // (107-148 for seeds 6-10); "about" allows 90-220.
    for (const r of ratios) expect(r).toBeGreaterThan(90), expect(r).toBeLessThan(220);
  });

  it('is the norm of the mean gradient, not the mean of per-example norms', async () => {
    const data = await mnist('first1000');
    const net = createNetwork({ sizes: [784, 30, 30, 10], seed: 1 });
    const g = meanGradients(net, data);
    expect(layerSpeeds(net, data)).toEqual([norm(g.biases[0]), norm(g.biases[1])]);
  });

  it('the experiment returns the same numbers as the engine call', async () => {
    const r = (await runExperiment('layer-speeds', { sizes: '784,30,30,10', seed: 2 }, mnist)) as { speeds: number[]; ratio: number };
    const direct = layerSpeeds(createNetwork({ sizes: [784, 30, 30, 10], seed: 2 }), await mnist('first1000'));
    expect(r.speeds).toEqual(direct);
    expect(r.ratio).toBeCloseTo(direct[1] / direct[0], 12);
  });
});

// What the paragraph after Figure 3 says about its two menus, for four hidden layers and the
// seeds 1-6 (the figure's default and five more, so the words are not one draw's luck).
describe('the initialisation and activation menus of Figure 3, as the text describes them', () => {
  const ratios = async (init: string, activation: string) => {
    const out: number[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const r = (await runExperiment('layer-speeds', { init, activation, seed }, mnist)) as LayerSpeedsResult;
      out.push(r.ratio);
    }
    return out;
  };

  it('sigmoid: no initialiser cures it; the first layer stays "about ten times more slowly than the last, or worse"', async () => {
    // "About ten": the smallest ratio over every initialiser and seed must be above 8.
    for (const init of ['default', 'large', 'xavier', 'he']) {
      for (const q of await ratios(init, 'sigmoid')) expect(q, init).toBeGreaterThan(8);
    }
  });

  it('tanh: "a few times"; with Xavier "less than three"', async () => {
    for (const q of await ratios('default', 'tanh')) expect(q).toBeLessThan(10);
    for (const q of await ratios('xavier', 'tanh')) expect(q).toBeLessThan(3);
  });

  it('ReLU with He: "within a factor of about three"; ReLU with large weights: the first layer "tens of times faster"', async () => {
    for (const q of await ratios('he', 'relu')) {
      expect(q).toBeGreaterThan(1 / 3);
      expect(q).toBeLessThan(3);
    }
    for (const q of await ratios('large', 'relu')) {
      expect(1 / q).toBeGreaterThan(10);
      expect(1 / q).toBeLessThan(100);
    }
  });
});
