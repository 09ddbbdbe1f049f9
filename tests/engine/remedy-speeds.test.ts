// The remedy-speeds figure's experiment on the real first 1,000 training images: what each preset
// does to the ratio of the last hidden layer's speed to the first's, for 30 hidden layers of 30
// (the figure's default depth), as medians over seeds 1-3 so that no claim is one draw's luck.
// The ranges are wide on purpose: they separate "cured" (within a factor of 30 either way) from
// "vanishing" (thousands and more) and "exploding backwards" (below 1/1000), which is what the
// chapter's sentences about each preset say; seeds 1-9 gave the medians quoted in the comments.
import { describe, expect, it } from 'vitest';
import { createNetwork, layerSpeeds, runExperiment } from '../../engine/index';
import { createWorkspace, forwardBatch } from '../../engine/backprop';
import { createBatch } from '../../engine/batch';
import { fillBatch, identityOrder } from '../../engine/dataset';
import { PRESETS } from '../../engine/experiments/remedy-speeds';
import type { PresetName, RemedySpeedsResult } from '../../engine/experiments/remedy-speeds';
import { mnist } from './helpers';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[(v.length - 1) >> 1];

async function ratios(preset: PresetName, hidden = 30) {
  const { label: _label, ...p } = PRESETS[preset];
  const out: RemedySpeedsResult[] = [];
  for (const seed of [1, 2, 3]) out.push((await runExperiment('remedy-speeds', { ...p, hidden, seed }, mnist)) as RemedySpeedsResult);
  return { ratio: median(out.map((r) => r.ratio)), book: median(out.map((r) => r.bookRatio)), runs: out };
}

