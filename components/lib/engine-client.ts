/**
 * The one owner of the engine's workers in the page. It starts them, lazily, as Comlink-wrapped
 * Web Workers told where the data is served, and hands them to the scheduler (scheduler.ts, where
 * the job lifecycle is drawn): one job per figure, a new request cancels the old one, long runs on
 * workers of their own, parts of a run on up to partWorkersFor(cores) workers at once, a crashed
 * worker replaced. Figures call run, cancel, pause and resume here; islands never create workers.
 *
 * Each worker is told at start-up which implementation of the hot loops to use ('reference' when
 * the page's link says ?engine=reference, else 'auto'); if one ends up on the slower reference
 * engine, listeners of onEngineNotice hear it once per page.
 */
import { proxy, wrap } from 'comlink';
import type { Backend, BackendChoice } from '../../engine/backend';
import type { EngineApi } from '../../engine/worker';
import { createScheduler, partWorkersFor } from './scheduler';
import type { EngineWorker } from './scheduler';

const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
/** Reported in GB by Chromium only (rounded down to 0.25, 0.5, 1, 2, 4 or 8). */
const memoryGb = typeof navigator === 'undefined' ? undefined : (navigator as { deviceMemory?: number }).deviceMemory;

function dataUrl(): string {
  return new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}data/`, location.href).href;
}

// ---- Which engine: ?engine=reference forces the TypeScript reference; the note says so once.

let requested: BackendChoice | undefined;
let notice = '';
const noticeListeners = new Set<(text: string) => void>();

/** 'reference' when the page's link asks for it (a reader's or a test's override), else 'auto'. */
function requestedBackend(): BackendChoice {
  if (requested) return requested;
  const asked = new URLSearchParams(location.search).get('engine');
  // Any other value is named on the page (link-check.ts), and runs the default.
  requested = asked === 'reference' ? 'reference' : 'auto';
  return requested;
}

function noteBackend(choice: BackendChoice, inEffect: Backend): void {
  if (notice || inEffect !== 'reference') return;
  notice = choice === 'reference'
    ? 'The figures run on the TypeScript reference engine, as this page’s link asks (engine=reference): results are the same, only slower.'
    : 'This browser lacks WebAssembly SIMD, so the figures run on the slower TypeScript engine; results are the same, only slower.';
  for (const listener of noticeListeners) listener(notice);
}

/** Hears, at most once per page, that the figures run on the slower reference engine (and why). */
export function onEngineNotice(listener: (text: string) => void): () => void {
  if (notice) listener(notice);
  else noticeListeners.add(listener);
  return () => noticeListeners.delete(listener);
}

// ---- Data downloads: every worker reports its files' progress here; figures listen while they run.

/** Bytes downloaded so far and expected (0: unknown), summed over some data files. */
export interface DownloadState {
  loaded: number;
  total: number;
}
/** The data files downloading now, by name. */
export type Downloads = ReadonlyMap<string, DownloadState>;
/** By worker, then file: Figure 1's part workers each fetch the same files side by side. */
const downloading = new Map<number, Map<string, DownloadState>>();
const downloadListeners = new Set<(files: Downloads) => void>();

/**
 * The files still downloading, each once, at the furthest any worker has got with it (a file's
 * count never steps back when a slower worker reports after a faster one).
 */
function inFlight(): Downloads {
  const files = new Map<string, DownloadState>();
  for (const byFile of downloading.values()) {
    for (const [file, d] of byFile) {
      const seen = files.get(file);
      if (!seen || d.loaded > seen.loaded) files.set(file, { loaded: d.loaded, total: Math.max(d.total, seen?.total ?? 0) });
    }
  }
  return files;
}

function tellDownloads(): void {
  const files = inFlight();
  for (const listener of downloadListeners) listener(files);
}

/** One worker's reports; (-1, -1): that download ended, finished or failed, and leaves the list. */
function heardDownload(worker: number, file: string, loaded: number, total: number): void {
  let byFile = downloading.get(worker);
  if (!byFile) downloading.set(worker, (byFile = new Map()));
  if (loaded < 0) byFile.delete(file);
  else byFile.set(file, { loaded, total });
  if (byFile.size === 0) downloading.delete(worker);
  tellDownloads();
}

/** A worker that crashed or was ended mid-download will not report its end: forget its files. */
function forgetDownloads(worker: number): void {
  if (downloading.delete(worker)) tellDownloads();
}

let workersStarted = 0;

/** Hears the data downloads under way (an empty map when none); returns the unsubscribe. */
export function onDownloads(listener: (files: Downloads) => void): () => void {
  downloadListeners.add(listener);
  listener(inFlight());
  return () => downloadListeners.delete(listener);
}

// ---- Workers

function startWorker(crashed: (why: string) => void): EngineWorker {
  const worker = new Worker(new URL('../../engine/worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  const api = wrap<EngineApi>(worker);
  const id = ++workersStarted;
  worker.addEventListener('error', (e) => (forgetDownloads(id), crashed(e.message || 'uncaught error')));
  worker.addEventListener('messageerror', () => (forgetDownloads(id), crashed('a message could not be read')));
  // Messages are handled in order: both arrive before any run.
  void api.configure(dataUrl());
  void api.watchDownloads(proxy((file: string, loaded: number, total: number) => heardDownload(id, file, loaded, total)));
  const choice = requestedBackend();
  api.useBackend(choice).then(
    () => api.activeBackend().then((b) => noteBackend(choice, b)),
    () => {}, // a worker that fails here fails its first run too, and that run says why
  );
  return {
    // A function crosses to the worker only as a Comlink proxy.
    run: (id, name, params, onProgress) => api.run(id, name, params, onProgress && proxy(onProgress)),
    cancel: (id) => api.cancel(id),
    pause: (id) => api.pause(id),
    resume: (id) => api.resume(id),
    terminate: () => {
      worker.terminate();
      forgetDownloads(id);
    },
  };
}

// ---- The figures' verbs

export const { run, cancel, pause, resume, warm } = createScheduler({ startWorker, partWorkers: partWorkersFor(cores, memoryGb) });
