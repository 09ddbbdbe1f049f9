// The WebAssembly kernels against the TypeScript reference. The kernels do the reference's
// arithmetic in the reference's order (assembly/index.ts says how), so every comparison here is
// EXACT: a single differing bit anywhere fails. The one place where the order differs (layer 0's
// finiteness check) can only change which step a divergence is reported in, and the divergence
// test below shows it does not for the chapter's exploding run.
import { afterEach, describe, expect, it } from 'vitest';
import { createNetwork, createRng, evaluate, headOf, layerSpeeds, meanGradients, norm, sigmoid, train } from '../../engine/index';
import type { ActivationName, CostName, Dataset, Grads, Network, TrainOptions } from '../../engine/index';
import { activeBackend, kernelsRun, useBackend } from '../../engine/backend';
import { gradNorm } from '../../engine/backprop';
import type { Backend } from '../../engine/backend';
import { kernels, residentImageBytes } from '../../engine/kernels/index';
import { exp, tanh } from '../../engine/libm';
import { mnist } from './helpers';

afterEach(() => {
  useBackend('auto');
});

function withBackend<T>(b: Backend, fn: () => T): T {
  useBackend(b);
  try {
    return fn();
  } finally {
    useBackend('auto');
  }
}

async function withBackendAsync<T>(b: Backend, fn: () => Promise<T>): Promise<T> {
  useBackend(b);
  try {
    return await fn();
  } finally {
    useBackend('auto');
  }
}

/** Indices of the first few entries that differ (bitwise, NaN equal to NaN), with a name. */
function differences(name: string, a: ArrayLike<number>, b: ArrayLike<number>): string[] {
  const out: string[] = [];
  if (a.length !== b.length) return [`${name}: lengths ${a.length} and ${b.length}`];
  for (let i = 0; i < a.length && out.length < 3; i++) {
    if (!Object.is(a[i], b[i])) out.push(`${name}[${i}]: ${a[i]} vs ${b[i]}`);
  }
  return out;
}

function paramDifferences(a: { weights: Float64Array[]; biases: Float64Array[] }, b: { weights: Float64Array[]; biases: Float64Array[] }): string[] {
  return [
    ...a.weights.flatMap((w, l) => differences(`weights[${l}]`, w, b.weights[l])),
    ...a.biases.flatMap((v, l) => differences(`biases[${l}]`, v, b.biases[l])),
  ];
}

describe('the kernels are available where the tests run', () => {
  it('Node compiles the SIMD module, and auto picks it', () => {
    expect(kernels()).not.toBeNull();
    expect(activeBackend()).toBe('wasm');
    expect(withBackend('reference', activeBackend)).toBe('reference');
  });
});

/** The kernels' two-lane sigmoid on zs (padded to pairs) against activations.ts's, lane by lane: the lanes that differ. */
function sigmoidPairsDiffer(zs: number[]): string[] {
  const k = kernels()!;
  const xs = zs.length % 2 ? [...zs, 0.5] : zs;
  const z = k.alloc(xs.length * 8), a = k.alloc(xs.length * 8);
  new Float64Array(k.memory.buffer, z, xs.length).set(xs);
  k.sigmoidPairs(z, a, xs.length / 2);
  const out = new Float64Array(k.memory.buffer, a, xs.length).slice();
  k.free(a);
  k.free(z);
  return xs.flatMap((x, i) => (Object.is(out[i], sigmoid(x)) ? [] : [`sigmoid(${x}): ${out[i]} vs ${sigmoid(x)}`]));
}