describe('remedy-speeds at 30 hidden layers', () => {
  it('the book\'s network: the first layer learns about 10^20 times more slowly than the last', async () => {
    const { ratio, book, runs } = await ratios('book');
    expect(ratio).toBe(book); // the preset is the reference itself
    // The chapter: "about 10^20 times as fast as its first (between 5 x 10^19 and 5 x 10^20 times
    // for each of the seeds 1, 2 and 3)", and later "the fall of twenty orders of magnitude".
    // Seeds 1, 2, 3 give 7.2e19, 2.0e20, 2.6e20 (7.2e19 to 1.3e21 over seeds 1-9).
    for (const r of runs) expect(r.ratio).toBeGreaterThan(5e19), expect(r.ratio).toBeLessThan(5e20);
    expect(runs[0].speeds).toHaveLength(30);
  });

  it('tanh with Xavier and ReLU with He keep every layer within a factor of 30 of the first', async () => {
    for (const preset of ['xavier', 'he'] as PresetName[]) {
      const { ratio } = await ratios(preset);
      // Medians about 4.1 (tanh, Xavier) and 3.3 (ReLU, He).
      expect(ratio, preset).toBeGreaterThan(1 / 30);
      expect(ratio, preset).toBeLessThan(30);
    }
  });

  it('tanh with Xavier: "nearly flat", the fastest and slowest of the 30 layers less than ten times apart, for each of the seeds 1-3', async () => {
    // The chapter: "its fastest and slowest layers less than ten times apart, for each of the
    // seeds 1, 2 and 3". Largest / smallest speed: 7.0, 7.6, 4.5 (the closest 1.3 times under
    // the bound); other seeds can go further (13.7 for seed 5, 26.9 for seed 7), which is why the
    // chapter names the seeds.
    const { runs } = await ratios('xavier');
    for (const r of runs) expect(Math.max(...r.speeds) / Math.min(...r.speeds)).toBeLessThan(10);
  });

  it('ReLU with He: the fastest and slowest of the 30 layers within a factor of a hundred, for each seed', async () => {
    // The chapter: "within a factor of a hundred of each other ... the spread moves between a few
    // and a few tens" with the seed. Largest / smallest speed over seeds 1-10: 4.8, 54, 16, 3.4,
    // 2.8, 4.7, 11, 2.5, 8.6, 3.0; the test takes seeds 1-3 (the widest of the ten among them).
    const { runs } = await ratios('he');
    const spreads = runs.map((r) => Math.max(...r.speeds) / Math.min(...r.speeds));
    for (const s of spreads) expect(s).toBeLessThan(100);
    expect(Math.min(...spreads)).toBeGreaterThan(2); // "a few": not equal speeds
    expect(Math.max(...spreads)).toBeGreaterThan(20); // "a few tens" does happen
  });

  it('batch norm alone leaves sigmoid layers tens of times apart, but not 10^20', async () => {
    const { runs } = await ratios('batch-norm');
    // The chapter: "still learns tens of times more slowly than the last, for each of the seeds 1,
    // 2 and 3". "Tens of times" is 10 to 100; seeds 1, 2, 3 give 42.8, 65.1, 27.4 (27-90 over
    // seeds 1-9), 2.7 times above the lower bound and 1.5 times below the upper.
    for (const r of runs) expect(r.ratio).toBeGreaterThan(10), expect(r.ratio).toBeLessThan(100);
    // "One step at the top: every hidden layer below the last learns at much the same pace as the
    // others, within a factor of 3, and the last alone stands out, more than ten times faster
    // than any of them." Seeds 1-3: 2.65, 2.73, 2.84 below; the last 27, 32, 23 times the fastest.
    for (const r of runs) {
      const below = r.speeds.slice(0, -1);
      expect(Math.max(...below) / Math.min(...below)).toBeLessThan(3);
      expect(r.speeds[r.speeds.length - 1] / Math.max(...below)).toBeGreaterThan(10);
    }
  });

  it('skips reverse the sigmoid network\'s imbalance; with ReLU and He they make the gradient explode backwards', async () => {
    const sigmoid = await ratios('residual');
    expect(sigmoid.ratio).toBeLessThan(1); // about 0.26: the first layer is now the faster
    expect(sigmoid.ratio).toBeGreaterThan(1e-3);
    const relu = await ratios('he-residual');
    expect(relu.ratio).toBeLessThan(1e-4); // about 4e-7: each skip block multiplies the gradient by about 1.7
  });

  it('returns the engine\'s own numbers for the configuration and for the book\'s network', async () => {
    const r = (await runExperiment('remedy-speeds', { hidden: 3, activation: 'tanh', init: 'orthogonal', gain: 1.5, norm: 'layer', residual: true, seed: 2 }, mnist)) as RemedySpeedsResult;
    const data = await mnist('first1000');
    const sizes = [784, 30, 30, 30, 10];
    expect(r.speeds).toEqual(layerSpeeds(createNetwork({ sizes, seed: 2, activation: 'tanh', init: 'orthogonal', gain: 1.5, norm: 'layer', residual: true }), data));
    expect(r.book).toEqual(layerSpeeds(createNetwork({ sizes, seed: 2 }), data));
  });

  it('refuses a gain without the orthogonal initialiser and depths outside 2-50', async () => {
    await expect(runExperiment('remedy-speeds', { init: 'he', gain: 2 }, mnist)).rejects.toThrow(/gain: applies only to init orthogonal/);
    await expect(runExperiment('remedy-speeds', { hidden: 51 }, mnist)).rejects.toThrow(/hidden: got 51/);
  });

  it('why the book\'s network fails although its weights follow Xavier\'s rule: the biases, and the sigmoid\'s slope (the chapter\'s two reasons)', async () => {
    const data = await mnist('first1000');
    const sizes = [784, ...Array(30).fill(30), 10];
    const run = async (params: Record<string, unknown>, seed: number) => ((await runExperiment('remedy-speeds', { hidden: 30, seed, ...params }, mnist)) as RemedySpeedsResult).ratio;
    const perLayer = (ratio: number) => ratio ** (1 / 29);
    for (const seed of [1, 2, 3]) {
      // "The first learns about a million times more slowly than the last in one and only a few
      // times in the other": tanh with the book's initialisation 1.3e6, 7.0e5, 1.8e6 for seeds 1-3;
      // tanh + Xavier 5.4, 7.6, 4.1. "About a million": 3e5-3e6; "a few": under 10.
      const book = await run({ activation: 'tanh' }, seed);
      expect(book).toBeGreaterThan(3e5), expect(book).toBeLessThan(3e6);
      expect(await run({ activation: 'tanh', init: 'xavier' }, seed)).toBeLessThan(10);
      // "With the book's weights and zero biases, the million falls to a few as well": 3.1, 5.4, 6.3.
      const tanh = createNetwork({ sizes, seed, activation: 'tanh' });
      for (const b of tanh.biases) b.fill(0);
      const s = layerSpeeds(tanh, data);
      expect(s[29] / s[0]).toBeLessThan(10);
      // "Zero biases alone bring that factor only from about five to about four" (sigmoid): 4.84,
      // 5.01, 5.06 per layer with the book's biases, 4.33, 4.35, 4.35 with zeros.
      const sigmoid = createNetwork({ sizes, seed });
      const withBiases = layerSpeeds(sigmoid, data);
      for (const b of sigmoid.biases) b.fill(0);
      const zeroBiases = layerSpeeds(sigmoid, data);
      expect(perLayer(withBiases[29] / withBiases[0])).toBeGreaterThan(4.5), expect(perLayer(withBiases[29] / withBiases[0])).toBeLessThan(5.5);
      expect(perLayer(zeroBiases[29] / zeroBiases[0])).toBeGreaterThan(3.7), expect(perLayer(zeroBiases[29] / zeroBiases[0])).toBeLessThan(4.5);
      // "With the 'large' N(0, 1) weights ... loses only a factor of about 1.6 per layer": 1.50,
      // 1.56, 1.59 (1.4-1.8 allowed), against the book's 4.8-5.1.
      const large = perLayer(await run({ init: 'large' }, seed));
      expect(large).toBeGreaterThan(1.4), expect(large).toBeLessThan(1.8);
    }
    // "On average about three times what its thirty weights contribute ... the mean square
    // activation of the layer below, which averages about 0.3 over the layers of the book's sigmoid
    // network": E[a^2] over the 1,000 images, averaged over the 30 hidden layers of the 30-layer
    // network, is 0.303, 0.301, 0.301 for seeds 1-3 (single layers range from 0.22 to 0.40). The
    // bounds 0.28-0.33 (0.3 within about 10 %) keep the bias's share 1 / E[a^2] between 3.0 and
    // 3.6, "about three times".
    const batch = createBatch(1000, 784);
    fillBatch(data, identityOrder(1000), 0, 1000, batch);
    for (const seed of [1, 2, 3]) {
      const net = createNetwork({ sizes, seed });
      const ws = createWorkspace(net, 1000);
      forwardBatch(net, batch, ws);
      let sum = 0;
      for (let l = 1; l <= 30; l++) {
        const a = ws.a[l].subarray(0, 30000);
        sum += a.reduce((t, v) => t + v * v, 0) / a.length;
      }
      expect(sum / 30, `seed ${seed}`).toBeGreaterThan(0.28), expect(sum / 30, `seed ${seed}`).toBeLessThan(0.33);
    }
  }, 60_000);
});
