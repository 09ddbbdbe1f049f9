/**
 * `client:figure`: every figure island's hydration (the wrappers in components/figures/generated).
 * Like Astro's client:visible (it hydrates when the island comes within `rootMargin` of the
 * screen), and it also fetches the island's first paint, shipped as a file of its own
 * (components/lib/first-paint-store.ts says why), in parallel with the island's code, and
 * hydrates only once both are here: hydrating without it would replace the server-drawn figure
 * with an empty one. If the file cannot be had (a server that lost it, the network gone without
 * the service worker), the figure still hydrates, computes its result live, and says why in the
 * console.
 */
import type { ClientDirective } from 'astro';
import { putFirstPaint, type FirstPaintRef } from './first-paint-store';

export interface FigureDirectiveOptions {
  rootMargin?: string;
  firstPaint?: FirstPaintRef;
}

async function fetchFirstPaint(ref: FirstPaintRef): Promise<void> {
  try {
    const response = await fetch(ref.src);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    putFirstPaint(ref.key, await response.json());
  } catch (error) {
    console.warn(`Figure first paint ${ref.src} could not be loaded (${error instanceof Error ? error.message : error}); the figure computes it instead.`);
  }
}

const figureDirective: ClientDirective = (load, options, el) => {
  const value = (typeof options.value === 'object' && options.value ? options.value : {}) as FigureDirectiveOptions;
  const start = async () => {
    const data = value.firstPaint ? fetchFirstPaint(value.firstPaint) : undefined;
    const hydrate = await load();
    await data;
    await hydrate();
  };
  const io = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      io.disconnect();
      void start();
    },
    { rootMargin: value.rootMargin },
  );
  for (const child of el.children) io.observe(child);
};

export default figureDirective;
