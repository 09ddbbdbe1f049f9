// Vitest global setup: the engine imports the compiled kernels (engine/kernels/build/, generated),
// so build them first when they are missing or older than their source.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-kernels.mjs'], { stdio: 'inherit' });
}
