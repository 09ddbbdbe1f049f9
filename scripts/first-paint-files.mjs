// The figures' hydration, as an Astro integration (astro.config.mjs):
//  - registers `client:figure` (components/lib/figure-directive.ts), the directive every figure
//    wrapper uses: hydrate when near the screen, with the first paint fetched beside the code;
//  - after `astro build`, ships the first paints the pages refer to: each built page's islands
//    name theirs as first-paint/<key>.json (components/lib/first-paint-store.ts says why they are
//    files), and this copies those files from the build's cache of results
//    (components/lib/first-paint.ts writes node_modules/.cache/first-paint/<key>.json) into the
//    site. A page naming a result the cache lacks fails the build.
// Listed before the service worker's integration, so that its precache sees the files.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { htmlFiles } from './dist-files.mjs';

/** components/lib/first-paint.ts's CACHE_DIR (not imported: that module loads the engine). */
const CACHE_DIR = resolve(process.cwd(), 'node_modules/.cache/first-paint');
const REFERENCE = /first-paint\/([a-z0-9][a-z0-9-]*)\.json/g;

/** Copies every first paint the built pages under `outDir` refer to into outDir/first-paint/; returns their keys. */
export function shipFirstPaints(outDir, cacheDir = CACHE_DIR) {
  const keys = new Set();
  for (const file of htmlFiles(outDir)) for (const m of readFileSync(file, 'utf8').matchAll(REFERENCE)) keys.add(m[1]);
  const missing = [...keys].filter((k) => !existsSync(join(cacheDir, `${k}.json`)));
  if (missing.length) throw new Error(`first paints referred to by the pages but not computed: ${missing.join(', ')} (expected in ${cacheDir})`);
  if (keys.size) mkdirSync(join(outDir, 'first-paint'), { recursive: true });
  for (const k of keys) copyFileSync(join(cacheDir, `${k}.json`), join(outDir, 'first-paint', `${k}.json`));
  return [...keys].sort();
}

export function figureHydration() {
  return {
    name: 'figure-hydration',
    hooks: {
      'astro:config:setup': ({ addClientDirective, updateConfig, command }) => {
        addClientDirective({ name: 'figure', entrypoint: fileURLToPath(new URL('../components/lib/figure-directive.ts', import.meta.url)) });
        // Whether figureProps ships each first paint as a file: in every `astro build`, whatever
        // NODE_ENV says (Vite's PROD is false under NODE_ENV=test, as when a test builds the site);
        // never in `astro dev`, which has no build step to write the files.
        updateConfig({ vite: { define: { 'import.meta.env.FIRST_PAINT_FILES': JSON.stringify(command === 'build') } } });
      },
      'astro:build:done': ({ dir, logger }) => {
        const keys = shipFirstPaints(fileURLToPath(dir));
        logger.info(`${keys.length} figure first paints shipped as first-paint/*.json`);
      },
    },
  };
}
