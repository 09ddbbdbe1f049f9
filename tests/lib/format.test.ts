// Axis ticks in scientific notation (components/figures/format.ts): the log axes of Figures 3, 5,
// 7 and ch. 2's Figures 1, 2 and 4 printed d3's "1e-4", beside Figure 8's 10⁻³⁰. Read from the
// real d3 log scales the figures use, so a change in d3's tick format shows here.
import { describe, expect, it } from 'vitest';
import { scaleLinear, scaleLog } from 'd3-scale';
import { decade, logTicks, scientificTicks } from '../../components/figures/format';

describe('scientificTicks', () => {
  it('writes powers of ten with superscripts, 1 and 10 plainly, and keeps empty labels empty', () => {
    const y = scaleLog().domain([1e-5, 10]);
    const f = scientificTicks(y.tickFormat(5, '.0e'));
    const labels = y.ticks(5).map(f).filter((t) => t !== '');
    expect(labels).toEqual(['10⁻⁵', '10⁻⁴', '10⁻³', '10⁻²', '10⁻¹', '1', '10']);
    // Over fewer decades d3 ticks 1 to 9 in each and labels only the decades.
    const near = scaleLog().domain([1e-3, 1]);
    const g = scientificTicks(near.tickFormat(5, '.0e'));
    const shown = near.ticks(5).map(g);
    expect(shown).toHaveLength(28);
    expect(shown.filter((t) => t !== '')).toEqual(['10⁻³', '10⁻²', '10⁻¹', '1']);
  });

  it('keeps a mantissa, with a true minus sign, for ticks that are not powers of ten', () => {
    const f = scientificTicks(scaleLinear().domain([-0.004, 0.004]).tickFormat(4, '~e'));
    expect(f(-0.002)).toBe('−2 × 10⁻³');
    expect(f(0.003)).toBe('3 × 10⁻³');
    expect(f(20)).toBe('20');
    expect(f(0)).toBe('0');
    expect(f(1e12)).toBe('10¹²');
  });

  it('decade(k) is 10 to the k', () => {
    expect([decade(-30), decade(0), decade(1), decade(2)]).toEqual(['10⁻³⁰', '1', '10', '10²']);
  });

  it('logTicks: plain numbers over a few decades around 1, powers of ten beyond, never mixed', () => {
    const relu = scaleLog().domain([0.1, 10]); // Figure 4's ReLU speeds
    expect(relu.ticks(5).map(logTicks(relu, 5)).filter((t) => t)).toEqual(['0.1', '0.2', '1', '2', '10']);
    const sigmoid = scaleLog().domain([1e-4, 1e-1]); // Figure 3's sigmoid speeds
    expect(sigmoid.ticks(5).map(logTicks(sigmoid, 5)).filter((t) => t)).toEqual(['10⁻⁴', '10⁻³', '10⁻²', '10⁻¹']);
  });
});
