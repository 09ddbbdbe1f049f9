// The idx loader: real files parse to Nielsen's split; damaged files fail with messages that
// name the file and the problem.
import { describe, expect, it } from 'vitest';
import { gunzip, loadSplit, MNIST_SPLITS, parseIdxImages, parseIdxLabels } from '../../engine/index';
import { idxBytes } from '../../engine/mnist';
import { mnist } from './helpers';

function idxImages(count: number, extra = 0, magic = 0x803): Uint8Array {
  const bytes = new Uint8Array(16 + count * 4 + extra);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, magic);
  v.setUint32(4, count);
  v.setUint32(8, 2);
  v.setUint32(12, 2);
  return bytes;
}

describe('idx parsing and validation', () => {
  it('parses a well-formed file', () => {
    const img = parseIdxImages(idxImages(3), 'ok.idx3');
    expect([img.count, img.rows, img.cols, img.pixels.length]).toEqual([3, 2, 2, 12]);
  });

  it('rejects a truncated image file, naming it', () => {
    const cut = idxImages(3).subarray(0, 20);
    expect(() => parseIdxImages(cut, 'train-images.idx3.gz')).toThrow(
      'train-images.idx3.gz: truncated: header promises 3 images of 2x2 (28 bytes), file has 20',
    );
    expect(() => parseIdxImages(new Uint8Array(7), 'x.idx3')).toThrow('x.idx3: truncated header');
  });

  it('rejects a wrong magic number', () => {
    expect(() => parseIdxImages(idxImages(1, 0, 0x801), 'labels-by-mistake')).toThrow(
      'labels-by-mistake: wrong magic number 0x00000801, expected 0x00000803 (an idx image file)',
    );
    const labels = new Uint8Array(10);
    new DataView(labels.buffer).setUint32(0, 0x803);
    expect(() => parseIdxLabels(labels, 'l.idx1')).toThrow(/l\.idx1: wrong magic number 0x00000803, expected 0x00000801/);
  });

  it('rejects out-of-range labels and corrupt gzip', async () => {
    const labels = new Uint8Array(8 + 2);
    const v = new DataView(labels.buffer);
    v.setUint32(0, 0x801);
    v.setUint32(4, 2);
    labels[9] = 12;
    expect(() => parseIdxLabels(labels, 'l.idx1')).toThrow('l.idx1: label 1 is 12, expected a digit below 10');
    await expect(gunzip(Uint8Array.from([1, 2, 3]), 'a.gz')).rejects.toThrow('a.gz: not a gzip file');
    await expect(gunzip(Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 99, 99]), 'b.gz')).rejects.toThrow(/b\.gz: corrupt gzip data/);
  });

  it('accepts assets a server has already gunzipped, and names the file when bytes are neither', async () => {
    const { gzipSync } = await import('node:zlib');
    const raw = idxImages(2);
    expect(Array.from(await idxBytes(raw, 'raw.idx3'))).toEqual(Array.from(raw));
    expect(Array.from(await idxBytes(new Uint8Array(gzipSync(raw)), 'z.idx3.gz'))).toEqual(Array.from(raw));
    await expect(idxBytes(new TextEncoder().encode('<html>'), 'x.idx3.gz')).rejects.toThrow(
      'x.idx3.gz: not a gzip file (it does not start with the gzip signature 1f 8b) nor an uncompressed idx file (it starts with 3c 68 74 6d)',
    );
  });

  it('a split whose files disagree fails with both names', async () => {
    const files = MNIST_SPLITS.first1000;
    const real = await mnist('first1000');
    const { gzipSync } = await import('node:zlib');
    const images = idxImages(2);
    const labelBytes = new Uint8Array(8 + 3);
    new DataView(labelBytes.buffer).setUint32(0, 0x801);
    new DataView(labelBytes.buffer).setUint32(4, 3);
    const read = async (f: string) => new Uint8Array(gzipSync(f === files.images ? images : labelBytes));
    await expect(loadSplit('first1000', read)).rejects.toThrow(`${files.images} has 2 images but ${files.labels} has 3 labels`);
    expect(real.n).toBe(1000);
  });

  it('the generated assets follow Nielsen\'s split', async () => {
    const [train, validation, test, first] = await Promise.all(['train', 'validation', 'test', 'first1000'].map((s) => mnist(s as never)));
    expect([train.n, validation.n, test.n, first.n]).toEqual([50000, 10000, 10000, 1000]);
    expect(train.nIn).toBe(784);
    // The first 1,000 are the training set's first 1,000, byte for byte.
    expect(Buffer.compare(Buffer.from(first.pixels), Buffer.from(train.pixels.subarray(0, 784 * 1000)))).toBe(0);
    // MNIST's first training labels are well known: 5, 0, 4, 1, 9.
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    // All ten digits appear in the validation set, each at least 800 times (about 1,000 each).
    const counts = new Array(10).fill(0);
    validation.labels.forEach((l) => counts[l]++);
    expect(Math.min(...counts)).toBeGreaterThan(800);
  });
});
