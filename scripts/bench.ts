/**
 * npm run bench: how fast the engine trains, measured here and now. Prints medians over repeated
 * runs, the machine they ran on, and the ratio to a plain one-example-at-a-time implementation of
 * the same maths (the shape of Nielsen's network.py), measured in the same run. Writes the numbers
 * to bench-results/latest.json. Performance claims live here, never in timed unit tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createNetwork, headOf, layerSpeeds, train } from '../engine/index';
import type { Dataset, Network } from '../engine/index';
import { exp } from '../engine/libm';
import { loadSplitFromDisk } from '../engine/node-data';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** One SGD epoch computed example by example with fresh arrays: the textbook loop, for contrast. */
function plainEpoch(net: Network, data: Dataset, miniBatch: number, eta: number, lambda: number): void {
  const L = net.sizes.length - 1;
  const sig = (z: number) => 1 / (1 + exp(-z));
  for (let start = 0; start < data.n; start += miniBatch) {
    const gW = net.weights.map((w) => new Float64Array(w.length));
    const gB = net.biases.map((b) => new Float64Array(b.length));
    const end = Math.min(data.n, start + miniBatch);
    for (let e = start; e < end; e++) {
      const acts: Float64Array[] = [Float64Array.from(data.pixels.subarray(e * data.nIn, (e + 1) * data.nIn), (p) => p / 255)];
      for (let l = 0; l < L; l++) {
        const nIn = net.sizes[l], nOut = net.sizes[l + 1], a = new Float64Array(nOut);
        for (let j = 0; j < nOut; j++) {
          let z = net.biases[l][j];
          for (let k = 0; k < nIn; k++) z += net.weights[l][j * nIn + k] * acts[l][k];
          a[j] = sig(z);
        }
        acts.push(a);
      }
      let delta = Float64Array.from(acts[L], (a, j) => a - (j === data.labels[e] ? 1 : 0));
      for (let l = L - 1; l >= 0; l--) {
        const nIn = net.sizes[l], nOut = net.sizes[l + 1];
        for (let j = 0; j < nOut; j++) {
          gB[l][j] += delta[j];
          for (let k = 0; k < nIn; k++) gW[l][j * nIn + k] += delta[j] * acts[l][k];
        }
        if (l > 0) {
          const prev = new Float64Array(nIn);
          for (let k = 0; k < nIn; k++) {
            let s = 0;
            for (let j = 0; j < nOut; j++) s += net.weights[l][j * nIn + k] * delta[j];
            prev[k] = s * acts[l][k] * (1 - acts[l][k]);
          }
          delta = prev;
        }
      }
    }
    const m = end - start;
    for (let l = 0; l < L; l++) {
      for (let i = 0; i < gW[l].length; i++) net.weights[l][i] = (1 - (eta * lambda) / data.n) * net.weights[l][i] - (eta / m) * gW[l][i];
      for (let j = 0; j < gB[l].length; j++) net.biases[l][j] -= (eta / m) * gB[l][j];
    }
  }
}

async function main() {
  const trainSet = await loadSplitFromDisk('train');
  const first1000 = await loadSplitFromDisk('first1000');
  const n = 10000;
  const data = headOf(trainSet, n);
  const deep = [784, 30, 30, 30, 30, 10];
  const results: Record<string, number> = {};

  const trainRate = async (sizes: number[]) => {
    const net = createNetwork({ sizes, seed: 1 });
    await train(net, headOf(data, 2000), { epochs: 1, miniBatch: 10, eta: 0.1, lambda: 5, seed: 1 }); // warm-up (JIT)
    const times: number[] = [];
    for (let r = 0; r < REPEATS; r++) times.push(await time(() => train(net, data, { epochs: 1, miniBatch: 10, eta: 0.1, lambda: 5, seed: r })));
    return n / median(times);
  };
  results['engine [784,30,30,30,30,10], mini-batch 10 (samples/s)'] = await trainRate(deep);
  results['engine [784,30,10], mini-batch 10 (samples/s)'] = await trainRate([784, 30, 10]);

  const plainNet = createNetwork({ sizes: deep, seed: 1 });
  plainEpoch(plainNet, headOf(data, 2000), 10, 0.1, 5); // warm-up
  const plainTimes: number[] = [];
  for (let r = 0; r < Math.max(3, Math.ceil(REPEATS / 2)); r++) plainTimes.push(await time(() => plainEpoch(plainNet, headOf(data, 4000), 10, 0.1, 5)));
  results['plain per-example loop [784,30,30,30,30,10] (samples/s)'] = 4000 / median(plainTimes);

  const speedTimes: number[] = [];
  const net = createNetwork({ sizes: deep, seed: 1 });
  layerSpeeds(net, first1000);
  for (let r = 0; r < REPEATS; r++) speedTimes.push(await time(() => layerSpeeds(net, first1000)));
  results['layer speeds, 1,000 images, 4 hidden layers (ms)'] = 1000 * median(speedTimes);

  const ratio = results['engine [784,30,30,30,30,10], mini-batch 10 (samples/s)'] / results['plain per-example loop [784,30,30,30,30,10] (samples/s)'];
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`machine: ${machine}`);
  console.log(`medians of ${REPEATS} runs of one epoch over ${n.toLocaleString('en')} training images:`);
  for (const [k, v] of Object.entries(results)) console.log(`  ${k.padEnd(62)} ${v.toFixed(0).padStart(8)}`);
  console.log(`  ${'engine / plain loop, same network and data (ratio)'.padEnd(62)} ${ratio.toFixed(1).padStart(8)}`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/latest.json', JSON.stringify({ date: new Date().toISOString(), machine, repeats: REPEATS, results, ratio }, null, 2) + '\n');
}

await main();
