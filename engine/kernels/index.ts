/**
 * The WebAssembly kernels (assembly/index.ts) seen from TypeScript: the module instantiated once
 * per process or worker, image sets copied into its memory once, and a network's weights,
 * gradients and scratch space laid out there for the length of a run, so that a whole chunk of
 * mini-batches is one call. Not a second engine: every result equals the TypeScript reference's
 * bit for bit, and tests/engine/kernels.test.ts holds them to it.
 */
import type { ActivationName } from '../activations';
import type { Grads } from '../backprop';
import type { CostName } from '../costs';
import type { Dataset } from '../dataset';
import type { Network } from '../network';
import { hasSkip, isNormalised, isPlain } from '../network';
import { KERNELS_WASM_BASE64 } from './build/kernels-wasm';

interface KernelExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  exp(x: number): number;
  tanh(x: number): number;
  sigmoidPairs(z: number, a: number, pairs: number): void;
  sigmoids(z: number, a: number, len: number): void;
  fillBatch(rowStart: number, col: number, val: number, labelsIn: number, order: number, start: number, end: number, nIn: number, rowBytes: number, nz: number, nzVal: number, nzStart: number, labels: number, touched: number): void;
  forward(net: number, layers: number, act: number, nz: number, nzVal: number, nzStart: number, m: number): void;
  backward(net: number, layers: number, act: number, cost: number, nz: number, nzVal: number, nzStart: number, labels: number, m: number): void;
  gradients(net: number, layers: number, act: number, cost: number, nz: number, nzVal: number, nzStart: number, labels: number, m: number): void;
  forwardRemedied(net: number, layers: number, act: number, nz: number, nzVal: number, nzStart: number, m: number, evaluating: boolean): void;
  trainingGradients(net: number, layers: number, act: number, cost: number, nz: number, nzVal: number, nzStart: number, labels: number, m: number): void;
  update(net: number, layers: number, eta: number, lambda: number, n: number, m: number, touched: number): number;
  trainBatches(
    net: number, layers: number, act: number, cost: number, rowStart: number, col: number, val: number, labelsIn: number, nIn: number, n: number, order: number,
    first: number, last: number, miniBatch: number, eta: number, lambda: number, nz: number, nzVal: number, nzStart: number, labels: number, touched: number,
    clip: number, remedied: number,
  ): number;
  gradSquares(net: number, layers: number): number;
  scaleGradients(net: number, layers: number, f: number): void;
  zero(ptr: number, len: number): void;
  columnsMin(): number;
  columnStartsBytes(nIn: number, nOut: number, capacity: number): number;
  blockRows(nOut: number): number;
}

/** Codes the kernels use for names (assembly/index.ts's SIGMOID.. and CROSS_ENTROPY..). */
const ACTIVATION_CODE: Record<ActivationName, number> = { sigmoid: 0, tanh: 1, relu: 2, 'leaky-relu': 3 };
const COST_CODE: Record<CostName, number> = { 'cross-entropy': 0, quadratic: 1 };

let module: KernelExports | null | undefined; // undefined: not tried yet; null: unavailable here
let failure = '';

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * The kernels, or null where this JavaScript engine cannot compile them (no WebAssembly, or no
 * 128-bit SIMD). Compiled synchronously: the module is small and this runs in a worker or Node.
 */
export function kernels(): KernelExports | null {
  if (module === undefined) {
    try {
      const compiled = new WebAssembly.Module(decodeBase64(KERNELS_WASM_BASE64) as BufferSource);
      const instance = new WebAssembly.Instance(compiled, {
        env: {
          abort(_msg: number, _file: number, line: number, col: number) {
            throw new Error(`engine kernel aborted at line ${line}:${col} (out of memory?)`);
          },
        },
      });
      module = instance.exports as unknown as KernelExports;
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
      module = null;
    }
  }
  return module;
}

/** Why kernels() is null, for the message that says the slower engine is running. */
export function kernelsFailure(): string {
  return failure;
}

function need(): KernelExports {
  const k = kernels();
  if (!k) throw new Error(`the WebAssembly kernels are not available here: ${failure}`);
  return k;
}

