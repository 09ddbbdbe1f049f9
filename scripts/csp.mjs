// A strict Content-Security-Policy for every built page (issue 10 item 6), written into each HTML
// file as <meta http-equiv="Content-Security-Policy"> because static hosts such as GitHub Pages
// cannot send headers.
//
// Why a post-build step and not Astro's experimental.csp: Astro's CSP (5.9+) does not hash
// is:inline scripts (the dark-mode script in the head would need its hash kept by hand), and it
// puts hashes in style-src, which makes browsers ignore 'unsafe-inline' there, so the style=""
// attributes that KaTeX and the server-rendered figures write would be blocked. Hashing the
// finished HTML instead covers whatever inline scripts the build produced (Astro's island
// runtime, the small module scripts Vite inlines, the theme script, a service worker's
// registration), so a new one needs no edit here. astro.config.mjs runs it from an integration's
// astro:build:done hook, so every `astro build` (any --outDir, any BASE_PATH) gets it;
// `node scripts/csp.mjs [dir]` runs it by hand (it replaces a policy it finds, so it is idempotent).
// `astro dev` serves pages without a policy; check one with a build (npm start or the tests).
//
// The policy: scripts only from this origin or with a listed sha256 of their exact text, plus
// 'wasm-unsafe-eval' (the engine compiles its WebAssembly kernels, in workers, which Chromium
// gives the policy of their own response rather than this meta; listed so the same policy sent as
// a header for every file still works; nothing may eval JavaScript);
// workers from this origin (Vite's chunk files, a service worker); images also data: and blob:
// (PNG export draws the SVG through a blob: URL); fonts also data: (Vite inlines small fonts into
// the CSS); styles allow 'unsafe-inline', because the server-rendered markup carries style=""
// attributes (KaTeX's layout, figure sizes) and Astro inlines small <style> blocks: styles cannot
// run code, and scripts stay strict. No plugins, no <base> elsewhere, forms only to this origin.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { htmlFiles } from './dist-files.mjs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Every directive but script-src's hashes, which each page adds. */
export const BASE_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

// <script ...>text</script>: the attributes may hold quoted '>' characters; the text ends at the
// first "</script" whatever follows, as the HTML parser ends a script's raw text.
const SCRIPT = /<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/script\s*>/gi;
const HAS_SRC = /(?:^|\s)src\s*=/i;
const META = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/i;

/** The text of every inline script (one without src) in the page, in order. */
export function inlineScripts(html) {
  const withoutPolicy = html.replace(META, '');
  return [...withoutPolicy.matchAll(SCRIPT)].filter((m) => !HAS_SRC.test(m[1])).map((m) => m[2]);
}

/** The CSP source for a script's text: 'sha256-<base64>' of its UTF-8 bytes. */
export function scriptHash(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page's policy: the base directives with the hashes of its own inline scripts. */
export function policyFor(html) {
  const hashes = [...new Set(inlineScripts(html).map(scriptHash))];
  const directives = { ...BASE_DIRECTIVES, 'script-src': [...BASE_DIRECTIVES['script-src'], ...hashes] };
  return Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * The page with its policy as the first element of <head> (after <meta charset> when that comes
 * first, since the charset must be declared early): before any script, so it governs them all.
 */
export function withPolicy(html) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policyFor(html)}">`;
  if (META.test(html)) return html.replace(META, meta);
  const head = /<head\b[^>]*>(\s*<meta charset="[^"]*"\s*\/?>)?/i.exec(html);
  if (!head) throw new Error('no <head> to put the Content-Security-Policy in');
  const at = head.index + head[0].length;
  return html.slice(0, at) + meta + html.slice(at);
}

/** Writes the policy into every .html file under dir; returns how many pages and inline scripts. */
export function addPolicies(dir) {
  let pages = 0;
  let scripts = 0;
  for (const file of htmlFiles(dir)) {
    const html = readFileSync(file, 'utf8');
    writeFileSync(file, withPolicy(html));
    pages += 1;
    scripts += inlineScripts(html).length;
  }
  return { pages, scripts };
}

/** The Astro integration: after every build, the policy goes into the pages it wrote. */
export function contentSecurityPolicy() {
  return {
    name: 'content-security-policy',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const { pages, scripts } = addPolicies(fileURLToPath(dir));
        logger.info(`Content-Security-Policy in ${pages} pages (${scripts} inline scripts hashed)`);
      },
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = resolve(process.argv[2] ?? 'dist');
  const { pages, scripts } = addPolicies(dir);
  console.log(`Content-Security-Policy in ${pages} pages under ${dir} (${scripts} inline scripts hashed)`);
}
