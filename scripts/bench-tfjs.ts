/**
 * A yardstick for `npm run bench`: TensorFlow.js (4.22, wasm backend, one thread) training the
 * same deep network the same way as our engine, written the way a JavaScript user would write it.
 *
 * Same network and maths as the engine's benchmark: sizes [784,30,30,30,30,10], sigmoid in every
 * layer including the output, cross-entropy C = -sum_j [y_j ln a_j + (1-y_j) ln(1-a_j)] (summed
 * over the 10 outputs, mean over the mini-batch), weights N(0, 1/n_in), biases N(0, 1), plain SGD
 * with eta = 0.1 on shuffled mini-batches of 10, and L2 weight decay lambda = 5 over the training
 * set size n as in Nielsen's network2.py: w <- (1 - eta lambda/n) w - (eta/m) sum grad, biases not
 * regularised.
 *
 * One difference we cannot remove: tfjs computes in float32 (the wasm backend has no float64
 * kernels at all), while the engine works in float64. That favours tfjs, if anything.
 *
 * How it is written (each choice the faster of the alternatives tried, on a noisy shared machine):
 * - The whole training set is one float32 tensor [n, 784] (pixels / 255) plus one-hot labels
 *   [n, 10], built once outside the timing; each mini-batch is a tf.gather of 10 shuffled rows
 *   (gathering a shuffled copy once per epoch and tf.slice-ing it was about 10x slower here).
 * - Forward pass with tf.matMul / tf.add / tf.sigmoid; the cost is evaluated from the output
 *   layer's weighted input z with the stable identity -[y ln s(z) + (1-y) ln(1-s(z))] =
 *   relu(z) - y z + ln(1 + e^-|z|) (exactly the formula above and the same gradient a - y,
 *   without ln(0) when a float32 sigmoid saturates). tf.fused.matMul was slower: with a tape
 *   recording gradients it only fuses the bias add, and its custom gradient costs more.
 * - Gradients with tf.variableGrads, then a hand-written update (decay-and-step for weights,
 *   step for biases) inside tf.tidy; this was faster than optimizer.minimize with the L2 penalty
 *   (lambda/2n) sum w^2 added to the loss (same update, more kernels per step: about 10-20%
 *   slower when run alternately). tfjs's cost per step is mostly per-kernel overhead (~90 small
 *   kernels per mini-batch), not arithmetic.
 *
 * The wasm backend in Node: the package's Node entry (dist/tf-backend-wasm.node.js) is an
 * Emscripten module that reads its .wasm with fs; we point it explicitly at the binaries shipped
 * in node_modules/@tensorflow/tfjs-backend-wasm/dist/ with setWasmPaths(<directory>/). tfjs never
 * uses the threaded binary under Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false there), so
 * it loads tfjs-backend-wasm-simd.wasm (or the plain one without SIMD); we also call
 * setThreadsCount(1) for XNNPACK's pool and report getThreadsCount().
 *
 * tfjs is loaded lazily (dynamic import) so that importing this module costs nothing, and while
 * tfjs loads and trains, console.log/info/warn are routed to stderr so that `--json` output on
 * stdout stays one JSON object.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Dataset } from '../engine/index';

type TF = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;
type Scalar = import('@tensorflow/tfjs').Scalar;
type Variable = import('@tensorflow/tfjs').Variable;

const DEEP = [784, 30, 30, 30, 30, 10];
const ETA = 0.1;
const LAMBDA = 5;
const MINI_BATCH = 10;
const WARMUP_IMAGES = 500;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs fn with console.log/info/warn/debug written to stderr (tfjs's banners and warnings). */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, info: console.info, warn: console.warn, debug: console.debug };
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = console.info = console.warn = console.debug = toStderr;
  try {
    return await fn();
  } finally {
    Object.assign(console, saved);
  }
}

let loading: Promise<{ tf: TF; threads: number }> | undefined;

