/**
 * A mini-batch in matrix form: m examples as the rows of an m x nIn input matrix, stored sparse,
 * with their class labels. MNIST pixels are about 80% zeros, so each row keeps only its non-zero
 * entries (column index and value, packed from the row's start); the first layer's kernels
 * (backprop.ts) loop over those alone.
 */

export interface Batch {
  m: number;
  nIn: number;
  labels: Int32Array;
  /** Row i's non-zero entries: columns nz[i * nIn + t] with values nzVal[i * nIn + t], t < nzCount[i]. */
  nz: Int32Array;
  nzVal: Float64Array;
  nzCount: Int32Array;
}

export function createBatch(capacity: number, nIn: number): Batch {
  return {
    m: 0,
    nIn,
    labels: new Int32Array(capacity),
    nz: new Int32Array(capacity * nIn),
    nzVal: new Float64Array(capacity * nIn),
    nzCount: new Int32Array(capacity),
  };
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
    const row = inputs[i];
    if (row.length !== nIn) throw new Error(`input ${i} has length ${row.length}, expected ${nIn}`);
    let c = 0;
    for (let k = 0; k < nIn; k++) {
      if (row[k] !== 0) {
        batch.nz[i * nIn + c] = k;
        batch.nzVal[i * nIn + c] = row[k];
        c++;
      }
    }
    batch.nzCount[i] = c;
    batch.labels[i] = labels[i];
  }
  return batch;
}
