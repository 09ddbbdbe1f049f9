// Problem 2 checked with numbers: the worked solution (b = -w1/2, w2 = 4/w1) tracks x to within
// 0.01 on [0, 1] at the default w1 once its offset 2/w1 - 1/2 is removed, and the worst deviation
// shrinks with w1, roughly as w1^2/96.
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../engine/index';
import identityNeuron, { workedSolution } from '../../engine/experiments/identity-neuron';
import type { IdentityNeuronResult } from '../../engine/experiments/identity-neuron';

const noData = () => Promise.reject(new Error('identity-neuron needs no data'));
const run = (params: Record<string, unknown>) => runExperiment('identity-neuron', params, noData) as Promise<IdentityNeuronResult>;
const preset = (w1: number) => run({ w1, ...workedSolution(w1) });

/**
 * The worked solution's error at x = 1 in closed form, independent of the engine: sigma(t) - 1/2
 * = tanh(t/2)/2, so (4/w1)(sigma(w1/2) - 1/2) - 1/2 = (2/w1) tanh(w1/4) - 1/2.
 */
const errorAtOne = (w1: number) => (2 / w1) * Math.tanh(w1 / 4) - 0.5;

describe('identity-neuron (Problem 2)', () => {
  it('the defaults are the worked solution, and its worst deviation is below 0.01', async () => {
    const d = identityNeuron.params;
    expect(d.b.default).toBe(workedSolution(d.w1.default).b);
    expect(d.w2.default).toBe(workedSolution(d.w1.default).w2);
    const r = await run({});
    expect(r.isWorkedSolution).toBe(true);
    expect(r.maxDeviation).toBeLessThan(0.01);
    // The chapter quotes 0.0026 for w1 = 0.5 (the default).
    expect(r.maxDeviation.toFixed(4)).toBe('0.0026');
  });

  it('the preset removes the offset 2/w1 - 1/2', async () => {
    for (const w1 of [0.1, 0.35, 0.5, 1, 2.5, 5]) {
      const r = await preset(w1);
      // sigma(0) = 1/2 exactly and w2/2 = 2/w1 exactly, so only the subtraction rounds.
      expect(Math.abs(r.offset - (2 / w1 - 0.5))).toBeLessThanOrEqual(1e-12);
      expect(r.workedOffset).toBe(2 / w1 - 0.5);
      // The error is odd about x = 1/2, so the centring offset is also the best constant.
      expect(Math.abs(r.minimaxOffset - r.offset)).toBeLessThan(1e-9);
    }
  });

  it('the worst deviation is the closed-form error at the ends of [0, 1]', async () => {
    for (const w1 of [0.1, 0.5, 1, 2, 5]) {
      const r = await preset(w1);
      // The error grows monotonically away from x = 1/2, so the worst point is an end; the
      // engine (libm exp) and Math.tanh agree to a few ulps of the offset, far below 1e-12.
      expect(Math.abs(r.maxDeviation - Math.abs(errorAtOne(w1)))).toBeLessThan(1e-12);
      expect([0, 1]).toContain(r.maxDeviationAt);
    }
  });

  it('the deviation shrinks as w1 shrinks, roughly as w1^2/96', async () => {
    const w1s = [5, 4, 3, 2, 1, 0.5, 0.25, 0.1];
    const devs: number[] = [];
    for (const w1 of w1s) devs.push((await preset(w1)).maxDeviation);
    for (let i = 1; i < devs.length; i++) expect(devs[i]).toBeLessThan(devs[i - 1]);
    // "Roughly": within 10 % of w1^2/96 for w1 <= 2, within 1 % for w1 <= 0.5 (the next Taylor
    // term is w1^4/3840, a relative correction of w1^2/40).
    w1s.forEach((w1, i) => {
      const ratio = devs[i] / ((w1 * w1) / 96);
      if (w1 <= 2) expect(Math.abs(ratio - 1)).toBeLessThan(0.1);
      if (w1 <= 0.5) expect(Math.abs(ratio - 1)).toBeLessThan(0.01);
    });
  });

  it('away from the worked solution the neuron is a poorer identity', async () => {
    // Same w1, output weight off by 25 %: the slope is 1.25, so the deviation is about 0.125.
    const r = await run({ w1: 0.5, b: -0.25, w2: 10 });
    expect(r.isWorkedSolution).toBe(false);
    expect(r.maxDeviation).toBeGreaterThan(0.1);
    // The best constant can only do better than the centring one.
    const s = await run({ w1: 1, b: 0, w2: 5 });
    expect(s.minimaxDeviation).toBeLessThan(s.maxDeviation);
  });

  it('the shown curve passes through (1/2, 1/2) and its deviation is curve - x', async () => {
    const r = await run({ w1: 1.5, b: 0.3, w2: -2 });
    const mid = r.xs.indexOf(0.5);
    expect(r.curve[mid]).toBeCloseTo(0.5, 14);
    r.xs.forEach((x, i) => expect(r.deviation[i]).toBeCloseTo(r.curve[i] - x, 12));
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
