/**
 * The engine's hot loops in AssemblyScript, compiled to WebAssembly with 128-bit SIMD (f64x2).
 * Each kernel does exactly the arithmetic of its TypeScript reference in backprop.ts, train.ts,
 * dataset.ts and libm.ts, in the same order for every sum, so results are bit-identical to the
 * reference (and so, WebAssembly being IEEE-exact, to every browser's): no fused multiply-add,
 * no relaxed SIMD, lanes only where the reference's own order allows them. Not a general BLAS.
 *
 * Memory is laid out by the TypeScript side (engine/kernels/index.ts), which allocates blocks
 * through alloc/free and passes byte offsets. A network is described by a table of i32 fields
 * per layer (see the F_* offsets). Layer 0's weights are stored INPUT-MAJOR (row k holds the
 * nOut weights fed by pixel k: the transpose of the reference's layout) so that each non-zero
 * pixel is one contiguous run of f64x2 operations; deeper layers keep the reference's row-major
 * layout (row j = the weights into neuron j).
 */

// ---- memory blocks for the TypeScript side ----

export function alloc(bytes: usize): usize {
  // 16-byte alignment keeps every f64x2 load on one cache line.
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

// ---- the network table: one row of NF i32 fields per layer ----

const NF: i32 = 26;
const F_NIN: i32 = 0;
const F_NOUT: i32 = 1;
const F_W: i32 = 2; // weights (layer 0 input-major, others row-major)
const F_B: i32 = 3; // biases
const F_GW: i32 = 4; // summed weight gradient, same layout as F_W
const F_GB: i32 = 5; // summed bias gradient
const F_Z: i32 = 6; // m x nOut weighted inputs
const F_A: i32 = 7; // m x nOut activations
const F_D: i32 = 8; // m x nOut errors delta
// The second chapter's remedies (network.ts); all 0 for the book's plain networks.
const F_NORM: i32 = 9; // 0 none, 1 batch norm, 2 layer norm (hidden layers only)
const F_SKIP: i32 = 10; // 1: a = a_prev + f(z) (hidden layers 2..)
const F_GAMMA: i32 = 11; // gamma, then batch norm's running mean, then running variance (3 x nOut)
const F_GGAMMA: i32 = 12; // summed dC/dgamma
const F_U: i32 = 13; // m x nOut: u = W a before normalising; backward, dC/du
const F_XHAT: i32 = 14; // m x nOut normalised u
const F_MEAN: i32 = 15; // nOut: the batch's mean per neuron (batch norm)
const F_VAR: i32 = 16; // nOut: the batch's biased variance per neuron (batch norm)
const F_INVSTD: i32 = 17; // 1/sqrt(var + eps) per neuron (batch) or per example (layer)
const F_H: i32 = 18; // m x nOut: f(z) of a skip layer (a = a_prev + h)
const F_GA: i32 = 19; // m x nOut: dC/da of a skip layer
const F_NOBIAS: i32 = 20; // nOut zeros: the bias when computing u = W a
// Layer 0 only, for batches of at least COLUMNS_MIN rows (0 when not allocated): the batch by
// pixel (transposeBatch) and every row's delta, for gatherRows's weight gradient, and where each
// row's tiles of pixels start, for its forward pass (rowTiles).
const F_CSTART: i32 = 21; // i32s: the nIn + 2 pixel cursors, the blocks' starts, the tiles' starts (columnStartsBytes)
const F_CROW: i32 = 22; // i32 per entry: its row's byte offset in F_DALL (row * 8 nOut)
const F_CVAL: i32 = 23; // f64 value of each entry
const F_DALL: i32 = 24; // capacity x nOut: layer 0's deltas of the whole batch
const F_CHELD: i32 = 25; // 1 while F_CSTART.. hold the current batch's columns (0 after every fill)
/** network.ts's NORM_EPSILON and RUNNING_MOMENTUM. */
const NORM_EPSILON: f64 = 1e-5;
const RUNNING_MOMENTUM: f64 = 0.1;
const NORM_BATCH: i32 = 1;
const NO_PRIME: i32 = -1; // propagateError's act when the slope is applied later (remedied layers)

@inline function field(net: usize, l: i32, f: i32): i32 {
  return load<i32>(net + (((l * NF + f) as usize) << 2));
}

@inline function setField(net: usize, l: i32, f: i32, v: i32): void {
  store<i32>(net + (((l * NF + f) as usize) << 2), v);
}

// Activation codes (the order of ACTIVATIONS in index.ts).
const SIGMOID: i32 = 0;
const TANH: i32 = 1;
const RELU: i32 = 2;
const LEAKY_RELU: i32 = 3;
/** activations.ts's LEAKY_SLOPE. */
const LEAKY_SLOPE: f64 = 0.01;
// Cost codes.
const CROSS_ENTROPY: i32 = 0;

// ---- exp and tanh: libm.ts's fdlibm ports, operation for operation ----

const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e0;
const P1: f64 = 1.66666666666666019037e-1;
const P2: f64 = -2.77777777770155933842e-3;
const P3: f64 = 6.61375632143793436117e-5;
const P4: f64 = -1.65339022054652515390e-6;
const P5: f64 = 4.13813679705723846039e-8;
const O_THRESHOLD: f64 = 7.09782712893383973096e2;
const U_THRESHOLD: f64 = -7.45133219101941108420e2;
const HALF_LN2: f64 = 0.34657359027997264;
const THREE_HALVES_LN2: f64 = 1.0397207708399179;
const TWO_M28: f64 = 3.725290298461914e-9;

/** 2^k exactly, for -1022 <= k <= 1023 (libm.ts reads the same values from a table). */
@inline function pow2(k: i32): f64 {
  return reinterpret<f64>(<u64>(k + 1023) << 52);
}

export function exp(x: f64): f64 {
  if (!(x > U_THRESHOLD)) return x != x ? x : 0;
  if (x > O_THRESHOLD) return Infinity;
  const ax = x < 0 ? -x : x;
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  if (ax > HALF_LN2) {
    if (ax < THREE_HALVES_LN2) {
      hi = x < 0 ? x + LN2_HI : x - LN2_HI;
      lo = x < 0 ? -LN2_LO : LN2_LO;
      k = x < 0 ? -1 : 1;
    } else {
      k = <i32>trunc<f64>(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
      const kf = <f64>k;
      hi = x - kf * LN2_HI;
      lo = kf * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < TWO_M28) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k > 1023) return y * 2 * pow2(1023);
  if (k >= -1021) return y * pow2(k);
  return y * pow2(k + 1000) * pow2(-1000);
}

export function tanh(x: f64): f64 {
  if (x != x) return x;
  const ax = Math.abs(x);
  if (ax > 22) return x > 0 ? 1 : -1;
  if (ax < 0.5) {
    const x2 = x * x;
    let d: f64 = 25;
    for (let n: i32 = 23; n >= 1; n -= 2) d = <f64>n + x2 / d;
    return x / d;
  }
  const e = exp(-2 * ax);
  const t = (1 - e) / (1 + e);
  return x < 0 ? -t : t;
}

@inline function sigmoid(z: f64): f64 {
  return 1 / (1 + exp(-z));
}

@inline function activate(z: f64, act: i32): f64 {
  if (act == SIGMOID) return sigmoid(z);
  if (act == TANH) return tanh(z);
  if (act == LEAKY_RELU) return z > 0 ? z : LEAKY_SLOPE * z;
  return z > 0 ? z : 0;
}

/** f'(z) given a = f(z): activations.ts's primeAt. */
@inline function primeAt(z: f64, a: f64, act: i32): f64 {
  if (act == SIGMOID) return a * (1 - a);
  if (act == TANH) return 1 - a * a;
  if (act == LEAKY_RELU) return z > 0 ? 1 : LEAKY_SLOPE;
  return z > 0 ? 1 : 0;
}

// ---- a mini-batch from the image set ----

/**
 * Copies examples order[start..end) into the sparse batch (dataset.ts's fillBatch): row i's
 * non-zero pixels in nz, each as the byte offset of its row in layer 0's input-major weights
 * (column * rowBytes, rowBytes = 8 nOut of layer 0, so the kernels add it without a
 * multiplication), and their values byte / 255 in nzVal, at entries
 * nzStart[i]..nzStart[i+1]-1 (rows packed one after another, so a large batch stays compact in
 * cache), the label in labels[i]. The image set is held sparse in kernel memory (see
 * index.ts's residentImages): image e's non-zero pixels are entries rowStart[e]..rowStart[e+1]-1
 * of col (u16 column) and val (u8 byte), in column order, as the reference finds them.
 * touched[k] becomes 1 for every column some row of the batch uses (for updateSparseRows).
 */
export function fillBatch(
  rowStart: usize, col: usize, val: usize, labelsIn: usize, order: usize, start: i32, end: i32, nIn: i32, rowBytes: i32,
  nz: usize, nzVal: usize, nzStart: usize, labels: usize, touched: usize,
): void {
  const m = end - start;
  memory.fill(touched, 0, <usize>nIn);
  let c: usize = 0;
  store<i32>(nzStart, 0);
  for (let i: i32 = 0; i < m; i++) {
    const e = <usize>load<i32>(order + (<usize>(start + i) << 2));
    const t0 = <usize>load<i32>(rowStart + (e << 2));
    const t1 = <usize>load<i32>(rowStart + (e << 2), 4);
    for (let t = t0; t < t1; t++, c++) {
      const k = <i32>load<u16>(col + (t << 1));
      store<i32>(nz + (c << 2), k * rowBytes);
      store<f64>(nzVal + (c << 3), <f64>load<u8>(val + t) / 255);
      store<u8>(touched + <usize>k, 1);
    }
    store<i32>(nzStart + (<usize>(i + 1) << 2), <i32>c);
    store<i32>(labels + (<usize>i << 2), <i32>load<u8>(labelsIn + e));
  }
}

// ---- forward pass ----

/**
 * out_r = init_r + sum over list r's entries t of val_t * table[idx_t], for r = 0..rows-1, each
 * list in its own order; list r is entries starts[r]..ends[r]-1 (i32 arrays; ends = starts + 4
 * for lists packed one after another); rows of `width` values, lanes neighbouring values; idx_t
 * is the byte offset of its table row (fillBatch's nz, transposeBatch's crow), so no
 * multiplication per entry. Blocks of 30, 16, 14, 12, 8, 4, 2 and 1 values keep the running sums
 * in registers (width 30: one pass over the list).
 *  - Layer 0's forward pass: table W0T (input-major), init the bias (initStride 0), lists the
 *    rows' non-zero pixels: z_i = b + sum_k x_ik W0T[k], each neuron adding the pixels in the
 *    row's order, as the reference does. gradients() takes a layer of 53 neurons or fewer a
 *    tile of pixels at a time (init z itself after the first): the same terms in the same order.
 *  - Layer 0's weight gradient from a batch's columns (transposeBatch): table the batch's
 *    deltas, init and out gW0T itself (initStride a row), lists the rows that use each pixel in
 *    row order: gW0T[k] + sum_i x_ik delta_i adds each row's term in the order
 *    weightGradientSparse does, so the sums are the same bits, with gW0T[k] read and written
 *    once per block of rows instead of once per row. Empty lists leave their row alone.
 */
function gatherRows(table: usize, init: usize, initStride: usize, idx: usize, val: usize, starts: usize, ends: usize, rows: i32, width: i32, out: usize): void {
  const rowBytes = <usize>width << 3;
  for (let i: i32 = 0; i < rows; i++) {
    const t0 = <usize>load<i32>(starts + (<usize>i << 2));
    const t1 = <usize>load<i32>(ends + (<usize>i << 2));
    const zi = out + <usize>i * rowBytes;
    const b = init + <usize>i * initStride;
    if (t0 == t1 && b == zi) continue;
    // The list walked by pointer (pi into idx, pv into val): adds, no scaled address per entry.
    const i0 = idx + (t0 << 2), i1 = idx + (t1 << 2), v0 = val + (t0 << 3);
    let j: i32 = 0;
    // The first 30 values (all of them in the book's hidden layers) in one pass: 15 running sums,
    // one more register than x86 has left after x, which the compiler spills at less cost than a
    // second pass over the list (E4 about 5 % faster, alternating runs). At offset 0 on purpose:
    // with an offset the loop holds one more value and was slower than two passes.
    if (width >= 30) {
      let s0 = v128.load(b), s1 = v128.load(b, 16), s2 = v128.load(b, 32), s3 = v128.load(b, 48), s4 = v128.load(b, 64);
      let s5 = v128.load(b, 80), s6 = v128.load(b, 96), s7 = v128.load(b, 112), s8 = v128.load(b, 128), s9 = v128.load(b, 144);
      let s10 = v128.load(b, 160), s11 = v128.load(b, 176), s12 = v128.load(b, 192), s13 = v128.load(b, 208), s14 = v128.load(b, 224);
      for (let pi = i0, pv = v0; pi < i1; pi += 4, pv += 8) {
        const wk = table + <usize>load<i32>(pi);
        const x = v128.load64_splat(pv);
        s0 = f64x2.add(s0, f64x2.mul(v128.load(wk), x));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(wk, 16), x));
        s2 = f64x2.add(s2, f64x2.mul(v128.load(wk, 32), x));
        s3 = f64x2.add(s3, f64x2.mul(v128.load(wk, 48), x));
        s4 = f64x2.add(s4, f64x2.mul(v128.load(wk, 64), x));
        s5 = f64x2.add(s5, f64x2.mul(v128.load(wk, 80), x));
        s6 = f64x2.add(s6, f64x2.mul(v128.load(wk, 96), x));
        s7 = f64x2.add(s7, f64x2.mul(v128.load(wk, 112), x));
        s8 = f64x2.add(s8, f64x2.mul(v128.load(wk, 128), x));
        s9 = f64x2.add(s9, f64x2.mul(v128.load(wk, 144), x));
        s10 = f64x2.add(s10, f64x2.mul(v128.load(wk, 160), x));
        s11 = f64x2.add(s11, f64x2.mul(v128.load(wk, 176), x));
        s12 = f64x2.add(s12, f64x2.mul(v128.load(wk, 192), x));
        s13 = f64x2.add(s13, f64x2.mul(v128.load(wk, 208), x));
        s14 = f64x2.add(s14, f64x2.mul(v128.load(wk, 224), x));
      }
      v128.store(zi, s0);
      v128.store(zi, s1, 16);
      v128.store(zi, s2, 32);
      v128.store(zi, s3, 48);
      v128.store(zi, s4, 64);
      v128.store(zi, s5, 80);
      v128.store(zi, s6, 96);
      v128.store(zi, s7, 112);
      v128.store(zi, s8, 128);
      v128.store(zi, s9, 144);
      v128.store(zi, s10, 160);
      v128.store(zi, s11, 176);
      v128.store(zi, s12, 192);
      v128.store(zi, s13, 208);
      v128.store(zi, s14, 224);
      j = 30;
    }
    for (; j + 15 < width; j += 16) {
      const o = <usize>j << 3;
      const bo = b + o;
      let s0 = v128.load(bo), s1 = v128.load(bo, 16), s2 = v128.load(bo, 32), s3 = v128.load(bo, 48);
      let s4 = v128.load(bo, 64), s5 = v128.load(bo, 80), s6 = v128.load(bo, 96), s7 = v128.load(bo, 112);
      for (let pi = i0, pv = v0; pi < i1; pi += 4, pv += 8) {
        const wk = table + <usize>load<i32>(pi) + o;
        const x = v128.load64_splat(pv);
        s0 = f64x2.add(s0, f64x2.mul(v128.load(wk), x));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(wk, 16), x));
        s2 = f64x2.add(s2, f64x2.mul(v128.load(wk, 32), x));
        s3 = f64x2.add(s3, f64x2.mul(v128.load(wk, 48), x));
        s4 = f64x2.add(s4, f64x2.mul(v128.load(wk, 64), x));
        s5 = f64x2.add(s5, f64x2.mul(v128.load(wk, 80), x));
        s6 = f64x2.add(s6, f64x2.mul(v128.load(wk, 96), x));
        s7 = f64x2.add(s7, f64x2.mul(v128.load(wk, 112), x));
      }
      const zo = zi + o;
      v128.store(zo, s0);
      v128.store(zo, s1, 16);
      v128.store(zo, s2, 32);
      v128.store(zo, s3, 48);
      v128.store(zo, s4, 64);
      v128.store(zo, s5, 80);
      v128.store(zo, s6, 96);
      v128.store(zo, s7, 112);
    }
    for (; j + 13 < width; j += 14) {
      const o = <usize>j << 3;
      const bo = b + o;
      let s0 = v128.load(bo), s1 = v128.load(bo, 16), s2 = v128.load(bo, 32), s3 = v128.load(bo, 48);
      let s4 = v128.load(bo, 64), s5 = v128.load(bo, 80), s6 = v128.load(bo, 96);
      for (let pi = i0, pv = v0; pi < i1; pi += 4, pv += 8) {
        const wk = table + <usize>load<i32>(pi) + o;
        const x = v128.load64_splat(pv);
        s0 = f64x2.add(s0, f64x2.mul(v128.load(wk), x));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(wk, 16), x));
        s2 = f64x2.add(s2, f64x2.mul(v128.load(wk, 32), x));
        s3 = f64x2.add(s3, f64x2.mul(v128.load(wk, 48), x));
        s4 = f64x2.add(s4, f64x2.mul(v128.load(wk, 64), x));
        s5 = f64x2.add(s5, f64x2.mul(v128.load(wk, 80), x));
        s6 = f64x2.add(s6, f64x2.mul(v128.load(wk, 96), x));
      }
      const zo = zi + o;
      v128.store(zo, s0);
      v128.store(zo, s1, 16);
      v128.store(zo, s2, 32);
      v128.store(zo, s3, 48);
      v128.store(zo, s4, 64);
      v128.store(zo, s5, 80);
      v128.store(zo, s6, 96);
    }
    for (; j + 11 < width; j += 12) {
      const o = <usize>j << 3;
      const bo = b + o;
      let s0 = v128.load(bo), s1 = v128.load(bo, 16), s2 = v128.load(bo, 32), s3 = v128.load(bo, 48);
      let s4 = v128.load(bo, 64), s5 = v128.load(bo, 80);
      for (let pi = i0, pv = v0; pi < i1; pi += 4, pv += 8) {
        const wk = table + <usize>load<i32>(pi) + o;
        const x = v128.load64_splat(pv);
        s0 = f64x2.add(s0, f64x2.mul(v128.load(wk), x));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(wk, 16), x));
        s2 = f64x2.add(s2, f64x2.mul(v128.load(wk, 32), x));
        s3 = f64x2.add(s3, f64x2.mul(v128.load(wk, 48), x));
        s4 = f64x2.add(s4, f64x2.mul(v128.load(wk, 64), x));
        s5 = f64x2.add(s5, f64x2.mul(v128.load(wk, 80), x));
      }
      const zo = zi + o;
      v128.store(zo, s0);
      v128.store(zo, s1, 16);
      v128.store(zo, s2, 32);
      v128.store(zo, s3, 48);
      v128.store(zo, s4, 64);
      v128.store(zo, s5, 80);
    }
    for (; j + 7 < width; j += 8) {
      const o = <usize>j << 3;
      let s0 = v128.load(b + o), s1 = v128.load(b + o, 16), s2 = v128.load(b + o, 32), s3 = v128.load(b + o, 48);
      for (let pi = i0, pv = v0; pi < i1; pi += 4, pv += 8) {
        const wk = table + <usize>load<i32>(pi) + o;
        const x = v128.load64_splat(pv);
        s0 = f64x2.add(s0, f64x2.mul(v128.load(wk), x));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(wk, 16), x));
        s2 = f64x2.add(s2, f64x2.mul(v128.load(wk, 32), x));
        s3 = f64x2.add(s3, f64x2.mul(v128.load(wk, 48), x));
      }
      v128.store(zi + o, s0);
      v128.store(zi + o, s1, 16);
      v128.store(zi + o, s2, 32);
      v128.store(zi + o, s3, 48);
    }
    for (; j + 3 < width; j += 4) {
      const o = <usize>j << 3;
      let s0 = v128.load(b + o), s1 = v128.load(b + o, 16);
      for (let pi = i0, pv = v0; pi < i1; pi += 4, pv += 8) {
        const wk = table + <usize>load<i32>(pi) + o;
        const x = v128.load64_splat(pv);
        s0 = f64x2.add(s0, f64x2.mul(v128.load(wk), x));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(wk, 16), x));
      }
      v128.store(zi + o, s0);
      v128.store(zi + o, s1, 16);
    }
    for (; j + 1 < width; j += 2) {
      const o = <usize>j << 3;
      let s0 = v128.load(b + o);
      for (let pi = i0, pv = v0; pi < i1; pi += 4, pv += 8) {
        const wk = table + <usize>load<i32>(pi) + o;
        s0 = f64x2.add(s0, f64x2.mul(v128.load(wk), v128.load64_splat(pv)));
      }
      v128.store(zi + o, s0);
    }
    for (; j < width; j++) {
      const o = <usize>j << 3;
      let s = load<f64>(b + o);
      for (let t = t0; t < t1; t++) {
        s += load<f64>(table + <usize>load<i32>(idx + (t << 2)) + o) * load<f64>(val + (t << 3));
      }
      store<f64>(zi + o, s);
    }
  }
}

