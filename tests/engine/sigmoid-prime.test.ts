// Figure 5's numbers: sigma' peaks at exactly 1/4 at z = 0, equals an independently written
// formula everywhere, is the slope of sigma, and the overlays are the tanh and ReLU derivatives.
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../engine/index';
import type { SigmoidPrimeResult } from '../../engine/experiments/sigmoid-prime';

const noData = async () => {
  throw new Error('closed-form experiments load no data');
};
const run = (p: Record<string, unknown> = {}) => runExperiment('sigmoid-prime', p, noData) as Promise<SigmoidPrimeResult>;

// Independent references built on Math.exp / Math.cosh (not the engine's libm).
const sigmaRef = (z: number) => 1 / (1 + Math.exp(-z));
const sigmaPrimeRef = (z: number) => Math.exp(-Math.abs(z)) / (1 + Math.exp(-Math.abs(z))) ** 2;

describe('sigmoid-prime', () => {
  it('has its largest value exactly 1/4, at z = 0, which is on the grid', async () => {
    const r = await run();
    const mid = (r.z.length - 1) / 2;
    expect(r.z[mid]).toBe(0);
    expect(r.z[0]).toBe(-8);
    expect(r.z[r.z.length - 1]).toBe(8);
    // sigma(0) = 1/2 exactly, so 1/2 * 1/2 is exactly 1/4: no tolerance needed.
    expect(Math.max(...r.sigmaPrime)).toBe(0.25);
    expect(r.sigmaPrime.indexOf(0.25)).toBe(mid);
    expect(r.peak).toEqual({ z: 0, sigmaPrime: 0.25 });
  });

  it('matches e^-|z| / (1 + e^-|z|)^2 and 1 / (1 + e^-z) on the whole grid', async () => {
    const r = await run();
    r.z.forEach((z, i) => {
      // sigma(1 - sigma) loses relative accuracy where 1 - sigma is small, but never more than
      // about one unit in the last place of 1 in absolute terms (1.1e-16); 1e-15 leaves room for
      // the rounding of both formulas while still catching any real slip (the values are >= 3e-4).
      expect(Math.abs(r.sigmaPrime[i] - sigmaPrimeRef(z))).toBeLessThan(1e-15);
      expect(Math.abs(r.sigma[i] - sigmaRef(z))).toBeLessThan(1e-15);
    });
    // The chapter quotes sigma'(2) ~ 0.105 and sigma'(4) ~ 0.018.
    const at = (z: number) => r.sigmaPrime[r.z.indexOf(z)];
    expect(at(2)).toBeCloseTo(0.104993585, 9);
    expect(at(4)).toBeCloseTo(0.0176627062, 9);
  });

  it('is the slope of sigma: central differences on the grid agree', async () => {
    const r = await run();
    const h = r.z[1] - r.z[0]; // 0.05
    for (let i = 1; i + 1 < r.z.length; i++) {
      const slope = (r.sigma[i + 1] - r.sigma[i - 1]) / (r.z[i + 1] - r.z[i - 1]);
      // Truncation error h^2/6 * max|sigma'''| = 0.0025/6 * 1/8 ~ 5e-5; rounding ~ 1e-16/h, negligible.
      expect(Math.abs(slope - r.sigmaPrime[i])).toBeLessThan(1e-4);
    }
    expect(h).toBeCloseTo(0.05, 15);
  });

  it('overlays tanh\' = 1/cosh^2 and ReLU\' = step only when asked for', async () => {
    const off = await run();
    expect(off.tanhPrime).toBeNull();
    expect(off.reluPrime).toBeNull();
    const r = await run({ tanh: true, relu: true, z: -1.5 });
    r.z.forEach((z, i) => {
      // 1 - tanh^2 against 1/cosh^2 from Math: both within a few ulp of values <= 1.
      expect(Math.abs(r.tanhPrime![i] - 1 / Math.cosh(z) ** 2)).toBeLessThan(1e-15);
      expect(r.reluPrime![i]).toBe(z > 0 ? 1 : 0);
    });
    // tanh(z) = 2 sigma(2z) - 1, so tanh'(0) = 4 sigma'(0) = 1: four times the sigmoid's peak.
    expect(r.tanhPrime![(r.z.length - 1) / 2]).toBe(1);
    expect(r.at.z).toBe(-1.5);
    expect(Math.abs(r.at.sigmaPrime - sigmaPrimeRef(-1.5))).toBeLessThan(1e-15);
    expect(r.at.reluPrime).toBe(0);
  });

  it('refuses an even number of grid points (z = 0 would fall between two)', async () => {
    await expect(run({ points: 100 })).rejects.toThrow(/points: must be odd/);
  });
});
