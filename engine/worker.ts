/**
 * The Web Worker's face: a flat object of verbs that delegate to the engine, exposed through
 * Comlink. No maths here. Data files are fetched (once per worker) only when a run needs them.
 */
import { expose } from 'comlink';
import { activeBackend, useBackend } from './backend';
import type { Backend, BackendChoice } from './backend';
import type { Dataset, SplitName } from './index';
import { loadSplit, runExperiment } from './index';
import { createGate } from './schedule';
import type { PauseGate } from './schedule';

let dataUrl = '';
const splits = new Map<SplitName, Promise<Dataset>>();
const running = new Map<string, { controller: AbortController; gate: PauseGate }>();

function load(split: SplitName): Promise<Dataset> {
  let p = splits.get(split);
  if (!p) {
    p = loadSplit(split, async (file) => {
      const res = await fetch(new URL(file, dataUrl));
      if (!res.ok) throw new Error(`${file}: could not load the data (HTTP ${res.status} from ${res.url})`);
      return new Uint8Array(await res.arrayBuffer());
    });
    // A failed load is not cached, so a retry fetches again.
    p.catch(() => splits.delete(split));
    splits.set(split, p);
  }
  return p;
}

const api = {
  /** Where the generated MNIST assets are served (absolute URL ending in '/'). */
  configure(url: string): void {
    dataUrl = url;
  },
  /** Which implementation of the hot loops later runs use; returns the one in effect. */
  useBackend(choice: BackendChoice): Backend {
    return useBackend(choice);
  },
  /** 'wasm', or 'reference' when it was chosen or WebAssembly SIMD is missing here. */
  activeBackend(): Backend {
    return activeBackend();
  },
  async run(jobId: string, name: string, params: Record<string, unknown>, onProgress?: (fraction: number, partial?: unknown) => void): Promise<unknown> {
    const job = { controller: new AbortController(), gate: createGate() };
    running.set(jobId, job);
    try {
      return await runExperiment(name, params, load, { signal: job.controller.signal, onProgress, gate: job.gate });
    } finally {
      running.delete(jobId);
    }
  },
  cancel(jobId: string): void {
    running.get(jobId)?.controller.abort();
  },
  /** Holds a long run at its next yield (experiments that pass ctx.gate on to their loops). */
  pause(jobId: string): void {
    running.get(jobId)?.gate.pause();
  },
  resume(jobId: string): void {
    running.get(jobId)?.gate.resume();
  },
};

export type EngineApi = typeof api;
expose(api);
