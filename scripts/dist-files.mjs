// The built site's pages, for the steps that run after `astro build` (scripts/csp.mjs,
// scripts/first-paint-files.mjs, scripts/katex-fonts.mjs), and the base path a build was made
// for (scripts/serve.mjs, the content tests).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every .html file under dir, depth first. */
export function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

/**
 * The base path the front page in `dir` (a build: dist/) asks for its assets under ('/' or
 * '/course/'); undefined without a build, null if its page names no asset.
 */
export function builtBase(dir) {
  let html;
  try {
    html = readFileSync(join(dir, 'index.html'), 'utf8');
  } catch {
    return undefined;
  }
  const m = html.match(/(?:href|src)="(\/[^"]*?)_astro\//);
  return m ? m[1] : null;
}