// Views are made afresh on every use: memory.grow detaches earlier views of memory.buffer.
const f64 = (k: KernelExports, ptr: number, len: number) => new Float64Array(k.memory.buffer, ptr, len);
const i32 = (k: KernelExports, ptr: number, len: number) => new Int32Array(k.memory.buffer, ptr, len);

// ---- image sets, held sparse in kernel memory, built once per image buffer ----

/**
 * An image set in kernel memory as its non-zero pixels only (MNIST rows are ~80 % zeros):
 * image e's are entries rowStart[e]..rowStart[e+1]-1 of col (u16 column) and val (u8 byte).
 * About 3 bytes per non-zero pixel: 23 MB for the 50,000 training images, against 39 MB as
 * bytes and 314 MB as doubles.
 */
interface ResidentImages {
  rowStart: number;
  col: number;
  val: number;
  /** Images covered, from the view's first image to the end of its buffer. */
  count: number;
  bytes: number;
}

const residentImages = new WeakMap<ArrayBufferLike, Map<number, ResidentImages>>();
const residentLabels = new WeakMap<ArrayBufferLike, number>();
const freeOnCollect = typeof FinalizationRegistry === 'undefined' ? null : new FinalizationRegistry<number[]>((ptrs) => ptrs.forEach((p) => module?.free(p)));

/** The sparse form of data's images (built the first time a view of their buffer is used). */
function imagesOf(k: KernelExports, data: Dataset): ResidentImages {
  const { pixels, nIn } = data;
  let byOffset = residentImages.get(pixels.buffer);
  if (!byOffset) residentImages.set(pixels.buffer, (byOffset = new Map()));
  let r = byOffset.get(pixels.byteOffset);
  if (!r) {
    const all = new Uint8Array(pixels.buffer, pixels.byteOffset);
    const count = Math.floor(all.length / nIn);
    let total = 0;
    for (let i = 0; i < count * nIn; i++) if (all[i] !== 0) total++;
    const rowStart = k.alloc(4 * (count + 1)), col = k.alloc(2 * total), val = k.alloc(total);
    const starts = new Int32Array(k.memory.buffer, rowStart, count + 1);
    const cols = new Uint16Array(k.memory.buffer, col, total);
    const vals = new Uint8Array(k.memory.buffer, val, total);
    let t = 0;
    for (let e = 0; e < count; e++) {
      starts[e] = t;
      for (let c = 0, src = e * nIn; c < nIn; c++) {
        const p = all[src + c];
        if (p !== 0) {
          cols[t] = c;
          vals[t++] = p;
        }
      }
    }
    starts[count] = t;
    r = { rowStart, col, val, count, bytes: 4 * (count + 1) + 3 * total };
    byOffset.set(pixels.byteOffset, r);
    freeOnCollect?.register(pixels.buffer, [rowStart, col, val]);
  }
  if (data.n > r.count) throw new Error(`${data.name}: ${data.n} images claimed, ${r.count} in its buffer`);
  return r;
}

/** Where data's labels live in kernel memory (their whole buffer is copied in once). */
function labelsOf(k: KernelExports, labels: Uint8Array): number {
  let ptr = residentLabels.get(labels.buffer);
  if (ptr === undefined) {
    const whole = new Uint8Array(labels.buffer);
    ptr = k.alloc(whole.length);
    new Uint8Array(k.memory.buffer, ptr, whole.length).set(whole);
    residentLabels.set(labels.buffer, ptr);
    freeOnCollect?.register(labels.buffer, [ptr]);
  }
  return ptr + labels.byteOffset;
}

/** Bytes the sparse form of data's images takes in kernel memory (built if need be). */
export function residentImageBytes(data: Dataset): number {
  return imagesOf(need(), data).bytes;
}

/** Bytes of kernel memory in use (images, networks, scratch), for the benchmark's memory report. */
export function kernelMemoryBytes(): number {
  return kernels()?.memory.buffer.byteLength ?? 0;
}

// ---- a network laid out in kernel memory ----

/**
 * The kernels' NF: nIn, nOut, W, b, gW, gB, z, a, delta, then the remedies' norm, skip, gamma
 * (with batch norm's running mean and variance after it), dC/dgamma, u, x-hat, mean, variance,
 * invStd, h, dC/da and a zero bias (assembly/index.ts's F_ constants).
 */
