// E4 on the real first 1,000 training images: speeds recorded before every full-batch update of
// [784, 30, 30, 30, 30, 10] (eta 0.1, lambda 5.0) keep the first hidden layer tens to hundreds of
// times slower than the last for all 500 epochs, fall steeply early on and then level off.
import { beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, layerSpeeds, runExperiment } from '../../engine/index';
import type { TrainingSpeedsResult } from '../../engine/experiments/training-speeds';
import { mnist } from './helpers';

const run = (params: Record<string, unknown>) => runExperiment('training-speeds', params, mnist) as Promise<TrainingSpeedsResult>;
const at = (r: TrainingSpeedsResult, epoch: number) => r.speeds.map((s) => s[epoch - 1]!);

describe('speeds during full-batch training (E4)', () => {
  let e4: TrainingSpeedsResult;
  const partials: TrainingSpeedsResult[] = [];
  beforeAll(async () => {
    // The book's run: 4 hidden layers, 500 epochs (about 5 s on the kernels here).
    e4 = (await runExperiment('training-speeds', {}, mnist, {
      onProgress: (_, p) => partials.push(p as TrainingSpeedsResult),
    })) as TrainingSpeedsResult;
  }, 240_000);

  it('records one speed per hidden layer for every one of the 500 epochs, all finite and positive', () => {
    expect(e4.diverged).toBeUndefined();
    expect(e4.epochs).toBe(500);
    expect(e4.speeds).toHaveLength(4);
    for (const s of e4.speeds) {
      expect(s).toHaveLength(500);
      for (const v of s) expect(v).toBeGreaterThan(0);
    }
  });

  it('keeps last/first between 30 and 300 throughout (checked at epoch 1 and every 50th)', () => {
    // The book: "roughly 100 times", its ratio wandering between about 50 and 140. Its run was
    // unseeded, so we allow a factor of ~2 more either way; seed 1 gives 60 to 150.
    for (const epoch of [1, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500]) {
      const s = at(e4, epoch);
      const ratio = s[3] / s[0];
      expect(ratio, `epoch ${epoch}`).toBeGreaterThan(30);
      expect(ratio, `epoch ${epoch}`).toBeLessThan(300);
      // and the layers stay in order: each learns faster than the one before it
      for (let l = 1; l < 4; l++) expect(s[l], `epoch ${epoch} layer ${l + 1}`).toBeGreaterThan(s[l - 1]);
    }
  });

  it('falls by more than an order of magnitude in every layer within 60 epochs, then flattens', () => {
    const first = at(e4, 1), e60 = at(e4, 60), e200 = at(e4, 200), last = at(e4, 500);
    for (let l = 0; l < 4; l++) {
      // Early: the chapter's "about two orders of magnitude during the first fifty or so epochs";
      // we ask for more than 30x by epoch 60 in every layer (seed 1: 69x to 169x; seeds 2-5 at
      // every depth: 56x to 318x by epoch 50).
      expect(first[l] / e60[l], `layer ${l + 1} early drop`).toBeGreaterThan(30);
      // Late: from epoch 200 to 500 the speed changes by less than a factor of 3 either way (seed 1:
      // 1.0 to 1.6), i.e. the curve is flat on the log scale next to the early fall.
      expect(e200[l] / last[l], `layer ${l + 1} late change`).toBeLessThan(3);
      expect(e200[l] / last[l], `layer ${l + 1} late change`).toBeGreaterThan(1 / 3);
    }
  });

  it('after the fall: with three or four hidden layers the speeds stay level or drift lower; with two they bottom out early and climb again', async () => {
    // The chapter's description of Figure 4 at its defaults (seed 1). Four hidden layers: e4.
    const e3 = await run({ sizes: '784,30,30,30,10' });
    for (const r of [e3, e4]) {
      r.speeds.forEach((s, l) => {
        const e100 = s[99]!, last = s[499]!;
        // "stay almost level or drift slowly lower": at the end no more than 10 % above epoch 100
        // (seed 1: 3 % above to 2x below), and less than 3x below, slow next to the early fall of 30x or more.
        expect(last, `${r.speeds.length} hidden, layer ${l + 1}`).toBeLessThan(1.1 * e100);
        expect(last, `${r.speeds.length} hidden, layer ${l + 1}`).toBeGreaterThan(e100 / 3);
      });
    }
    const e2 = await run({ sizes: '784,30,30,10' });
    e2.speeds.forEach((s, l) => {
      const v = s as number[];
      const lowest = Math.min(...v);
      // "lowest point within the first hundred epochs" (seed 1: epochs 54 and 73) "and then climb
      // again, several times over by the end" (seed 1: 5.7x and 4.4x; we ask for at least 3x).
      expect(v.indexOf(lowest), `layer ${l + 1}`).toBeLessThan(100);
      expect(v[499] / lowest, `layer ${l + 1}`).toBeGreaterThan(3);
    });
  }, 120_000);

  it('the text\'s description holds for seeds 2 and 3 too; with two hidden layers, some seeds\' curves cross after the early fall', async () => {
    // The paragraph describes the figure without naming a seed, and the reader can change it.
    // Seeds 2 and 3 (seed 1 is above): every layer falls more than 30x by epoch 60 (56x-252x);
    // with three or four hidden layers the end is within 20 % above epoch 100's speed ("almost
    // level": 0.97-1.11) or lower but not 3x lower ("drift slowly": down to 0.44), and the layers
    // never change order; with two, the lowest point comes before epoch 100 (37-66) and the end
    // is at least 3x above it (3.8x-6.7x).
    for (const seed of [2, 3]) {
      for (const sizes of ['784,30,30,10', '784,30,30,30,10', '784,30,30,30,30,10']) {
        const r = await run({ sizes, seed });
        const where = (l: number) => `seed ${seed}, ${r.speeds.length} hidden, layer ${l + 1}`;
        r.speeds.forEach((curve, l) => {
          const s = curve as number[];
          expect(s[0] / s[59], where(l)).toBeGreaterThan(30);
          if (r.speeds.length === 2) {
            const lowest = Math.min(...s);
            expect(s.indexOf(lowest), where(l)).toBeLessThan(100);
            expect(s[499] / lowest, where(l)).toBeGreaterThan(3);
          } else {
            expect(s[499], where(l)).toBeLessThan(1.2 * s[99]);
            expect(s[499], where(l)).toBeGreaterThan(s[99] / 3);
            if (l > 0) for (let e = 0; e < 500; e++) expect(s[e], `${where(l)}, epoch ${e + 1}`).toBeGreaterThan(r.speeds[l - 1][e]!);
          }
        });
      }
    }
    // "on some seeds the two curves meet and cross for a while after the early fall": seed 4's
    // two hidden layers swap places in 150 epochs, from epoch 77 to 226.
    const four = await run({ sizes: '784,30,30,10', seed: 4 });
    const crossed = four.speeds[0].flatMap((first, e) => (four.speeds[1][e]! <= first! ? [e + 1] : []));
    expect(crossed.length).toBeGreaterThan(10);
    expect(crossed[0]).toBeGreaterThan(50);
  }, 120_000);

  it('the first recorded speeds are E3\'s speeds at initialisation (the update used the mean gradient)', async () => {
    const e3 = layerSpeeds(createNetwork({ sizes: [784, 30, 30, 30, 30, 10], seed: 1 }), await mnist('first1000'));
    // Same sums in a different order (one batch of 1,000 vs chunks of 250): equal to 1e-12 relative.
    at(e4, 1).forEach((s, l) => expect(Math.abs(s / e3[l] - 1)).toBeLessThan(1e-12));
  });

  it('streams partial curves: each a prefix of the final one, growing', () => {
    expect(partials.length).toBeGreaterThan(10);
    const mid = partials[Math.floor(partials.length / 2)];
    expect(mid.epochs).toBeGreaterThan(0);
    expect(mid.epochs).toBeLessThan(500);
    mid.speeds.forEach((s, l) => expect(s).toEqual(e4.speeds[l].slice(0, mid.epochs)));
    for (let i = 1; i < partials.length; i++) expect(partials[i].epochs).toBeGreaterThanOrEqual(partials[i - 1].epochs);
  });

  it('same seed gives identical curves; another seed does not', async () => {
    const a = await run({ sizes: '784,30,30,10', epochs: 30, seed: 7 });
    const b = await run({ sizes: '784,30,30,10', epochs: 30, seed: 7 });
    const c = await run({ sizes: '784,30,30,10', epochs: 30, seed: 8 });
    expect(b.speeds).toEqual(a.speeds);
    expect(c.speeds[0]).not.toEqual(a.speeds[0]);
  }, 60_000);

  it('a learning rate so large that the weight decay overshoots diverges and says why', async () => {
    // eta * lambda / n = 1000 * 100 / 1000 = 100: each step multiplies every weight by 1 - 100 =
    // -99, so a weight of ~1 overflows 1.8e308 after log(1.8e308) / log(99) ~ 155 steps.
    const r = await run({ sizes: '784,30,30,10', eta: 1000, lambda: 100, epochs: 300 });
    expect(r.diverged).toBeDefined();
    expect(r.diverged!.epoch).toBeGreaterThan(140);
    expect(r.diverged!.epoch).toBeLessThan(170);
    expect(r.diverged!.message).toMatch(/became infinite in epoch \d+: .*weight-decay factor 1 − ηλ\/n is −99/);
    expect(r.epochs).toBe(r.diverged!.epoch); // the speeds stop where the run stopped
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // plain JSON: no NaN or Infinity hiding in it
  }, 60_000);

  it('what Figure 4\'s caption says: the curves never cross, and the gap widens with depth, from about four times falling under two (two hidden layers) to between about fifty and a hundred and fifty times (four)', async () => {
    // The caption's claims for the figure's defaults (500 epochs, seed 1) at each depth it offers.
    // "never cross": every layer is faster than the one before it at every epoch. Two hidden
    // layers, "about four times at first and under two for most of the run": 4.36 at the first
    // epoch (3-6 allowed), under 2 from epoch 82 on, 84 % of the epochs (more than half needed);
    // four, "between about fifty and a hundred and fifty times throughout": 57-149, within 45-190
    // at every epoch; "widens": the smallest ratio with one more layer exceeds the largest with one fewer.
    const ratios: number[][] = [];
    for (const sizes of ['784,30,30,10', '784,30,30,30,10']) {
      const r = await run({ sizes });
      for (let e = 0; e < r.epochs; e++) {
        for (let l = 1; l < r.speeds.length; l++) expect(r.speeds[l][e]!, `${sizes}, layer ${l + 1}, epoch ${e + 1}`).toBeGreaterThan(r.speeds[l - 1][e]!);
      }
      ratios.push(r.speeds[0].map((first, e) => r.speeds[r.speeds.length - 1][e]! / first!));
    }
    for (let e = 0; e < e4.epochs; e++) {
      for (let l = 1; l < 4; l++) expect(e4.speeds[l][e]!, `four hidden layers, layer ${l + 1}, epoch ${e + 1}`).toBeGreaterThan(e4.speeds[l - 1][e]!);
    }
    ratios.push(e4.speeds[0].map((first, e) => e4.speeds[3][e]! / first!));
    const [two, three, four] = ratios;
    expect(Math.min(...two)).toBeGreaterThan(1);
    expect(two[0]).toBeGreaterThan(3), expect(two[0]).toBeLessThan(6);
    expect(two.filter((q) => q < 2).length / two.length).toBeGreaterThan(0.5);
    expect(Math.min(...four)).toBeGreaterThan(45);
    expect(Math.max(...four)).toBeLessThan(190);
    expect(Math.min(...three)).toBeGreaterThan(Math.max(...two));
    expect(Math.min(...four)).toBeGreaterThan(Math.max(...three));
  }, 120_000);
});
