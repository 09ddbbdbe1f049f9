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
import { contentSecurityPolicy } from './scripts/csp.mjs';

/** Instructors deploy under a sub-path with BASE_PATH=/course/ (default: site root). */
function basePath() {
  const raw = process.env.BASE_PATH || '/';
  const trimmed = raw.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/** Injects the site's routes (first chapter, each chapter, contents) so the project needs no src/pages folder. */
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
      },
    },
  };
}

export default defineConfig({
  output: 'static',
  srcDir: './content',
  base: basePath(),
  trailingSlash: 'ignore',
  integrations: [
    // First, so that its astro:build:done (the CSP meta in every page, scripts/csp.mjs says why a
    // post-build step) has finished before later integrations' hooks read the HTML (a service
    // worker's precache revisions).
    contentSecurityPolicy(),
    chapterRoutes(),
    mdx(),
    preact({ compat: false }),
  ],
  // KaTeX runs at build time only; MDX inherits this markdown config (extendMarkdownConfig).
  markdown: {
    // remark-numbering: equations and figures are numbered in document order, and references
    // to them get their numbers (MDX inherits these plugins; a plain .md file has no components).
    remarkPlugins: [remarkMath, [remarkNumbering, { figures: figureComponents('./components/figures') }]],
    // rehype-katex-a11y: each display equation becomes a labelled group a keyboard can scroll.
    rehypePlugins: [rehypeKatex, rehypeKatexA11y],
  },
  vite: {
    worker: { format: 'es' },
    // Pre-bundled so the first dev visit does not trigger a dependency re-optimisation reload.
    optimizeDeps: { include: ['comlink', 'preact/hooks', 'preact', '@preact/signals'] },
  },
});