/**
 * Deeper layers: z_ij = b_j + dot(W_j, a_i) where dot keeps the reference's four running sums
 * s0..s3 over k = 0, 1, 2, 3 (mod 4): (s0, s1) and (s2, s3) are two f64x2 registers; the tail
 * goes into s0; the total is ((s0 + s1) + s2) + s3, then the bias is added, as in backprop.ts.
 * Pairs of neurons close together (pairTotal): z_ij and z_i,j+1 are neighbours in memory, so their
 * tails, sums, biases and store are f64x2 operations rather than four scalar closes per block.
 */
function forwardDense(w: usize, b: usize, a: usize, m: i32, nIn: i32, nOut: i32, z: usize): void {
  const inBytes = <usize>nIn << 3, outBytes = <usize>nOut << 3;
  let i: i32 = 0;
  // Two examples by two neurons at a time: each load of an a row or a W row serves two dots, and
  // each dot keeps its own four sums; then the odd neuron, for both examples.
  for (; i + 1 < m; i += 2) {
    const a0 = a + <usize>i * inBytes, a1 = a0 + inBytes;
    const z0 = z + <usize>i * outBytes, z1 = z0 + outBytes;
    let j: i32 = 0;
    for (; j + 1 < nOut; j += 2) {
      const wj = w + <usize>j * inBytes, wk = wj + inBytes;
      let p01 = f64x2.splat(0), p23 = f64x2.splat(0), q01 = f64x2.splat(0), q23 = f64x2.splat(0);
      let r01 = f64x2.splat(0), r23 = f64x2.splat(0), t01 = f64x2.splat(0), t23 = f64x2.splat(0);
      // Four values of k per step, the four rows walked by pointer (adds, no scaled addresses).
      const k = nIn & ~3;
      const xEnd = a0 + (<usize>k << 3);
      for (let x = a0, y = a1, p = wj, q = wk; x < xEnd; x += 32, y += 32, p += 32, q += 32) {
        const x01 = v128.load(x), x23 = v128.load(x, 16), y01 = v128.load(y), y23 = v128.load(y, 16);
        const w01 = v128.load(p), w23 = v128.load(p, 16), u01 = v128.load(q), u23 = v128.load(q, 16);
        p01 = f64x2.add(p01, f64x2.mul(w01, x01));
        p23 = f64x2.add(p23, f64x2.mul(w23, x23));
        q01 = f64x2.add(q01, f64x2.mul(w01, y01));
        q23 = f64x2.add(q23, f64x2.mul(w23, y23));
        r01 = f64x2.add(r01, f64x2.mul(u01, x01));
        r23 = f64x2.add(r23, f64x2.mul(u23, x23));
        t01 = f64x2.add(t01, f64x2.mul(u01, y01));
        t23 = f64x2.add(t23, f64x2.mul(u23, y23));
      }
      // z_i,j and z_i,j+1 are neighbours: both dots close in one register and one store.
      const bv = v128.load(b + (<usize>j << 3));
      v128.store(z0 + (<usize>j << 3), f64x2.add(bv, pairTotal(p01, p23, r01, r23, wj, wk, a0, k, nIn)));
      v128.store(z1 + (<usize>j << 3), f64x2.add(bv, pairTotal(q01, q23, t01, t23, wj, wk, a1, k, nIn)));
    }
    for (; j < nOut; j++) {
      const wj = w + <usize>j * inBytes;
      let p01 = f64x2.splat(0), p23 = f64x2.splat(0), q01 = f64x2.splat(0), q23 = f64x2.splat(0);
      let k: i32 = 0;
      for (; k + 3 < nIn; k += 4) {
        const o = <usize>k << 3;
        const w01 = v128.load(wj + o), w23 = v128.load(wj + o, 16);
        p01 = f64x2.add(p01, f64x2.mul(w01, v128.load(a0 + o)));
        p23 = f64x2.add(p23, f64x2.mul(w23, v128.load(a0 + o, 16)));
        q01 = f64x2.add(q01, f64x2.mul(w01, v128.load(a1 + o)));
        q23 = f64x2.add(q23, f64x2.mul(w23, v128.load(a1 + o, 16)));
      }
      const bj = load<f64>(b + (<usize>j << 3));
      store<f64>(z0 + (<usize>j << 3), bj + dotTotal(p01, p23, wj, a0, k, nIn));
      store<f64>(z1 + (<usize>j << 3), bj + dotTotal(q01, q23, wj, a1, k, nIn));
    }
  }
  for (; i < m; i++) {
    const ai = a + <usize>i * inBytes;
    const zi = z + <usize>i * outBytes;
    for (let j: i32 = 0; j < nOut; j++) {
      const wj = w + <usize>j * inBytes;
      let s01 = f64x2.splat(0), s23 = f64x2.splat(0);
      let k: i32 = 0;
      for (; k + 3 < nIn; k += 4) {
        const o = <usize>k << 3;
        s01 = f64x2.add(s01, f64x2.mul(v128.load(wj + o), v128.load(ai + o)));
        s23 = f64x2.add(s23, f64x2.mul(v128.load(wj + o, 16), v128.load(ai + o, 16)));
      }
      store<f64>(zi + (<usize>j << 3), load<f64>(b + (<usize>j << 3)) + dotTotal(s01, s23, wj, ai, k, nIn));
    }
  }
}

