// KaTeX's fonts, cut down after `astro build` to the characters the site's mathematics uses.
//
// KaTeX renders every formula at build time (no math JavaScript is shipped), so the characters
// its fonts can be asked for are all in the built pages, inside `.katex-html`. KaTeX's files carry
// every glyph it could ever need: Main-Regular is 26 kB and Math-Italic 16 kB, and both are
// preloaded (components/chapter/FontPreloads.astro; the chapter has mathematics within its first
// two screens and KaTeX draws nothing until its font is here). Cut to the ~80 characters the
// chapters use they are 9 and 10 kB, which a phone on a slow connection has sooner.
//
// Each KaTeX woff2 in the build is replaced by its subset under a new hashed name (so a browser
// that cached the full file, or an older subset, never mixes them up), and every page and
// stylesheet that named the old file names the new one; tests/content/katex-fonts.test.ts checks
// the glyphs and the names. Digits and parentheses are always kept: KaTeX's stylesheet writes
// equation numbers with CSS counters. The woff and ttf files, which only browsers without woff2
// would fetch, are left whole, and so is Size3, small enough that Vite inlines it in the CSS. An
// astro:build:done hook (astro.config.mjs) runs it, before the service worker's precache is listed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'node-html-parser';
import subsetFont from 'subset-font';
import { htmlFiles } from './dist-files.mjs';

const ALWAYS = '0123456789()';

/** The characters of every `.katex-html` in the pages under outDir, plus ALWAYS, sorted. */
export function mathCharacters(outDir) {
  const chars = new Set(ALWAYS);
  for (const file of htmlFiles(outDir)) {
    for (const el of parse(readFileSync(file, 'utf8')).querySelectorAll('.katex-html')) {
      for (const ch of el.textContent) chars.add(ch);
    }
  }
  return [...chars].sort().join('');
}

/** Subsets KaTeX's woff2 files under outDir/_astro and renames them everywhere; returns what it did per font. */
export async function subsetKatexFonts(outDir) {
  const assets = join(outDir, '_astro');
  const fonts = readdirSync(assets).filter((f) => /^KaTeX_[\w-]+\.[\w-]+\.woff2$/.test(f));
  if (!fonts.length) return [];
  const text = mathCharacters(outDir);
  const renamed = [];
  for (const name of fonts) {
    const full = readFileSync(join(assets, name));
    const subset = await subsetFont(full, text, { targetFormat: 'woff2' });
    const hash = createHash('sha256').update(subset).digest('base64url').slice(0, 8);
    const to = name.replace(/\.[\w-]+\.woff2$/, `.${hash}.woff2`);
    writeFileSync(join(assets, to), subset);
    if (to !== name) unlinkSync(join(assets, name));
    renamed.push({ from: name, to, bytes: full.length, subsetBytes: subset.length });
  }
  const rename = (s) => renamed.reduce((acc, r) => acc.split(r.from).join(r.to), s);
  const cssFiles = readdirSync(assets).filter((f) => f.endsWith('.css')).map((f) => join(assets, f));
  for (const file of [...htmlFiles(outDir), ...cssFiles]) {
    const before = readFileSync(file, 'utf8');
    const after = rename(before);
    if (after !== before) writeFileSync(file, after);
  }
  return renamed;
}

export function katexFonts() {
  return {
    name: 'katex-fonts',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const done = await subsetKatexFonts(fileURLToPath(dir));
        const kb = (n) => (n / 1024).toFixed(0);
        const total = (k) => done.reduce((s, r) => s + r[k], 0);
        logger.info(`${done.length} KaTeX fonts cut to the pages' mathematics: ${kb(total('bytes'))} kB -> ${kb(total('subsetBytes'))} kB`);
      },
    },
  };
}
