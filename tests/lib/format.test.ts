// Axis ticks in scientific notation (components/figures/format.ts): the log axes of Figures 3, 5,
// 7 and ch. 2's Figures 1, 2 and 4 printed d3's "1e-4", beside Figure 8's 10⁻³⁰. Read from the
// real d3 log scales the figures use, so a change in d3's tick format shows here.
import { describe, expect, it } from 'vitest';
import { scaleLinear, scaleLog } from 'd3-scale';
import { decade, exact, fixed, logTicks, num, scientificTicks, sig, powersOfTen, spoken } from '../../components/figures/format';

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

// What a reader sees in a status line, a label or a table (num) against what a program reads back
// (sig): the reader review found "learns 1.40e+6 times as fast" and "∂C/∂b₁ = 1.179e-4" in
// figures whose axes say 10⁶ and 10⁻⁴. Exact strings, non-breaking spaces and true minus signs
// included, since a slip in either is what the review was about.
describe('num', () => {
  const NB = '\u00a0';
  it('writes large and small numbers as the axes do, with non-breaking spaces around ×', () => {
    expect(num(1.4e6)).toBe(`1.4${NB}×${NB}10⁶`);
    expect(num(1.179e-4)).toBe(`1.18${NB}×${NB}10⁻⁴`);
    expect(num(1.179084427e-4, 10)).toBe(`1.179084427${NB}×${NB}10⁻⁴`);
    expect(num(7.2e19, 2)).toBe(`7.2${NB}×${NB}10¹⁹`);
    expect(num(-2.5e-7, 2)).toBe(`−2.5${NB}×${NB}10⁻⁷`);
    expect(num(1e-30)).toBe('10⁻³⁰'); // a mantissa of 1 is left out, as on the axes
  });

  it('writes numbers from 0.001 to below 100,000 plainly, with a true minus sign', () => {
    expect(num(-0.98)).toBe('−0.98');
    expect(num(-2.3121, 3)).toBe('−2.31');
    expect(num(0)).toBe('0');
    expect(num(-0)).toBe('0');
    expect(num(12345)).toBe('12300');
    expect(num(12345, 5)).toBe('12345');
    expect(num(0.0011834)).toBe('0.00118');
    expect(num(0.25, 4)).toBe('0.25'); // no trailing zeros
  });

  it('decides plain or powers of ten on the rounded value', () => {
    expect(num(99999.7)).toBe('10⁵');
    expect(num(0.00099996)).toBe('0.001');
    expect(num(0.000999)).toBe(`9.99${NB}×${NB}10⁻⁴`);
  });

  it('writes the infinities as ∞ and NaN in words', () => {
    expect(num(Infinity)).toBe('∞');
    expect(num(-Infinity)).toBe('−∞');
    expect(num(NaN)).toBe('not a number');
  });

  it('rounds as sig() does, so a table and its CSV (data-csv from sig) hold the same number', () => {
    const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
    const readBack = (text: string): number => {
      const m = /^(−?)(?:([\d.]+)\u00a0×\u00a0)?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.exec(text);
      if (!m) return Number(text.replace('−', '-'));
      const k = Number([...m[3]].map((c) => (c === '⁻' ? '-' : String(digits.indexOf(c)))).join(''));
      return Number(`${m[1] ? '-' : ''}${m[2] ?? '1'}e${k}`);
    };
    for (const v of [1.4e6, -1.179e-4, -0.98, 12345, 1e-30, 3.14159, 6.9e-15, 99999.7]) {
      expect(readBack(num(v, 4)), String(v)).toBe(Number(sig(v, 4)));
    }
  });

  it('exact() keeps a value as set, only with a true minus sign', () => {
    expect(exact(-2.3)).toBe('−2.3');
    expect(exact(0.1 + 0.2)).toBe('0.3');
    expect(exact(4)).toBe('4');
  });

  it('fixed() is toFixed with a true minus sign and no negative zero', () => {
    expect(fixed(-5, 2)).toBe('−5.00');
    expect(fixed(0.41273, 4)).toBe('0.4127');
    expect(fixed(-0.00001, 2)).toBe('0.00');
  });

  it('sig() stays plain JavaScript for data attributes and CSV fields', () => {
    expect(sig(1.4e6)).toBe('1.40e+6');
    expect(sig(-1.179e-4)).toBe('-1.18e-4');
    expect(Number(sig(-0.98))).toBe(-0.98);
  });
});

describe('powers of ten for screen readers', () => {
  // Read aloud, "10⁻⁶" can come out as "10 6" or "106": the words say it whatever the reader.
  it('spoken() writes each power of ten in words and leaves the rest alone', () => {
    expect(spoken(`learns ${num(1.4e6)} times as fast`)).toBe('learns 1.4 times 10 to the power 6 times as fast');
    expect(spoken(num(1e-30))).toBe('10 to the power minus 30');
    expect(spoken(num(-2e-12))).toBe('minus 2 times 10 to the power minus 12');
    expect(spoken(`${num(-1e20)} and 0.5`)).toBe('minus 10 to the power 20 and 0.5');
    // The axes' ticks write plain spaces around the ×.
    expect(spoken(scientificTicks((v) => v.toExponential(0))(2e-4))).toBe('2 times 10 to the power minus 4');
    for (const plain of ['0.0118', '−0.98', '12300', 'σ(1 − σ) = 1/4, w₁²/96', '10 layers']) expect(spoken(plain)).toBe(plain);
    // Not inside a longer number or a word: those are not what num() writes, and are left alone.
    for (const other of ['210⁵', 'x10⁵', '3.10⁴']) expect(spoken(other)).toBe(other);
    // A mantissa num() never writes ("1,024") is not cut in two ("1," and "024 times ..."); the power alone is said.
    expect(spoken('1,024 × 10³')).toBe('1,024 × 10 to the power 3');
  });

  it('powersOfTen() cuts text into plain pieces and powers, which join back into the text', () => {
    const text = `from ${num(3.2e-7)} to ${num(1e5)}, ratio 12`;
    const parts = powersOfTen(text);
    expect(parts).toEqual([
      { plain: 'from ' },
      { shown: '3.2\u00a0×\u00a010⁻⁷', words: '3.2 times 10 to the power minus 7' },
      { plain: ' to ' },
      { shown: '10⁵', words: '10 to the power 5' },
      { plain: ', ratio 12' },
    ]);
    expect(parts.map((p) => ('plain' in p ? p.plain : p.shown)).join('')).toBe(text);
    expect(powersOfTen('no powers here')).toEqual([{ plain: 'no powers here' }]);
  });
});