/**
 * dotTotal for two neurons j, j + 1 (W rows wj, wk) of one example at once, lane 0 for j and lane
 * 1 for j + 1: each lane gets its dot's s0..s3 (from s01, s23 of neuron j and r01, r23 of
 * neuron j + 1), adds the tail into s0 and sums ((s0 + s1) + s2) + s3, the same operations.
 */
@inline function pairTotal(s01: v128, s23: v128, r01: v128, r23: v128, wj: usize, wk: usize, ai: usize, k: i32, nIn: i32): v128 {
  let s0 = f64x2.shuffle(s01, r01, 0, 2);
  for (; k < nIn; k++) {
    const o = <usize>k << 3;
    s0 = f64x2.add(s0, f64x2.mul(v128.load64_lane(wk + o, v128.load64_zero(wj + o), 1), v128.load64_splat(ai + o)));
  }
  return f64x2.add(f64x2.add(f64x2.add(s0, f64x2.shuffle(s01, r01, 1, 3)), f64x2.shuffle(s23, r23, 0, 2)), f64x2.shuffle(s23, r23, 1, 3));
}

/** The dot's close: the tail k..nIn-1 into s0, then ((s0 + s1) + s2) + s3. */
@inline function dotTotal(s01: v128, s23: v128, wj: usize, ai: usize, k: i32, nIn: i32): f64 {
  let s0 = f64x2.extract_lane(s01, 0);
  for (; k < nIn; k++) s0 += load<f64>(wj + (<usize>k << 3)) * load<f64>(ai + (<usize>k << 3));
  return s0 + f64x2.extract_lane(s01, 1) + f64x2.extract_lane(s23, 0) + f64x2.extract_lane(s23, 1);
}

/**
 * sigma for two values at once: exp above with both lanes in one register, every operation and
 * every branch's result the same as the scalar code's, so each lane equals sigmoid(z) exactly.
 * Lanes that need exp's rare paths (|z| below 2^-28 or above 707, NaN) make the pair go scalar.
 * The scalar code picks k = +-1 without trunc for ln2/2 < |x| < 3 ln2/2 and k = 0 below; the
 * vector code takes the general formula's k there too (it is +-1, see sigmoidCommon) and k = 0
 * below, then evaluates hi = x - k LN2_HI and lo = k LN2_LO, which for those k are exactly the
 * special cases' hi and lo; and for k = 0 the closing formula is the general one's with exact
 * negations ((c - 2) = -(2 - c), 0 - q = -q) and 2^0 = 1, so one formula reproduces both.
 */
function sigmoidPair(zv: v128): v128 {
  if (!i64x2.all_true(commonPair(zv))) {
    return f64x2.replace_lane(f64x2.splat(sigmoid(f64x2.extract_lane(zv, 0))), 1, sigmoid(f64x2.extract_lane(zv, 1)));
  }
  return sigmoidCommon(zv);
}

/** Lanes whose exp(-z) takes the common path (2^-28 < |z| < 707): all ones there. */
@inline function commonPair(zv: v128): v128 {
  const az = f64x2.abs(zv);
  return v128.and(f64x2.gt(az, f64x2.splat(TWO_M28)), f64x2.lt(az, f64x2.splat(707.0)));
}

/**
 * sigmoidPair's arithmetic for a pair whose lanes both take exp's common path; no branches, so two
 * inlined side by side overlap. k is the general formula's trunc(x / ln2 +- 1/2) everywhere above
 * ln2/2: it is monotonic in |x| and equals +-1 at both ends of ln2/2 < |x| < 3 ln2/2 (the first
 * double above ln2/2 and the last below 3 ln2/2), so it is the scalar code's k = +-1 there without
 * a separate choice; below, k = +0 (general masked off) makes hi = x - 0 = x and lo = +0, so
 * hi - lo = x as well.
 */
@inline function sigmoidCommon(zv: v128): v128 {
  const x = f64x2.neg(zv);
  const one = f64x2.splat(1), two = f64x2.splat(2);
  // +-1/2 with x's sign (x is never zero or NaN here), bit for bit the scalar code's choice.
  const half = v128.or(v128.and(x, f64x2.splat(-0.0)), f64x2.splat(0.5));
  const general = f64x2.trunc(f64x2.add(f64x2.mul(f64x2.splat(INV_LN2), x), half));
  const kf = v128.and(general, f64x2.gt(f64x2.abs(x), f64x2.splat(HALF_LN2)));
  const hi = f64x2.sub(x, f64x2.mul(kf, f64x2.splat(LN2_HI)));
  const lo = f64x2.mul(kf, f64x2.splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let poly = f64x2.add(f64x2.splat(P4), f64x2.mul(t, f64x2.splat(P5)));
  poly = f64x2.add(f64x2.splat(P3), f64x2.mul(t, poly));
  poly = f64x2.add(f64x2.splat(P2), f64x2.mul(t, poly));
  poly = f64x2.add(f64x2.splat(P1), f64x2.mul(t, poly));
  const c = f64x2.sub(r, f64x2.mul(t, poly));
  // One division serves both closing formulas: for k = 0, lo = +0 and hi = r, so
  // 1 - ((lo - q) - hi) is 1 - ((-q) - r), the k = 0 formula (its x c / (c - 2) is exactly -q),
  // and 2^0 = 1 leaves it unchanged.
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(two, c));
  const y = f64x2.sub(one, f64x2.sub(f64x2.sub(lo, q), hi));
  // 2^k from its bits: 2^52 + 1023 + k is exact and holds k + 1023 in its low bits (k is within
  // [-1021, 1023] here), which the shift moves into the exponent field.
  const pow2k = i64x2.shl(f64x2.add(kf, f64x2.splat(POW2_BIAS)), 52);
  return f64x2.div(one, f64x2.add(one, f64x2.mul(y, pow2k)));
}

