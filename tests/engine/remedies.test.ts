// The second chapter's remedies in the engine: leaky ReLU, orthogonal initialisation, batch and
// layer normalisation, identity skips and gradient clipping. Backpropagation through each is
// checked against finite differences of the batch's mean cost (with batch norm the cost of one
// example depends on the others in its batch, so the cost is that of the whole batch in training
// mode); the normalisations' backward passes against the chain rule written out term by term.
import { describe, expect, it } from 'vitest';
import { costs, createNetwork, createRng, gradients, layerSpeeds } from '../../engine/index';
import type { ActivationName, Network } from '../../engine/index';
import type { NormName } from '../../engine/network';
import { cloneNetwork, NORM_EPSILON } from '../../engine/network';
import { createWorkspace, forwardBatch, normaliseBackward, updateRunningStatistics } from '../../engine/backprop';
import { batchFromArrays } from '../../engine/batch';
import { orthonormalise } from '../../engine/initialisers';
import { useBackend } from '../../engine/backend';
import { headOf } from '../../engine/dataset';
import { train } from '../../engine/train';
import { mnist } from './helpers';

/** Mean cross-entropy of the batch, forward in training mode (batch statistics). */
function batchCost(net: Network, xs: Float64Array[], ys: number[]): number {
  const ws = createWorkspace(net, xs.length);
  const out = forwardBatch(net, batchFromArrays(xs, ys), ws, 'train');
  const nOut = net.sizes[net.sizes.length - 1];
  let total = 0;
  for (let i = 0; i < xs.length; i++) for (let j = 0; j < nOut; j++) total += costs['cross-entropy'].fn(out[i * nOut + j], j === ys[i] ? 1 : 0);
  return total / xs.length;
}

/** Hidden z at least 0.01 from the leaky ReLU's kink (see gradients.test.ts for why), outputs unsaturated. */
function wellConditioned(net: Network, xs: Float64Array[]): boolean {
  const ws = createWorkspace(net, xs.length);
  forwardBatch(net, batchFromArrays(xs, xs.map(() => 0)), ws, 'train');
  const hidden = ws.z.slice(0, -1).flatMap((z) => Array.from(z.subarray(0, xs.length * 5), Math.abs));
  const output = Array.from(ws.z[ws.z.length - 1].subarray(0, xs.length * 3), Math.abs);
  return Math.min(...hidden) >= 0.01 && Math.max(...output) < 8;
}

const H = 1e-4;

