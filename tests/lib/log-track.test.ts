// The log slider's mapping (components/lib/log-track.ts, used by Controls.tsx): track position
// <-> value, three significant figures, clamping, and both ends of the range reachable at the
// stops a browser's range input allows (min + k * step). Values are compared exactly where the
// mapping ends in Number(x.toPrecision(3)): that parses a three-digit decimal to the nearest
// double, the same double as the literal written here, so no tolerance is needed.
import { describe, expect, it } from 'vitest';
import { decadeStep, LOG_STEP, logPosition, logTrack, logValue, niceStep } from '../../components/lib/log-track';
import { getExperiment } from '../../engine/index';

/** Every stop of the track, as a browser's range input offers them: min + k * step, k = 0..n. */
function stops(track: { min: number; max: number; step: number }): number[] {
  const n = Math.round((track.max - track.min) / track.step);
  return Array.from({ length: n + 1 }, (_, k) => track.min + k * track.step);
}

// The real declarations with scale: 'log', so a change to one of them is checked here too.
const declared = {
  'unstable-product scale (0.01 to 100)': getExperiment('unstable-product').params.scale,
  'train eta (0.0001 to 100)': getExperiment('train').params.eta,
  'depth-accuracy eta (0.0001 to 100)': getExperiment('depth-accuracy').params.eta,
  'training-speeds eta (0.001 to 10000)': getExperiment('training-speeds').params.eta,
};

describe('log slider: position <-> value', () => {
  it('a position maps to 10^position rounded to three significant figures', () => {
    expect(logValue(0, { min: 0.01, max: 100 })).toBe(1);
    expect(logValue(0.5, { min: 0.01, max: 100 })).toBe(3.16); // sqrt(10) = 3.1623
    expect(logValue(Math.log10(Math.PI), { min: 0.01, max: 100 })).toBe(3.14);
    expect(logValue(-1.234, { min: 0.01, max: 100 })).toBe(0.0583); // 10^-1.234 = 0.058345
    expect(logValue(1.999, { min: 0.01, max: 100 })).toBe(99.8); // 10^1.999 = 99.770
    // 10^0.01 = 1.02329: one thumb step from 1.
    expect(logValue(LOG_STEP, { min: 0.01, max: 100 })).toBe(1.02);
  });

  it('a three-figure value goes to its position and back unchanged', () => {
    // log10 then 10^ is off by a few ulps (~1e-15 relative); rounding to three figures removes
    // that, so every three-figure value in a range comes back exactly.
    const range = { min: 0.001, max: 10000 };
    for (let e = -3; e < 4; e++) {
      for (let m = 100; m < 1000; m++) {
        const v = Number((m * 10 ** (e - 2)).toPrecision(3));
        expect(logValue(logPosition(v), range), `value ${v}`).toBe(v);
      }
    }
  });

  it('positions past either end clamp to min and max', () => {
    const range = { min: 0.01, max: 100 };
    expect(logValue(2.5, range)).toBe(100);
    expect(logValue(99, range)).toBe(100);
    expect(logValue(-2.5, range)).toBe(0.01);
    expect(logValue(-Infinity, range)).toBe(0.01);
  });

  it('a bound with more than three figures is returned as declared, not rounded past it', () => {
    // At the bottom stop, 10^log10(0.012345) rounds to 0.0123, below min: clamped to min itself.
    const range = { min: 0.012345, max: 98.765 };
    const track = logTrack(range);
    expect(logValue(track.min, range)).toBe(0.012345);
    expect(logValue(track.max, range)).toBe(98.765); // 98.8 would be above max
  });
});

describe('log slider: the track a browser offers', () => {
  for (const [what, spec] of Object.entries(declared)) {
    it(`${what}: the ends are min and max, every stop a distinct value, in order`, () => {
      expect(spec.scale).toBe('log');
      const values = stops(logTrack(spec)).map((x) => logValue(x, spec));
      expect(values[0]).toBe(spec.min);
      expect(values[values.length - 1]).toBe(spec.max);
      // Consecutive stops differ by a factor of 10^0.01 = 1.023 and three-figure rounding moves
      // a value by at most 0.5 %, so no two stops can round to the same value.
      for (let i = 1; i < values.length; i++) expect(values[i], `stop ${i}`).toBeGreaterThan(values[i - 1]);
      // The default sits on the track, and the thumb placed there shows the default.
      expect(logValue(logPosition(spec.default), spec)).toBe(spec.default);
    });
  }

  it('a range whose log width is not whole steps still reaches max (0.5 to 20)', () => {
    // log10(20 / 0.5) = 1.602 is 160.2 steps: without moving the track's end up to 161 steps the
    // top stop would be 0.5 * 10^1.60 = 19.9.
    const range = { min: 0.5, max: 20 };
    const track = logTrack(range);
    const s = stops(track);
    expect(s).toHaveLength(162);
    expect(logValue(s[160], range)).toBe(19.9);
    expect(logValue(s[161], range)).toBe(20);
    expect(logValue(s[0], range)).toBe(0.5);
  });

  it('a whole number of steps gains none to rounding (30 to 300 is 100.00000000000001 steps)', () => {
    const track = logTrack({ min: 30, max: 300 });
    expect(Math.round((track.max - track.min) / LOG_STEP)).toBe(100);
    // Within 1e-12 of log10(300): the sum of a float and 100 steps of 0.01 is off by a few ulps.
    expect(Math.abs(track.max - Math.log10(300))).toBeLessThan(1e-12);
  });
});

describe('log slider by keyboard: round values, a decade a page', () => {
  const clip = { min: 0.01, max: 100 };
  it('steps through 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten, both ways', () => {
    const up: number[] = [];
    for (let v = 0.5; up.length < 8; ) up.push((v = niceStep(v, 1, clip)));
    expect(up).toEqual([0.6, 0.8, 1, 1.2, 1.5, 2, 2.5, 3]);
    const down: number[] = [];
    for (let v = 1.5; down.length < 6; ) down.push((v = niceStep(v, -1, clip)));
    expect(down).toEqual([1.2, 1, 0.8, 0.6, 0.5, 0.4]);
  });
  it('from a value between two round ones, goes to the next round one; stops at the ends', () => {
    expect(niceStep(0.513, 1, clip)).toBe(0.6);
    expect(niceStep(0.513, -1, clip)).toBe(0.5);
    expect(niceStep(97.7, 1, clip)).toBe(100);
    expect(niceStep(100, 1, clip)).toBe(100);
    expect(niceStep(0.01, -1, clip)).toBe(0.01);
    expect(niceStep(0.001, 1, { min: 0.001, max: 3 })).toBe(0.0012);
    expect(niceStep(2.5, 1, { min: 0.001, max: 3 })).toBe(3);
    expect(niceStep(3, 1, { min: 0.001, max: 3 })).toBe(3);
  });
  it('Page Up and Page Down move a decade, within the range', () => {
    expect(decadeStep(0.5, 1, clip)).toBe(5);
    expect(decadeStep(0.5, -1, clip)).toBe(0.05);
    expect(decadeStep(20, 1, clip)).toBe(100);
    expect(decadeStep(0.02, -1, clip)).toBe(0.01);
  });
});
