// The estimate the chapter's main argument rests on ("Why the gradient vanishes" and "Unstable
// gradients in more complex networks"), checked on the book's own network at initialisation with
// the real first 1,000 training images: the weighted sums, the root-mean-square slope, and the
// factor per layer it predicts against the speeds the engine measures.
import { describe, expect, it } from 'vitest';
import { createNetwork, createRng, layerSpeeds, sigmoid, sigmoidPrime } from '../../engine/index';
import { mnist } from './helpers';

const SIZES = [784, 30, 30, 30, 30, 10];
const SEEDS = [1, 2, 3, 4, 5];

/** Per hidden layer: mean over images and neurons of (sum_k w_jk a_k)^2, and rms sigma'(z). A forward pass written here. */
function hiddenStatistics(seed: number, pixels: Uint8Array, n: number) {
  const net = createNetwork({ sizes: SIZES, seed });
  const H = SIZES.length - 2;
  const sumWa2 = new Array(H).fill(0);
  const sumSp2 = new Array(H).fill(0);
  for (let i = 0; i < n; i++) {
    let a = Array.from(pixels.subarray(i * 784, (i + 1) * 784), (p) => p / 255);
    for (let l = 0; l < H; l++) {
      const nIn = SIZES[l];
      const next: number[] = [];
      for (let j = 0; j < SIZES[l + 1]; j++) {
        let s = 0;
        for (let k = 0; k < nIn; k++) s += net.weights[l][j * nIn + k] * a[k];
        const z = s + net.biases[l][j];
        sumWa2[l] += s * s;
        sumSp2[l] += sigmoidPrime(z) ** 2;
        next.push(sigmoid(z));
      }
      a = next;
    }
  }
  const count = n * 30;
  return { wa2: sumWa2.map((v) => v / count), rmsSlope: sumSp2.map((v) => Math.sqrt(v / count)) };
}

describe('the variance estimate of the chapter', () => {
  it('weighted sums of 0.1 to 0.4, an rms slope of about 0.2, and so a factor of about five per layer', async () => {
    const data = await mnist('first1000');
    const perLayer: number[] = [];
    for (const seed of SEEDS) {
      const net = createNetwork({ sizes: SIZES, seed });
      const { wa2, rmsSlope } = hiddenStatistics(seed, data.pixels, data.n);
      // "the weighted sum of its inputs between about 0.1 and 0.4": "about" taken as 10 %, so every
      // layer's mean square must lie within 0.09 to 0.44 (measured 0.12 to 0.41 for these seeds).
      for (const v of wa2) expect(v).toBeGreaterThan(0.09), expect(v).toBeLessThan(0.44);
      // "the root-mean-square value of sigma'(z) is about 0.2": within 10 %, 0.18 to 0.22 (measured
      // 0.19 to 0.22). A Gaussian z of variance 0.6 to 3 gives 0.22 to 0.18 by quadrature, so
      // this checks the slope, not the exact spread of z.
      for (const v of rmsSlope) expect(v).toBeGreaterThan(0.18), expect(v).toBeLessThan(0.225);
      const speeds = layerSpeeds(net, data);
      perLayer.push((speeds[3] / speeds[0]) ** (1 / 3));
    }
    // "each layer back divides the speed by about five": the per-layer factor the engine measures,
    // (last / first)^(1/3), is 4.9 to 5.8 for these seeds; its median must lie within 4 to 6.5.
    const median = [...perLayer].sort((a, b) => a - b)[2];
    expect(median).toBeGreaterThan(4);
    expect(median).toBeLessThan(6.5);
  });
});

describe('the median of a product of random weights (the unstable-product figure\'s aside)', () => {
  it('for N(0, 1) weights the mean of ln|w| is about -0.64, so thirty of them multiply to a median of about e^-19, some 10^-8', () => {
    // Exactly: E ln|Z| = -(gamma + ln 2) / 2 = -0.6352 for a standard normal Z. Sampled with the
    // engine's own generator: 20,000 chains of 30 weights; the mean's standard error is about
    // 1.1 / sqrt(600,000) = 0.0014, so 0.01 is seven of them; the median of the chains' log10
    // products has a standard error of about 0.04, against the 0.5 allowed.
    const rng = createRng(7);
    const chains = 20_000, depth = 30;
    let sum = 0;
    const logProducts: number[] = [];
    for (let c = 0; c < chains; c++) {
      let log = 0;
      for (let k = 0; k < depth; k++) log += Math.log(Math.abs(rng.gaussian()));
      sum += log;
      logProducts.push(log);
    }
    const meanLog = sum / (chains * depth);
    expect(Math.abs(meanLog - -(0.5772156649 + Math.LN2) / 2)).toBeLessThan(0.01);
    expect(meanLog.toFixed(2)).toBe('-0.64'); // the chapter's "about -0.64"
    logProducts.sort((a, b) => a - b);
    const medianLn = logProducts[chains / 2];
    expect(Math.abs(medianLn - -19)).toBeLessThan(0.5 * Math.LN10); // "about e^-19"
    expect(Math.round(medianLn / Math.LN10)).toBe(-8); // "some 10^-8"
  });
});

