/**
 * exp, log and tanh computed the same way on every JavaScript engine. Math.exp and Math.log are
 * not: V8's versions differ between Node 20 and current Chromium in the last bit for about 10% of
 * inputs, which would break "same seed, bit-identical numbers in Node and the browser". These are
 * ports of fdlibm's e_exp.c and e_log.c (Sun Microsystems, 1993; freely redistributable), using
 * only IEEE-exact operations (+ - * /, comparisons and bit access), accurate to under 1 ulp.
 * Not a full libm: only what the engine needs.
 */

const view = new DataView(new ArrayBuffer(8));
const highWord = (x: number): number => {
  view.setFloat64(0, x);
  return view.getInt32(0);
};
const withHighWord = (x: number, hi: number): number => {
  view.setFloat64(0, x);
  view.setInt32(0, hi);
  return view.getFloat64(0);
};
const lowWord = (x: number): number => {
  view.setFloat64(0, x);
  return view.getUint32(4);
};

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e0;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;
const HALF_LN2 = 0.34657359027997264;
const THREE_HALVES_LN2 = 1.0397207708399179;
const TWO_M28 = 3.725290298461914e-9;

/** Exact powers of two, 2^k for k in [-1074, 1023], built by doubling and halving (no rounding). */
const POW2 = new Float64Array(2098);
POW2[1074] = 1;
for (let k = 1; k <= 1023; k++) POW2[1074 + k] = POW2[1073 + k] * 2;
for (let k = 1; k <= 1074; k++) POW2[1074 - k] = POW2[1075 - k] / 2;

/**
 * e^x (fdlibm e_exp.c): reduce x = k ln2 + r with |r| <= ln2/2, then a rational fit for e^r. The
 * range tests compare doubles rather than fdlibm's high words, and 2^k scales by multiplying with
 * an exact table entry: the same results, without bit access in the training loop's hottest call.
 */
export function exp(x: number): number {
  if (!(x > U_THRESHOLD)) return x !== x ? x : 0; // NaN stays NaN; -Infinity and deep underflow give 0
  if (x > O_THRESHOLD) return Infinity;
  const ax = x < 0 ? -x : x;
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (ax > HALF_LN2) {
    if (ax < THREE_HALVES_LN2) {
      hi = x < 0 ? x + LN2_HI : x - LN2_HI;
      lo = x < 0 ? -LN2_LO : LN2_LO;
      k = x < 0 ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < TWO_M28) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  // y is in [0.7, 1.5], so y * 2^k rounds once at most (only when the result is subnormal).
  if (k > 1023) return y * 2 * POW2[1074 + 1023];
  if (k >= -1021) return y * POW2[1074 + k];
  return y * POW2[1074 + k + 1000] * POW2[1074 - 1000];
}

const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
const TWO54 = 1.80143985094819840000e16;

/** ln x (fdlibm e_log.c): x = 2^k (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2), then a series in s = f / (2 + f). */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // Infinity or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i0 ^ 0x3ff00000)); // normalise x or x/2 into [sqrt(2)/2, sqrt(2))
  k += i0 >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // -2^-20 <= f < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

/**
 * tanh: Lambert's continued fraction x / (1 + x^2 / (3 + x^2 / (5 + ...))) near zero, where
 * 1 - e^{-2|x|} would cancel, else (1 - e^{-2|x|}) / (1 + e^{-2|x|}); the sign restored.
 */
export function tanh(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax > 22) return x > 0 ? 1 : -1; // within 1e-19 of +-1
  if (ax < 0.5) {
    // Twelve levels are ample for |x| < 0.5: the error falls like x^26 / (3 * 5 * ... * 25)^2.
    const x2 = x * x;
    let d = 25;
    for (let n = 23; n >= 1; n -= 2) d = n + x2 / d;
    return x / d;
  }
  const e = exp(-2 * ax);
  const t = (1 - e) / (1 + e);
  return x < 0 ? -t : t;
}
