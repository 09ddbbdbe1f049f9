/**
 * Seeded random numbers: every draw in the engine (weights, shuffling, sampling) comes from here.
 * Not cryptographic and not a general-purpose statistics library: uniform and Gaussian draws only,
 * bit-identical in Node and in every browser because it uses only 32-bit integer arithmetic,
 * IEEE-exact operations (sqrt, division) and the engine's own log (libm.ts).
 */
import { log } from './libm';


export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  uniform(lo: number, hi: number): number;
  /** Normal draw by Marsaglia's polar method (no trigonometry, whose last bits vary by engine). */
  gaussian(mean?: number, sd?: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Fisher-Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: any }>(items: T): T;
}

/** SplitMix32 turns any integer seed into well-mixed state words. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** sfc32 (Chris Doty-Humphrey's small fast counter generator), seeded through SplitMix32. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new Error(`rng seed must be an integer, got ${seed}`);
  const mix = splitmix32(seed);
  let a = mix(), b = mix(), c = mix(), d = mix();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextU32(); // discard the first outputs, as sfc32's author advises

  let spare: number | null = null;
  const next = () => nextU32() / 4294967296;
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    gaussian(mean = 0, sd = 1) {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return mean + sd * s;
      }
      // A uniform point in the unit disc (excluding the centre) gives two independent normals.
      let u: number, v: number, s: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * log(s)) / s);
      spare = v * f;
      return mean + sd * u * f;
    },
    int: (n) => Math.floor(next() * n),
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = items[i];
        items[i] = items[j];
        items[j] = t;
      }
      return items;
    },
  };
}
