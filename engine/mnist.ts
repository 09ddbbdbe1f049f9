/**
 * The MNIST idx format: parsing and validating the generated data files, the same code in Node
 * and in the browser's worker. How the bytes are read (fs, fetch) is the caller's business.
 * Not a general idx reader: unsigned-byte images and labels only, which is what MNIST uses.
 */
import type { Dataset } from './dataset';

/** The generated assets (scripts/prepare-data.ts writes them under public/data/). */
export const MNIST_SPLITS = {
  // Nielsen's split: training = first 50,000 of the 60,000-image training file,
  // validation = its last 10,000, test = the 10,000-image test file.
  train: { images: 'train-images.idx3.gz', labels: 'train-labels.idx1.gz', count: 50000 },
  validation: { images: 'validation-images.idx3.gz', labels: 'validation-labels.idx1.gz', count: 10000 },
  test: { images: 'test-images.idx3.gz', labels: 'test-labels.idx1.gz', count: 10000 },
  // The first 1,000 training images: what the quick figures (E2 to E4) need, about 1% of the data.
  first1000: { images: 'first1000-images.idx3.gz', labels: 'first1000-labels.idx1.gz', count: 1000 },
} as const;

export type SplitName = keyof typeof MNIST_SPLITS;

export const IMAGE_MAGIC = 0x00000803; // unsigned bytes, 3 dimensions
export const LABEL_MAGIC = 0x00000801; // unsigned bytes, 1 dimension

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}

function header(bytes: Uint8Array, file: string, words: number): number[] {
  if (bytes.length < 4 * words) {
    throw new Error(`${file}: truncated header (${bytes.length} bytes, need at least ${4 * words})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: words }, (_, i) => view.getUint32(4 * i, false));
}

export function parseIdxImages(bytes: Uint8Array, file: string): { count: number; rows: number; cols: number; pixels: Uint8Array } {
  const [magic, count, rows, cols] = header(bytes, file, 4);
  if (magic !== IMAGE_MAGIC) {
    throw new Error(`${file}: wrong magic number ${hex(magic)}, expected ${hex(IMAGE_MAGIC)} (an idx image file)`);
  }
  const expected = 16 + count * rows * cols;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'truncated' : 'too long';
    throw new Error(`${file}: ${what}: header promises ${count} images of ${rows}x${cols} (${expected} bytes), file has ${bytes.length}`);
  }
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

export function parseIdxLabels(bytes: Uint8Array, file: string, classes = 10): Uint8Array {
  const [magic, count] = header(bytes, file, 2);
  if (magic !== LABEL_MAGIC) {
    throw new Error(`${file}: wrong magic number ${hex(magic)}, expected ${hex(LABEL_MAGIC)} (an idx label file)`);
  }
  if (bytes.length !== 8 + count) {
    const what = bytes.length < 8 + count ? 'truncated' : 'too long';
    throw new Error(`${file}: ${what}: header promises ${count} labels (${8 + count} bytes), file has ${bytes.length}`);
  }
  const labels = bytes.subarray(8);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= classes) throw new Error(`${file}: label ${i} is ${labels[i]}, expected a digit below ${classes}`);
  }
  return labels;
}

/** Undo gzip (with the platform's DecompressionStream, present in Node 18+ and browsers). */
export async function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new Error(`${file}: not a gzip file (it does not start with the gzip signature 1f 8b)`);
  }
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new Error(`${file}: corrupt gzip data (${(e as Error).message})`);
  }
}

/**
 * The idx bytes of a generated asset. Usually gzip data, but a server may have undone the gzip
 * already (Vite's dev server, or a host that serves .gz with Content-Encoding: gzip), so raw idx
 * bytes (magic 00 00 08 ..) are accepted as they are.
 */
export async function idxBytes(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  const isGzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const isIdx = bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x08;
  if (isGzip) return gunzip(bytes, file);
  if (isIdx) return bytes;
  const start = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new Error(`${file}: not a gzip file (it does not start with the gzip signature 1f 8b) nor an uncompressed idx file (it starts with ${start || 'nothing'})`);
}

/** Parse one image file and its label file into a Dataset, checking they agree. */
export function datasetFromIdx(name: string, images: Uint8Array, labels: Uint8Array, files: { images: string; labels: string }): Dataset {
  const img = parseIdxImages(images, files.images);
  const lab = parseIdxLabels(labels, files.labels);
  if (lab.length !== img.count) {
    throw new Error(`${files.images} has ${img.count} images but ${files.labels} has ${lab.length} labels`);
  }
  return { name, n: img.count, nIn: img.rows * img.cols, pixels: img.pixels, labels: lab, classes: 10 };
}

/** Reads a file of the generated data by name: fs in Node, fetch in the worker. */
export type ReadAsset = (file: string) => Promise<Uint8Array>;

/** Load one split of the generated data, gunzipping and validating both files. */
export async function loadSplit(split: SplitName, read: ReadAsset): Promise<Dataset> {
  const files = MNIST_SPLITS[split];
  if (!files) throw new Error(`unknown data split "${split}" (expected one of: ${Object.keys(MNIST_SPLITS).join(', ')})`);
  const [images, labels] = await Promise.all([
    read(files.images).then((b) => idxBytes(b, files.images)),
    read(files.labels).then((b) => idxBytes(b, files.labels)),
  ]);
  const data = datasetFromIdx(split, images, labels, files);
  if (data.n !== files.count) throw new Error(`${files.images}: has ${data.n} images, expected ${files.count} for the ${split} split`);
  return data;
}
