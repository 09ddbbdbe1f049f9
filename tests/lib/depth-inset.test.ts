// Figure 1's inset (DepthAccuracy.tsx) magnifies the ends of the later epochs in the plot's lower
// right corner. It must only be drawn where that corner is empty and the plot wide enough to read
// it: a quick run whose networks are still climbing would otherwise have its curves hidden under
// the inset's frame. The browser test checks the inset on the build's real run; these check the
// guard on made-up curves, where the answer is known.
import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3-scale';
import { insetLayout } from '../../components/figures/DepthAccuracy';
import type { Point } from '../../components/figures/DepthAccuracy';
import type { DepthAccuracyResult } from '../../engine/experiments/depth-accuracy';

/** Four networks over `epochs`, each epoch's end at accuracy(e) (plus 0.002 per hidden layer). */
function run(epochs: number, accuracy: (e: number) => number): { r: DepthAccuracyResult; series: Point[][] } {
  const runs = [1, 2, 3, 4].map((hidden) => ({
    hidden,
    sizes: [784, 30, 10],
    accuracy: Array.from({ length: epochs }, (_, e) => accuracy(e + 1) + 0.002 * hidden),
    cost: [],
    checkpoints: [],
  }));
  const r = { epochs, trainSize: 50000, validationSize: 10000, perEpoch: 1, checkpointSize: 1000, runs } as DepthAccuracyResult;
  const series = runs.map((x) => x.accuracy.map((a, e) => ({ at: e + 1, accuracy: a, whole: true })));
  return { r, series };
}

function layout(width: number, r: DepthAccuracyResult, series: Point[][]) {
  const height = width / 1.5;
  const x = scaleLinear().domain([0, r.epochs]).range([52, width - 104]);
  const y = scaleLinear().domain([0.1, 1]).range([height - 44, 12]);
  return insetLayout({ r, series, x, y, right: width - 114, bottom: height - 54 });
}

describe('Figure 1\'s inset', () => {
  it('magnifies the last two thirds of a 30-epoch run whose curves sit near the top', () => {
    const { r, series } = run(30, (e) => 0.96 - 0.5 / (e + 1) ** 2);
    const l = layout(720, r, series)!;
    expect(l).not.toBeNull();
    expect(l.from).toBe(10);
    expect(l.ends.map((e) => e.length)).toEqual([21, 21, 21, 21]); // epochs 10 to 30
    expect(l.box.y1 - l.box.y0).toBeGreaterThanOrEqual(130);
  });

  it('is left out where a curve right of its edge would run under it', () => {
    // Still climbing at 60 % half-way through: the corner is not empty.
    const { r, series } = run(30, (e) => 0.1 + 0.8 * (e / 30));
    expect(layout(720, r, series)).toBeNull();
  });

  it('is left out on a phone\'s plot and for short runs', () => {
    const full = run(30, () => 0.96);
    expect(layout(360, full.r, full.series)).toBeNull();
    const quick = run(2, () => 0.96);
    expect(layout(720, quick.r, quick.series)).toBeNull();
  });

  it('waits until two magnified epochs are done and a point lies right of its left edge', () => {
    const { r, series } = run(30, () => 0.96);
    const streaming = series.map((s) => s.slice(0, 10)); // epochs 1 to 10 done
    expect(layout(720, r, streaming)).toBeNull();
    // Epoch 11 done: two epochs to magnify, but nothing yet right of the edge (at 12 epochs) to
    // say whether the corner is clear.
    expect(layout(720, r, series.map((s) => s.slice(0, 11)))).toBeNull();
    expect(layout(720, r, series.map((s) => s.slice(0, 12)))).not.toBeNull();
  });
});
