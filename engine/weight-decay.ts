/**
 * L2 weight decay's factor in the update w <- (1 - eta lambda / n) w - (eta / m) grad, and what it
 * does when it is below -1: every step flips each weight's sign and enlarges it, whatever the
 * gradient, so the weights grow without bound. No imports, so that a figure can say it too without
 * pulling the engine into the page. The words for a factor below -1, or undefined when the decay
 * alone cannot blow up.
 */
export function flippingDecay(eta: number, lambda: number, n: number): string | undefined {
  const decay = 1 - (eta * lambda) / n;
  if (decay >= -1) return undefined;
  return `with η·λ/n = ${words((eta * lambda) / n)} the weight-decay factor 1 − ηλ/n is ${words(decay)}, so every step flipped and enlarged the weights`;
}

/** Three significant digits as a sentence writes them: −49 with a true minus sign, as the figures do. */
const words = (v: number): string => String(Number(v.toPrecision(3))).replace('-', '\u2212');
