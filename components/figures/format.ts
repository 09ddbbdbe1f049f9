/**
 * Number formatting shared by figures. Two kinds: what a reader sees (num, exact: 1.4 × 10⁶,
 * −0.98) and what a program reads back (sig: 1.4e+6, -0.98) for data-csv, data attributes and
 * anything a spreadsheet or a test parses. Both round to the same significant digits.
 */

/** A few significant digits as JavaScript parses them ("1.18e-4", "-0.98"), never a misleading zero. */
export function sig(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return Number(v.toPrecision(digits)).toString();
  return v.toExponential(digits - 1);
}

const MINUS = '\u2212';
const NBSP = '\u00a0';

/**
 * A number as the prose and the axes write it, for text a reader sees: `digits` significant
 * digits without trailing zeros, plainly from 0.001 up to 100,000 (0.0118, 12300), else as
 * 1.4 × 10⁶ or 10⁻³⁰ (non-breaking spaces around the ×, so it never wraps), with a true minus
 * sign (−0.98). Where the value is rounded decides which: 99,999.7 is 10⁵. Infinities are ∞ and
 * −∞. Never for a data attribute, a CSV field or a link: sig() is.
 */
export function num(v: number, digits = 3): string {
  if (Number.isNaN(v)) return 'not a number';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  if (v === 0) return '0';
  const sign = v < 0 ? MINUS : '';
  const a = Math.abs(v);
  const [mantissa, exponent] = a.toExponential(digits - 1).split('e');
  const k = Number(exponent);
  if (k >= -3 && k < 5) return sign + String(Number(a.toPrecision(digits)));
  return sign + timesTen(String(Number(mantissa)), k);
}

/** m × 10ᵏ as a reader sees it, from a mantissa already rounded: 10ᵏ alone for a mantissa of 1. */
export const timesTen = (mantissa: string, k: number): string =>
  mantissa === '1' ? decade(k) : `${mantissa}${NBSP}×${NBSP}${decade(k)}`;

/** A value as it was set (a slider's −2.3), with a true minus sign; 12 digits drop float noise (0.30000000000000004). */
export const exact = (v: number): string => num(v, 12);

/** v.toFixed(digits) for a reader: a true minus sign, and 0.00 rather than −0.00 for a value that rounds to zero. */
export function fixed(v: number, digits: number): string {
  const text = v.toFixed(digits);
  return /^-[0.]+$/.test(text) ? text.slice(1) : text.replace('-', MINUS);
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** 10^k for a whole k, as text: 1, 10, 10⁻³⁰. */
export const decade = (k: number): string =>
  k === 0 ? '1' : k === 1 ? '10' : `10${String(k).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;

/**
 * Axis ticks in scientific notation as a reader writes it, from a d3 format's "2e-4" (a log
 * scale's '.0e' ticks, or '~e'): 10⁻⁴ and 2 × 10⁻⁴, with 1 and 10 (and 20) written plainly, a
 * true minus sign, and the empty labels of a log scale's unlabelled ticks kept empty.
 */
export function scientificTicks(format: (v: number) => string): (v: number) => string {
  return (v) => {
    const text = format(v);
    const m = /^([-−]?)(\d+(?:\.\d+)?)e([+-]\d+)$/.exec(text);
    if (!m) return text;
    const [, minus, mantissa, exponent] = m;
    const k = Number(exponent);
    const sign = minus ? '−' : '';
    if (k === 0 || k === 1) return `${sign}${Number((Number(mantissa) * 10 ** k).toPrecision(12))}`; // 1.06 × 10 is 10.600000000000001
    return mantissa === '1' ? `${sign}${decade(k)}` : `${sign}${mantissa} × ${decade(k)}`;
  };
}

/**
 * A log axis's tick labels: over a few decades around 1 (0.01 to 1000) plain numbers (0.1, 0.2,
 * 1, 2, 10), else powers of ten (10⁻⁴, 2 × 10⁻⁴), never the two mixed on one axis.
 */
export function logTicks(scale: { domain(): number[]; tickFormat(count: number, spec: string): (v: number) => string }, count: number): (v: number) => string {
  const ends = scale.domain().map(Math.abs);
  const plain = Math.min(...ends) >= 0.01 && Math.max(...ends) <= 1000;
  return plain ? scale.tickFormat(count, '~g') : scientificTicks(scale.tickFormat(count, '.0e'));
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * The powers of ten that num(), decade() and the axes write ("1.4 × 10⁶", "−2 × 10⁻¹²", "10⁻³⁰"),
 * as they occur in running text: a mantissa and a ×, with non-breaking or plain spaces, is optional;
 * not inside a longer number or a word ("210⁵", "1,024 × 10³").
 */
export const POWER_OF_TEN = /(?<![\p{L}\d.,])(?:([−-]?\d+(?:\.\d+)?)[\u00a0 ]×[\u00a0 ])?([−-]?)10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)/gu;

/** One power of ten as POWER_OF_TEN matched it, in words: "1.4 times 10 to the power 6". */
function powerInWords(mantissa: string | undefined, sign: string, exponent: string): string {
  const k = [...exponent].map((c) => (c === '⁻' ? 'minus ' : String(SUPERSCRIPT_DIGITS.indexOf(c)))).join('');
  const m = mantissa?.replace(/^[−-]/, 'minus ');
  return `${m ? `${m} times ` : sign ? 'minus ' : ''}10 to the power ${k}`;
}

/**
 * Text with its powers of ten in words, for what only a screen reader gets (an aria-label, a
 * slider's value text): read aloud, "10⁻⁶" can come out as "10 6" or "106" (superscripts and
 * their minus sign are read differently by each screen reader, or not at all), a factor of 10¹²
 * away. Everything else is left as it is.
 */
export const spoken = (text: string): string =>
  text.replace(POWER_OF_TEN, (_, mantissa: string | undefined, sign: string, exponent: string) => powerInWords(mantissa, sign, exponent));

/**
 * The pieces of `text` for a page that shows the notation and says it in words (Spoken.tsx): plain
 * text, and each power of ten with the words a screen reader gets instead.
 */
export function powersOfTen(text: string): ({ plain: string } | { shown: string; words: string })[] {
  const out: ({ plain: string } | { shown: string; words: string })[] = [];
  let at = 0;
  for (const m of text.matchAll(POWER_OF_TEN)) {
    if (m.index! > at) out.push({ plain: text.slice(at, m.index) });
    out.push({ shown: m[0], words: powerInWords(m[1], m[2], m[3]) });
    at = m.index! + m[0].length;
  }
  if (at < text.length) out.push({ plain: text.slice(at) });
  return out;
}
