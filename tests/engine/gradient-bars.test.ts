// E2 on the real first 1,000 training images: the figure's numbers are the engine's mean bias
// gradients, the second hidden layer's gradients are larger than the first's for every seed we
// try, and the "neurons shown" control only trims the list.
import { describe, expect, it } from 'vitest';
import { createNetwork, meanGradients, norm, runExperiment } from '../../engine/index';
import type { GradientBarsResult } from '../../engine/experiments/gradient-bars';
import { mnist } from './helpers';

const run = (params: Record<string, unknown>) => runExperiment('gradient-bars', params, mnist) as Promise<GradientBarsResult>;

describe('gradient bars at initialisation (E2)', () => {
  it('are exactly the engine\'s meanGradients biases for the same seed and initialiser', async () => {
    const data = await mnist('first1000');
    for (const [seed, init] of [[1, 'default'], [7, 'large'], [3, 'xavier']] as const) {
      const r = await run({ seed, init, shown: 30 });
      const g = meanGradients(createNetwork({ sizes: [784, 30, 30, 10], seed, init }), data, 'cross-entropy');
      expect(r.layers).toHaveLength(2);
      for (const l of [0, 1]) {
        // Same code path, same float64 operations: bit-identical, so exact equality.
        expect(r.layers[l].grads).toEqual(Array.from(g.biases[l]));
        expect(r.layers[l].speed).toBe(norm(g.biases[l]));
        const meanAbs = Array.from(g.biases[l]).reduce((s, v) => s + Math.abs(v), 0) / 30;
        expect(r.layers[l].meanAbs).toBe(meanAbs);
        expect(r.layers[l].maxAbs).toBe(Math.max(...Array.from(g.biases[l], Math.abs)));
      }
    }
  });

  it('gradients are signed, finite and plain numbers (JSON-safe)', async () => {
    const r = await run({ seed: 1 });
    const all = r.layers.flatMap((l) => l.grads);
    expect(all.every(Number.isFinite)).toBe(true);
    expect(all.some((v) => v > 0) && all.some((v) => v < 0)).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('the second hidden layer\'s mean |dC/db| exceeds the first\'s, by a wide margin, over ten seeds', async () => {
    const ratios: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const r = await run({ seed, shown: 30 });
      ratios.push(r.layers[1].meanAbs / r.layers[0].meanAbs);
    }
    // Over seeds 1-20 we measured ratios from 3.6 to 8.1 (the book's speeds give about 4.4). Asking
    // for more than 2 on every seed keeps a margin of almost 2x below the smallest we saw, yet fails
    // at once if the layers were swapped or the gradients were not backpropagated (ratio <= 1).
    for (const ratio of ratios) expect(ratio).toBeGreaterThan(2);
    const median = [...ratios].sort((a, b) => a - b)[5];
    expect(median).toBeGreaterThan(3);
    expect(median).toBeLessThan(8);
    // The chapter: "Show all thirty and the pattern holds for every seed: the second hidden layer is
    // learning several times faster than the first". Several: at least 3 on each of these seeds.
    for (const ratio of ratios) expect(ratio).toBeGreaterThan(3);
  });

  it('the six bars drawn at first (seed 1): about four times as long on average, though not every one is longer; some seeds\' six look alike', async () => {
    const meanAbs = (g: number[]) => g.reduce((s, v) => s + Math.abs(v), 0) / g.length;
    const shown = async (seed: number) => {
      const r = await run({ seed });
      expect(r.shown).toBe(6);
      return { first: r.layers[0].grads, second: r.layers[1].grads };
    };
    const { first, second } = await shown(1);
    // "on average they are about four times as long": 4.18 for seed 1; "about four" allows 3-5.5.
    const ratio = meanAbs(second) / meanAbs(first);
    expect(ratio).toBeGreaterThan(3), expect(ratio).toBeLessThan(5.5);
    // "Not every bar in the second hidden layer is longer than every bar in the first": the
    // shortest second-layer bar (0.0039) is shorter than the longest first-layer bar (0.0206).
    expect(Math.min(...second.map(Math.abs))).toBeLessThan(Math.max(...first.map(Math.abs)));
    // "now and then the six drawn happen to look alike": seed 5's six average only 1.2 times
    // (below 2, where the thirty give more than 3 on every seed above).
    const five = await shown(5);
    expect(meanAbs(five.second) / meanAbs(five.first)).toBeLessThan(2);
  });

  it('speeds match the book\'s 0.07 and 0.31 in order of magnitude, and equal layer-speeds\' numbers', async () => {
    const r = await run({ seed: 2 });
    const ls = (await runExperiment('layer-speeds', { sizes: '784,30,30,10', seed: 2 }, mnist)) as { speeds: number[] };
    expect(r.layers.map((l) => l.speed)).toEqual(ls.speeds);
    // One unseeded draw in the book; a factor of 2 either way covers the seeds we tried.
    expect(r.layers[0].speed).toBeGreaterThan(0.07 / 2);
    expect(r.layers[0].speed).toBeLessThan(0.07 * 2);
    expect(r.layers[1].speed).toBeGreaterThan(0.31 / 2);
    expect(r.layers[1].speed).toBeLessThan(0.31 * 2);
  });

  it('changing the neurons shown changes only how many values come back, not the values', async () => {
    const all = await run({ seed: 4, shown: 30 });
    for (const shown of [1, 6, 17]) {
      const r = await run({ seed: 4, shown });
      expect(r.shown).toBe(shown);
      for (const l of [0, 1]) {
        expect(r.layers[l].grads).toEqual(all.layers[l].grads.slice(0, shown));
        expect(r.layers[l].speed).toBe(all.layers[l].speed);
        expect(r.layers[l].meanAbs).toBe(all.layers[l].meanAbs);
        expect(r.layers[l].maxAbs).toBe(all.layers[l].maxAbs);
      }
    }
  });

  it('rejects a neuron count outside 1..30 with a message that names the parameter', async () => {
    await expect(run({ shown: 31 })).rejects.toThrow(/shown: got 31, expected an integer from 1 to 30/);
    await expect(run({ shown: 0 })).rejects.toThrow(/shown/);
  });
});