/** Imports tfjs and makes the single-threaded wasm backend current (once per process). */
function loadTf(): Promise<{ tf: TF; threads: number }> {
  loading ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    // The package's main file lives in dist/, next to the three .wasm binaries.
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/';
    wasm.setWasmPaths(dist);
    wasm.setThreadsCount(1);
    // Production mode, as tfjs recommends for speed; in 4.22 it only silences tfjs's warnings
    // (its per-kernel NaN checks are off anyway unless DEBUG is set).
    tf.enableProdMode();
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialise');
    await tf.ready();
    if (tf.getBackend() !== 'wasm') throw new Error(`tfjs: expected the wasm backend, got ${tf.getBackend()}`);
    return { tf, threads: wasm.getThreadsCount() };
  })();
  return loading;
}

interface Model {
  weights: Variable[]; // [n_in, n_out], so z = a W + b for a row-per-example batch
  biases: Variable[]; // [n_out]
}

function createModel(tf: TF, sizes: number[], seed: number): Model {
  const weights: Variable[] = [];
  const biases: Variable[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l], nOut = sizes[l + 1];
    // tidy disposes the initial values (a variable keeps its own copy; tidy never disposes variables).
    weights.push(tf.tidy(() => tf.variable(tf.randomNormal([nIn, nOut], 0, 1 / Math.sqrt(nIn), 'float32', seed + 2 * l))));
    biases.push(tf.tidy(() => tf.variable(tf.randomNormal([nOut], 0, 1, 'float32', seed + 2 * l + 1))));
  }
  return { weights, biases };
}

function disposeModel(model: Model): void {
  for (const v of [...model.weights, ...model.biases]) v.dispose();
}

/** The output layer's weighted input z for a batch x [m, 784]. */
function logits(tf: TF, model: Model, x: Tensor): Tensor2D {
  let a = x as Tensor2D;
  const L = model.weights.length;
  for (let l = 0; l < L - 1; l++) a = tf.sigmoid(tf.add<Tensor2D>(tf.matMul(a, model.weights[l]), model.biases[l]));
  return tf.add<Tensor2D>(tf.matMul(a, model.weights[L - 1]), model.biases[L - 1]);
}

/** Mean over the batch of the cross-entropy summed over outputs, from z (stable form). */
function meanCost(tf: TF, z: Tensor, y: Tensor): Scalar {
  const perElement = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
  return tf.div<Scalar>(tf.sum(perElement), z.shape[0]);
}

/** The data as tensors, built once: pixels / 255 in float32 and one-hot labels. */
function tensorsOf(tf: TF, data: Dataset, n: number): { x: Tensor2D; y: Tensor2D } {
  const px = data.pixels.subarray(0, n * data.nIn);
  const f = new Float32Array(px.length);
  for (let i = 0; i < px.length; i++) f[i] = px[i] / 255;
  const x = tf.tensor2d(f, [n, data.nIn], 'float32');
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels.subarray(0, n), 'int32'), data.classes).toFloat() as Tensor2D);
  return { x, y };
}

/**
 * One epoch of SGD over the first `count` rows of x, y in a fresh random order. `trainingSize`
 * is the n in the weight decay (1 - eta lambda/n).
 */
function sgdEpoch(tf: TF, model: Model, x: Tensor2D, y: Tensor2D, count: number, trainingSize: number): void {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  tf.util.shuffle(order);
  const vars = [...model.weights, ...model.biases];
  const decay = 1 - (ETA * LAMBDA) / trainingSize;
  for (let start = 0; start < count; start += MINI_BATCH) {
    const end = Math.min(count, start + MINI_BATCH);
    tf.tidy(() => {
      const idx = tf.tensor1d(order.subarray(start, end), 'int32');
      const xb = tf.gather(x, idx);
      const yb = tf.gather(y, idx);
      const { grads } = tf.variableGrads(() => meanCost(tf, logits(tf, model, xb), yb), vars);
      // grads are means over the batch, so eta * grad = (eta/m) sum of per-example gradients.
      for (const w of model.weights) w.assign(tf.sub(tf.mul(w, decay), tf.mul(grads[w.name], ETA)));
      for (const b of model.biases) b.assign(tf.sub(b, tf.mul(grads[b.name], ETA)));
    });
  }
}

