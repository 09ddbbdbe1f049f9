/**
 * npm run bench: how fast the engine trains, measured here and now, all in one run: the
 * WebAssembly kernels, the TypeScript reference engine, TensorFlow.js (wasm backend, one thread)
 * on the same network, and a plain one-example-at-a-time loop (the shape of Nielsen's
 * network.py). Prints medians, ratios and the machine; `-- --json` prints one JSON object
 * instead. Writes bench-results/latest.json. Performance claims live here, never in timed tests.
 *   BENCH_REPEATS (default 5) sets the repeats of the SGD epochs; E4 runs are repeated 9 times,
 *   kernels and reference taking turns.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createNetwork, headOf, layerSpeeds, norm, train } from '../engine/index';
import type { Dataset, Network, NetworkOptions } from '../engine/index';
import { activeBackend, useBackend } from '../engine/backend';
import type { Backend } from '../engine/backend';
import { kernelMemoryBytes, residentImageBytes } from '../engine/kernels/index';
import { tfjsSgdDeepPerSecond } from './bench-tfjs';
import { e4MultiplyAdds, e4Sigmoids, peakMultiplyAddsPerSecond, sigmoidsPerSecond } from './bench-floor';
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

const json = process.argv.includes('--json');
/**
 * E4's runs on each engine. Nine rather than five: the ratio of the two medians is the target
 * (at most a tenth of the reference's time), and on this shared machine five runs left its
 * median within a few per cent of noise; nine cost about a minute more.
 */
const E4_REPEATS = 9;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Samples/s of one SGD epoch (mini-batch 10, the book's eta and lambda) over `data`, median of REPEATS. */
async function trainRate(backend: Backend, sizes: number[], data: Dataset, remedies: Omit<NetworkOptions, 'sizes' | 'seed'> = {}): Promise<number> {
  useBackend(backend);
  const net = createNetwork({ sizes, seed: 1, ...remedies });
  await train(net, headOf(data, 2000), { epochs: 1, miniBatch: 10, eta: 0.1, lambda: 5, seed: 1 }); // warm-up (JIT, tier-up)
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) times.push(await time(() => train(net, data, { epochs: 1, miniBatch: 10, eta: 0.1, lambda: 5, seed: r })));
  return data.n / median(times);
}

/** Seconds for Figure 4's run: 500 full-batch epochs on 1,000 images, 4 hidden layers, speeds recorded each step. */
async function e4Run(backend: Backend, first1000: Dataset, seed: number): Promise<number> {
  useBackend(backend);
  const net = createNetwork({ sizes: [784, 30, 30, 30, 30, 10], seed });
  const speeds: number[] = [];
  return time(() => train(net, first1000, {
    epochs: 500, miniBatch: 1000, eta: 0.1, lambda: 5, seed: 1,
    onGradient: (g, m) => { for (let l = 0; l < 4; l++) speeds.push(norm(g.biases[l]) / m); },
  }));
}

/**
 * E4 on the kernels and on the reference, medians of E4_REPEATS runs each. The two take turns
 * (the same network for both in each turn, each going first in every other turn), so that a busy
 * spell of this shared machine slows both sides of the ratio rather than one.
 */
async function e4Seconds(first1000: Dataset): Promise<{ kernels: number; reference: number }> {
  const kernels: number[] = [], reference: number[] = [];
  for (let r = 0; r < E4_REPEATS; r++) {
    if (r % 2 === 0) kernels.push(await e4Run('wasm', first1000, 1 + r));
    reference.push(await e4Run('reference', first1000, 1 + r));
    if (r % 2 === 1) kernels.push(await e4Run('wasm', first1000, 1 + r));
  }
  return { kernels: median(kernels), reference: median(reference) };
}

