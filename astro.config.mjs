// Astro config for the live chapter. The top level stays as the design lists it:
// content/ is Astro's srcDir (so the collection config is content/content.config.ts),
// and pages are injected from components/pages rather than living in a pages/ folder.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import remarkNumbering, { figureComponents } from './components/lib/remark-numbering.ts';
import rehypeKatexA11y from './components/lib/rehype-katex-a11y.ts';
import rehypeMathPunctuation from './components/lib/rehype-math-punctuation.ts';
import rehypeHeadingLinks from './components/lib/rehype-heading-links.ts';
import { contentSecurityPolicy } from './scripts/csp.mjs';
import { figureHydration } from './scripts/first-paint-files.mjs';
import { katexFonts } from './scripts/katex-fonts.mjs';
import AstroPWA from '@vite-pwa/astro';
import { dataCacheName } from './components/lib/offline-data.ts';
import { bibliography } from './content/bibliography.ts';

/** Instructors deploy under a sub-path with BASE_PATH=/course/ (default: site root). */
function basePath() {
  const raw = process.env.BASE_PATH || '/';
  const trimmed = raw.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/** Injects the site's routes (first chapter, each chapter, contents, figures, 404) so the project needs no src/pages folder. */
function chapterRoutes() {
  return {
    name: 'chapter-routes',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        injectRoute({ pattern: '/', entrypoint: './components/pages/index.astro' });
        injectRoute({ pattern: '/chapters/[slug]', entrypoint: './components/pages/chapter.astro' });
        injectRoute({ pattern: '/contents', entrypoint: './components/pages/contents.astro' });
        injectRoute({ pattern: '/figures', entrypoint: './components/pages/gallery.astro' });
        injectRoute({ pattern: '/figures/[id]', entrypoint: './components/pages/figure.astro' });
        injectRoute({ pattern: '/404', entrypoint: './components/pages/404.astro' });
      },
    },
  };
}

/**
 * The offline service worker (Workbox, generated at build time into dist/sw.js; README "Offline").
 * Precached: every page, the scripts (workers and their inlined WebAssembly included), styles,
 * woff2 fonts, the figures' first paints (first-paint/*.json) and the first-1,000-image data files, about what one visit loads. The large MNIST
 * files are cached only when a figure fetches them or the reader asks (the "Make available
 * offline" control), into a named cache (components/lib/offline-data.ts). It registers itself from
 * components/chapter/OfflineButton.tsx (components/lib/service-worker.ts) in built sites only,
 * never under `astro dev`; the integration injects nothing in the HTML.
 */
function offline(base) {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return AstroPWA({
    strategies: 'generateSW',
    registerType: 'prompt',
    injectRegister: false,
    manifest: false,
    workbox: {
      globPatterns: ['**/*.{html,js,css,wasm,svg,woff2}', 'first-paint/*.json', 'data/first1000-*.gz'],
      // 404.html would only be served for a URL that is not there: the server does that.
      globIgnores: ['404.html'],
      // The pages keep the paths they have in dist/ (chapters/x/index.html): Workbox maps a
      // request for chapters/x/ to them (directoryIndex). An empty list replaces the integration's
      // default transform, which would key them as chapters/x and miss chapters/x/.
      manifestTransforms: [],
      // No fallback page: an unknown address must stay a 404 (and /contents a redirect), online.
      navigateFallback: null,
      // The figures keep their settings in the query string: ?training-speeds.epochs=40 is still
      // the precached chapter.
      ignoreURLParametersMatching: [/.*/],
      // Workbox skips (with a warning) files above this; the largest script is far below it, and
      // tests/browser/offline.spec.ts would fail if a figure's code were missing offline.
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      // A new deploy installs beside the old one and waits; the page offers "Reload" (the old
      // page keeps its own scripts until then). clientsClaim: the first visit is controlled at
      // once, so what it fetches next is cached.
      skipWaiting: false,
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      runtimeCaching: [
        {
          // The large MNIST files, once a figure or the control has fetched them: from the cache
          // from then on. Workbox tests the full URL; the lookbehind makes the match start at the
          // path, so it must begin with <base>data/, and Workbox ignores cross-origin matches that
          // do not start at index 0: nothing outside the site's scope is cached.
          urlPattern: new RegExp(`(?<=^https?://[^/]+)${escaped}data/[^/?#]+\\.gz$`),
          handler: 'CacheFirst',
          options: { cacheName: dataCacheName(base), cacheableResponse: { statuses: [200] } },
        },
      ],
    },
  });
}

export default defineConfig({
  output: 'static',
  srcDir: './content',
  base: basePath(),
  trailingSlash: 'ignore',
  // The page's own CSS (about 40 KB, KaTeX's included) goes into the page: no render-blocking
  // request before the first paint (Lighthouse, simulated slow 4G: FCP 2.9 s with two
  // stylesheets to fetch). style-src allows inline styles; scripts stay hashed (scripts/csp.mjs).
  build: { inlineStylesheets: 'always' },
  integrations: [
    // First, so that its astro:build:done (the CSP meta in every page, scripts/csp.mjs says why a
    // post-build step) has finished before later integrations' hooks read the HTML (a service
    // worker's precache revisions).
    contentSecurityPolicy(),
    // client:figure, and the figures' first paints as files (before the service worker's
    // integration, whose precache must list them).
    figureHydration(),
    // KaTeX's fonts cut to the pages' mathematics (scripts/katex-fonts.mjs), also before the
    // service worker lists its precache.
    katexFonts(),
    chapterRoutes(),
    mdx(),
    preact({ compat: false }),
    offline(basePath()),
  ],
  // KaTeX runs at build time only; MDX inherits this markdown config (extendMarkdownConfig).
  markdown: {
    // remark-numbering: equations and figures are numbered in document order, and references
    // to them get their numbers (MDX inherits these plugins; a plain .md file has no components).
    remarkPlugins: [remarkMath, [remarkNumbering, { figures: () => figureComponents('./components/figures'), chapters: './content/chapters', base: basePath(), citeKeys: () => Object.keys(bibliography) }]],
    // rehype-katex-a11y: each display equation becomes a labelled group a keyboard can scroll.
    // rehype-math-punctuation: a full stop or comma after an inline formula never starts a line.
    // rehype-heading-links: each section heading with an id links to itself, for sharing.
    rehypePlugins: [rehypeKatex, rehypeKatexA11y, rehypeMathPunctuation, rehypeHeadingLinks],
  },
  vite: {
    worker: { format: 'es' },
    // Pre-bundled so the first dev visit does not trigger a dependency re-optimisation reload.
    optimizeDeps: { include: ['comlink', 'preact/hooks', 'preact', '@preact/signals'] },
  },
});