/** 2^52 + 1023: adding an integer k in [-1023, 1024] gives a double whose low 11 bits are k + 1023. */
const POW2_BIAS: f64 = 4503599627371519.0;

function activateAll(z: usize, a: usize, len: i32, act: i32): void {
  let t: i32 = 0;
  if (act == SIGMOID) {
    // Four pairs, then two, at a time: their exp chains are independent, so the CPU runs them side by side.
    for (; t + 7 < len; t += 8) {
      const o = <usize>t << 3;
      const z0 = v128.load(z + o), z1 = v128.load(z + o, 16), z2 = v128.load(z + o, 32), z3 = v128.load(z + o, 48);
      if (i64x2.all_true(v128.and(v128.and(commonPair(z0), commonPair(z1)), v128.and(commonPair(z2), commonPair(z3))))) {
        const a0 = sigmoidCommon(z0), a1 = sigmoidCommon(z1), a2 = sigmoidCommon(z2), a3 = sigmoidCommon(z3);
        v128.store(a + o, a0);
        v128.store(a + o, a1, 16);
        v128.store(a + o, a2, 32);
        v128.store(a + o, a3, 48);
      } else {
        v128.store(a + o, sigmoidPair(z0));
        v128.store(a + o, sigmoidPair(z1), 16);
        v128.store(a + o, sigmoidPair(z2), 32);
        v128.store(a + o, sigmoidPair(z3), 48);
      }
    }
    for (; t + 3 < len; t += 4) {
      const o = <usize>t << 3;
      const z0 = v128.load(z + o), z1 = v128.load(z + o, 16);
      if (i64x2.all_true(v128.and(commonPair(z0), commonPair(z1)))) {
        const a0 = sigmoidCommon(z0), a1 = sigmoidCommon(z1);
        v128.store(a + o, a0);
        v128.store(a + o, a1, 16);
      } else {
        v128.store(a + o, sigmoidPair(z0));
        v128.store(a + o, sigmoidPair(z1), 16);
      }
    }
    for (; t + 1 < len; t += 2) {
      const o = <usize>t << 3;
      v128.store(a + o, sigmoidPair(v128.load(z + o)));
    }
  }
  for (; t < len; t++) {
    const o = <usize>t << 3;
    store<f64>(a + o, activate(load<f64>(z + o), act));
  }
}

/** sigmoidPair on 2 x `pairs` values, for the tests (exported so they can check it lane by lane). */
export function sigmoidPairs(z: usize, a: usize, pairs: i32): void {
  for (let t: i32 = 0; t < pairs; t++) {
    const o = <usize>t << 4;
    v128.store(a + o, sigmoidPair(v128.load(z + o)));
  }
}

/** activateAll's sigmoid on `len` values, as every layer's forward pass runs it (for the bench's floor). */
export function sigmoids(z: usize, a: usize, len: i32): void {
  activateAll(z, a, len, SIGMOID);
}

/** forwardBatch: every layer in turn; the output layer is always sigmoid. */
export function forward(net: usize, layers: i32, act: i32, nz: usize, nzVal: usize, nzStart: usize, m: i32): void {
  forwardRows(net, layers, act, nz, nzVal, nzStart, m, 0, 0);
}

/**
 * forward; with tiles (non-zero) layer 0 adds its pixels a tile of pixels at a time (rowTiles):
 * tile q's entries of row i are tiles[q][i]..tiles[q+1][i]-1, tiles[q] tileStride bytes apart.
 */
function forwardRows(net: usize, layers: i32, act: i32, nz: usize, nzVal: usize, nzStart: usize, m: i32, tiles: usize, tileStride: usize): void {
  for (let l: i32 = 0; l < layers; l++) {
    const nIn = field(net, l, F_NIN), nOut = field(net, l, F_NOUT);
    const w = <usize>field(net, l, F_W), b = <usize>field(net, l, F_B), z = <usize>field(net, l, F_Z);
    if (l == 0 && tiles == 0) gatherRows(w, b, 0, nz, nzVal, nzStart, nzStart + 4, m, nOut, z);
    else if (l == 0) {
      // Each tile's rows of W0T stay in L1 cache while the slice's rows add their pixels in it;
      // z carries each row's sums from tile to tile, so every neuron adds its pixels in order.
      const count = chunks(nIn, nOut);
      for (let q: i32 = 0; q < count; q++) {
        const at = tiles + <usize>q * tileStride;
        gatherRows(w, q == 0 ? b : z, q == 0 ? 0 : <usize>nOut << 3, nz, nzVal, at, at + tileStride, m, nOut, z);
      }
    } else forwardDense(w, b, <usize>field(net, l - 1, F_A), m, nIn, nOut, z);
    activateAll(z, <usize>field(net, l, F_A), m * nOut, l == layers - 1 ? SIGMOID : act);
  }
}

// ---- backward pass: BP1-BP4 ----

/**
 * BP3: gB_j += delta_ij for i = 0..m-1 in order; lanes are neighbouring neurons. Blocks of 10
 * values keep their sums in registers down all the rows (the book's layers are 30 and 10 wide),
 * then pairs, then a last value, each still adding its rows in order.
 */
function biasGradient(d: usize, m: i32, nOut: i32, gB: usize): void {
  const rowBytes = <usize>nOut << 3;
  let j: i32 = 0;
  for (; j + 9 < nOut; j += 10) {
    const g = gB + (<usize>j << 3);
    let s0 = v128.load(g), s1 = v128.load(g, 16), s2 = v128.load(g, 32), s3 = v128.load(g, 48), s4 = v128.load(g, 64);
    let di = d + (<usize>j << 3);
    for (let i: i32 = 0; i < m; i++, di += rowBytes) {
      s0 = f64x2.add(s0, v128.load(di));
      s1 = f64x2.add(s1, v128.load(di, 16));
      s2 = f64x2.add(s2, v128.load(di, 32));
      s3 = f64x2.add(s3, v128.load(di, 48));
      s4 = f64x2.add(s4, v128.load(di, 64));
    }
    v128.store(g, s0);
    v128.store(g, s1, 16);
    v128.store(g, s2, 32);
    v128.store(g, s3, 48);
    v128.store(g, s4, 64);
  }
  for (; j + 1 < nOut; j += 2) {
    const g = gB + (<usize>j << 3);
    let s0 = v128.load(g);
    let di = d + (<usize>j << 3);
    for (let i: i32 = 0; i < m; i++, di += rowBytes) s0 = f64x2.add(s0, v128.load(di));
    v128.store(g, s0);
  }
  for (; j < nOut; j++) {
    const g = gB + (<usize>j << 3);
    let s0 = load<f64>(g);
    let di = d + (<usize>j << 3);
    for (let i: i32 = 0; i < m; i++, di += rowBytes) s0 += load<f64>(di);
    store<f64>(g, s0);
  }
}

/** BP4 on the pixels: gW0T[k] += delta_i x_k for each non-zero pixel k of each row i, in order. */
function weightGradientSparse(d: usize, nz: usize, nzVal: usize, nzStart: usize, m: i32, nIn: i32, nOut: i32, gW: usize): void {
  const rowBytes = <usize>nOut << 3;
  for (let i: i32 = 0; i < m; i++) {
    const t0 = <usize>load<i32>(nzStart + (<usize>i << 2));
    const t1 = <usize>load<i32>(nzStart + (<usize>i << 2), 4);
    const di = d + <usize>i * rowBytes;
    for (let t = t0; t < t1; t++) {
      const gk = gW + <usize>load<i32>(nz + (t << 2)); // gW0T's rows are W0T's width
      const xs = load<f64>(nzVal + (t << 3));
      const x = f64x2.splat(xs);
      let j: i32 = 0;
      for (; j + 1 < nOut; j += 2) {
        const o = <usize>j << 3;
        v128.store(gk + o, f64x2.add(v128.load(gk + o), f64x2.mul(v128.load(di + o), x)));
      }
      for (; j < nOut; j++) {
        const o = <usize>j << 3;
        store<f64>(gk + o, load<f64>(gk + o) + load<f64>(di + o) * xs);
      }
    }
  }
}

/**
 * out[k] = (fromZero ? 0 : out[k]) + sum over p of s_p v_p[k], for k = 0..width-1, the terms added
 * in pairs as the reference does: out + (s_p v_p + s_p+1 v_p+1), p = 0, 2, 4, ..., then
 * out + s_p v_p for an odd last one. Scalars s_p are sStride bytes apart, rows v_p vStride bytes
 * apart. Blocks of 8, 6 and 2 values k keep their sums in registers through every p (width 30:
 * four passes), each value adding its terms in the same order as a pass per p would. Narrow on
 * purpose: V8 issues all of an iteration's loads before its arithmetic, so a block of 2n values
 * holds 2n loaded operands, n sums and two splats at once, and 8 values (14 registers) is the
 * widest that fits the 15 xmm registers V8 allocates on x64; 16-wide blocks spilled and reloaded
 * about half their operands every iteration (E4 about 4 % slower). The pointers into s and v
 * step by two strides per iteration rather than being multiplied out, and the loop ends on s's
 * pointer rather than a count: two fewer instructions an iteration (E4 about 1.4 % faster,
 * alternating runs). With prime (non-zero: a
 * sigmoid layer's activations, one row) each value is stored times a (1 - a), BP2's product with
 * sigma'(z), as the separate pass over the rows did it.
 *  - BP2 for example i: out the previous layer's dC/da_i, from zero; s delta_i's entries, v W's rows.
 *  - BP4 for neuron j: out gW's row j; s delta_ij down the examples, v the activations a_i.
 */