const FIELDS = 26;
/** Layer 0's F_CHELD (assembly/index.ts): 1 while its by-pixel columns hold the current batch. */
const COLUMNS_HELD = 25;
const NORM_CODE = { none: 0, batch: 1, layer: 2 } as const;

/**
 * A network's parameters, summed gradients and a workspace for up to `capacity` examples, in
 * kernel memory. Layer 0's weights are stored input-major there (see assembly/index.ts), so
 * load/store transpose them. Call dispose() when the run ends.
 */
export class KernelNet {
  readonly k: KernelExports;
  readonly sizes: number[];
  readonly layers: number;
  readonly capacity: number;
  readonly act: number;
  readonly table: number;
  private blocks: number[] = [];
  // The sparse batch: column indices, values, counts, labels.
  readonly nz: number;
  readonly nzVal: number;
  readonly nzStart: number;
  readonly labels: number;
  /** One byte per input: 1 when some example of the current batch has a non-zero value there. */
  readonly touched: number;
  /** Example orders in kernel memory by purpose (an epoch's shuffle, an identity for evaluation). */
  private orders = new Map<string, { ptr: number; length: number }>();

  /** The network has normalised or skip layers: training goes through the remedies' kernels. */
  readonly remedied: boolean;

  /** capacity: rows a batch can hold; largestBatch: the largest training batch it will be given (0: none). */
  constructor(net: Network, capacity: number, largestBatch = 0) {
    this.k = need();
    this.remedied = !isPlain(net);
    this.sizes = [...net.sizes];
    this.layers = net.sizes.length - 1;
    this.capacity = capacity;
    this.act = ACTIVATION_CODE[net.activation];
    const nIn0 = net.sizes[0];
    this.table = this.block(this.layers * FIELDS * 4);
    const fields: number[] = [];
    for (let l = 0; l < this.layers; l++) {
      const nIn = net.sizes[l], nOut = net.sizes[l + 1];
      const w = this.block(nIn * nOut * 8), b = this.block(nOut * 8);
      const gW = this.block(nIn * nOut * 8), gB = this.block(nOut * 8);
      const z = this.block(capacity * nOut * 8), a = this.block(capacity * nOut * 8), d = this.block(capacity * nOut * 8);
      this.k.zero(gW, nIn * nOut);
      this.k.zero(gB, nOut);
      fields.push(nIn, nOut, w, b, gW, gB, z, a, d);
      const normed = isNormalised(net, l), skip = hasSkip(net, l);
      const act = capacity * nOut * 8;
      const remedy = (bytes: number, when: boolean) => (when ? this.block(bytes) : 0);
      const gamma = remedy(3 * nOut * 8, normed), gGamma = remedy(nOut * 8, normed);
      if (gGamma) this.k.zero(gGamma, nOut);
      const noBias = remedy(nOut * 8, normed);
      if (noBias) this.k.zero(noBias, nOut);
      fields.push(
        normed ? NORM_CODE[net.norm ?? 'none'] : 0, skip ? 1 : 0, gamma, gGamma,
        remedy(act, normed), remedy(act, normed), remedy(nOut * 8, normed), remedy(nOut * 8, normed), remedy(Math.max(nOut, capacity) * 8, normed),
        remedy(act, skip), remedy(act, skip), noBias,
      );
      // Batches of columnsMin() rows or more take layer 0's weight gradient by pixel
      // (assembly/index.ts's gatherRows): the batch regrouped by pixel and all its layer-0 deltas.
      // Not for remedied networks: their kernels (trainingGradients) take layer 0 row by row.
      const byPixel = l === 0 && !this.remedied && largestBatch >= this.k.columnsMin();
      const entries = capacity * nIn;
      fields.push(remedy(byPixel ? this.k.columnStartsBytes(nIn, nOut, capacity) : 0, byPixel), remedy(entries * 4, byPixel), remedy(entries * 8, byPixel), remedy(capacity * nOut * 8, byPixel), 0);
    }
    i32(this.k, this.table, fields.length).set(fields);
    this.nz = this.block(capacity * nIn0 * 4);
    this.nzVal = this.block(capacity * nIn0 * 8);
    this.nzStart = this.block((capacity + 1) * 4);
    this.labels = this.block(capacity * 4);
    this.touched = this.block(nIn0);
    this.load(net);
  }

  private block(bytes: number): number {
    const p = this.k.alloc(Math.max(16, bytes));
    this.blocks.push(p);
    return p;
  }

