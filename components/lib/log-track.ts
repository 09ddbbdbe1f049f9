/**
 * The track of a slider on a log scale (a declaration with scale: 'log'): the thumb moves in
 * log10 steps of 0.01, and the value it picks is rounded to three significant figures and kept
 * within the declaration's range. Pure, so the mapping is tested without a browser.
 */
import type { NumberParam } from '../../engine/params';

/** A thumb step of 0.01 in log10 is a factor of about 1.023: finer than a reader can aim. */
export const LOG_STEP = 0.01;

type Range = Pick<NumberParam, 'min' | 'max'>;

/** Where a value sits on the track: its log10. */
export const logPosition = (value: number): number => Math.log10(value);

/** The value at a track position: 10^position to three significant figures, within [min, max]. */
export function logValue(position: number, spec: Range): number {
  return Math.min(spec.max, Math.max(spec.min, Number((10 ** position).toPrecision(3))));
}

/**
 * The input's min, max and step. A browser's range input stops at min + k * step, so a range
 * whose log10 width is not a whole number of steps could never reach `max` (0.5 to 20: the top
 * stop would be 19.9); the track's end is moved up to the next whole step and logValue clamps it
 * back to `max`. The 1e-9 keeps a width that is whole but for rounding (30 to 300 comes out as
 * 100.00000000000001 steps) from gaining a step.
 */
export function logTrack(spec: Range): { min: number; max: number; step: number } {
  const min = logPosition(spec.min);
  const steps = Math.ceil((logPosition(spec.max) - min) / LOG_STEP - 1e-9);
  return { min, max: min + steps * LOG_STEP, step: LOG_STEP };
}

/**
 * The values the keyboard steps through on a log slider: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 and 8
 * times a power of ten, ten to a decade. The track's own step (LOG_STEP) is for dragging; by
 * keyboard it gave 0.513, 0.525, 0.537 ... and 30 presses from 0.5 to 1, with no way to land on 2.
 */
export const NICE_MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8] as const;

const clamp = (v: number, spec: Range) => Math.min(spec.max, Math.max(spec.min, v));
const three = (v: number) => Number(v.toPrecision(3));

/** The next value of the series above (direction 1) or below (-1) `value`, within [min, max]. */
export function niceStep(value: number, direction: 1 | -1, spec: Range): number {
  const k = Math.floor(Math.log10(value));
  const candidates = [k - 1, k, k + 1].flatMap((e) => NICE_MANTISSAS.map((n) => three(n * 10 ** e)));
  const next = direction > 0 ? candidates.find((c) => c > value * (1 + 1e-9)) : candidates.reverse().find((c) => c < value * (1 - 1e-9));
  return clamp(next ?? value, spec);
}

/** A decade up or down (Page Up / Page Down), within [min, max]. */
export function decadeStep(value: number, direction: 1 | -1, spec: Range): number {
  return clamp(three(value * 10 ** direction), spec);
}
