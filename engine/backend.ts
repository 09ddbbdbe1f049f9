/**
 * Which implementation of the hot loops runs: the WebAssembly SIMD kernels (engine/kernels/) or
 * the TypeScript reference (backprop.ts and friends). Both give bit-identical numbers; the
 * kernels are several times faster. 'auto' picks the kernels wherever WebAssembly SIMD exists.
 * Not a plug-in system: exactly these two.
 */
export type Backend = 'wasm' | 'reference';
export type BackendChoice = 'auto' | Backend;

import { kernels, kernelsFailure } from './kernels/index';
import type { Network } from './network';

let choice: BackendChoice = 'auto';

/** Chooses the implementation for every later run in this process (or worker); returns the one in effect. */
export function useBackend(c: BackendChoice): Backend {
  if (c !== 'auto' && c !== 'wasm' && c !== 'reference') throw new Error(`unknown engine backend "${c}" (expected auto, wasm or reference)`);
  if (c === 'wasm' && !kernels()) throw new Error(`the WebAssembly kernels cannot run here: ${kernelsFailure()}`);
  choice = c;
  return activeBackend();
}

/** The implementation in effect: 'wasm' only when chosen (or auto) and WebAssembly SIMD works here. */
export function activeBackend(): Backend {
  return choice !== 'reference' && kernels() ? 'wasm' : 'reference';
}

/** Why the kernels are not running ('' when they are, or when the reference was chosen). */
export function backendNote(): string {
  if (choice === 'reference') return '';
  return kernels() ? '' : kernelsFailure();
}

/**
 * Whether the kernels run this network (training, evaluation, speeds): every network, the book's
 * plain ones and the second chapter's normalised, residual and clipped ones, wherever WebAssembly
 * SIMD works and the reference was not chosen.
 */
export function kernelsRun(_net: Network): boolean {
  return activeBackend() === 'wasm';
}