  private field(l: number, f: number): number {
    return i32(this.k, this.table + (l * FIELDS + f) * 4, 1)[0];
  }

  /** Copies net's weights and biases in (layer 0 transposed to input-major). */
  load(net: Network): void {
    for (let l = 0; l < this.layers; l++) {
      const nIn = this.sizes[l], nOut = this.sizes[l + 1];
      const w = f64(this.k, this.field(l, 2), nIn * nOut);
      if (l === 0) {
        const src = net.weights[0];
        for (let j = 0; j < nOut; j++) for (let c = 0; c < nIn; c++) w[c * nOut + j] = src[j * nIn + c];
      } else w.set(net.weights[l]);
      f64(this.k, this.field(l, 3), nOut).set(net.biases[l]);
      const gamma = this.field(l, 11);
      if (gamma) {
        f64(this.k, gamma, nOut).set(net.gains![l]);
        if (net.running) {
          f64(this.k, gamma + nOut * 8, nOut).set(net.running.mean[l]);
          f64(this.k, gamma + 2 * nOut * 8, nOut).set(net.running.variance[l]);
        }
      }
    }
  }

  /** Copies the weights and biases (and gains and running averages) back out into net. */
  store(net: Network): void {
    this.copyOut(2, 3, net);
    for (let l = 0; l < this.layers; l++) {
      const gamma = this.field(l, 11), n = this.sizes[l + 1];
      if (!gamma) continue;
      net.gains![l].set(f64(this.k, gamma, n));
      if (net.running) {
        net.running.mean[l].set(f64(this.k, gamma + n * 8, n));
        net.running.variance[l].set(f64(this.k, gamma + 2 * n * 8, n));
      }
    }
  }

  /**
   * The summed gradients so far, as fresh arrays in the reference's shapes. The weights are
   * copied (and layer 0 transposed back) only if read: Figure 4's hook reads just the biases.
   */
  gradients(): Grads {
    const biases = this.sizes.slice(1).map((n, l) => f64(this.k, this.field(l, 5), n).slice());
    let weights: Float64Array[] | undefined;
    const readWeights = (): Float64Array[] => {
      if (!weights) {
        const g = { weights: this.sizes.slice(1).map((n, l) => new Float64Array(n * this.sizes[l])), biases: biases.map((b) => new Float64Array(b.length)) };
        this.copyOut(4, 5, g);
        weights = g.weights;
      }
      return weights;
    };
    const gains = this.remedied ? this.sizes.slice(1).flatMap((n, l) => (this.field(l, 12) ? [f64(this.k, this.field(l, 12), n).slice()] : [])) : [];
    return {
      biases,
      ...(gains.length ? { gains } : {}),
      get weights() {
        return readWeights();
      },
    };
  }

  private copyOut(wField: number, bField: number, into: { weights: Float64Array[]; biases: Float64Array[] }): void {
    for (let l = 0; l < this.layers; l++) {
      const nIn = this.sizes[l], nOut = this.sizes[l + 1];
      const w = f64(this.k, this.field(l, wField), nIn * nOut);
      if (l === 0) {
        const dst = into.weights[0];
        for (let j = 0; j < nOut; j++) for (let c = 0; c < nIn; c++) dst[j * nIn + c] = w[c * nOut + j];
      } else into.weights[l].set(w);
      into.biases[l].set(f64(this.k, this.field(l, bField), nOut));
    }
  }

  zeroGradients(): void {
    for (let l = 0; l < this.layers; l++) {
      this.k.zero(this.field(l, 4), this.sizes[l] * this.sizes[l + 1]);
      this.k.zero(this.field(l, 5), this.sizes[l + 1]);
      if (this.field(l, 12)) this.k.zero(this.field(l, 12), this.sizes[l + 1]);
    }
  }

  /** Puts an example order (e.g. an epoch's shuffle) into kernel memory under `slot`; returns where. */
  setOrder(slot: string, order: Int32Array): number {
    let o = this.orders.get(slot);
    if (!o || o.length < order.length) {
      o = { ptr: this.block(order.length * 4), length: order.length };
      this.orders.set(slot, o);
    }
    const held = i32(this.k, o.ptr, order.length);
    if (this.batch?.orderPtr === o.ptr && !held.every((e, i) => e === order[i])) this.batch = null;
    held.set(order);
    return o.ptr;
  }