function accumulatePairs(out: usize, fromZero: bool, s: usize, sStride: usize, v: usize, vStride: usize, count: i32, width: i32, prime: usize): void {
  const zero = f64x2.splat(0);
  const sStride2 = sStride << 1, vStride2 = vStride << 1;
  const spEnd = s + <usize>(count >> 1) * sStride2, odd = (count & 1) != 0;
  let k: i32 = 0;
  for (; k + 7 < width; k += 8) {
    const o = <usize>k << 3;
    let r0 = fromZero ? zero : v128.load(out + o, 0), r1 = fromZero ? zero : v128.load(out + o, 16), r2 = fromZero ? zero : v128.load(out + o, 32), r3 = fromZero ? zero : v128.load(out + o, 48);
    let sp = s, vp = v + o;
    for (; sp < spEnd; sp += sStride2, vp += vStride2) {
      const s0 = v128.load64_splat(sp), s1 = v128.load64_splat(sp + sStride);
      const v1 = vp + vStride;
      r0 = f64x2.add(r0, f64x2.add(f64x2.mul(s0, v128.load(vp, 0)), f64x2.mul(s1, v128.load(v1, 0))));
      r1 = f64x2.add(r1, f64x2.add(f64x2.mul(s0, v128.load(vp, 16)), f64x2.mul(s1, v128.load(v1, 16))));
      r2 = f64x2.add(r2, f64x2.add(f64x2.mul(s0, v128.load(vp, 32)), f64x2.mul(s1, v128.load(v1, 32))));
      r3 = f64x2.add(r3, f64x2.add(f64x2.mul(s0, v128.load(vp, 48)), f64x2.mul(s1, v128.load(v1, 48))));
    }
    if (odd) {
      const s0 = v128.load64_splat(sp);
      r0 = f64x2.add(r0, f64x2.mul(s0, v128.load(vp, 0)));
      r1 = f64x2.add(r1, f64x2.mul(s0, v128.load(vp, 16)));
      r2 = f64x2.add(r2, f64x2.mul(s0, v128.load(vp, 32)));
      r3 = f64x2.add(r3, f64x2.mul(s0, v128.load(vp, 48)));
    }
    v128.store(out + o, primed(r0, prime, o), 0);
    v128.store(out + o, primed(r1, prime, o + 16), 16);
    v128.store(out + o, primed(r2, prime, o + 32), 32);
    v128.store(out + o, primed(r3, prime, o + 48), 48);
  }
  for (; k + 5 < width; k += 6) {
    const o = <usize>k << 3;
    let r0 = fromZero ? zero : v128.load(out + o, 0), r1 = fromZero ? zero : v128.load(out + o, 16), r2 = fromZero ? zero : v128.load(out + o, 32);
    let sp = s, vp = v + o;
    for (; sp < spEnd; sp += sStride2, vp += vStride2) {
      const s0 = v128.load64_splat(sp), s1 = v128.load64_splat(sp + sStride);
      const v1 = vp + vStride;
      r0 = f64x2.add(r0, f64x2.add(f64x2.mul(s0, v128.load(vp, 0)), f64x2.mul(s1, v128.load(v1, 0))));
      r1 = f64x2.add(r1, f64x2.add(f64x2.mul(s0, v128.load(vp, 16)), f64x2.mul(s1, v128.load(v1, 16))));
      r2 = f64x2.add(r2, f64x2.add(f64x2.mul(s0, v128.load(vp, 32)), f64x2.mul(s1, v128.load(v1, 32))));
    }
    if (odd) {
      const s0 = v128.load64_splat(sp);
      r0 = f64x2.add(r0, f64x2.mul(s0, v128.load(vp, 0)));
      r1 = f64x2.add(r1, f64x2.mul(s0, v128.load(vp, 16)));
      r2 = f64x2.add(r2, f64x2.mul(s0, v128.load(vp, 32)));
    }
    v128.store(out + o, primed(r0, prime, o), 0);
    v128.store(out + o, primed(r1, prime, o + 16), 16);
    v128.store(out + o, primed(r2, prime, o + 32), 32);
  }
  for (; k + 1 < width; k += 2) {
    const o = <usize>k << 3;
    let r0 = fromZero ? zero : v128.load(out + o, 0);
    let p: i32 = 0;
    for (; p + 1 < count; p += 2) {
      const s0 = v128.load64_splat(s + <usize>p * sStride), s1 = v128.load64_splat(s + <usize>(p + 1) * sStride);
      const v0 = v + <usize>p * vStride + o, v1 = v0 + vStride;
      r0 = f64x2.add(r0, f64x2.add(f64x2.mul(s0, v128.load(v0, 0)), f64x2.mul(s1, v128.load(v1, 0))));
    }
    if (p < count) {
      const s0 = v128.load64_splat(s + <usize>p * sStride);
      const v0 = v + <usize>p * vStride + o;
      r0 = f64x2.add(r0, f64x2.mul(s0, v128.load(v0, 0)));
    }
    v128.store(out + o, primed(r0, prime, o), 0);
  }
  for (; k < width; k++) {
    const o = <usize>k << 3;
    let r: f64 = fromZero ? 0 : load<f64>(out + o);
    let p: i32 = 0;
    for (; p + 1 < count; p += 2) {
      const v0 = v + <usize>p * vStride + o;
      r = r + (load<f64>(s + <usize>p * sStride) * load<f64>(v0) + load<f64>(s + <usize>(p + 1) * sStride) * load<f64>(v0 + vStride));
    }
    if (p < count) r = r + load<f64>(s + <usize>p * sStride) * load<f64>(v + <usize>p * vStride + o);
    if (prime != 0) {
      const a = load<f64>(prime + o);
      r = r * (a * (1 - a));
    }
    store<f64>(out + o, r);
  }
}

/** The value `prime` asks accumulatePairs to store at byte `at`: r itself, or r sigma'(z) = r (a (1 - a)). */
@inline function primed(r: v128, prime: usize, at: usize): v128 {
  if (prime == 0) return r;
  const a = v128.load(prime + at);
  return f64x2.mul(r, f64x2.mul(a, f64x2.sub(f64x2.splat(1), a)));
}

/**
 * BP4: gW_jk += delta_ij a_ik, two examples per pass as in the reference
 * (gW + (d0 a0 + d1 a1)), then a last single example; lanes are neighbouring k.
 */
function weightGradient(d: usize, a: usize, m: i32, nIn: i32, nOut: i32, gW: usize): void {
  const inBytes = <usize>nIn << 3, outBytes = <usize>nOut << 3;
  for (let j: i32 = 0; j < nOut; j++) accumulatePairs(gW + <usize>j * inBytes, false, d + (<usize>j << 3), outBytes, a, inBytes, m, nIn, 0);
}

/**
 * BP2: deltaPrev_i = (delta_i W) * f'(zPrev_i), two neurons j per pass as in the reference
 * (deltaPrev + (w0 d0 + w1 d1)), then the odd one, then the product with f'. With act NO_PRIME
 * it stops at dC/da_prev = delta_i W (backprop.ts's errorToPrevious).
 */
function propagateError(d: usize, w: usize, zPrev: usize, aPrev: usize, m: i32, nIn: i32, nOut: i32, act: i32, dPrev: usize): void {
  const inBytes = <usize>nIn << 3;
  // Sigmoid's a (1 - a) goes in as each row's sums are stored (the same operations as primeAt's).
  const sigmoid = act == SIGMOID;
  for (let i: i32 = 0; i < m; i++) {
    accumulatePairs(dPrev + <usize>i * inBytes, true, d + ((<usize>i * <usize>nOut) << 3), 8, w, inBytes, nOut, nIn, sigmoid ? aPrev + <usize>i * inBytes : 0);
  }
  if (act == NO_PRIME || sigmoid) return;
  // Other activations' f' over the whole slice at once (its rows are contiguous).
  const len = m * nIn;
  for (let t: i32 = 0; t < len; t++) {
    const o = <usize>t << 3;
    store<f64>(dPrev + o, load<f64>(dPrev + o) * primeAt(load<f64>(zPrev + o), load<f64>(aPrev + o), act));
  }
}

/**
 * backwardBatch: adds the batch's SUMMED gradients into the F_GW/F_GB blocks. BP1 for a sigmoid
 * output: cross-entropy gives delta = a - y, the quadratic cost (a - y) sigma'(z).
 */
export function backward(net: usize, layers: i32, act: i32, cost: i32, nz: usize, nzVal: usize, nzStart: usize, labels: usize, m: i32): void {
  backwardRows(net, layers, act, cost, nz, nzVal, nzStart, labels, m, 0);
}

/**
 * backward over rows that are a slice of the batch; with d0Dest (non-zero) layer 0's weight
 * gradient is left for later and the slice's layer-0 deltas go to d0Dest instead (BP2 writes
 * them there; layer 0's F_D is left alone, or copied when layer 0 is the output layer).
 */
function backwardRows(net: usize, layers: i32, act: i32, cost: i32, nz: usize, nzVal: usize, nzStart: usize, labels: usize, m: i32, d0Dest: usize): void {
  outputError(net, layers, cost, labels, m);
  for (let l = layers - 1; l >= 0; l--) {
    const nIn = field(net, l, F_NIN), nOut = field(net, l, F_NOUT);
    const d = deltas(net, l, layers, d0Dest);
    biasGradient(d, m, nOut, <usize>field(net, l, F_GB));
    if (l == 0) {
      if (d0Dest == 0) weightGradientSparse(d, nz, nzVal, nzStart, m, nIn, nOut, <usize>field(net, 0, F_GW));
      else if (d != d0Dest) memory.copy(d0Dest, d, (<usize>m * <usize>nOut) << 3);
    } else {
      weightGradient(d, <usize>field(net, l - 1, F_A), m, nIn, nOut, <usize>field(net, l, F_GW));
      propagateError(d, <usize>field(net, l, F_W), <usize>field(net, l - 1, F_Z), <usize>field(net, l - 1, F_A), m, nIn, nOut, act, deltas(net, l - 1, layers, d0Dest));
    }
  }
}

/** Where backwardRows keeps layer l's deltas: F_D, or d0Dest for a hidden layer 0 (BP2 writes them there, no copy). */
@inline function deltas(net: usize, l: i32, layers: i32, d0Dest: usize): usize {
  return l == 0 && d0Dest != 0 && layers > 1 ? d0Dest : <usize>field(net, l, F_D);
}

/** BP1 for the sigmoid output: cross-entropy gives delta = a - y, the quadratic cost (a - y) sigma'(z). */
function outputError(net: usize, layers: i32, cost: i32, labels: usize, m: i32): void {
  const L = layers - 1;
  const nOut = field(net, L, F_NOUT);
  const a = <usize>field(net, L, F_A), d = <usize>field(net, L, F_D);
  for (let i: i32 = 0; i < m; i++) {
    const label = load<i32>(labels + (<usize>i << 2));
    for (let j: i32 = 0; j < nOut; j++) {
      const o = (<usize>i * <usize>nOut + <usize>j) << 3;
      const aj = load<f64>(a + o);
      const y: f64 = j == label ? 1 : 0;
      store<f64>(d + o, cost == CROSS_ENTROPY ? aj - y : (aj - y) * (aj * (1 - aj)));
    }
  }
}

