/**
 * Reading the generated MNIST assets from disk in Node (the command line, tests, build-time first
 * paints). The browser's worker reads the same files with fetch; parsing is shared (mnist.ts).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Dataset } from './dataset';
import type { SplitName } from './mnist';
import { loadSplit } from './mnist';

/**
 * From the project root, where npm runs every script. (Not relative to this file: at build time
 * Astro bundles it into dist/, which would move the path.) MNIST_DATA_DIR overrides it.
 */
export const DATA_DIR = resolve(process.env.MNIST_DATA_DIR ?? resolve(process.cwd(), 'public/data')) + '/';

const cache = new Map<SplitName, Promise<Dataset>>();

/** Load (once per process) a split from public/data, with a hint when the assets are missing. */
export function loadSplitFromDisk(split: SplitName, dir = DATA_DIR): Promise<Dataset> {
  const key = split;
  if (dir === DATA_DIR && cache.has(key)) return cache.get(key)!;
  const p = loadSplit(split, async (file) => {
    try {
      return new Uint8Array(await readFile(dir + file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(`${file}: not found in ${dir}; run \`npm run prepare-data\` to generate the MNIST assets`);
      }
      throw e;
    }
  });
  if (dir === DATA_DIR) cache.set(key, p);
  return p;
}
