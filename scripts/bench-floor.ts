/**
 * For `npm run bench`: how close Figure 4's run (E4) is to what this machine can do at all under
 * the engine's rules (float64, two lanes per 128-bit SIMD instruction, a multiply and an add as two
 * instructions: no fused multiply-add, which would change the bits).
 *
 *  - e4MultiplyAdds: the multiply-adds E4 cannot avoid, counted from the network's sizes and the
 *    images' non-zero pixels: layer 0 forward and its weight gradient (one per non-zero pixel and
 *    neuron each), and the dense layers' forward pass, error propagation (BP2) and weight
 *    gradient (BP4), one per weight and example each. Sigmoids, biases and updates are left out,
 *    so time at the peak for these alone is a lower bound.
 *  - peakMultiplyAddsPerSecond: the same multiply-add as the kernels' inner loops
 *    (s += w * x, f64x2, w from a row in L1 cache, sixteen running sums so that no sum waits on
 *    the one before), in a module compiled here with the kernels' compiler and flags, timed on a
 *    long loop: the best those instructions do on this machine.
 */
import type { Dataset } from '../engine/index';
import { kernels } from '../engine/kernels/index';

const PROBE = `
export function probe(w: usize, xs: usize, n: i32): f64 {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  let s4 = f64x2.splat(0), s5 = f64x2.splat(0), s6 = f64x2.splat(0), s7 = f64x2.splat(0);
  for (let t: i32 = 0; t < n; t++) {
    const x = f64x2.splat(load<f64>(xs + ((<usize>t & 63) << 3)));
    s0 = f64x2.add(s0, f64x2.mul(v128.load(w), x));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(w, 16), x));
    s2 = f64x2.add(s2, f64x2.mul(v128.load(w, 32), x));
    s3 = f64x2.add(s3, f64x2.mul(v128.load(w, 48), x));
    s4 = f64x2.add(s4, f64x2.mul(v128.load(w, 64), x));
    s5 = f64x2.add(s5, f64x2.mul(v128.load(w, 80), x));
    s6 = f64x2.add(s6, f64x2.mul(v128.load(w, 96), x));
    s7 = f64x2.add(s7, f64x2.mul(v128.load(w, 112), x));
  }
  const s = f64x2.add(f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3)), f64x2.add(f64x2.add(s4, s5), f64x2.add(s6, s7)));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}
`;

/** Multiply-adds of one E4 run: `epochs` full-batch steps of `sizes` on `data`. */
export function e4MultiplyAdds(sizes: number[], data: Dataset, epochs: number): number {
  let nonZero = 0;
  for (let i = 0; i < data.pixels.length; i++) if (data.pixels[i] !== 0) nonZero++;
  const first = 2 * nonZero * sizes[1];
  let dense = 0;
  for (let l = 1; l + 1 < sizes.length; l++) dense += sizes[l] * sizes[l + 1];
  return epochs * (first + 3 * data.n * dense);
}

/** Multiply-adds per second of the kernels' inner loop, median of five timings. */
export async function peakMultiplyAddsPerSecond(): Promise<number> {
  const { default: asc } = await import('assemblyscript/asc');
  const { binary, error, stderr } = await asc.compileString(PROBE, {
    optimizeLevel: 3,
    noAssert: true,
    runtime: 'stub',
    initialMemory: 1,
    enable: ['simd'],
    disable: ['relaxed-simd'],
  } as Parameters<typeof asc.compileString>[1]);
  if (error || !binary) throw new Error(`bench-floor: the probe did not compile: ${error?.message} ${stderr}`);
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(new Uint8Array(binary)), {});
  const { probe, memory } = instance.exports as { probe: (w: number, xs: number, n: number) => number; memory: WebAssembly.Memory };
  const f64 = new Float64Array(memory.buffer);
  // w: 16 values at byte 1024; xs: 64 values at byte 2048 (both in the module's first page).
  for (let k = 0; k < 16; k++) f64[128 + k] = 1 + k / 64;
  for (let t = 0; t < 64; t++) f64[256 + t] = (t % 7) / 255;
  const n = 20_000_000;
  probe(1024, 2048, 1_000_000); // warm-up: the optimising tier
  const rates: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    probe(1024, 2048, n);
    rates.push((16 * n) / ((performance.now() - t0) / 1000));
  }
  return rates.sort((a, b) => a - b)[2];
}

/** Sigmoids of one E4 run: every neuron of every layer, for every image, every step. */
export function e4Sigmoids(sizes: number[], data: Dataset, epochs: number): number {
  let neurons = 0;
  for (let l = 1; l < sizes.length; l++) neurons += sizes[l];
  return epochs * data.n * neurons;
}

/**
 * Sigmoids per second of the kernels' own activation pass (the `sigmoids` export: activateAll,
 * which every layer's forward pass runs) on 4,096 values held in L1 cache, spread over [-6, 6]
 * as a network's weighted inputs are, median of five timings: the best the activations do here.
 */
export function sigmoidsPerSecond(): number {
  const k = kernels();
  if (!k) throw new Error('bench-floor: the kernels are not available on this machine');
  const len = 4096;
  const z = k.alloc(len * 8), a = k.alloc(len * 8);
  try {
    const zs = new Float64Array(k.memory.buffer, z, len);
    for (let i = 0; i < len; i++) zs[i] = -6 + (12 * ((i * 2654435761) % len)) / len;
    const reps = 4000;
    for (let r = 0; r < 200; r++) k.sigmoids(z, a, len); // warm-up: the optimising tier
    const rates: number[] = [];
    for (let t = 0; t < 5; t++) {
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) k.sigmoids(z, a, len);
      rates.push((reps * len) / ((performance.now() - t0) / 1000));
    }
    return rates.sort((x, y) => x - y)[2];
  } finally {
    k.free(z);
    k.free(a);
  }
}
