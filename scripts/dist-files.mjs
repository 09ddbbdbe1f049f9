// The built site's pages, for the steps that run after `astro build` (scripts/csp.mjs,
// scripts/first-paint-files.mjs, scripts/katex-fonts.mjs).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every .html file under dir, depth first. */
export function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}