describe('backpropagation through the remedies matches finite differences', () => {
  const cases: { activation: ActivationName; norm: NormName; residual: boolean; init: 'large' | 'orthogonal' }[] = [];
  for (const norm of ['none', 'batch', 'layer'] as NormName[]) {
    for (const residual of [false, true]) cases.push({ activation: 'tanh', norm, residual, init: 'large' });
  }
  cases.push({ activation: 'leaky-relu', norm: 'none', residual: false, init: 'large' });
  cases.push({ activation: 'leaky-relu', norm: 'batch', residual: true, init: 'orthogonal' });
  cases.push({ activation: 'sigmoid', norm: 'layer', residual: true, init: 'orthogonal' });

  for (const c of cases) {
    it(`${c.activation}, norm ${c.norm}, residual ${c.residual}, ${c.init} weights`, () => {
      // Three hidden layers of 5, so two skips and three normalised layers; six examples, so a
      // batch statistic is a real average. Gains and betas are moved off 1 and 0 first, or their
      // part of the chain rule would be tested only at a special point.
      const net = createNetwork({ sizes: [6, 5, 5, 5, 3], seed: 11, init: c.init, activation: c.activation, norm: c.norm, residual: c.residual, ...(c.init === 'orthogonal' ? { gain: 1.3 } : {}) });
      const rng = createRng(5);
      if (net.gains) {
        for (const g of net.gains) for (let j = 0; j < g.length; j++) g[j] = rng.uniform(0.5, 1.5);
        for (let l = 0; l < net.gains.length; l++) for (let j = 0; j < net.biases[l].length; j++) net.biases[l][j] = rng.uniform(-0.5, 0.5);
      }
      const draw = () => Array.from({ length: 6 }, () => Float64Array.from({ length: 6 }, () => rng.uniform(-1, 1)));
      let xs = draw();
      for (let tries = 0; !wellConditioned(net, xs); tries++) {
        expect(tries).toBeLessThan(1000);
        xs = draw();
      }
      const ys = [0, 2, 1, 2, 0, 1];
      const g = gradients(net, xs, ys);
      const params: [Float64Array, Float64Array][] = net.weights.flatMap((w, l) => [[w, g.weights[l]], [net.biases[l], g.biases[l]]] as [Float64Array, Float64Array][]);
      if (net.gains) net.gains.forEach((gain, l) => params.push([gain, g.gains![l]]));
      let worst = 0;
      let checked = 0;
      for (const [p, gp] of params) {
        for (let i = 0; i < p.length; i++) {
          const old = p[i];
          const at = (d: number) => {
            p[i] = old + d;
            const cost = batchCost(net, xs, ys);
            p[i] = old;
            return cost;
          };
          // Five-point difference, as in gradients.test.ts: error ~1e-11 absolute, so entries
          // below 1e-4 are held to 1e-9 absolute and the rest to 1e-6 relative. Normalisation
          // adds no rounding beyond a few ulps of the cost, which that budget covers.
          const fd = (8 * (at(H) - at(-H)) - (at(2 * H) - at(-2 * H))) / (12 * H);
          if (Math.abs(fd) < 1e-4) expect(Math.abs(gp[i] - fd)).toBeLessThan(1e-9);
          else {
            worst = Math.max(worst, Math.abs(gp[i] - fd) / Math.max(Math.abs(gp[i]), Math.abs(fd)));
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(40);
      expect(worst).toBeLessThan(1e-6);
    });
  }

  it('a normalised layer\'s bias (beta) receives no gradient through W: its mean dC/du over the batch is 0', () => {
    // Batch norm subtracts the batch mean, so adding a constant to u changes nothing: sum_i dC/du_ij = 0.
    const net = createNetwork({ sizes: [6, 5, 3], seed: 2, norm: 'batch' });
    const rng = createRng(9);
    const xs = Array.from({ length: 8 }, () => Float64Array.from({ length: 6 }, () => rng.uniform(0, 1)));
    const ws = createWorkspace(net, 8);
    forwardBatch(net, batchFromArrays(xs, xs.map(() => 1)), ws, 'train');
    const d = Float64Array.from({ length: 8 * 5 }, () => rng.uniform(-1, 1));
    const du = new Float64Array(8 * 5);
    normaliseBackward(net, 0, ws, 8, d, du);
    for (let j = 0; j < 5; j++) {
      let s = 0;
      for (let i = 0; i < 8; i++) s += du[i * 5 + j];
      expect(Math.abs(s)).toBeLessThan(1e-14);
    }
  });
});

describe('the normalisations\' backward passes against the chain rule term by term', () => {
  for (const norm of ['batch', 'layer'] as NormName[]) {
    it(`${norm} norm: dC/du_k = sum_i g_i dxhat_i/du_k with g = delta * gamma`, () => {
      const m = 7, n = 5;
      const net = createNetwork({ sizes: [4, n, 3], seed: 3, norm });
      const rng = createRng(17);
      for (let j = 0; j < n; j++) net.gains![0][j] = rng.uniform(0.5, 2);
      const xs = Array.from({ length: m }, () => Float64Array.from({ length: 4 }, () => rng.uniform(-1, 1)));
      const ws = createWorkspace(net, m);
      forwardBatch(net, batchFromArrays(xs, xs.map(() => 0)), ws, 'train');
      const u = ws.u[0].slice(0, m * n);
      const d = Float64Array.from({ length: m * n }, () => rng.uniform(-1, 1));
      const du = new Float64Array(m * n);
      normaliseBackward(net, 0, ws, m, d, du);
      // The groups normalised together: a neuron over the batch, or an example over the layer.
      const groups: number[][] = norm === 'batch'
        ? Array.from({ length: n }, (_, j) => Array.from({ length: m }, (_, i) => i * n + j))
        : Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => i * n + j));
      for (const idx of groups) {
        const N = idx.length;
        const mean = idx.reduce((s, t) => s + u[t], 0) / N;
        const variance = idx.reduce((s, t) => s + (u[t] - mean) ** 2, 0) / N;
        const sd = Math.sqrt(variance + NORM_EPSILON);
        const xhat = idx.map((t) => (u[t] - mean) / sd);
        const gamma = (t: number) => net.gains![0][t % n];
        // dxhat_i/du_k = (1/sd)(delta_ik - 1/N) - (u_i - mean)(u_k - mean) / (N sd^3)
        idx.forEach((tk, k) => {
          let direct = 0;
          idx.forEach((ti, i) => {
            const jac = ((i === k ? 1 : 0) - 1 / N) / sd - (xhat[i] * xhat[k]) / (N * sd);
            direct += d[ti] * gamma(ti) * jac;
          });
          // Both sum a handful of terms of size ~1; 1e-12 is a few thousand ulps.
          expect(Math.abs(du[tk] - direct)).toBeLessThan(1e-12);
        });
      }
    });
  }
});

describe('orthogonal initialisation', () => {
  it('gives orthonormal rows (narrowing layers) or columns (widening layers), times the gain', () => {
    for (const [rows, cols] of [[30, 784], [30, 30], [10, 30], [100, 30]]) {
      const net = createNetwork({ sizes: [cols, rows], seed: 4, init: 'orthogonal', gain: 2 });
      const w = net.weights[0];
      const byRows = rows <= cols;
      const count = byRows ? rows : cols, len = byRows ? cols : rows;
      const at = (v: number, i: number) => (byRows ? w[v * cols + i] : w[i * cols + v]);
      for (let a = 0; a < count; a++) {
        for (let b = 0; b <= a; b++) {
          let dot = 0;
          for (let i = 0; i < len; i++) dot += at(a, i) * at(b, i);
          // Modified Gram-Schmidt on well-conditioned Gaussian matrices keeps orthogonality to
          // ~1e-15 per pair; 1e-12 leaves room for 784-long sums.
          expect(Math.abs(dot - (a === b ? 4 : 0))).toBeLessThan(1e-12);
        }
      }
      expect(Array.from(net.biases[0]).every((b) => b === 0)).toBe(true);
    }
  });

  it('rejects a degenerate matrix and a gain for another initialiser', () => {
    expect(() => orthonormalise(new Float64Array(4), 2, 2)).toThrow(/degenerate/);
    expect(() => createNetwork({ sizes: [4, 3], seed: 1, init: 'he', gain: 2 })).toThrow(/only to the orthogonal/);
  });
});

describe('network switches: construction and errors', () => {
  it('keeps the book\'s networks exactly as before when no remedy is on', () => {
    const a = createNetwork({ sizes: [784, 30, 30, 10], seed: 1 });
    const b = createNetwork({ sizes: [784, 30, 30, 10], seed: 1, norm: 'none', residual: false });
    expect(b).toEqual(a);
    expect('gains' in a || 'norm' in a || 'residual' in a).toBe(false);
  });

  it('starts normalised layers with gamma = 1, beta = 0 and running statistics (0, 1); the output layer keeps its drawn bias', () => {
    const net = createNetwork({ sizes: [784, 30, 30, 10], seed: 1, norm: 'batch' });
    expect(net.gains!.map((g) => Array.from(new Set(g)))).toEqual([[1], [1]]);
    expect(net.biases.slice(0, 2).every((b) => b.every((v) => v === 0))).toBe(true);
    expect(net.biases[2].some((v) => v !== 0)).toBe(true);
    expect(net.running!.variance.every((v) => v.every((x) => x === 1))).toBe(true);
  });

  it('says why a residual network needs equal widths and rejects an unknown norm', () => {
    expect(() => createNetwork({ sizes: [784, 30, 20, 10], seed: 1, residual: true })).toThrow(/hidden layer 2 has 20 neurons, layer 1 has 30/);
    expect(() => createNetwork({ sizes: [784, 100, 30, 30, 10], seed: 1, residual: true })).toThrow(/equal widths/);
    expect(() => createNetwork({ sizes: [784, 100, 30, 10], seed: 1, residual: true })).toThrow(/equal widths/);
    expect(() => createNetwork({ sizes: [784, 30, 10], seed: 1, residual: true })).not.toThrow(); // one hidden layer: no skip
    expect(() => createNetwork({ sizes: [4, 3], seed: 1, norm: 'group' as NormName })).toThrow(/unknown norm "group"/);
  });
});

describe('batch norm in training and evaluation', () => {
  it('moves the running averages by 0.1 of the batch statistics (variance unbiased) and evaluates with them', () => {
    const net = createNetwork({ sizes: [3, 2, 2], seed: 5, norm: 'batch' });
    const xs = [[0, 0, 1], [1, 0, 0], [0, 1, 1], [1, 1, 0]].map((r) => Float64Array.from(r));
    const ws = createWorkspace(net, 4);
    forwardBatch(net, batchFromArrays(xs, [0, 1, 0, 1]), ws, 'train');
    const u = ws.u[0];
    updateRunningStatistics(net, ws, 4);
    for (let j = 0; j < 2; j++) {
      const col = [0, 1, 2, 3].map((i) => u[i * 2 + j]);
      const mean = col.reduce((s, v) => s + v, 0) / 4;
      const unbiased = col.reduce((s, v) => s + (v - mean) ** 2, 0) / 3;
      expect(net.running!.mean[0][j]).toBeCloseTo(0.1 * mean, 14);
      expect(net.running!.variance[0][j]).toBeCloseTo(0.9 + 0.1 * unbiased, 14);
    }
    // In evaluation an example's output no longer depends on the rest of its batch.
    const alone = forwardBatch(net, batchFromArrays([xs[0]], [0]), createWorkspace(net, 1), 'eval').slice();
    const together = forwardBatch(net, batchFromArrays(xs, [0, 1, 0, 1]), createWorkspace(net, 4), 'eval').slice(0, 2);
    expect(Array.from(alone)).toEqual(Array.from(together));
  });

  it('makes a layer\'s speed blind to the scale of its weights (the batchnorm-scale figure\'s claim)', async () => {
    const data = headOf(await mnist('first1000'), 200);
    for (const norm of ['none', 'batch'] as NormName[]) {
      const net = createNetwork({ sizes: [784, 30, 30, 30, 10], seed: 1, norm });
      const base = layerSpeeds(net, data);
      const scaled = cloneNetwork(net);
      for (let i = 0; i < scaled.weights[1].length; i++) scaled.weights[1][i] *= 10;
      const after = layerSpeeds(scaled, data);
      if (norm === 'batch') {
        // u scales by 10 and so does its standard deviation: x-hat changes only through eps
        // (1e-5 against variances of order 0.1-1), so every speed moves by well under 1e-3.
        after.forEach((s, l) => expect(Math.abs(s / base[l] - 1)).toBeLessThan(1e-3));
      } else {
        // Without normalisation the scaled layer saturates its sigmoids and the speeds below it
        // change by large factors.
        expect(Math.abs(after[0] / base[0] - 1)).toBeGreaterThan(0.5);
      }
    }
  });

  it('refuses mini-batches of one, where every normalised value is 0', async () => {
    const data = headOf(await mnist('first1000'), 20);
    const net = createNetwork({ sizes: [784, 30, 10], seed: 1, norm: 'batch' });
    await expect(train(net, data, { epochs: 1, miniBatch: 1, eta: 0.1, lambda: 0, seed: 1 })).rejects.toThrow(/at least 2 examples/);
  });
});

describe('gradient clipping by global norm', () => {
  it('caps each step: with lambda = 0 the parameters move by exactly eta * clip when the gradient is larger', async () => {
    const data = headOf(await mnist('first1000'), 10);
    const net = createNetwork({ sizes: [784, 30, 10], seed: 3, init: 'large' });
    const before = cloneNetwork(net);
    let gradientNorm = 0;
    await train(net, data, {
      epochs: 1, miniBatch: 10, eta: 0.5, lambda: 0, seed: 1, clip: 0.01,
      onGradient: (g, m) => {
        let s = 0;
        for (const a of [...g.weights, ...g.biases]) for (const v of a) s += (v / m) ** 2;
        gradientNorm = Math.sqrt(s);
      },
    });
    expect(gradientNorm).toBeGreaterThan(0.01); // the hook sees the unclipped gradient
    let moved = 0;
    net.weights.forEach((w, l) => w.forEach((v, i) => (moved += (v - before.weights[l][i]) ** 2)));
    net.biases.forEach((b, l) => b.forEach((v, j) => (moved += (v - before.biases[l][j]) ** 2)));
    // One step of length eta * clip = 0.005, up to rounding in the update (~1e-16 per parameter).
    expect(Math.sqrt(moved)).toBeCloseTo(0.005, 12);
  });

  it('rejects a negative threshold', async () => {
    const data = headOf(await mnist('first1000'), 10);
    const net = createNetwork({ sizes: [784, 30, 10], seed: 3 });
    await expect(train(net, data, { epochs: 1, miniBatch: 10, eta: 0.5, lambda: 0, seed: 1, clip: -1 })).rejects.toThrow(/clip must be 0/);
  });
});

describe('which implementation runs the remedies', () => {
  it('leaky ReLU runs on the kernels with the reference\'s numbers bit for bit', async () => {
    const data = headOf(await mnist('first1000'), 300);
    const speeds = (backend: 'wasm' | 'reference') => {
      useBackend(backend);
      try {
        return layerSpeeds(createNetwork({ sizes: [784, 30, 30, 30, 10], seed: 2, init: 'he', activation: 'leaky-relu' }), data);
      } finally {
        useBackend('auto');
      }
    };
    expect(speeds('wasm')).toEqual(speeds('reference'));
  });

  it('normalised, residual and clipped runs fall back to the reference and give its numbers wherever the kernels exist', async () => {
    const data = headOf(await mnist('first1000'), 100);
    const run = async (backend: 'wasm' | 'reference') => {
      useBackend(backend);
      try {
        const net = createNetwork({ sizes: [784, 20, 20, 20, 10], seed: 4, norm: 'layer', residual: true });
        await train(net, data, { epochs: 1, miniBatch: 10, eta: 0.1, lambda: 1, seed: 2, clip: 1 });
        return Array.from(net.weights[2]);
      } finally {
        useBackend('auto');
      }
    };
    expect(await run('wasm')).toEqual(await run('reference'));
  });
});
