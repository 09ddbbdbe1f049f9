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
import { megabytes } from './units';
import type { PauseGate } from './schedule';

let dataUrl = '';
const splits = new Map<SplitName, Promise<Dataset>>();
const running = new Map<string, { controller: AbortController; gate: PauseGate }>();

/**
 * Hears how far each data file's download has got (bytes; total 0 when the server gave no
 * length), and (-1, -1) once it has ended, whether it finished or failed.
 */
type DownloadListener = (file: string, loaded: number, total: number) => void;
let onDownload: DownloadListener | undefined;

/** What a split is, in a reader's words, for messages. */
const SPLIT_WORDS: Record<SplitName, string> = {
  first1000: 'the first 1,000 training images',
  train: 'the 50,000 training images',
  validation: 'the 10,000 validation images',
  test: 'the 10,000 test images',
};

/** The file's bytes, reporting the download's progress at most every 100 ms, and its end. */
async function download(split: SplitName, file: string): Promise<Uint8Array> {
  try {
    return await fetchBytes(split, file);
  } finally {
    onDownload?.(file, -1, -1);
  }
}

async function fetchBytes(split: SplitName, file: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(new URL(file, dataUrl));
  } catch {
    // fetch rejects only when no answer came at all: offline, or the connection dropped.
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    throw new Error(`This run needs ${SPLIT_WORDS[split]}, which could not be downloaded (${offline ? 'this device is offline' : 'the connection failed'}) and are not yet kept on this device. Connect and press Retry; to run it offline later, press “Make available offline” at the top of the page while connected.`);
  }
  if (!res.ok) throw new Error(`${file}: could not load the data (HTTP ${res.status} from ${res.url})`);
  // A body the server compressed on the way arrives larger than its content-length says: no total.
  const length = res.headers.get('content-encoding') ? 0 : Number(res.headers.get('content-length')) || 0;
  if (!onDownload || !res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0, said = 0;
  const reader = res.body.getReader();
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw new Error(`The download of ${SPLIT_WORDS[split]} broke off after ${megabytes(loaded)}\u00a0MB. Connect and press Retry.`);
    }
    if (next.done) break;
    chunks.push(next.value);
    loaded += next.value.byteLength;
    // A length that the body outgrows (a server that compressed it on the way) is no total.
    const total = loaded <= length ? length : 0;
    if (performance.now() - said > 100) {
      said = performance.now();
      onDownload(file, loaded, total);
    }
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) bytes.set(c, at), (at += c.byteLength);
  return bytes;
}

function load(split: SplitName): Promise<Dataset> {
  let p = splits.get(split);
  if (!p) {
    p = loadSplit(split, (file) => download(split, file));
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
  /** Where data downloads report their progress (a Comlink proxy from the page). */
  watchDownloads(listener: DownloadListener): void {
    onDownload = listener;
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
