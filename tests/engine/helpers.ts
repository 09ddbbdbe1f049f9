// Shared helpers for the engine tests: finite differences and the real MNIST assets.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { DATA_DIR, loadSplitFromDisk } from '../../engine/node-data';
import type { SplitName } from '../../engine/index';

/** The generated data, created on first use if `npm run prepare-data` has not run yet. */
export async function mnist(split: SplitName) {
  if (!existsSync(DATA_DIR + 'manifest.json')) {
    execFileSync('npm', ['run', '--silent', 'prepare-data'], { stdio: 'inherit' });
  }
  return loadSplitFromDisk(split);
}