  /** Which examples the batch blocks hold, so filling the same batch again (full-batch training) is skipped. */
  private batch: { data: Dataset; orderPtr: number; start: number; end: number } | null = null;

  private fill(data: Dataset, orderPtr: number, start: number, end: number): void {
    if (end - start > this.capacity) throw new Error(`batch of ${end - start} exceeds kernel workspace capacity ${this.capacity}`);
    const b = this.batch;
    if (b && b.data === data && b.orderPtr === orderPtr && b.start === start && b.end === end) return;
    const img = imagesOf(this.k, data);
    this.k.fillBatch(img.rowStart, img.col, img.val, labelsOf(this.k, data.labels), orderPtr, start, end, data.nIn, this.sizes[1] * 8, this.nz, this.nzVal, this.nzStart, this.labels, this.touched);
    i32(this.k, this.table + COLUMNS_HELD * 4, 1)[0] = 0;
    this.batch = { data, orderPtr, start, end };
  }

  /** Output activations (m x nOut, a fresh copy) for examples order[start..end) of data. */
  outputs(data: Dataset, orderPtr: number, start: number, end: number): Float64Array {
    this.fill(data, orderPtr, start, end);
    const m = end - start;
    if (this.remedied) this.k.forwardRemedied(this.table, this.layers, this.act, this.nz, this.nzVal, this.nzStart, m, true);
    else this.k.forward(this.table, this.layers, this.act, this.nz, this.nzVal, this.nzStart, m);
    return f64(this.k, this.field(this.layers - 1, 7), m * this.sizes[this.layers]).slice();
  }

  /**
   * Adds the summed gradients of examples order[start..end) to the gradient blocks. For a remedied
   * network this is a training step's gradient, taken over the whole batch at once: batch norm
   * uses the batch's statistics and its running averages move, as in train.ts's reference step.
   */
  accumulate(data: Dataset, orderPtr: number, start: number, end: number, cost: CostName): void {
    this.fill(data, orderPtr, start, end);
    const m = end - start;
    if (this.remedied) return this.k.trainingGradients(this.table, this.layers, this.act, COST_CODE[cost], this.nz, this.nzVal, this.nzStart, this.labels, m);
    this.k.gradients(this.table, this.layers, this.act, COST_CODE[cost], this.nz, this.nzVal, this.nzStart, this.labels, m);
  }

  /** train.ts's clipSummed on the summed gradients of m examples, in place (clip > 0). */
  clip(m: number, clip: number): void {
    const norm = Math.sqrt(this.k.gradSquares(this.table, this.layers)) / m;
    if (norm > clip) this.k.scaleGradients(this.table, this.layers, clip / norm);
  }

  /** One SGD step on the summed gradients of m examples (zeroing them); the bad layer or -1. */
  update(eta: number, lambda: number, n: number, m: number): number {
    return this.k.update(this.table, this.layers, eta, lambda, n, m, 0);
  }

  /**
   * Mini-batches first..last-1 of an epoch over `data` in the order at orderPtr, each filled,
   * forward, backward, clipped by global norm (clip > 0), update, in one call. Returns null, or
   * where the parameters stopped being finite.
   */
  trainBatches(data: Dataset, orderPtr: number, first: number, last: number, miniBatch: number, eta: number, lambda: number, cost: CostName, clip = 0): { batch: number; layer: number } | null {
    if (miniBatch > this.capacity) throw new Error(`mini-batch of ${miniBatch} exceeds kernel workspace capacity ${this.capacity}`);
    const img = imagesOf(this.k, data);
    this.batch = null;
    const r = this.k.trainBatches(
      this.table, this.layers, this.act, COST_CODE[cost], img.rowStart, img.col, img.val, labelsOf(this.k, data.labels), data.nIn, data.n, orderPtr,
      first, last, miniBatch, eta, lambda, this.nz, this.nzVal, this.nzStart, this.labels, this.touched, clip, this.remedied ? 1 : 0,
    );
    return r < 0 ? null : { batch: Math.floor(r / 1024), layer: r % 1024 };
  }

  dispose(): void {
    for (const p of this.blocks.splice(0).reverse()) this.k.free(p);
  }
}