/**
 * forward then backward over a batch of m rows in slices of SLICE rows, so that a large batch's
 * z, a and delta stay in cache: the SUMS come out bit-identical to one pass over all m rows,
 * because every gradient entry still adds its rows in order and SLICE is even, so
 * weightGradient's pairs of rows are the same pairs.
 */
const SLICE: i32 = 32;

export function gradients(net: usize, layers: i32, act: i32, cost: i32, nz: usize, nzVal: usize, nzStart: usize, labels: usize, m: i32): void {
  // A large batch with the column blocks allocated: layer 0's weight gradient by pixel, once,
  // after every slice's deltas are in (see gatherRows); a small one row by row, as it goes.
  const cstart = <usize>field(net, 0, F_CSTART);
  const byPixel = cstart != 0 && m >= COLUMNS_MIN;
  const nIn = field(net, 0, F_NIN), nOut = field(net, 0, F_NOUT);
  const dAll = <usize>field(net, 0, F_DALL);
  const crow = <usize>field(net, 0, F_CROW), cval = <usize>field(net, 0, F_CVAL);
  // The same batch again (full-batch training: one batch, every epoch) keeps its columns and tiles.
  const tiles = byPixel && chunkSize(nOut) != 0 ? tilesOf(cstart, nIn, nOut, m) : 0;
  if (byPixel && !field(net, 0, F_CHELD)) {
    transposeBatch(nz, nzVal, nzStart, m, nIn, nOut << 3, cstart, crow, cval);
    if (tiles != 0) rowTiles(nz, nzStart, m, nIn, nOut, tiles, <usize>m << 2);
    setField(net, 0, F_CHELD, 1);
  }
  for (let r: i32 = 0; r < m; r += SLICE) {
    const rows = min(SLICE, m - r);
    const s = nzStart + (<usize>r << 2), y = labels + (<usize>r << 2);
    forwardRows(net, layers, act, nz, nzVal, s, rows, tiles == 0 ? 0 : tiles + (<usize>r << 2), <usize>m << 2);
    backwardRows(net, layers, act, cost, nz, nzVal, s, y, rows, byPixel ? dAll + ((<usize>r * <usize>nOut) << 3) : 0);
  }
  if (byPixel) {
    // Block by block of rows (transposeBatch's snapshots): each block's deltas stay in L1 cache
    // while every pixel adds its rows from that block, in row order, so the sums are unchanged.
    const gW = <usize>field(net, 0, F_GW);
    const starts = blockStartsOf(cstart, nIn), blocks = chunks(m, nOut);
    for (let q: i32 = 0; q < blocks; q++) {
      const at = starts + ((<usize>q * <usize>nIn) << 2);
      gatherRows(dAll, gW, <usize>nOut << 3, crow, cval, at, at + (<usize>nIn << 2), nIn, nOut, gW);
    }
  }
}

/** Batches of at least this many rows take layer 0's weight gradient by pixel (KernelNet allocates the blocks for them). */
const COLUMNS_MIN: i32 = 64;

/** COLUMNS_MIN, for KernelNet. */
export function columnsMin(): i32 {
  return COLUMNS_MIN;
}

/**
 * Layer 0's weight gradient by pixel reads a block of rows' deltas at a time: as many rows as fit
 * in BLOCK_BYTES, so that the block stays in L1 cache (48 KB here) while every pixel's entries
 * in it are added (gatherRows; 170 rows of 30 deltas). On E4's batch that gradient took 0.26 s
 * in blocks of 125-150 rows against 0.33 s reading all 1,000 rows' deltas (240 KB) from L2 for
 * each pixel. Its forward pass over a large batch likewise takes W0T a tile of as many rows
 * (pixels) at a time (E4 about 2 % faster). 40 KB rather than 32: E4 about 2 % faster again.
 */
const BLOCK_BYTES: i32 = 40960;
/**
 * Fewer rows than this to a block (layer 0 wider than 53 neurons) and the lists get short: each
 * block's list of a pixel starts and ends by reading and writing that pixel's whole row of
 * sums, which for 40 rows of 100 costs about as much as the cache saves, and for wider layers
 * more. Those layers take the whole batch as one block and their pixels as one tile.
 */
const BLOCK_ROWS_MIN: i32 = 96;

/**
 * Rows of deltas to a block, and pixels (rows of W0T) to a tile: as many as fit in BLOCK_BYTES,
 * or 0 for a layer too wide for blocks (BLOCK_ROWS_MIN): one block of the whole batch, one tile.
 */
@inline function chunkSize(nOut: i32): i32 {
  const r = BLOCK_BYTES / (nOut << 3);
  return r >= BLOCK_ROWS_MIN ? r : 0;
}

/** chunkSize, for the tests (which check that the book's layer is blocked and a wide one is not). */
export function blockRows(nOut: i32): i32 {
  return chunkSize(nOut);
}

/** Blocks in a batch of n rows, or tiles in n pixels. */
@inline function chunks(n: i32, nOut: i32): i32 {
  const r = chunkSize(nOut);
  return r == 0 ? 1 : (n + r - 1) / r;
}

// Layer 0's F_CSTART, in i32s: the nIn + 2 pixel cursors (transposeBatch); then, for a batch of
// m rows, chunks(m) + 1 blocks' starts of nIn each (block q's entries of pixel k begin at
// starts[q][k]); then chunks(nIn) + 1 tiles' starts of m each (tile q's entries of row i begin at
// tiles[q][i]). Allocated for the largest batch, laid out for the batch at hand.

/** Where the blocks' starts begin. */
@inline function blockStartsOf(cstart: usize, nIn: i32): usize {
  return cstart + ((<usize>nIn + 2) << 2);
}

/** Where the tiles' starts begin, after the blocks' starts of a batch of m rows. */
@inline function tilesOf(cstart: usize, nIn: i32, nOut: i32, m: i32): usize {
  return blockStartsOf(cstart, nIn) + ((<usize>(chunks(m, nOut) + 1) * <usize>nIn) << 2);
}

/** Bytes of layer 0's F_CSTART for batches of up to `capacity` rows. */
export function columnStartsBytes(nIn: i32, nOut: i32, capacity: i32): i32 {
  return (nIn + 2 + (chunks(capacity, nOut) + 1) * nIn + (chunks(nIn, nOut) + 1) * capacity) << 2;
}

/**
 * For layer 0's tiled forward pass: tiles[q][i] (tiles + q stride + 4 i) is row i's first entry
 * whose pixel is in tile q or after (pixels q r .. q r + r - 1, r = chunkSize, non-zero here), so
 * tile q's entries of row i are tiles[q][i]..tiles[q+1][i]-1; the last tiles[] is each row's end.
 */
function rowTiles(nz: usize, nzStart: usize, m: i32, nIn: i32, nOut: i32, tiles: usize, stride: usize): void {
  const count = chunks(nIn, nOut);
  const tileBytes = chunkSize(nOut) * (nOut << 3); // the byte offsets nz holds, per tile
  for (let i: i32 = 0; i < m; i++) {
    let t = load<i32>(nzStart + (<usize>i << 2));
    const end = load<i32>(nzStart + (<usize>i << 2), 4);
    for (let q: i32 = 0; q < count; q++) {
      const from = q * tileBytes;
      while (t < end && load<i32>(nz + (<usize>t << 2)) < from) t++;
      store<i32>(tiles + <usize>q * stride + (<usize>i << 2), t);
    }
    store<i32>(tiles + <usize>count * stride + (<usize>i << 2), end);
  }
}

/**
 * The batch's non-zero pixels regrouped by pixel (a counting sort): pixel k's entries are
 * cstart[k]..cstart[k+1]-1 of crow (the row, as the byte offset i * rowBytes of its deltas) and
 * cval (the value), rows in increasing order. rowBytes is fillBatch's (nz holds k * rowBytes).
 * Then the blocks' starts (blockStartsOf): where each block of chunkSize rows (one block of all m
 * when the layer is too wide for blocks) starts in every pixel's entries, so that block q's
 * entries of pixel k are starts[q][k]..starts[q+1][k]-1; the last starts[] is each pixel's end.
 */
function transposeBatch(nz: usize, nzVal: usize, nzStart: usize, m: i32, nIn: i32, rowBytes: i32, cstart: usize, crow: usize, cval: usize): void {
  const total = <usize>load<i32>(nzStart + (<usize>m << 2));
  memory.fill(cstart, 0, (<usize>nIn + 2) << 2);
  for (let t: usize = 0; t < total; t++) {
    const p = cstart + ((<usize>(load<i32>(nz + (t << 2)) / rowBytes) + 2) << 2);
    store<i32>(p, load<i32>(p) + 1);
  }
  // cstart[k + 2] counts pixel k; as running sums, cstart[k + 1] is where pixel k starts.
  for (let q: i32 = 2; q <= nIn; q++) {
    const p = cstart + (<usize>q << 2);
    store<i32>(p, load<i32>(p) + load<i32>(p - 4));
  }
  // cstart[k + 1] is pixel k's cursor: afterwards it holds where pixel k ends, which is where
  // pixel k + 1 starts, and cstart[0] is still 0 (the entry after cstart[nIn] is scratch).
  // At each block's first row, the cursors are where the block starts in every pixel.
  const cursors = cstart + 4, cursorBytes = <usize>nIn << 2;
  const size = chunkSize(rowBytes >> 3), blockRows = size == 0 ? m : size;
  let snapshot = blockStartsOf(cstart, nIn);
  for (let i: i32 = 0; i < m; i++) {
    if (i % blockRows == 0) {
      memory.copy(snapshot, cursors, cursorBytes);
      snapshot += cursorBytes;
    }
    const t1 = <usize>load<i32>(nzStart + (<usize>i << 2), 4);
    for (let t = <usize>load<i32>(nzStart + (<usize>i << 2)); t < t1; t++) {
      const p = cstart + ((<usize>(load<i32>(nz + (t << 2)) / rowBytes) + 1) << 2);
      const c = <usize>load<i32>(p);
      store<i32>(crow + (c << 2), i * rowBytes);
      store<f64>(cval + (c << 3), load<f64>(nzVal + (t << 3)));
      store<i32>(p, <i32>c + 1);
    }
  }
  memory.copy(snapshot, cursors, cursorBytes);
}

// ---- the update ----

/**
 * sgdUpdate (train.ts) for one block of `len` values: v = decay w - step g, written back to w,
 * and the gradient zeroed for the next batch. Returns the reference's finiteness check: the
 * even-indexed values summed in one chain, the odd-indexed in another (the two f64x2 lanes), the
 * odd one out into the first, then the two added.
 */
