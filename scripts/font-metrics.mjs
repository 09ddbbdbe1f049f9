// Prints the metric overrides of the fallback faces in components/chapter/fonts.css: the numbers
// that make a system font take the same room as the Source font it stands in for, so the page
// does not move when the real font arrives (or if it never does). Run by hand when a font or a
// fallback changes:  node scripts/font-metrics.mjs
//
// Metrics come from each font file's tables (hhea ascender/descender/lineGap, head unitsPerEm,
// and an average glyph width weighted by English letter frequencies, falling back to OS/2
// xAvgCharWidth) as read by @capsizecss/unpack, which Astro already depends on. The fallbacks
// are Liberation Serif / Sans / Mono, which are metric-compatible with Times New Roman, Arial
// and Courier New (same advance widths, by design), so one set of overrides serves all of them.
// Not part of the build: the printed numbers are pasted into fonts.css with this file named.
import { fromFile } from '@capsizecss/unpack/fs';

const SOURCE = 'node_modules/@fontsource';
const VARIABLE = 'node_modules/@fontsource-variable';
const LIBERATION = process.env.LIBERATION_DIR ?? '/usr/share/fonts/truetype/liberation';

const pairs = [
  ['Source Serif 4 Fallback', 'normal', `${SOURCE}/source-serif-4/files/source-serif-4-latin-400-normal.woff2`, `${LIBERATION}/LiberationSerif-Regular.ttf`, ['Times New Roman', 'Liberation Serif', 'Tinos']],
  ['Source Serif 4 Fallback', 'italic', `${SOURCE}/source-serif-4/files/source-serif-4-latin-400-italic.woff2`, `${LIBERATION}/LiberationSerif-Italic.ttf`, ['Times New Roman Italic', 'TimesNewRomanPS-ItalicMT', 'Liberation Serif Italic', 'Tinos Italic']],
  ['Source Sans 3 Fallback', 'normal', `${SOURCE}/source-sans-3/files/source-sans-3-latin-400-normal.woff2`, `${LIBERATION}/LiberationSans-Regular.ttf`, ['Arial', 'ArialMT', 'Liberation Sans', 'Arimo']],
  ['Source Sans 3 Fallback', 'italic', `${SOURCE}/source-sans-3/files/source-sans-3-latin-400-italic.woff2`, `${LIBERATION}/LiberationSans-Italic.ttf`, ['Arial Italic', 'Arial-ItalicMT', 'Liberation Sans Italic', 'Arimo Italic']],
  ['Source Code Pro Fallback', 'normal', `${VARIABLE}/source-code-pro/files/source-code-pro-latin-wght-normal.woff2`, `${LIBERATION}/LiberationMono-Regular.ttf`, ['Courier New', 'CourierNewPSMT', 'Liberation Mono', 'Cousine']],
];

const pct = (x) => `${(100 * x).toFixed(2)}%`;
for (const [family, style, webFont, fallbackFont, locals] of pairs) {
  const web = await fromFile(webFont);
  const fb = await fromFile(fallbackFont);
  // Scale the fallback so its average glyph is as wide as the web font's: lines then break in
  // nearly the same places. The vertical metrics are stated in the scaled fallback's em.
  const sizeAdjust = web.xWidthAvg / web.unitsPerEm / (fb.xWidthAvg / fb.unitsPerEm);
  const em = web.unitsPerEm * sizeAdjust;
  // Named by file: fontsource's static instances keep the variable font's name table, so their
  // fullName says ExtraLight for a 400 file.
  console.log(`/* ${webFont.split('/').pop()} over ${fb.fullName} (avg width ${web.xWidthAvg}/${web.unitsPerEm} vs ${fb.xWidthAvg}/${fb.unitsPerEm}) */
@font-face {
  font-family: '${family}';
  font-style: ${style};
  src: ${locals.map((n) => `local('${n}')`).join(', ')};
  size-adjust: ${pct(sizeAdjust)};
  ascent-override: ${pct(web.ascent / em)};
  descent-override: ${pct(Math.abs(web.descent) / em)};
  line-gap-override: ${pct(web.lineGap / em)};
}`);
}
