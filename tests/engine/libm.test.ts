// The engine's own exp, log and tanh: accurate to within 1 ulp of the platform's, with the
// special values right. (They exist because Math.exp and Math.log differ in the last bit between
// V8 versions, which the browser test of layer-speeds would catch as a Node/Chromium mismatch.)
import { describe, expect, it } from 'vitest';
import { exp, log, tanh } from '../../engine/libm';
import { createRng } from '../../engine/index';

// The gap between v and the next double (never below the smallest subnormal).
const ulp = (v: number) => (v === 0 ? Number.MIN_VALUE : Math.max(Number.MIN_VALUE, 2 ** (Math.floor(Math.log2(Math.abs(v))) - 52)));

describe('deterministic elementary functions', () => {
  it('agree with Math.* to within 2 ulp over a wide range', () => {
    const rng = createRng(3);
    const worst = { exp: 0, log: 0, tanh: 0 };
    for (let i = 0; i < 100_000; i++) {
      const x = rng.uniform(-740, 709);
      worst.exp = Math.max(worst.exp, Math.abs(exp(x) - Math.exp(x)) / ulp(Math.exp(x)));
      const y = exp(rng.uniform(-740, 709));
      worst.log = Math.max(worst.log, Math.abs(log(y) - Math.log(y)) / ulp(Math.log(y)));
      const z = rng.uniform(-6, 6);
      worst.tanh = Math.max(worst.tanh, Math.abs(tanh(z) - Math.tanh(z)) / ulp(Math.tanh(z)));
    }
    // fdlibm's exp and log are within 1 ulp of the true value, as is the platform's, so the two
    // can differ by at most 2 ulp (on Node 20 they agree exactly). tanh is built from exp with a
    // division or a continued fraction, a few roundings each: 4 ulp is its honest bound.
    expect(worst.exp).toBeLessThanOrEqual(2);
    expect(worst.log).toBeLessThanOrEqual(2);
    expect(worst.tanh).toBeLessThanOrEqual(4);
  });

  it('handle the special values', () => {
    expect([exp(0), exp(-Infinity), exp(Infinity), exp(800), exp(-800)]).toEqual([1, 0, Infinity, Infinity, 0]);
    expect(exp(NaN)).toBeNaN();
    expect([log(1), log(0), log(Infinity)]).toEqual([0, -Infinity, Infinity]);
    expect(log(-1)).toBeNaN();
    expect(log(Number.MIN_VALUE)).toBeCloseTo(-744.44007192138, 10);
    expect([tanh(0), tanh(30), tanh(-30)]).toEqual([0, 1, -1]);
    expect(Object.is(tanh(-0), -0)).toBe(true);
  });
});