function updateBlock(w: usize, g: usize, len: i32, decay: f64, step: f64): f64 {
  const dv = f64x2.splat(decay), sv = f64x2.splat(step), zero = f64x2.splat(0);
  let check = f64x2.splat(0);
  let i: i32 = 0;
  for (; i + 1 < len; i += 2) {
    const o = <usize>i << 3;
    const v = f64x2.sub(f64x2.mul(dv, v128.load(w + o)), f64x2.mul(sv, v128.load(g + o)));
    v128.store(w + o, v);
    v128.store(g + o, zero);
    check = f64x2.add(check, v);
  }
  let c0 = f64x2.extract_lane(check, 0);
  for (; i < len; i++) {
    const o = <usize>i << 3;
    const v = decay * load<f64>(w + o) - step * load<f64>(g + o);
    store<f64>(w + o, v);
    store<f64>(g + o, 0);
    c0 += v;
  }
  return c0 + f64x2.extract_lane(check, 1);
}

/**
 * Layer 0's updateBlock when only the rows marked in `touched` can have a non-zero gradient (a
 * batch uses only some pixels): an untouched row's gradient is exactly +0, and decay w - step 0
 * is exactly decay w, so those rows are only scaled and their gradient is neither read nor
 * written. The check sums row by row.
 */
function updateSparseRows(w: usize, g: usize, touched: usize, nIn: i32, nOut: i32, decay: f64, step: f64): f64 {
  let check: f64 = 0;
  const dv = f64x2.splat(decay);
  for (let k: i32 = 0; k < nIn; k++) {
    const wk = w + ((<usize>k * <usize>nOut) << 3);
    if (load<u8>(touched + <usize>k)) {
      check += updateBlock(wk, g + ((<usize>k * <usize>nOut) << 3), nOut, decay, step);
    } else {
      let c = f64x2.splat(0);
      let j: i32 = 0;
      for (; j + 1 < nOut; j += 2) {
        const o = <usize>j << 3;
        const v = f64x2.mul(dv, v128.load(wk + o));
        v128.store(wk + o, v);
        c = f64x2.add(c, v);
      }
      let c0 = f64x2.extract_lane(c, 0);
      for (; j < nOut; j++) {
        const o = <usize>j << 3;
        const v = decay * load<f64>(wk + o);
        store<f64>(wk + o, v);
        c0 += v;
      }
      check += c0 + f64x2.extract_lane(c, 1);
    }
  }
  return check;
}

/**
 * One gradient step on summed gradients of m examples:
 *   w <- (1 - eta lambda / n) w - (eta / m) sum grad_w,   b <- b - (eta / m) sum grad_b,
 * zeroing the gradients as it goes. Returns the first layer whose parameters became non-finite,
 * or -1. With `touched` (non-zero) layer 0 goes through updateSparseRows. (Layer 0's check sums
 * in input-major order; it only detects non-finite values, which any order finds.)
 */
export function update(net: usize, layers: i32, eta: f64, lambda: f64, n: f64, m: f64, touched: usize): i32 {
  const decay = 1 - (eta * lambda) / n;
  const step = eta / m;
  let bad: i32 = -1;
  for (let l: i32 = 0; l < layers; l++) {
    const nIn = field(net, l, F_NIN), nOut = field(net, l, F_NOUT);
    const w = <usize>field(net, l, F_W), gw = <usize>field(net, l, F_GW);
    let check = l == 0 && touched != 0 ? updateSparseRows(w, gw, touched, nIn, nOut, decay, step) : updateBlock(w, gw, nIn * nOut, decay, step);
    const b = <usize>field(net, l, F_B), gb = <usize>field(net, l, F_GB);
    for (let j: i32 = 0; j < nOut; j++) {
      const o = <usize>j << 3;
      const v = load<f64>(b + o) - step * load<f64>(gb + o);
      store<f64>(b + o, v);
      store<f64>(gb + o, 0);
      check += v;
    }
    // A normalised layer's gamma, like its beta (the bias), is not regularised.
    const g = <usize>field(net, l, F_GAMMA), gg = <usize>field(net, l, F_GGAMMA);
    if (g != 0) {
      for (let j: i32 = 0; j < nOut; j++) {
        const o = <usize>j << 3;
        const v = load<f64>(g + o) - step * load<f64>(gg + o);
        store<f64>(g + o, v);
        store<f64>(gg + o, 0);
        check += v;
      }
    }
    if (bad < 0 && !isFinite(check)) bad = l;
  }
  return bad;
}

// ---- the second chapter's remedies: normalisation and identity skips (backprop.ts) ----

/**
 * backprop.ts's normalise: z = gamma * x-hat + beta, x-hat = (u - mean) * invStd, with batch norm's
 * statistics per neuron over the batch (or its running averages when `evaluating`) and layer
 * norm's per example over the layer; variances divide by the count.
 */
function normalise(net: usize, l: i32, m: i32, evaluating: bool): void {
  const n = field(net, l, F_NOUT);
  const u = <usize>field(net, l, F_U), xhat = <usize>field(net, l, F_XHAT), z = <usize>field(net, l, F_Z);
  const invStd = <usize>field(net, l, F_INVSTD);
  const gamma = <usize>field(net, l, F_GAMMA), beta = <usize>field(net, l, F_B);
  const nb = <usize>n << 3;
  if (field(net, l, F_NORM) == NORM_BATCH) {
    const mean = <usize>field(net, l, F_MEAN), variance = <usize>field(net, l, F_VAR);
    if (evaluating) {
      // The running averages (the variance unbiased, as PyTorch keeps it), used as they are.
      memory.copy(mean, gamma + nb, nb);
      memory.copy(variance, gamma + 2 * nb, nb);
    } else {
      for (let j: i32 = 0; j < n; j++) {
        let s: f64 = 0;
        for (let i: i32 = 0; i < m; i++) s += load<f64>(u + <usize>i * nb + (<usize>j << 3));
        const mu = s / <f64>m;
        let v: f64 = 0;
        for (let i: i32 = 0; i < m; i++) {
          const c = load<f64>(u + <usize>i * nb + (<usize>j << 3)) - mu;
          v += c * c;
        }
        store<f64>(mean + (<usize>j << 3), mu);
        store<f64>(variance + (<usize>j << 3), v / <f64>m);
      }
    }
    for (let j: i32 = 0; j < n; j++) store<f64>(invStd + (<usize>j << 3), 1 / Math.sqrt(load<f64>(variance + (<usize>j << 3)) + NORM_EPSILON));
    for (let i: i32 = 0; i < m; i++) {
      for (let j: i32 = 0; j < n; j++) {
        const o = <usize>j << 3, t = <usize>i * nb + o;
        const x = (load<f64>(u + t) - load<f64>(mean + o)) * load<f64>(invStd + o);
        store<f64>(xhat + t, x);
        store<f64>(z + t, load<f64>(gamma + o) * x + load<f64>(beta + o));
      }
    }
    return;
  }
  // Layer norm: each example's own statistics, the same in training and evaluation.
  for (let i: i32 = 0; i < m; i++) {
    const row = u + <usize>i * nb;
    let s: f64 = 0;
    for (let j: i32 = 0; j < n; j++) s += load<f64>(row + (<usize>j << 3));
    const mu = s / <f64>n;
    let v: f64 = 0;
    for (let j: i32 = 0; j < n; j++) {
      const c = load<f64>(row + (<usize>j << 3)) - mu;
      v += c * c;
    }
    const is = 1 / Math.sqrt(v / <f64>n + NORM_EPSILON);
    store<f64>(invStd + (<usize>i << 3), is);
    for (let j: i32 = 0; j < n; j++) {
      const o = <usize>j << 3, t = <usize>i * nb + o;
      const x = (load<f64>(u + t) - mu) * is;
      store<f64>(xhat + t, x);
      store<f64>(z + t, load<f64>(gamma + o) * x + load<f64>(beta + o));
    }
  }
}

/** backprop.ts's forwardBatch with the remedies: u = W a for normalised layers, a = a_prev + f(z) for skip layers. */
export function forwardRemedied(net: usize, layers: i32, act: i32, nz: usize, nzVal: usize, nzStart: usize, m: i32, evaluating: bool): void {
  for (let l: i32 = 0; l < layers; l++) {
    const nIn = field(net, l, F_NIN), nOut = field(net, l, F_NOUT);
    const normed = field(net, l, F_NORM) != 0;
    const w = <usize>field(net, l, F_W), z = <usize>field(net, l, F_Z);
    const pre = normed ? <usize>field(net, l, F_U) : z;
    const bias = <usize>field(net, l, normed ? F_NOBIAS : F_B);
    if (l == 0) gatherRows(w, bias, 0, nz, nzVal, nzStart, nzStart + 4, m, nOut, pre);
    else forwardDense(w, bias, <usize>field(net, l - 1, F_A), m, nIn, nOut, pre);
    if (normed) normalise(net, l, m, evaluating);
    const f = l == layers - 1 ? SIGMOID : act;
    const a = <usize>field(net, l, F_A);
    const len = m * nOut;
    if (field(net, l, F_SKIP)) {
      // a^l = a^{l-1} + f(z^l): the layer adds what it computes to what it was given.
      const h = <usize>field(net, l, F_H), prev = <usize>field(net, l - 1, F_A);
      for (let t: i32 = 0; t < len; t++) {
        const o = <usize>t << 3;
        const v = activate(load<f64>(z + o), f);
        store<f64>(h + o, v);
        store<f64>(a + o, load<f64>(prev + o) + v);
      }
    } else activateAll(z, a, len, f);
  }
}

/** backprop.ts's updateRunningStatistics: batch norm's running averages move towards this batch's statistics. */
function updateRunning(net: usize, layers: i32, m: i32): void {
  if (m < 2) return;
  for (let l: i32 = 0; l < layers - 1; l++) {
    if (field(net, l, F_NORM) != NORM_BATCH) continue;
    const n = field(net, l, F_NOUT);
    const nb = <usize>n << 3;
    const rMean = <usize>field(net, l, F_GAMMA) + nb, rVar = rMean + nb;
    const mean = <usize>field(net, l, F_MEAN), variance = <usize>field(net, l, F_VAR);
    for (let j: i32 = 0; j < n; j++) {
      const o = <usize>j << 3;
      store<f64>(rMean + o, (1 - RUNNING_MOMENTUM) * load<f64>(rMean + o) + RUNNING_MOMENTUM * load<f64>(mean + o));
      store<f64>(rVar + o, (1 - RUNNING_MOMENTUM) * load<f64>(rVar + o) + RUNNING_MOMENTUM * load<f64>(variance + o) * (<f64>m / <f64>(m - 1)));
    }
  }
}