describe('exp and tanh in WebAssembly equal libm.ts bit for bit', () => {
  it('on 200,000 inputs across every branch, the edges and the specials', () => {
    const k = kernels()!;
    const rng = createRng(11);
    const xs: number[] = [0, -0, 1, -1, NaN, Infinity, -Infinity, 709.78, 709.79, -745.13, -745.14, -708.4, -708.39, 0.34657359027997264, 1.0397207708399179, 3.7e-9, -3.7e-9, 22, 22.0001, 0.5, 0.4999999];
    for (let i = 0; i < 100_000; i++) xs.push((rng.uniform(0, 1) - 0.5) * 2 * 40); // the sigmoid's working range
    for (let i = 0; i < 100_000; i++) xs.push((rng.uniform(0, 1) - 0.5) * 2 * 1500); // overflow and subnormal results
    const bad = xs.filter((x) => !Object.is(k.exp(x), exp(x)) || !Object.is(k.tanh(x), tanh(x)));
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('the two-lane sigmoid of the forward pass equals activations.ts\'s sigmoid on every lane', () => {
    // Pairs mixing every path of exp (k = 0, k = +-1 without trunc, general k, and the rare
    // lanes that send a pair to the scalar code) in both lanes, plus a dense sweep across the
    // branch boundaries at ln2/2 and 3 ln2/2 where a wrong k would show first.
    const rng = createRng(12);
    const zs: number[] = [0, -0, 1e-9, -1e-9, 0.3465735902799726, -0.3465735902799726, 0.34657359027997264, 1.0397207708399179, -1.0397207708399179, 706.9, -706.9, 707.1, -707.1, 745, -746, NaN, Infinity, -Infinity];
    for (let i = 0; i < 20_000; i++) zs.push(0.3 + i * 0.0000375);
    for (let i = 0; i < 20_000; i++) zs.push(-(0.3 + i * 0.0000375));
    for (let i = 0; i < 100_000; i++) zs.push((rng.uniform(0, 1) - 0.5) * 2 * (rng.uniform(0, 1) < 0.9 ? 30 : 800));
    const bad = sigmoidPairsDiffer(zs);
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

describe('the two-lane sigmoid at its branch boundaries, ulp by ulp', () => {
  it('equals activations.ts\'s sigmoid on every double near each place where exp changes path', () => {
    // The vector code picks exp's k by one formula where the scalar code has three cases (k = 0
    // below ln2/2, k = +-1 up to 3 ln2/2 without trunc, trunc(x/ln2 +- 1/2) beyond), so a lane a
    // few ulps from a boundary is where a wrong k would show: every double within 20,000 ulps of
    // +-ln2/2, +-3 ln2/2, +-2^-28, +-707 and the first multiples of ln2/2, and within 2,000 of
    // each point (n - 1/2) ln2 where trunc's result steps (n = -40..40).
    const bits = new BigInt64Array(1);
    const asDouble = new Float64Array(bits.buffer);
    const around = (x: number, n: number) => {
      asDouble[0] = x;
      const b = bits[0];
      return Array.from({ length: 2 * n + 1 }, (_, d) => ((bits[0] = b + BigInt(d - n)), asDouble[0]));
    };
    const zs: number[] = [];
    for (const c of [0.34657359027997264, 1.0397207708399179, 3.725290298461914e-9, 707, Math.LN2, 2 * Math.LN2, 2.5 * Math.LN2, 3 * Math.LN2]) {
      for (const sign of [1, -1]) zs.push(...around(sign * c, 20_000));
    }
    for (let n = -40; n <= 40; n++) zs.push(...around((n - 0.5) * Math.LN2, 2_000));
    const bad = sigmoidPairsDiffer(zs);
    expect(zs.length).toBeGreaterThan(900_000);
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

describe('mean gradients: kernels equal the reference exactly', () => {
  const cases: { sizes: number[]; activation: ActivationName; cost: CostName; init?: 'default' | 'large' }[] = [
    { sizes: [784, 30, 30, 30, 30, 10], activation: 'sigmoid', cost: 'cross-entropy' },
    { sizes: [784, 30, 30, 10], activation: 'tanh', cost: 'quadratic' },
    { sizes: [784, 30, 30, 10], activation: 'relu', cost: 'cross-entropy', init: 'large' },
    // Odd widths reach every block size and scalar tail of every kernel.
    { sizes: [784, 31, 7, 5, 3, 10], activation: 'sigmoid', cost: 'quadratic' },
    { sizes: [784, 1, 10], activation: 'tanh', cost: 'cross-entropy' },
    // Layer 0 wider than its one-pass block of 30: the rest in its blocks of 16 and 14 and a scalar tail.
    { sizes: [784, 77, 10], activation: 'sigmoid', cost: 'cross-entropy' },
  ];
  for (const c of cases) {
    it(`[${c.sizes.join(', ')}] ${c.activation}, ${c.cost}`, async () => {
      // 301 images: one more than a chunk of 250 plus a ragged chunk.
      const images = headOf(await mnist('train'), 301);
      const net = createNetwork({ sizes: c.sizes, seed: 5, activation: c.activation, init: c.init ?? 'default' });
      const ref = withBackend('reference', () => meanGradients(net, images, c.cost));
      const fast = withBackend('wasm', () => meanGradients(net, images, c.cost));
      expect(paramDifferences(ref, fast)).toEqual([]);
      expect(ref.biases.flatMap((b) => [...b]).some((g) => g !== 0)).toBe(true);
    });
  }

  it('the kernel path matches central finite differences too (independent of the reference)', () => {
    // A small synthetic image set (bytes as MNIST stores them) and 'large' N(0, 1) weights, so the
    // gradients are far from zero. Central differences with h = 1e-5 have truncation error
    // ~h^2 |C'''| ~ 1e-10 and rounding error ~1e-16 / h ~ 1e-11 against gradients of order 1e-2
    // to 1: a relative 1e-6 is comfortably above both and far below any real mistake.
    const rng = createRng(3);
    const n = 8, nIn = 12;
    const pixels = Uint8Array.from({ length: n * nIn }, () => (rng.uniform(0, 1) < 0.4 ? 0 : Math.floor(rng.uniform(0, 1) * 256)));
    const labels = Uint8Array.from({ length: n }, () => Math.floor(rng.uniform(0, 1) * 4));
    const data: Dataset = { name: 'synthetic', n, nIn, pixels, labels, classes: 4 };
    const net = createNetwork({ sizes: [nIn, 5, 4, 4], seed: 9, init: 'large', activation: 'tanh' });
    const meanCost = (m: Network) => {
      const e = withBackend('wasm', () => evaluate(m, data, 'cross-entropy'));
      return e.cost;
    };
    const g = withBackend('wasm', () => meanGradients(net, data, 'cross-entropy'));
    const h = 1e-5;
    const worst: number[] = [];
    for (const [kind, arrays] of [['weights', net.weights], ['biases', net.biases]] as const) {
      arrays.forEach((arr, l) => {
        for (let i = 0; i < arr.length; i += 3) {
          const keep = arr[i];
          arr[i] = keep + h;
          const up = meanCost(net);
          arr[i] = keep - h;
          const down = meanCost(net);
          arr[i] = keep;
          const numeric = (up - down) / (2 * h);
          const analytic = (kind === 'weights' ? g.weights : g.biases)[l][i];
          worst.push(Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(analytic)));
        }
      });
    }
    expect(Math.max(...worst)).toBeLessThan(1e-6);
  });
});

describe('training: kernels equal the reference exactly', () => {
  async function both(net: () => Network, data: Dataset, opts: Omit<TrainOptions, 'signal'>) {
    const run = (b: Backend) => withBackendAsync(b, async () => {
      const n = net();
      const hooks: number[][] = [];
      const checkpoints: number[] = [];
      const result = await train(n, data, {
        ...opts,
        onGradient: opts.onGradient ? (g: Grads, m: number) => hooks.push(g.biases.slice(0, -1).map((b) => norm(b) / m)) : undefined,
        checkpoints: opts.checkpoints ? { ...opts.checkpoints, onCheckpoint: (c) => checkpoints.push(c.at, c.evaluation.accuracy, c.evaluation.cost) } : undefined,
      });
      return { net: n, result, hooks, checkpoints };
    });
    return { ref: await run('reference'), fast: await run('wasm') };
  }

  it('mini-batch SGD with L2, [784, 30, 30, 30, 30, 10], 2 epochs on 2,000 images, with checkpoints and validation', async () => {
    const data = headOf(await mnist('train'), 2000);
    const validation = headOf(await mnist('validation'), 500);
    const { ref, fast } = await both(() => createNetwork({ sizes: [784, 30, 30, 30, 30, 10], seed: 2 }), data, {
      epochs: 2, miniBatch: 10, eta: 0.1, lambda: 5, seed: 4, evaluation: validation,
      checkpoints: { perEpoch: 5, data: headOf(validation, 100), onCheckpoint: () => {} },
    });
    expect(paramDifferences(ref.net, fast.net)).toEqual([]);
    expect(fast.result).toEqual(ref.result);
    expect(fast.checkpoints).toEqual(ref.checkpoints);
    expect(fast.checkpoints.length).toBe(2 * 4 * 3); // 4 checkpoints inside each epoch, 3 numbers each
  });

  it('a ragged last mini-batch, tanh and the quadratic cost', async () => {
    const data = headOf(await mnist('train'), 1003);
    const { ref, fast } = await both(() => createNetwork({ sizes: [784, 17, 9, 10], seed: 8, activation: 'tanh' }), data, {
      epochs: 1, miniBatch: 7, eta: 0.3, lambda: 1, seed: 1, cost: 'quadratic',
    });
    expect(paramDifferences(ref.net, fast.net)).toEqual([]);
  });

  it('full-batch gradient descent with an onGradient hook (Figure 4\'s loop): same speeds every step', async () => {
    const data = headOf(await mnist('first1000'), 1000);
    const { ref, fast } = await both(() => createNetwork({ sizes: [784, 30, 30, 30, 30, 10], seed: 1 }), data, {
      epochs: 20, miniBatch: 1000, eta: 0.1, lambda: 5, seed: 1, onGradient: () => {},
    });
    expect(fast.hooks).toEqual(ref.hooks);
    expect(fast.hooks.length).toBe(20);
    expect(paramDifferences(ref.net, fast.net)).toEqual([]);
  });

  it('full-batch gradient descent without a hook (the command line\'s train with a mini-batch of all images), clipped or not: the reference\'s weights', async () => {
    // Without a hook, full batches go step by step as with one (keeping the batch filled and
    // regrouped from epoch to epoch) instead of through trainBatches, which refills every call;
    // the result must not depend on which, nor differ from the reference. A clip at 0.05 is active
    // (the first steps' mean gradients are longer), so its branch on this path is taken too.
    const data = headOf(await mnist('first1000'), 300);
    for (const clip of [0, 0.05]) {
      const { ref, fast } = await both(() => createNetwork({ sizes: [784, 30, 30, 10], seed: 2 }), data, {
        epochs: 8, miniBatch: 300, eta: 0.5, lambda: 1, seed: 1, clip,
      });
      expect(paramDifferences(ref.net, fast.net), `clip ${clip}`).toEqual([]);
      expect(fast.result).toEqual(ref.result);
    }
  });

  it('layer 0 by blocks of rows and tiles of pixels, at widths that split the batch differently', async () => {
    // For batches of 64 rows or more the kernels add layer 0's weight gradient one block of rows
    // at a time (as many rows as fit in 40 KB: 301 rows of 17 deltas, 96 of 53), each pixel
    // adding its rows in order, and its forward pass one tile of as many pixels of W0T at a
    // time, each row adding its pixels in order; layers wider than 53 take one block and one
    // tile (100 here). An entry dropped or added twice at a block's or tile's edge parts ways
    // with the reference at the first step. Batches of 400 rows of 17: blocks of 301 + 99;
    // 250 of 53: 96 + 96 + 58; 784 pixels: tiles of 301 (3, the last of 182) and 96 (9, the
    // last of 16). Also layer 0 as the output layer ([784, 10]) in batches of exactly 64 (the
    // smallest taken by pixel: 7 of them, then a ragged 52 taken row by row).
    // The premise: these widths do take blocks and tiles, or not, as said.
    const k = kernels()!;
    expect([17, 30, 53, 54, 100].map((w) => k.blockRows(w))).toEqual([301, 170, 96, 0, 0]);
    expect(k.columnsMin()).toBe(64);
    const data = headOf(await mnist('train'), 500);
    for (const [sizes, miniBatch] of [[[784, 17, 10], 400], [[784, 53, 10], 250], [[784, 100, 13, 10], 250], [[784, 10], 64]] as const) {
      const { ref, fast } = await both(() => createNetwork({ sizes: [...sizes], seed: 5 }), data, {
        epochs: 2, miniBatch, eta: 0.5, lambda: 1, seed: 3, onGradient: () => {},
      });
      expect(fast.hooks).toEqual(ref.hooks);
      expect(paramDifferences(ref.net, fast.net)).toEqual([]);
    }
  });

  it('full batches of 200 between evaluations of other images: the batch kept from step to step is filled again after each', async () => {
    // The kernels keep a full batch (and its by-pixel regrouping) from one epoch to the next;
    // evaluating the validation images in between overwrites the batch blocks, so a kept batch
    // that was not refilled would train on validation images and part ways with the reference.
    const data = headOf(await mnist('train'), 200);
    const validation = headOf(await mnist('validation'), 300);
    const { ref, fast } = await both(() => createNetwork({ sizes: [784, 30, 30, 10], seed: 3 }), data, {
      epochs: 6, miniBatch: 200, eta: 0.5, lambda: 1, seed: 2, evaluation: validation, onGradient: () => {},
    });
    expect(fast.hooks).toEqual(ref.hooks);
    expect(fast.result).toEqual(ref.result);
    expect(paramDifferences(ref.net, fast.net)).toEqual([]);
    // The run learned something (so equality is not two untouched networks): accuracy rose.
    const acc = fast.result.epochs.map((e) => e.evaluation!.accuracy);
    expect(acc[5]).toBeGreaterThan(acc[0]);
  });

  it('clipping by global norm (the exploding-clipping figure\'s run): same weights, same epochs, on the kernels', async () => {
    // ReLU with He's initialisation, ten hidden layers, eta 0.5: unclipped this blows up in the
    // first epoch; clipped at 0.5 it trains. The hook records each step's mean-gradient norm, so
    // the test also sees that clipping was active (norms above the threshold), not a no-op.
    const data = headOf(await mnist('first1000'), 1000);
    const validation = headOf(await mnist('validation'), 300);
    const net = () => createNetwork({ sizes: [784, ...Array(10).fill(30), 10], seed: 1, activation: 'relu', init: 'he' });
    expect(withBackend('wasm', () => kernelsRun(net()))).toBe(true);
    const opts = { epochs: 2, miniBatch: 10, eta: 0.5, lambda: 0, seed: 1, evaluation: validation, clip: 0.5 };
    const plain = await both(net, data, opts);
    expect(plain.ref.result.outcome).toBe('done');
    expect(paramDifferences(plain.ref.net, plain.fast.net)).toEqual([]);
    expect(plain.fast.result).toEqual(plain.ref.result);
    const norms: number[] = [];
    const hooked = await both(net, data, { ...opts, epochs: 1, onGradient: () => {} });
    expect(paramDifferences(hooked.ref.net, hooked.fast.net)).toEqual([]);
    expect(hooked.fast.hooks).toEqual(hooked.ref.hooks);
    await withBackendAsync('wasm', () => train(net(), data, { ...opts, epochs: 1, onGradient: (g, m) => norms.push(gradNorm(g) / m) }));
    expect(norms.filter((x) => x > 0.5).length).toBeGreaterThan(10);
  });

  describe('the second chapter\'s remedies, trained on the kernels', () => {
    // Every switch of network.ts trained both ways from the same start on the same mini-batches:
    // weights, biases, gains and batch norm's running averages must agree to the bit, and so must
    // every validation number (evaluation uses the running averages).
    const remedyDifferences = (a: Network, b: Network) => [
      ...paramDifferences(a, b),
      ...(a.gains ?? []).flatMap((g, l) => differences(`gains[${l}]`, g, b.gains![l])),
      ...(a.running?.mean ?? []).flatMap((g, l) => differences(`running mean[${l}]`, g, b.running!.mean[l])),
      ...(a.running?.variance ?? []).flatMap((g, l) => differences(`running variance[${l}]`, g, b.running!.variance[l])),
    ];
    const cases: { name: string; options: Parameters<typeof createNetwork>[0]; clip?: number; hook?: boolean }[] = [
      { name: 'sigmoid + batch norm, 8 hidden layers', options: { sizes: [784, ...Array(8).fill(30), 10], seed: 3, norm: 'batch' } },
      { name: 'tanh + layer norm, orthogonal weights', options: { sizes: [784, 30, 30, 30, 10], seed: 4, activation: 'tanh', init: 'orthogonal', gain: 1.2, norm: 'layer' } },
      { name: 'sigmoid + identity skips, 10 hidden layers', options: { sizes: [784, ...Array(10).fill(30), 10], seed: 5, residual: true } },
      { name: 'leaky ReLU + He + skips + batch norm, clipped, with the gradient hook', options: { sizes: [784, ...Array(6).fill(20), 10], seed: 6, activation: 'leaky-relu', init: 'he', residual: true, norm: 'batch' }, clip: 1, hook: true },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const data = headOf(await mnist('train'), 1005); // a ragged last mini-batch of 5
        const validation = headOf(await mnist('validation'), 300);
        const net = () => createNetwork(c.options);
        expect(withBackend('wasm', () => kernelsRun(net()))).toBe(true);
        const { ref, fast } = await both(net, data, {
          epochs: 2, miniBatch: 10, eta: 0.3, lambda: 1, seed: 2, evaluation: validation, clip: c.clip, onGradient: c.hook ? () => {} : undefined,
          checkpoints: { perEpoch: 2, data: headOf(validation, 100), onCheckpoint: () => {} },
        });
        expect(ref.result.outcome).toBe('done');
        expect(remedyDifferences(ref.net, fast.net)).toEqual([]);
        expect(fast.result).toEqual(ref.result);
        expect(fast.checkpoints).toEqual(ref.checkpoints);
        expect(fast.hooks).toEqual(ref.hooks);
        // The network learned (so the comparison is of a real run, not of two untouched copies).
        expect(ref.result.epochs[1].evaluation!.accuracy).toBeGreaterThan(0.3);
        // Outside training: mean gradients (batch norm over all 1,000 images as one batch), layer
        // speeds and evaluation of the trained network.
        const first = await mnist('first1000');
        const fresh = net();
        const grads = (b: Backend) => withBackend(b, () => meanGradients(fresh, first));
        const [g1, g2] = [grads('reference'), grads('wasm')];
        expect([...paramDifferences(g1, g2), ...(g1.gains ?? []).flatMap((g, l) => differences(`dgamma[${l}]`, g, g2.gains![l]))]).toEqual([]);
        expect(withBackend('wasm', () => layerSpeeds(fresh, first))).toEqual(withBackend('reference', () => layerSpeeds(fresh, first)));
        expect(withBackend('wasm', () => evaluate(ref.net, validation))).toEqual(withBackend('reference', () => evaluate(ref.net, validation)));
      });
    }
  });

  it('divergence is reported in the same epoch and layer', async () => {
    // eta * lambda / n = 50: the weight-decay factor is -49, so weights overflow within ~200 steps.
    const data = headOf(await mnist('first1000'), 100);
    const { ref, fast } = await both(() => createNetwork({ sizes: [784, 30, 30, 10], seed: 1 }), data, {
      epochs: 400, miniBatch: 100, eta: 1000, lambda: 5, seed: 1,
    });
    expect(ref.result.outcome).toBe('diverged');
    expect(fast.result).toEqual(ref.result);
  });

  it('evaluation and layer speeds agree exactly', async () => {
    const validation = headOf(await mnist('validation'), 1234);
    const net = createNetwork({ sizes: [784, 30, 30, 10], seed: 6 });
    expect(withBackend('wasm', () => evaluate(net, validation))).toEqual(withBackend('reference', () => evaluate(net, validation)));
    const first = await mnist('first1000');
    expect(withBackend('wasm', () => layerSpeeds(net, first))).toEqual(withBackend('reference', () => layerSpeeds(net, first)));
  });
});

describe('images as bytes', () => {
  it('the 50,000 training images take about 3 bytes per non-zero pixel in kernel memory, not 8 per pixel', async () => {
    const train = await mnist('train');
    const bytes = residentImageBytes(train);
    // ~19 % of MNIST's pixels are non-zero: 50,000 x 784 x 0.19 x 3 bytes ~ 22 MB. Bounds: below
    // the 39 MB of one byte per pixel, and above the 15 MB that 13 % non-zero would give.
    expect(bytes).toBeLessThan(50_000 * 784);
    expect(bytes).toBeGreaterThan(15e6);
  });
});
