// The batchnorm-scale figure's experiment on the first 1,000 training images, seed 1: scaling one
// layer's weights moves the speeds of a plain network by large factors and those of the same
// network with batch norm by almost nothing (only eps = 1e-5 against variances of order 0.1-1
// separates k u from u after normalising).
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../engine/index';
import type { BatchnormScaleResult } from '../../engine/experiments/batchnorm-scale';
import { mnist } from './helpers';

const run = async (params: Record<string, unknown> = {}) => (await runExperiment('batchnorm-scale', params, mnist)) as BatchnormScaleResult;

describe('batchnorm-scale', () => {
  for (const [name, params] of [
    ['ReLU, He, k = 5 (the default)', {}],
    ['sigmoid, book initialisation, k = 5', { activation: 'sigmoid', init: 'default' }],
    ['ReLU, He, k = 0.2, the last of 6 layers', { k: 0.2, hidden: 6, layer: 6 }],
  ] as const) {
    it(`${name}: plain speeds move by more than 20 %, batch-norm speeds by less than 0.1 %`, async () => {
      const r = await run(params);
      const change = (ratio: number[]) => Math.max(...ratio.map((q) => Math.abs(Math.log(q))));
      // Measured: plain up to x7.8 (ReLU), x3.6 (sigmoid), x0.13 (k = 0.2); batch norm within 2e-4.
      expect(change(r.none.ratio)).toBeGreaterThan(Math.log(1.2));
      expect(change(r.batch.ratio)).toBeLessThan(1e-3);
      expect(r.none.before).toHaveLength(r.sizes.length - 2);
    });
  }

  it('refuses a scaled layer deeper than the network', async () => {
    await expect(run({ hidden: 3, layer: 5 })).rejects.toThrow(/layer: got 5, but the network has only 3 hidden layers/);
  });
});