/** backprop.ts's normaliseBackward: dC/du from delta through the normalisation (g = delta gamma). */
function normaliseBackward(net: usize, l: i32, m: i32, d: usize, du: usize): void {
  const n = field(net, l, F_NOUT);
  const xhat = <usize>field(net, l, F_XHAT), invStd = <usize>field(net, l, F_INVSTD), gamma = <usize>field(net, l, F_GAMMA);
  const nb = <usize>n << 3;
  if (field(net, l, F_NORM) == NORM_BATCH) {
    for (let j: i32 = 0; j < n; j++) {
      const o = <usize>j << 3;
      const gj = load<f64>(gamma + o);
      let s1: f64 = 0, s2: f64 = 0;
      for (let i: i32 = 0; i < m; i++) {
        const t = <usize>i * nb + o;
        const g = load<f64>(d + t) * gj;
        s1 += g;
        s2 += g * load<f64>(xhat + t);
      }
      const k = load<f64>(invStd + o) / <f64>m;
      for (let i: i32 = 0; i < m; i++) {
        const t = <usize>i * nb + o;
        store<f64>(du + t, k * (<f64>m * (load<f64>(d + t) * gj) - s1 - load<f64>(xhat + t) * s2));
      }
    }
    return;
  }
  for (let i: i32 = 0; i < m; i++) {
    const row = <usize>i * nb;
    let s1: f64 = 0, s2: f64 = 0;
    for (let j: i32 = 0; j < n; j++) {
      const t = row + (<usize>j << 3);
      const g = load<f64>(d + t) * load<f64>(gamma + (<usize>j << 3));
      s1 += g;
      s2 += g * load<f64>(xhat + t);
    }
    const k = load<f64>(invStd + (<usize>i << 3)) / <f64>n;
    for (let j: i32 = 0; j < n; j++) {
      const t = row + (<usize>j << 3);
      store<f64>(du + t, k * (<f64>n * (load<f64>(d + t) * load<f64>(gamma + (<usize>j << 3))) - s1 - load<f64>(xhat + t) * s2));
    }
  }
}

/** backprop.ts's backwardBatch with the remedies; the summed gradients go into F_GW, F_GB and F_GGAMMA. */
export function backwardRemedied(net: usize, layers: i32, act: i32, cost: i32, nz: usize, nzVal: usize, nzStart: usize, labels: usize, m: i32): void {
  outputError(net, layers, cost, labels, m);
  for (let l = layers - 1; l >= 0; l--) {
    const nIn = field(net, l, F_NIN), nOut = field(net, l, F_NOUT);
    const d = <usize>field(net, l, F_D);
    const skip = field(net, l, F_SKIP) != 0;
    if (l < layers - 1) {
      // delta = dC/da * f'(z); dC/da is in delta itself, or in ga for a skip layer (which keeps it).
      const ga = skip ? <usize>field(net, l, F_GA) : d;
      const h = <usize>field(net, l, skip ? F_H : F_A), z = <usize>field(net, l, F_Z);
      const len = m * nOut;
      for (let t: i32 = 0; t < len; t++) {
        const o = <usize>t << 3;
        store<f64>(d + o, load<f64>(ga + o) * primeAt(load<f64>(z + o), load<f64>(h + o), act));
      }
    }
    let du = d;
    biasGradient(d, m, nOut, <usize>field(net, l, F_GB)); // BP3, or dC/dbeta
    if (field(net, l, F_NORM) != 0) {
      // dC/dgamma_j += delta_ij x-hat_ij, example by example.
      const xhat = <usize>field(net, l, F_XHAT), gg = <usize>field(net, l, F_GGAMMA);
      for (let i: i32 = 0; i < m; i++) {
        for (let j: i32 = 0; j < nOut; j++) {
          const o = <usize>j << 3, t = ((<usize>i * <usize>nOut) << 3) + o;
          store<f64>(gg + o, load<f64>(gg + o) + load<f64>(d + t) * load<f64>(xhat + t));
        }
      }
      du = <usize>field(net, l, F_U); // u is not needed any more: its storage takes dC/du
      normaliseBackward(net, l, m, d, du);
    }
    if (l == 0) {
      weightGradientSparse(du, nz, nzVal, nzStart, m, nIn, nOut, <usize>field(net, 0, F_GW));
    } else {
      weightGradient(du, <usize>field(net, l - 1, F_A), m, nIn, nOut, <usize>field(net, l, F_GW));
      // dC/da_prev = du W, plus (over a skip) dC/da of this layer itself.
      const target = <usize>field(net, l - 1, field(net, l - 1, F_SKIP) ? F_GA : F_D);
      propagateError(du, <usize>field(net, l, F_W), 0, 0, m, nIn, nOut, NO_PRIME, target);
      if (skip) {
        const ga = <usize>field(net, l, F_GA);
        const len = m * nIn;
        for (let t: i32 = 0; t < len; t++) {
          const o = <usize>t << 3;
          store<f64>(target + o, load<f64>(target + o) + load<f64>(ga + o));
        }
      }
    }
  }
}

/** A training step's gradients for a remedied network: forward over the whole batch (batch norm needs it), running averages, backward. */
export function trainingGradients(net: usize, layers: i32, act: i32, cost: i32, nz: usize, nzVal: usize, nzStart: usize, labels: usize, m: i32): void {
  forwardRemedied(net, layers, act, nz, nzVal, nzStart, m, false);
  updateRunning(net, layers, m);
  backwardRemedied(net, layers, act, cost, nz, nzVal, nzStart, labels, m);
}

// ---- clipping by global norm ----

/**
 * The sum of squares of the whole summed gradient, in backprop.ts's gradNorm order: every layer's
 * weights (layer 0 read row-major, i.e. strided over its input-major storage), then every layer's
 * biases, then every normalised layer's gains, one running sum. Clipping compares its square root with the threshold.
 */
export function gradSquares(net: usize, layers: i32): f64 {
  let s: f64 = 0;
  for (let l: i32 = 0; l < layers; l++) {
    const nIn = field(net, l, F_NIN), nOut = field(net, l, F_NOUT);
    const gw = <usize>field(net, l, F_GW);
    if (l == 0) {
      for (let j: i32 = 0; j < nOut; j++) {
        for (let c: i32 = 0; c < nIn; c++) {
          const g = load<f64>(gw + ((<usize>c * <usize>nOut + <usize>j) << 3));
          s += g * g;
        }
      }
    } else {
      const len = nIn * nOut;
      for (let i: i32 = 0; i < len; i++) {
        const g = load<f64>(gw + (<usize>i << 3));
        s += g * g;
      }
    }
  }
  for (let l: i32 = 0; l < layers; l++) {
    const nOut = field(net, l, F_NOUT);
    const gb = <usize>field(net, l, F_GB);
    for (let j: i32 = 0; j < nOut; j++) {
      const g = load<f64>(gb + (<usize>j << 3));
      s += g * g;
    }
  }
  for (let l: i32 = 0; l < layers; l++) {
    const gg = <usize>field(net, l, F_GGAMMA);
    if (gg == 0) continue;
    const nOut = field(net, l, F_NOUT);
    for (let j: i32 = 0; j < nOut; j++) {
      const g = load<f64>(gg + (<usize>j << 3));
      s += g * g;
    }
  }
  return s;
}

/** Multiplies every summed gradient by f (backprop.ts's scaleGrads: one product per value, any order). */
export function scaleGradients(net: usize, layers: i32, f: f64): void {
  const fv = f64x2.splat(f);
  for (let l: i32 = 0; l < layers; l++) {
    const nIn = field(net, l, F_NIN), nOut = field(net, l, F_NOUT);
    scaleBlock(<usize>field(net, l, F_GW), nIn * nOut, f, fv);
    scaleBlock(<usize>field(net, l, F_GB), nOut, f, fv);
    const gg = <usize>field(net, l, F_GGAMMA);
    if (gg != 0) scaleBlock(gg, nOut, f, fv);
  }
}

function scaleBlock(g: usize, len: i32, f: f64, fv: v128): void {
  let i: i32 = 0;
  for (; i + 1 < len; i += 2) {
    const o = <usize>i << 3;
    v128.store(g + o, f64x2.mul(v128.load(g + o), fv));
  }
  for (; i < len; i++) {
    const o = <usize>i << 3;
    store<f64>(g + o, load<f64>(g + o) * f);
  }
}

/**
 * train.ts's clipSummed on the summed gradients of m examples: the mean gradient's norm is
 * sqrt(sum of squares) / m, and above `clip` every gradient is scaled by clip / norm.
 */
function clipGradients(net: usize, layers: i32, m: f64, clip: f64): void {
  const norm = Math.sqrt(gradSquares(net, layers)) / m;
  if (norm > clip) scaleGradients(net, layers, clip / norm);
}

/**
 * Mini-batches first..last-1 of an epoch whose shuffled example order is `order`: fill, forward,
 * backward, clip (when clip > 0), update, for each. Returns -1 when all ran, else batchIndex * 1024 + layer for the
 * batch after whose update the parameters of `layer` became non-finite (training stops there).
 */
export function trainBatches(
  net: usize, layers: i32, act: i32, cost: i32,
  rowStart: usize, col: usize, val: usize, labelsIn: usize, nIn: i32, n: i32, order: usize,
  first: i32, last: i32, miniBatch: i32, eta: f64, lambda: f64,
  nz: usize, nzVal: usize, nzStart: usize, labels: usize, touched: usize, clip: f64, remedied: i32,
): i32 {
  for (let bi = first; bi < last; bi++) {
    const start = bi * miniBatch;
    const end = min(n, start + miniBatch);
    const m = end - start;
    fillBatch(rowStart, col, val, labelsIn, order, start, end, nIn, field(net, 0, F_NOUT) << 3, nz, nzVal, nzStart, labels, touched);
    setField(net, 0, F_CHELD, 0);
    if (remedied) trainingGradients(net, layers, act, cost, nz, nzVal, nzStart, labels, m);
    else gradients(net, layers, act, cost, nz, nzVal, nzStart, labels, m);
    if (clip > 0) clipGradients(net, layers, <f64>m, clip);
    const bad = update(net, layers, eta, lambda, <f64>n, <f64>m, touched);
    if (bad >= 0) return bi * 1024 + bad;
  }
  return -1;
}

/** Sets `len` f64 values to zero (the gradients before a run that only accumulates). */
export function zero(ptr: usize, len: i32): void {
  memory.fill(ptr, 0, <usize>len << 3);
}
