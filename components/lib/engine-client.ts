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
  requested = asked === 'reference' ? 'reference' : 'auto';
  if (asked !== null && asked !== 'reference') {
    console.warn(`engine=${asked} in the link is ignored: only engine=reference (the TypeScript reference engine) can be asked for`);
  }
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

/** Bytes downloaded so far and expected (0: unknown), over the data files still downloading. */
export interface DownloadState {
  loaded: number;
  total: number;
}
const downloading = new Map<string, { loaded: number; total: number }>();
const downloadListeners = new Set<(d: DownloadState | null) => void>();

function downloadState(): DownloadState | null {
  if (downloading.size === 0) return null;
  let loaded = 0, total = 0, known = true;
  for (const d of downloading.values()) {
    loaded += d.loaded;
    total += d.total;
    known &&= d.total > 0;
  }
  return { loaded, total: known ? total : 0 };
}

function heardDownload(file: string, loaded: number, total: number): void {
  // (-1, -1): the download ended, finished or failed, and leaves the list (a failed one must not
  // say "Downloading" for ever). Two workers fetching one file share its entry.
  if (loaded < 0) downloading.delete(file);
  else downloading.set(file, { loaded, total });
  const state = downloadState();
  for (const listener of downloadListeners) listener(state);
}

/** Hears the data downloads under way (null when none); returns the unsubscribe. */
export function onDownloads(listener: (d: DownloadState | null) => void): () => void {
  downloadListeners.add(listener);
  listener(downloadState());
  return () => downloadListeners.delete(listener);
}

// ---- Workers

function startWorker(crashed: (why: string) => void): EngineWorker {
  const worker = new Worker(new URL('../../engine/worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  const api = wrap<EngineApi>(worker);
  worker.addEventListener('error', (e) => crashed(e.message || 'uncaught error'));
  worker.addEventListener('messageerror', () => crashed('a message could not be read'));
  // Messages are handled in order: both arrive before any run.
  void api.configure(dataUrl());
  void api.watchDownloads(proxy(heardDownload));
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
    terminate: () => worker.terminate(),
  };
}

// ---- The figures' verbs

export const { run, cancel, pause, resume, warm } = createScheduler({ startWorker, partWorkers: partWorkersFor(cores, memoryGb) });