async function main() {
  const started = new Date().toISOString();
  const rssBefore = process.memoryUsage().rss;
  const trainSet = await loadSplitFromDisk('train');
  const first1000 = await loadSplitFromDisk('first1000');
  const imageBytes = residentImageBytes(trainSet);
  const memory = {
    training_images_js_mb: mb(trainSet.pixels.byteLength),
    training_images_kernel_mb: mb(imageBytes),
    kernel_memory_mb: mb(kernelMemoryBytes()),
    process_rss_growth_mb: mb(process.memoryUsage().rss - rssBefore),
  };
  const n = 10000;
  const data = headOf(trainSet, n);
  const deep = [784, 30, 30, 30, 30, 10];
  const log = (msg: string) => { if (!json) console.log(msg); else console.error(msg); };

  log('measuring: kernels, SGD ...');
  const sgd_deep_per_s = await trainRate('wasm', deep, data);
  const sgd_shallow_per_s = await trainRate('wasm', [784, 30, 10], data);
  log('measuring: reference engine, SGD ...');
  const reference_sgd_deep_per_s = await trainRate('reference', deep, data);
  const reference_sgd_shallow_per_s = await trainRate('reference', [784, 30, 10], data);
  log('measuring: the second chapter\'s race networks (15 hidden layers), kernels and reference ...');
  const race = [784, ...Array(15).fill(30), 10];
  const raceData = headOf(data, 2000);
  const batchNorm = { norm: 'batch' } as const;
  // Sigmoid with skips (ReLU + He + skips blows up in its first epoch, which would time nothing).
  const skips = { residual: true } as const;
  const race_batch_norm_per_s = await trainRate('wasm', race, raceData, batchNorm);
  const reference_race_batch_norm_per_s = await trainRate('reference', race, raceData, batchNorm);
  const race_skips_per_s = await trainRate('wasm', race, raceData, skips);
  const reference_race_skips_per_s = await trainRate('reference', race, raceData, skips);
  log('measuring: E4 (500 full-batch epochs), kernels and reference ...');
  const { kernels: e4_seconds, reference: reference_e4_seconds } = await e4Seconds(first1000);
  log('measuring: the kernels\' multiply-add at its best on this machine (E4\'s floor) ...');
  const e4_multiply_adds = e4MultiplyAdds(deep, first1000, 500);
  const peak_multiply_adds_per_s = await peakMultiplyAddsPerSecond();
  const e4_sigmoids = e4Sigmoids(deep, first1000, 500);
  const best_sigmoids_per_s = sigmoidsPerSecond();
  log('measuring: TensorFlow.js (wasm backend) ...');
  const tfjs = await tfjsSgdDeepPerSecond(trainSet, { n, repeats: Math.max(3, Math.ceil(REPEATS / 2)) });

  useBackend('wasm');
  const speedTimes: number[] = [];
  const net = createNetwork({ sizes: deep, seed: 1 });
  layerSpeeds(net, first1000);
  for (let r = 0; r < REPEATS; r++) speedTimes.push(await time(() => layerSpeeds(net, first1000)));

  const plainNet = createNetwork({ sizes: deep, seed: 1 });
  plainEpoch(plainNet, headOf(data, 2000), 10, 0.1, 5); // warm-up
  const plainTimes: number[] = [];
  for (let r = 0; r < Math.max(3, Math.ceil(REPEATS / 2)); r++) plainTimes.push(await time(() => plainEpoch(plainNet, headOf(data, 4000), 10, 0.1, 5)));
  const plain_sgd_deep_per_s = 4000 / median(plainTimes);
  useBackend('auto');

  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const results = {
    sgd_deep_per_s,
    sgd_shallow_per_s,
    e4_seconds,
    reference_sgd_deep_per_s,
    reference_sgd_shallow_per_s,
    reference_e4_seconds,
    tfjs_sgd_deep_per_s: tfjs.perSecond,
    plain_sgd_deep_per_s,
    layer_speeds_ms: 1000 * median(speedTimes),
    race_batch_norm_per_s,
    reference_race_batch_norm_per_s,
    race_skips_per_s,
    reference_race_skips_per_s,
    ratio_race_batch_norm_vs_reference: race_batch_norm_per_s / reference_race_batch_norm_per_s,
    ratio_race_skips_vs_reference: race_skips_per_s / reference_race_skips_per_s,
    ratio_sgd_deep_vs_reference: sgd_deep_per_s / reference_sgd_deep_per_s,
    ratio_sgd_shallow_vs_reference: sgd_shallow_per_s / reference_sgd_shallow_per_s,
    ratio_e4_reference_vs_kernels: reference_e4_seconds / e4_seconds,
    ratio_sgd_deep_vs_tfjs: sgd_deep_per_s / tfjs.perSecond,
    // E4's floor (scripts/bench-floor.ts): its unavoidable multiply-adds at the best rate the
    // kernels' inner loop reaches here; sigmoids and updates not counted, so a lower bound.
    e4_multiply_adds,
    peak_multiply_adds_per_s,
    e4_floor_seconds: e4_multiply_adds / peak_multiply_adds_per_s,
    e4_share_of_peak: e4_multiply_adds / peak_multiply_adds_per_s / e4_seconds,
    // The same floor with E4's sigmoids added at the activation pass's best rate here: what the
    // run's arithmetic costs on this machine if nothing else (memory, loop overhead) did.
    e4_sigmoids,
    best_sigmoids_per_s,
    e4_floor_with_sigmoids_seconds: e4_multiply_adds / peak_multiply_adds_per_s + e4_sigmoids / best_sigmoids_per_s,
    e4_share_of_floor_with_sigmoids: (e4_multiply_adds / peak_multiply_adds_per_s + e4_sigmoids / best_sigmoids_per_s) / e4_seconds,
  };
  const report = {
    // When the run began (it takes minutes; the machine's load then is what the numbers saw).
    date: started,
    machine,
    default_backend: activeBackend(),
    repeats: REPEATS,
    e4_repeats: E4_REPEATS,
    sgd_images: n,
    tfjs: { backend: tfjs.backend, threads: tfjs.threads, precision: 'float32' },
    memory,
    ...results,
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/latest.json', JSON.stringify(report, null, 2) + '\n');
  if (json) {
    console.log(JSON.stringify(report));
    return;
  }
  const row = (label: string, value: number, digits = 0) => console.log(`  ${label.padEnd(64)} ${value.toFixed(digits).padStart(9)}`);
  console.log(`machine: ${machine}`);
  console.log(`medians of ${REPEATS} one-epoch runs over ${n.toLocaleString('en')} training images (mini-batch 10), ${E4_REPEATS} E4 runs:`);
  row('kernels [784,30,30,30,30,10] (samples/s)', sgd_deep_per_s);
  row('kernels [784,30,10] (samples/s)', sgd_shallow_per_s);
  row('reference TypeScript [784,30,30,30,30,10] (samples/s)', reference_sgd_deep_per_s);
  row('reference TypeScript [784,30,10] (samples/s)', reference_sgd_shallow_per_s);
  row(`TensorFlow.js ${tfjs.backend}, ${tfjs.threads} thread, float32 [784,30,30,30,30,10] (samples/s)`, tfjs.perSecond);
  row('plain per-example loop [784,30,30,30,30,10] (samples/s)', plain_sgd_deep_per_s);
  row('kernels, 15 hidden sigmoid + batch norm (samples/s)', race_batch_norm_per_s);
  row('reference TypeScript, the same (samples/s)', reference_race_batch_norm_per_s);
  row('kernels, 15 hidden sigmoid + identity skips (samples/s)', race_skips_per_s);
  row('reference TypeScript, the same (samples/s)', reference_race_skips_per_s);
  row('E4: 500 full-batch epochs, 1,000 images, 4 hidden, kernels (s)', e4_seconds, 2);
  row('E4: the same, reference TypeScript (s)', reference_e4_seconds, 2);
  row('E4: its multiply-adds at the inner loop\'s best rate here, alone (s)', results.e4_floor_seconds, 2);
  row('E4: kernels\' share of that rate (%)', 100 * results.e4_share_of_peak, 0);
  row('E4: those multiply-adds and its sigmoids, each at its best rate here (s)', results.e4_floor_with_sigmoids_seconds, 2);
  row('E4: kernels\' share of that (%)', 100 * results.e4_share_of_floor_with_sigmoids, 0);
  row('layer speeds, 1,000 images, 4 hidden layers, kernels (ms)', results.layer_speeds_ms, 1);
  row('kernels / reference, deep SGD (ratio)', results.ratio_sgd_deep_vs_reference, 1);
  row('kernels / reference, shallow SGD (ratio)', results.ratio_sgd_shallow_vs_reference, 1);
  row('reference / kernels, E4 time (ratio)', results.ratio_e4_reference_vs_kernels, 1);
  row('kernels / TensorFlow.js, deep SGD (ratio)', results.ratio_sgd_deep_vs_tfjs, 1);
  row('kernels / reference, batch-norm race network (ratio)', results.ratio_race_batch_norm_vs_reference, 1);
  row('kernels / reference, skip race network (ratio)', results.ratio_race_skips_vs_reference, 1);
  console.log(`memory: the 50,000 training images take ${memory.training_images_js_mb} MB as bytes in JavaScript and ${memory.training_images_kernel_mb} MB sparse in kernel memory; kernel memory ${memory.kernel_memory_mb} MB; process RSS grew ${memory.process_rss_growth_mb} MB loading them`);
}

await main();
