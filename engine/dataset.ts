/**
 * A labelled image set held compactly as bytes (one byte per pixel, as in the idx files), and
 * the copying of chosen examples into a float mini-batch (pixels scaled to [0, 1], as in the
 * book). Keeping bytes costs 39 MB for the 50,000 training images instead of 314 MB of doubles.
 */
import type { Batch } from './batch';

/** PIXEL[p] = p / 255 exactly, so filling a batch is a table look-up, not a division. */
const PIXEL = Float64Array.from({ length: 256 }, (_, p) => p / 255);

export interface Dataset {
  /** Which file set it came from, for messages. */
  name: string;
  n: number;
  /** Values per example (784 for MNIST). */
  nIn: number;
  /** n x nIn bytes, row-major; the input value is byte / 255. */
  pixels: Uint8Array;
  labels: Uint8Array;
  classes: number;
}

/** The first `count` examples (a view, no copy). */
export function headOf(data: Dataset, count: number): Dataset {
  if (!Number.isInteger(count) || count < 1 || count > data.n) {
    throw new Error(`cannot take ${count} examples from ${data.name}, which has ${data.n}`);
  }
  return {
    ...data,
    n: count,
    pixels: data.pixels.subarray(0, count * data.nIn),
    labels: data.labels.subarray(0, count),
  };
}

/** Copy examples order[start..end) of data into batch (which must have room for them). */
export function fillBatch(data: Dataset, order: ArrayLike<number>, start: number, end: number, batch: Batch): void {
  const { nIn, pixels, labels } = data;
  const { nz, nzVal, nzCount } = batch;
  const m = end - start;
  for (let i = 0; i < m; i++) {
    const e = order[start + i];
    const src = e * nIn;
    const row = i * nIn;
    let c = row;
    for (let k = 0; k < nIn; k++) {
      const p = pixels[src + k];
      if (p !== 0) {
        nz[c] = k;
        nzVal[c] = PIXEL[p];
        c++;
      }
    }
    nzCount[i] = c - row;
    batch.labels[i] = labels[e];
  }
  batch.m = m;
}

export function identityOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
