// E3 on the real first 1,000 training images: in [784, 30, 30, 30, 30, 10] each hidden layer
// learns faster than the one before, the last about a hundred times faster than the first.
import { describe, expect, it } from 'vitest';
import { createNetwork, layerSpeeds, meanGradients, norm, runExperiment } from '../../engine/index';
import { mnist } from './helpers';

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
