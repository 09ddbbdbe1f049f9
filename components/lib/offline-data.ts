/**
 * Build time only (Node): which MNIST files the "Make available offline" control downloads, how
 * big they are, and the name of the cache the service worker keeps them in. Shared by
 * astro.config.mjs (the service worker's runtime cache) and components/chapter/Offline.astro
 * (the control's props), so the two always agree on the name.
 *
 * The small first-1,000-image files are precached by the service worker itself; these are the
 * large ones that only Figure 1 (and layer-speeds or train with more than 1,000 images) fetch.
 * The test split is left out: no figure uses it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MNIST_SPLITS } from '../../engine/mnist';

/** The splits a figure may fetch besides first1000 (what the experiments' data() can name). */
const LARGE_SPLITS = ['train', 'validation'] as const;

export interface OfflineFile {
  /** File name under <base>data/. */
  name: string;
  /** Size in bytes of the gzip'd file as served. */
  bytes: number;
}

export const largeDataFiles = (): string[] => LARGE_SPLITS.flatMap((s) => [MNIST_SPLITS[s].images, MNIST_SPLITS[s].labels]);

/**
 * The runtime cache's name: per base path (two copies of the site on one origin keep their own)
 * and per content of the data (the checksums in public/data/manifest.json), so that changed data
 * files get a new cache instead of being served stale for ever by a cache-first route.
 */
export function dataCacheName(base: string, publicDir = 'public'): string {
  const manifest = join(publicDir, 'data', 'manifest.json');
  let version = 'unversioned';
  if (existsSync(manifest)) {
    const files = JSON.parse(readFileSync(manifest, 'utf8')).files ?? {};
    const sums = largeDataFiles().map((name) => `${name}:${files[name]?.sha256 ?? ''}`).join('\n');
    version = createHash('sha256').update(sums).digest('hex').slice(0, 12);
  }
  return `mnist-data:${base}:${version}`;
}

/** The large files with their sizes, or null when public/data/ has not been prepared. */
export function largeDataSizes(publicDir = 'public'): OfflineFile[] | null {
  const out: OfflineFile[] = [];
  for (const name of largeDataFiles()) {
    const path = join(publicDir, 'data', name);
    if (!existsSync(path)) return null;
    out.push({ name, bytes: statSync(path).size });
  }
  return out;
}
