// The remedies race on real MNIST (the first 2,000 training images for 2 epochs, 1,000
// validation images), 15 hidden layers, seed 1: the configurations' fates the chapter describes,
// a blow-up recorded without stopping the others, and the parts contract (each configuration on
// its own worker gives exactly the sequential numbers). The chapter's sentences are about the
// default race (10,000 images, 3 epochs), too long for a unit test: tests/content/chapter.test.ts
// checks them against the race the build computed for the page.
import { describe, expect, it } from 'vitest';
import { getExperiment, runExperiment, validate } from '../../engine/index';
import type { RemedyRaceResult } from '../../engine/experiments/remedy-race';
import { mnist } from './helpers';

const SMALL = { trainSize: 2000, epochs: 2 };
const run = async (params: Record<string, unknown>) => (await runExperiment('remedy-race', params, mnist)) as RemedyRaceResult;

describe('remedy-race', () => {
  it('defaults: the book\'s network stays near chance, batch norm and skips learn, ReLU + He + skips blows up and the race goes on', async () => {
    const r = await run(SMALL);
    expect(r.runs.map((x) => x.preset)).toEqual(['book', 'batch-norm', 'residual', 'he-residual']);
    const [book, bn, skips, relu] = r.runs;
    // Measured: 10.6 %, 69.6 %, 65.5 % after 2 epochs on 2,000 images; chance is about 10 %.
    expect(book.accuracy[1]).toBeLessThan(0.2);
    expect(bn.accuracy[1]).toBeGreaterThan(0.4);
    expect(skips.accuracy[1]).toBeGreaterThan(0.4);
    expect(relu.diverged?.message).toMatch(/became infinite in epoch 1: .*the gradient exploded/);
    // Four evaluations within each epoch on the 200-image subsample.
    expect(bn.checkpoints.map((c) => c.at)).toEqual([0.2, 0.4, 0.6, 0.8, 1.2, 1.4, 1.6, 1.8]);
  }, 120_000);

  it('each configuration as its own part, combined, equals the sequential race', async () => {
    const e = getExperiment('remedy-race');
    const raw = { ...SMALL, trainSize: 1000, epochs: 1, c: 'off', d: 'xavier' };
    const p = validate(e, raw);
    const parts = e.parts!(p);
    expect(parts.map((x) => x.params.a)).toEqual(['book', 'batch-norm', 'xavier']);
    const results = await Promise.all(parts.map((part) => runExperiment('remedy-race', part.params, mnist)));
    expect(e.combine!(p, results)).toStrictEqual(await run(raw));
  }, 120_000);

  it('refuses the same configuration twice', async () => {
    await expect(run({ a: 'he', b: 'he' })).rejects.toThrow(/each configuration may run once/);
  });
});
