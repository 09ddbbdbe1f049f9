/**
 * "Make available offline": downloads the large MNIST files (about 10 MB, which only Figure 1
 * and big sample counts use) into the service worker's data cache, with progress, so that every
 * figure works without a network. Never automatic: a phone on a data plan fetches them only when
 * a figure needs them or its reader presses this. Everything else (pages, scripts, fonts, the
 * first 1,000 images) the service worker precaches on the first visit.
 *
 * Shown only where a service worker is registered (production builds in browsers that have
 * them); it also shows "A new version is available" with a Reload button after a deploy.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { registerServiceWorker, siteBase, type ServiceWorkerHandle } from '../lib/service-worker';
import { megabytes as mb } from '../../engine/units';

export interface OfflineButtonProps {
  /** The service worker's cache for the large data files (components/lib/offline-data.ts). */
  cacheName: string;
  /** The large files under <base>data/ and their sizes in bytes. */
  files: { name: string; bytes: number }[];
}

type Status = 'hidden' | 'idle' | 'downloading' | 'done' | 'error';

const urlOf = (name: string) => new URL(`${siteBase()}data/${name}`, location.href).href;

/** Whether every file is already in the cache (without creating the cache). */
async function allCached(cacheName: string, files: OfflineButtonProps['files']): Promise<boolean> {
  if (!(await caches.has(cacheName))) return false;
  const cache = await caches.open(cacheName);
  for (const f of files) if (!(await cache.match(urlOf(f.name)))) return false;
  return true;
}

/** Deletes this site's data caches from earlier versions of the data (another name, same base). */
async function dropStaleCaches(cacheName: string): Promise<void> {
  const prefix = cacheName.slice(0, cacheName.lastIndexOf(':') + 1);
  for (const key of await caches.keys()) if (key.startsWith(prefix) && key !== cacheName) await caches.delete(key);
}

export default function OfflineButton({ cacheName, files }: OfflineButtonProps) {
  const status = useSignal<Status>('hidden');
  const loaded = useSignal(0);
  const problem = useSignal('');
  const update = useSignal<ServiceWorkerHandle | null>(null);
  const total = files.reduce((s, f) => s + f.bytes, 0);

  useEffect(() => {
    let live = true;
    registerServiceWorker().then(async (sw) => {
      if (!sw || !live) return;
      sw.onUpdate(() => (update.value = sw));
      await dropStaleCaches(cacheName).catch(() => {});
      // "Available offline" only once the pages are precached too (the worker is active).
      const cached = await allCached(cacheName, files).catch(() => false);
      if (cached) await sw.ready;
      if (live) status.value = cached ? 'done' : 'idle';
    });
    return () => {
      live = false;
    };
  }, []);

  async function download() {
    status.value = 'downloading';
    loaded.value = 0;
    problem.value = '';
    try {
      const sw = await registerServiceWorker();
      const cache = await caches.open(cacheName);
      for (const f of files) {
        const url = urlOf(f.name);
        if (await cache.match(url)) {
          loaded.value += f.bytes;
          continue;
        }
        // Through the service worker when it controls the page (its cache-first route stores the
        // file as it passes); stored here as well if it did not, e.g. before it took control.
        const res = await fetch(url);
        if (!res.ok || !res.body) throw new Error(`${f.name}: HTTP ${res.status}`);
        const chunks: BlobPart[] = [];
        const reader = res.body.getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          chunks.push(r.value);
          loaded.value += r.value.byteLength;
        }
        if (!(await cache.match(url))) await cache.put(url, new Response(new Blob(chunks), { headers: res.headers }));
      }
      await sw?.ready;
      status.value = 'done';
    } catch (e) {
      problem.value = e instanceof TypeError ? 'the network failed' : e instanceof Error ? e.message : String(e);
      status.value = 'error';
    }
  }

  // Until the service worker answers (and where there is none) the button keeps its place,
  // invisible, neither focusable nor announced: appearing later would push the page down.
  const reserve = status.value === 'hidden';
  const downloading = status.value === 'downloading';
  return (
    <span class="offline">
      {status.value !== 'done' && (
        <button type="button" class={reserve ? 'offline-button offline-reserve' : 'offline-button'} onClick={download} disabled={downloading || reserve} tabIndex={reserve ? -1 : undefined} aria-hidden={reserve ? 'true' : undefined}>
          Make available offline ({mb(total)}{'\u00a0'}MB)
        </button>
      )}
      {downloading && (
        <span class="offline-progress">
          <progress max={total} value={Math.min(loaded.value, total)} aria-label="Downloading for offline reading" />{' '}
          {mb(loaded.value)} of {mb(total)}{'\u00a0'}MB
        </span>
      )}
      {/* One live region, there from the start, for the outcome. */}
      <span role="status" class="offline-status">
        {status.value === 'done' && '✓ Available offline'}
        {status.value === 'error' && `Could not make the figures available offline: ${problem.value}. Try again when online.`}
      </span>
      {update.value && (
        <span class="offline-update" role="status">
          A new version of this site is available.{' '}
          <button type="button" onClick={() => update.value?.applyUpdate()}>Reload</button>
        </span>
      )}
    </span>
  );
}
