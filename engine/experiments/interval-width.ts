/**
 * Problem 1: how wide is the range of inputs a for which one factor |w sigma'(wa + b)| of the
 * gradient's product is at least 1? The closed-form bound (equation 12), its maximum found
 * numerically, and the same width measured by root finding on the factor itself.
 * Not a proof: the experiment checks the chapter's answer with numbers, it does not derive it.
 */
import { sigmoidPrime } from '../activations';
import { log } from '../libm';
import { defineExperiment } from './types';

/** Equation (12): (2/|w|) ln(|w|(1 + sqrt(1 - 4/|w|))/2 - 1); 0 where no interval exists (|w| < 4). */
export function intervalBound(w: number): number {
  const W = Math.abs(w);
  if (W < 4) return 0;
  return (2 / W) * log((W * (1 + Math.sqrt(1 - 4 / W))) / 2 - 1);
}

/** The factor itself, |w sigma'(wa + b)|. */
export const factor = (w: number, b: number, a: number): number => Math.abs(w * sigmoidPrime(w * a + b));

/** Shrinks [lo, hi] onto the crossing of g(x) = 0, where g(lo) >= 0 > g(hi) (either order of lo, hi). */
function bisect(g: (x: number) => number, inside: number, outside: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (inside + outside) / 2;
    if (mid === inside || mid === outside) break; // adjacent floats: as precise as doubles allow
    if (g(mid) >= 0) inside = mid;
    else outside = mid;
  }
  return inside;
}

export interface Window {
  /** Ends of {a : |w sigma'(wa + b)| >= 1}, or null when the set is empty. */
  lo: number | null;
  hi: number | null;
  width: number;
}

/**
 * The set {a : |w sigma'(wa + b)| >= 1}, measured without the closed form: sigma' peaks at z = 0
 * (equation 9), so the factor peaks at a* = -b/w; if it is below 1 there, the set is empty.
 * Otherwise step outward from a* until the factor drops below 1, then bisect to each end.
 */
export function measureWindow(w: number, b: number): Window {
  if (w === 0) return { lo: null, hi: null, width: 0 };
  const centre = -b / w;
  const g = (a: number) => factor(w, b, a) - 1;
  if (g(centre) < 0) return { lo: null, hi: null, width: 0 };
  const ends = [-1, 1].map((dir) => {
    let step = 1 / Math.abs(w);
    while (g(centre + dir * step) >= 0) step *= 2;
    return bisect(g, centre, centre + dir * step);
  });
  return { lo: ends[0], hi: ends[1], width: ends[1] - ends[0] };
}

/**
 * The |w| where the bound is widest: a grid over [4, wMax] in steps of 0.01, then golden-section
 * search on the grid cell either side of the best point (the bound is unimodal there).
 */
export function findMaximum(wMax = 20): { w: number; width: number } {
  let best = 4;
  for (let i = 0; 4 + i * 0.01 <= wMax; i++) {
    const W = 4 + i * 0.01;
    if (intervalBound(W) > intervalBound(best)) best = W;
  }
  const invPhi = (Math.sqrt(5) - 1) / 2;
  let lo = Math.max(4, best - 0.01);
  let hi = best + 0.01;
  let c = hi - invPhi * (hi - lo);
  let d = lo + invPhi * (hi - lo);
  while (hi - lo > 1e-9) {
    if (intervalBound(c) > intervalBound(d)) hi = d;
    else lo = c;
    c = hi - invPhi * (hi - lo);
    d = lo + invPhi * (hi - lo);
  }
  const w = (lo + hi) / 2;
  return { w, width: intervalBound(w) };
}

export interface IntervalWidthResult {
  w: number;
  b: number;
  /** Panel A: the bound against |w| on [0, W_MAX] (0 below 4). */
  boundCurve: { w: number; width: number }[];
  maximum: { w: number; width: number };
  /** The bound at |w| for the chosen w. */
  bound: number;
  /** Panel B: the factor against a. */
  factorCurve: { a: number; f: number }[];
  /** The plotted range of a (widened when the window would fall outside [-1, 2]). */
  aRange: [number, number];
  /** The window measured by root finding on the factor. */
  window: Window;
  /** Largest value of the factor, |w|/4, reached at a = -b/w. */
  peak: number;
  /** The bound at a few |w| the chapter quotes. */
  quoted: { w: number; width: number }[];
}

const W_MAX = 20;
const POINTS = 401;

export default defineExperiment({
  name: 'interval-width',
  title: 'Width of the inputs where a factor w sigma\'(wa + b) reaches 1',
  description: 'The closed-form width bound against |w| with its maximum found numerically, and the width of {a : |w sigma\'(wa + b)| >= 1} measured by root finding for a chosen w and b (Problem 1).',
  params: {
    w: { kind: 'number', default: 10, min: -W_MAX, max: W_MAX, step: 0.01, label: 'Weight w' },
    b: { kind: 'number', default: -5, min: -20, max: 20, step: 0.05, label: 'Bias b' },
  },
  data: () => [],
  async run(p): Promise<IntervalWidthResult> {
    const window = measureWindow(p.w, p.b);
    let aRange: [number, number] = [-1, 2];
    if (window.lo !== null && window.hi !== null) {
      aRange = [Math.min(aRange[0], window.lo - 0.5), Math.max(aRange[1], window.hi + 0.5)];
    }
    const factorCurve = Array.from({ length: POINTS }, (_, i) => {
      const a = aRange[0] + ((aRange[1] - aRange[0]) * i) / (POINTS - 1);
      return { a, f: factor(p.w, p.b, a) };
    });
    const boundCurve = Array.from({ length: POINTS }, (_, i) => {
      const W = (W_MAX * i) / (POINTS - 1);
      return { w: W, width: intervalBound(W) };
    });
    return {
      w: p.w,
      b: p.b,
      boundCurve,
      maximum: findMaximum(W_MAX),
      bound: intervalBound(p.w),
      factorCurve,
      aRange,
      window,
      peak: Math.abs(p.w) / 4,
      quoted: [4, 10, 20, 100].map((W) => ({ w: W, width: intervalBound(W) })),
    };
  },
});
