// Vitest global setup: the engine imports generated code (the experiment registry and the compiled
// kernels, see scripts/generate.mjs), so generate it first when missing or older than its sources.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/generate.mjs'], { stdio: 'inherit' });
}
