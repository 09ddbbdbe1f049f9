/**
 * A mini-batch in matrix form: m examples as the rows of one row-major matrix x (m x nIn), their
 * class labels, and, for each row, the indices of its non-zero inputs. MNIST pixels are about 80%
 * zeros, so the first layer's kernels loop over those indices only (see backprop.ts).
 */

export interface Batch {
  m: number;
  nIn: number;
  x: Float64Array;
  labels: Int32Array;
  /** nz[i * nIn + t] for t < nzCount[i]: the columns of row i that are non-zero. */
  nz: Int32Array;
  nzCount: Int32Array;
}

export function createBatch(capacity: number, nIn: number): Batch {
  return {
    m: 0,
    nIn,
    x: new Float64Array(capacity * nIn),
    labels: new Int32Array(capacity),
    nz: new Int32Array(capacity * nIn),
    nzCount: new Int32Array(capacity),
  };
}

/** Record the non-zero columns of row i (call after writing the row). */
export function indexRow(batch: Batch, i: number): void {
  const { x, nz, nIn } = batch;
  const base = i * nIn;
  let c = 0;
  for (let k = 0; k < nIn; k++) if (x[base + k] !== 0) nz[base + c++] = k;
  batch.nzCount[i] = c;
}

/** A batch from plain arrays of inputs (each of length nIn) and class labels. */
export function batchFromArrays(inputs: ArrayLike<number>[], labels: ArrayLike<number>): Batch {
  if (inputs.length === 0) throw new Error('a batch needs at least one example');
  if (inputs.length !== labels.length) {
    throw new Error(`got ${inputs.length} inputs but ${labels.length} labels`);
  }
  const nIn = inputs[0].length;
  const batch = createBatch(inputs.length, nIn);
  batch.m = inputs.length;
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i].length !== nIn) throw new Error(`input ${i} has length ${inputs[i].length}, expected ${nIn}`);
    batch.x.set(inputs[i], i * nIn);
    batch.labels[i] = labels[i];
    indexRow(batch, i);
  }
  return batch;
}