/** Mean cost (without the L2 term) and accuracy of the model on a data set. */
function evaluateModel(tf: TF, model: Model, data: Dataset): { cost: number; accuracy: number } {
  const { x, y } = tensorsOf(tf, data, data.n);
  try {
    return tf.tidy(() => {
      const z = logits(tf, model, x);
      const cost = meanCost(tf, z, y).dataSync()[0];
      const predicted = tf.argMax(z, 1).dataSync();
      let right = 0;
      for (let i = 0; i < data.n; i++) if (predicted[i] === data.labels[i]) right++;
      return { cost, accuracy: right / data.n };
    });
  } finally {
    x.dispose();
    y.dispose();
  }
}

/**
 * Samples per second of tfjs (wasm backend, one thread) training [784,30,30,30,30,10]: n divided
 * by the median time of `repeats` epochs over the first n images of data, after a warm-up epoch
 * over the first few hundred.
 */
export async function tfjsSgdDeepPerSecond(
  data: Dataset,
  opts: { n: number; repeats: number },
): Promise<{ perSecond: number; backend: string; threads: number }> {
  const { n, repeats } = opts;
  if (!Number.isInteger(n) || n < 1 || n > data.n) throw new Error(`tfjs bench: cannot take ${n} examples from ${data.name}, which has ${data.n}`);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`tfjs bench: repeats must be a positive integer, got ${repeats}`);
  return quietly(async () => {
    const { tf, threads } = await loadTf();
    const { x, y } = tensorsOf(tf, data, n);
    const model = createModel(tf, DEEP, 1);
    try {
      sgdEpoch(tf, model, x, y, Math.min(n, WARMUP_IMAGES), n); // warm-up: JIT, wasm heap growth
      const times: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now();
        sgdEpoch(tf, model, x, y, n, n);
        model.weights[0].dataSync(); // the wasm backend is synchronous; this just makes sure
        times.push((performance.now() - t0) / 1000);
      }
      return { perSecond: n / median(times), backend: tf.getBackend(), threads };
    } finally {
      disposeModel(model);
      x.dispose();
      y.dispose();
    }
  });
}

/**
 * Self-check that the benchmark times real training: cost and accuracy on `test` before and after
 * `epochs` epochs over all of `train` (lambda's n is train.n). The default network is the shallow
 * [784,30,10], which passes 80% on held-out images after one epoch over 10,000 images; the deep
 * [784,30,30,30,30,10] does not yet learn in one such epoch (its cost falls from about 5 to 3.27 but
 * accuracy stays near 10%) -- nor does our engine's (cost 3.26), which is the chapter's point.
 */
export async function tfjsTrainingCheck(
  train: Dataset,
  test: Dataset,
  opts: { sizes?: number[]; epochs?: number; seed?: number } = {},
): Promise<{ before: { cost: number; accuracy: number }; after: { cost: number; accuracy: number } }> {
  const { sizes = [784, 30, 10], epochs = 1, seed = 1 } = opts;
  return quietly(async () => {
    const { tf } = await loadTf();
    const { x, y } = tensorsOf(tf, train, train.n);
    const model = createModel(tf, sizes, seed);
    try {
      const before = evaluateModel(tf, model, test);
      for (let e = 0; e < epochs; e++) sgdEpoch(tf, model, x, y, train.n, train.n);
      const after = evaluateModel(tf, model, test);
      return { before, after };
    } finally {
      disposeModel(model);
      x.dispose();
      y.dispose();
    }
  });
}

/** Accuracy on `test` of [784,30,10] after one epoch over `train` (a fraction in [0, 1]). */
export async function tfjsAccuracyAfterOneEpoch(train: Dataset, test: Dataset): Promise<number> {
  return (await tfjsTrainingCheck(train, test)).after.accuracy;
}
